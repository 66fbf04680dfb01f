package tabs

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/tui/common"
)

// SoftRefresh fetches the tab's view again without disturbing the screen:
// the pages are staged while the old rows stay visible and navigable, and
// swapped in at once when enough arrived to cover the cursor and the screen.
// The selection stays on the same record when it is still there (else on the
// same row number), and so does its position on screen. At most one request
// is in flight: while the tab is loading, the call does nothing.
func (t *List[T, S]) SoftRefresh() tea.Cmd {
	switch {
	case t.restricted() || t.loading:
		return nil
	case t.err != nil && !t.errMore:
		return t.refetch()
	case !t.loaded:
		return t.Activate()
	}
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		return nil
	}
	t.soft = true
	t.softWin = common.Window{From: from, To: to}
	t.softWant = max(t.tbl.Cursor()+1, t.tbl.Offset()+t.tbl.Height())
	t.stage = nil
	return t.requestPage(true, true, t.softWin, "")
}

func (t *List[T, S]) onSoftPage(msg pageMsg[T, S]) tea.Cmd {
	if msg.err != nil {
		t.soft, t.stage = false, nil
		if !errors.Is(msg.err, context.Canceled) {
			t.refreshErr = msg.err
		}
		t.syncTail()
		return nil
	}
	if msg.first {
		t.stage = t.stage[:0]
		t.stageSum = msg.page.Summary
	}
	t.stage = append(t.stage, msg.page.Data...)
	next := msg.page.Cursor()
	if next != "" && len(t.stage) < t.softWant {
		return t.requestPage(false, true, t.softWin, next)
	}
	selID, onScreen := "", t.tbl.Cursor()-t.tbl.Offset()
	if s := t.Selected(); s != nil {
		selID = s.ID
	}
	t.soft, t.refreshErr, t.err, t.errMore = false, nil, nil, false
	rows := t.stage
	t.stage = nil
	t.summary, t.next, t.win, t.fetched = t.stageSum, next, t.softWin, msg.at
	cur := t.tbl.Cursor()
	if selID != "" {
		for i := range rows {
			if t.spec.ID(&rows[i]) == selID {
				cur = i
				break
			}
		}
	}
	t.tbl.Replace(rows, cur, onScreen)
	t.syncTail() // clamps the offset
	return t.maybeMore()
}
