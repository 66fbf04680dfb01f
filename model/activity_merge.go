package model

import (
	"errors"
	"fmt"
	"slices"
)

// ActivityMerge merges the four lists' cursor walks (each newest first) into
// one stream of rows, newest first, and carries the balance: the newest row's
// BalanceAfter is the anchor (remaining, or for a window remaining minus
// everything at or after its end), each older row's is the newer row's
// minus the newer row's amount.
//
// An oldest-first merge (NewActivityMergeOldest) is the same walk reversed,
// for a view's last rows: the lists are walked oldest first, and the
// balance is carried up from the window's opening (anchor minus the
// window's net, from the four summaries), so the oldest row's BalanceAfter
// is the opening plus its amount and the newest row's is the anchor: the
// same figures the newest-first merge gives each row.
//
// It is a value. Feed and Take return a new value and never write into
// memory the old one can see, so a TUI can hand a copy to a tea.Cmd, keep
// its own, and replace it with the answer; any value is a checkpoint to walk
// on from again. It holds at most one page per list.
type ActivityMerge struct {
	streams [4]activityStream
	anchor  Credits
	balance Credits // newest first: balance after the next row to take; oldest first: before it
	taken   int64
	oldest  bool // walks and takes oldest first
	opened  bool // oldest first: balance holds the opening
}

type activityStream struct {
	pending []ActivityRow // fetched, not yet taken; in the merge's order
	cursor  string        // the next page's cursor
	started bool          // the first page is in
	done    bool          // the last page is in
	pages   int
	seen    int64 // records fed
	window  ActivityWindow
	last    ActivityRow // the last row fed, for the order check
}

// NewActivityMerge starts a merge whose newest row will end at anchor.
func NewActivityMerge(anchor Credits) ActivityMerge {
	return ActivityMerge{anchor: anchor, balance: anchor}
}

// NewActivityMergeOldest starts an oldest-first merge whose newest row will
// end at anchor; it is fed each list's pages oldest first.
func NewActivityMergeOldest(anchor Credits) ActivityMerge {
	return ActivityMerge{anchor: anchor, oldest: true}
}

// Oldest reports an oldest-first merge.
func (m ActivityMerge) Oldest() bool { return m.oldest }

// before is the merge's order: a before b.
func (m ActivityMerge) before(a, b ActivityRow) bool {
	if m.oldest {
		return ActivityNewer(b, a)
	}
	return ActivityNewer(a, b)
}

// ActivityPage is one page of one list, its records converted to rows.
type ActivityPage struct {
	Kind   ActivityKind
	Rows   []ActivityRow // as the server ordered them (the merge's order)
	Next   string        // next_cursor, "" on the last page
	Window ActivityWindow
	// Slack is how many records past its summary's count a walk may deliver
	// before it is an error (the page size: one page of records arriving
	// while walking).
	Slack int
}

func kindIndex(k ActivityKind) int { return slices.Index(ActivityKinds, k) }

// Feed adds a list's next page. It refuses what would make the walk endless
// or the balance wrong: a page after the last, a repeated cursor, an empty
// page that still has a next cursor, more records than the summary announced
// (plus Slack), a summary that changed between pages, and rows out of order
// or repeated (which would break the merge).
func (m ActivityMerge) Feed(p ActivityPage) (ActivityMerge, error) {
	i := kindIndex(p.Kind)
	if i < 0 {
		return m, fmt.Errorf("activity: unknown list %q", p.Kind)
	}
	s := m.streams[i]
	name := p.Kind.Tab().Title()
	page := s.pages + 1
	switch {
	case s.done:
		return m, fmt.Errorf("activity: %s page %d arrived after the last page", name, page)
	case s.started && p.Window != s.window:
		return m, fmt.Errorf("%s: the summary changed on page %d (%d records, %s credits; page 1 said %d, %s): records changed while reading, so the balances would be wrong; load the activity again",
			name, page, p.Window.Count, p.Window.Amount.Grouped(), s.window.Count, s.window.Amount.Grouped())
	case p.Next != "" && p.Next == s.cursor:
		return m, fmt.Errorf("%s: the server returned the same page cursor twice (page %d): stopping instead of looping forever", name, page)
	case len(p.Rows) == 0 && p.Next != "":
		return m, fmt.Errorf("%s: page %d is empty but has a next cursor: stopping instead of walking on", name, page)
	case s.seen+int64(len(p.Rows)) > p.Window.Count+int64(max(p.Slack, 0)):
		return m, fmt.Errorf("%s: page %d brings the walk to %d records, but the summary announced %d: stopping",
			name, page, s.seen+int64(len(p.Rows)), p.Window.Count)
	}
	prev, has := s.last, s.seen > 0
	for j, r := range p.Rows {
		if r.Kind != p.Kind {
			return m, fmt.Errorf("activity: a %s row in the %s page", r.Kind, name)
		}
		if has && !m.before(prev, r) {
			if prev.ID == r.ID {
				return m, fmt.Errorf("%s: record %s appears twice (page %d)", name, r.ID, page)
			}
			way := "older"
			if m.oldest {
				way = "newer"
			}
			return m, fmt.Errorf("%s: page %d is out of order at row %d (%s is not %s than %s)", name, page, j+1, r.ID, way, prev.ID)
		}
		prev, has = r, true
	}
	pending := make([]ActivityRow, 0, len(s.pending)+len(p.Rows))
	s.pending = append(append(pending, s.pending...), p.Rows...)
	s.cursor, s.done, s.started, s.window = p.Next, p.Next == "", true, p.Window
	s.pages++
	s.seen += int64(len(p.Rows))
	if has {
		s.last = prev
	}
	m.streams[i] = s
	return m, nil
}

// Take returns up to n rows in the merge's order, stopping early when a
// list needs its next page (see Needs) or everything has been taken (Done).
func (m ActivityMerge) Take(n int) (ActivityMerge, []ActivityRow, error) {
	var out []ActivityRow
	if m.oldest && !m.opened {
		open, ok := m.Opening()
		if !ok {
			return m, nil, nil // a list's first page is not in yet (Needs)
		}
		m.balance, m.opened = open, true
	}
	for len(out) < n {
		best := -1
		for i, s := range m.streams {
			if len(s.pending) == 0 {
				if !s.done {
					return m, out, nil
				}
				continue
			}
			if best < 0 || m.before(s.pending[0], m.streams[best].pending[0]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		r := m.streams[best].pending[0]
		m.streams[best].pending = m.streams[best].pending[1:]
		if m.oldest {
			b, err := m.balance.Add(r.Amount)
			if err != nil {
				return m, out, fmt.Errorf("activity: the balance after %s is out of range", r.ID)
			}
			r.BalanceAfter, m.balance = b, b
		} else {
			r.BalanceAfter = m.balance
			b, err := m.balance.Sub(r.Amount)
			if err != nil {
				return m, out, fmt.Errorf("activity: the balance before %s is out of range", r.ID)
			}
			m.balance = b
		}
		m.taken++
		out = append(out, r)
	}
	return m, out, nil
}

// Needs are the lists whose next page must be fed before Take can go on.
func (m ActivityMerge) Needs() []ActivityKind {
	var out []ActivityKind
	for i, s := range m.streams {
		if len(s.pending) == 0 && !s.done {
			out = append(out, ActivityKinds[i])
		}
	}
	return out
}

// Cursor is the cursor of a list's next page ("" for the first page).
func (m ActivityMerge) Cursor(k ActivityKind) string {
	if i := kindIndex(k); i >= 0 {
		return m.streams[i].cursor
	}
	return ""
}

// Done reports that every row has been taken.
func (m ActivityMerge) Done() bool {
	for _, s := range m.streams {
		if !s.done || len(s.pending) > 0 {
			return false
		}
	}
	return true
}

// Taken counts the rows taken so far.
func (m ActivityMerge) Taken() int64 { return m.taken }

// Anchor is the newest row's balance after.
func (m ActivityMerge) Anchor() Credits { return m.anchor }

// Balance is the balance before the last row taken (the anchor before any);
// oldest first, the balance after it (the opening before any).
func (m ActivityMerge) Balance() Credits { return m.balance }

// Totals are the window's figures from the four first pages' summaries; ok
// is false until every list's first page is in.
func (m ActivityMerge) Totals() (t ActivityTotals, ok bool) {
	for i, s := range m.streams {
		if !s.started {
			return ActivityTotals{}, false
		}
		w := s.window
		t.Changes += w.Count
		var err error
		if ActivityKinds[i] == ActivityAdjustment {
			t.Added, t.Removed = w.Added, w.Removed
		} else if t.Spent, err = t.Spent.Add(w.Amount); err != nil {
			return ActivityTotals{}, false
		}
		if t.Net, err = t.Net.Add(w.Amount); err != nil {
			return ActivityTotals{}, false
		}
	}
	return t, true
}

// Opening is the balance before the window's oldest row: the anchor minus
// the window's net change. Over all time the ledger identity makes it
// exactly 0. ok is false until every list's first page is in.
func (m ActivityMerge) Opening() (Credits, bool) {
	t, ok := m.Totals()
	if !ok {
		return 0, false
	}
	o, err := m.anchor.Sub(t.Net)
	return o, err == nil
}

// ErrActivityMismatch is wrapped by Check's error.
var ErrActivityMismatch = errors.New("activity does not add up")

// Check, once Done, compares the walk with the summaries: the rows taken
// must be the summaries' count and must bring the balance to Opening (oldest
// first: from Opening to the anchor).
func (m ActivityMerge) Check() error {
	if !m.Done() {
		return errors.New("activity: not every row has been read yet")
	}
	t, _ := m.Totals()
	want, _ := m.Opening()
	if m.oldest {
		want = m.anchor
	}
	if m.taken != t.Changes || m.balance != want {
		return fmt.Errorf("%w: %d changes read, the summaries say %d; they bring the balance to %s, the summaries to %s",
			ErrActivityMismatch, m.taken, t.Changes, m.balance.Grouped(), want.Grouped())
	}
	return nil
}
