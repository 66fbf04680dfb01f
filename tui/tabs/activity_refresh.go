package tabs

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// activityPlace is where the cursor was when r started the walk again from
// the top (the merge cannot seek to a row): its change, and its position,
// counted from the end for a row of the tail (changes that landed since go
// in at the top and shift every position below them).
type activityPlace struct {
	id      string
	pos     int // 0-based, from the top
	fromEnd int // Count() - pos
	tail    bool
	aimed   bool // the first page came: the cursor is headed back there
}

// activityID is what makes two rows the same change.
func activityID(r *model.ActivityRow) string { return string(r.Kind) + "\x00" + string(r.ID) }

// Refresh is r: retry a page that failed, else start the walk again (the
// newest changes and every balance may have moved) and take the cursor back
// to where it was, as the other lists keep theirs. A walk stopped by what
// the server sent (a record sent twice, a cursor cycle) is not retried: the
// same pages would be refused again, so it starts over.
func (t *Activity) Refresh() tea.Cmd {
	if t.moreErr != nil && t.err == nil && t.segWalk(t.errSeg).Stopped() == nil {
		t.moreErr = nil
		return t.more(t.errSeg)
	}
	return t.restart()
}

// restart walks again from the top, the rows held staying on screen until
// the first page comes (replaceHeld): no blank "Loading…" on every r or
// --refresh tick. Without rows it is refetch.
func (t *Activity) restart() tea.Cmd {
	if !t.started || t.err != nil {
		return t.refetch()
	}
	t.Stop()
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		t.clear()
		t.err = err
		return nil
	}
	t.win = common.Window{From: from, To: to}
	t.moreErr, t.errSeg, t.keep = nil, table.None, nil
	cmd := t.start(table.Head)
	t.reloading = true
	return cmd
}

// replaceHeld runs on a walk's first page: after r, the old rows go, and
// the cursor heads back to where it is on them now (moved during the
// reload or not).
func (t *Activity) replaceHeld() {
	if !t.reloading {
		return
	}
	keep := t.place()
	t.tbl.Reset()
	t.tail, t.tailStarted, t.seamErr = client.Activity{}, false, nil
	t.reloading, t.keep = false, keep
}

// SoftRefresh is the --refresh tick: only a reader at the top is moved.
func (t *Activity) SoftRefresh() tea.Cmd {
	if t.loading || (t.started && t.tbl.Cursor() > 0) {
		return nil
	}
	return t.restart()
}

// segWalk is the walk of a segment (the head's for None).
func (t *Activity) segWalk(seg table.Segment) client.Activity {
	if seg == table.Tail {
		return t.tail
	}
	return t.walk
}

// place is the cursor's change and position; nil at the top (where a new
// walk starts anyway) or with nothing held.
func (t *Activity) place() *activityPlace {
	r := t.tbl.Selected()
	pos, n := t.tbl.Position()
	if r == nil || pos <= 1 {
		return nil
	}
	return &activityPlace{id: activityID(r), pos: pos - 1, fromEnd: n - (pos - 1), tail: t.tbl.InTail()}
}

// aimBack runs on the new walk's first page: the cursor heads for the old
// position, and the table asks the nearer segment for it (the tail's first
// page, for a row near the oldest change).
func (t *Activity) aimBack() {
	k := t.keep
	if k == nil || k.aimed {
		return
	}
	target := k.pos
	if k.tail {
		target = t.tbl.Count() - k.fromEnd
	}
	k.aimed = true
	t.tbl.Top()
	t.tbl.Move(target)
}

// land ends the way back once the cursor is there: on the same change when
// it is within a couple of pages of the old position, else at the position.
func (t *Activity) land() {
	k := t.keep
	if k == nil || !k.aimed || t.tbl.Pending() {
		return
	}
	t.tbl.SelectNear(k.id, 2*activityStep)
	t.keep = nil
}
