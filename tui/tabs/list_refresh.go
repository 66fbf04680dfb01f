package tabs

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// maxRefreshPages bounds a refresh: its cost does not grow with how deep
// the user scrolled (a million rows held cost what two hundred do).
const maxRefreshPages = 3

// refreshWalk is a refresh on its way: the first pages of the list as it is
// now, fetched while the held rows stay on screen and navigable.
type refreshWalk[T model.Record, S model.Summary] struct {
	merge bool // newest first: merge the fresh pages on top of what is held
	win   common.Window
	pages int
	max   int
	next  string
	fresh []T
	sum   S
	sel   string // reload: the selected id, found when fresh has it
	guard *client.Walk
}

// SoftRefresh is the --refresh tick: it refreshes like r, never overlapping
// a request, and never moves a user reading deep in a list sorted other than
// newest first (a reload would take them to the top): that list waits until
// they come back up, and the header says how old it is.
func (t *List[T, S]) SoftRefresh() tea.Cmd {
	switch {
	case t.restricted() || t.loading || (t.grouping() && t.groups.loading):
		return nil
	case t.grouping():
		return t.refetch()
	case t.err != nil:
		return t.refetch()
	case !t.loaded:
		return t.Activate()
	}
	return t.refresh(false)
}

// refresh fetches the list's first page again, and at most two more. For the
// default order (newest first) the newer records are merged on top and the
// cursor stays on its record however deep it is. Otherwise the list is
// reloaded from the top, the selection kept by id when the fresh pages hold
// it. explicit is r: it may cancel a page on its way (fetched again after).
func (t *List[T, S]) refresh(explicit bool) tea.Cmd {
	if t.loading {
		if !explicit || t.inflight == reqRefresh || t.inflight == reqFirst {
			return nil
		}
		t.stop()
	}
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		return nil
	}
	field, asc := t.sortState()
	merge := field == t.spec.List.DefaultSort() && !asc
	pos, _ := t.tbl.Position()
	deep := pos > maxRefreshPages*PageLimit
	if !merge && deep && !explicit {
		return nil
	}
	t.ref = refreshWalk[T, S]{merge: merge, win: common.Window{From: from, To: to}, max: maxRefreshPages}
	if !merge {
		if deep {
			t.ref.max = 1 // the selection cannot be among the first pages: the top is enough
		}
		if s := t.Selected(); s != nil {
			t.ref.sel = s.ID
		}
	}
	return t.request(reqRefresh)
}

func (t *List[T, S]) onRefreshPage(msg pageMsg[T, S]) tea.Cmd {
	r := &t.ref
	if msg.err != nil {
		if !errors.Is(msg.err, context.Canceled) {
			t.refreshErr = msg.err
		}
		t.ref = refreshWalk[T, S]{}
		return nil
	}
	p := msg.page
	if r.pages == 0 {
		r.sum = p.Summary
	}
	if err := checkPage(&r.guard, t.sess.Client, msg.sent, &p); err != nil {
		t.refreshErr = err
		t.ref = refreshWalk[T, S]{}
		return nil
	}
	internRecords(t.intern, p.Data)
	r.pages++
	r.fresh = append(r.fresh, p.Data...)
	r.next = p.Cursor()
	complete := r.next == ""
	switch {
	case r.merge && !complete && t.tbl.MergeTop(r.fresh, len(r.fresh)+PageLimit):
		t.refreshed(msg)
		return t.maybeMore()
	case !complete && r.pages < r.max && (r.merge || !t.freshHas(r.sel)):
		return t.request(reqRefresh)
	}
	// The fresh pages are the whole list, or what is held cannot be merged
	// with them: they replace it, and the head walk goes on from them.
	t.tbl.ReplaceAll(r.fresh, complete)
	t.walks = [3]walk{}
	t.walks[table.Head] = walk{next: r.next, started: true, win: r.win, guard: r.guard}
	t.win = r.win
	t.refreshed(msg)
	return t.maybeMore()
}

// refreshed takes the fresh summary and forgets the refresh.
func (t *List[T, S]) refreshed(msg pageMsg[T, S]) {
	t.summary, t.fetched, t.refreshErr = t.ref.sum, msg.at, nil
	t.tbl.SetTotal(int(t.spec.Total(t.summary)))
	t.ref = refreshWalk[T, S]{}
	t.syncEdge()
}

// freshHas reports whether the refresh's pages hold the record id.
func (t *List[T, S]) freshHas(id string) bool {
	if id == "" {
		return true
	}
	for i := range t.ref.fresh {
		if t.spec.ID(&t.ref.fresh[i]) == id {
			return true
		}
	}
	return false
}
