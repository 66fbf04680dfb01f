package client

import (
	"fmt"
	"hash/maphash"

	"github.com/tallyhq/tally/model"
)

// Walk guards one walk of a list, page by page. Every walker uses it: export,
// the ledger walks and the TUI's lazy paging (which keeps one in its tab
// state and calls Page as each page arrives). It stops a walk that a buggy or
// hostile server would make endless, and notices records that moved:
//
//   - a next_cursor equal to the cursor just sent, or to one an earlier page
//     handed out (a cycle);
//   - an empty page that still has a next_cursor;
//   - more records than the first page's summary announced, plus one page of
//     slack (records may land between two pages);
//   - a record id seen earlier in the walk;
//   - a summary that differs from the first page's (the contract says it is
//     the same on every page of one walk).
//
// Each is a *WalkError naming the page. The zero value is ready to use; a
// Walk must not be copied after its first Page (it holds maps), and is not
// safe for concurrent use: one walk, one goroutine (or one Bubble Tea Update).
type Walk struct {
	// Limit is the page size the walk asks for: the slack allowed beyond the
	// first summary's count. 0 means the largest page seen so far.
	Limit int
	// TolerateMoves keeps a walk going past a page whose summary differs
	// from the first's (records landed or left while paging): Moved reports
	// it instead. The TUI pages a live list for as long as it is open, where
	// a new record on top is normal; export stops (the totals would lie).
	TolerateMoves bool

	// NoIDs leaves repeated ids to the caller, which holds every id anyway
	// (the TUI's table drops a record it already has): the set would cost
	// 16 bytes a record twice over.
	NoIDs bool

	moved      *WalkError
	pages      int
	records    int64
	firstCount int64
	first      []model.Figure
	maxPage    int
	cursors    map[string]int // next_cursor -> the page that handed it out
	ids        map[uint64]struct{}
	seed       maphash.Seed
	scrub      func(string) string // the client's key scrubber; nil = none
}

// NewWalk returns a guard for one walk with this client, asking for limit
// records a page (0 = the server's default). Use it rather than a zero Walk
// where the client is at hand: it scrubs the API key from the ids it names.
func (c *Client) NewWalk(limit int) Walk { return Walk{Limit: limit, scrub: c.scrub} }

// PageInfo is what the guard needs to know about one page.
type PageInfo struct {
	Cursor  string        // the cursor the page was requested with ("" for the first page)
	Next    string        // its next_cursor ("" on the last page)
	IDs     []string      // its records' ids, in order
	Summary model.Summary // its summary
}

// InfoOf describes page p, which was requested with cursor.
func InfoOf[T model.Record, S model.Summary](p model.Page[T, S], cursor string) PageInfo {
	ids := make([]string, len(p.Data))
	for i := range p.Data {
		ids[i] = p.Data[i].RecordID()
	}
	return PageInfo{Cursor: cursor, Next: p.Cursor(), IDs: ids, Summary: p.Summary}
}

// Problem is the kind of a WalkError.
type Problem int

const (
	RepeatedCursor Problem = iota + 1 // next_cursor == the cursor sent
	CursorCycle                       // next_cursor == one an earlier page handed out
	EmptyPage                         // no records, yet a next_cursor
	TooManyRecords                    // more records than the first summary said, beyond one page of slack
	DuplicateID                       // a record id seen earlier in the walk
	SummaryChanged                    // a summary figure differs from the first page's
)

// WalkError is a page the guard refused. For DuplicateID the walk may go on
// (the TUI skips Positions and keeps paging; export stops): the guard has
// recorded the page. Every other problem ends the walk: do not request the
// next page.
type WalkError struct {
	Page    int
	Problem Problem

	ID          string // DuplicateID: the first repeated id (already sanitised: ids are model.Text)
	Positions   []int  // DuplicateID: indexes into the page's records of every repeated id
	EarlierPage int    // CursorCycle: the page that handed out the same cursor

	Figure, Was, Now string // SummaryChanged: which figure, its value on page 1 and on Page

	Records, Announced int64 // TooManyRecords
}

func (e *WalkError) Error() string {
	switch e.Problem {
	case RepeatedCursor:
		return fmt.Sprintf("page %d: the server returned the cursor it was given; stopping instead of requesting the same page forever", e.Page)
	case CursorCycle:
		return fmt.Sprintf("page %d: the server's next cursor leads back to page %d (a cursor cycle); stopping", e.Page, e.EarlierPage+1)
	case EmptyPage:
		return fmt.Sprintf("page %d: the server sent an empty page that still has a next cursor; stopping instead of walking empty pages", e.Page)
	case TooManyRecords:
		return fmt.Sprintf("page %d: the server has sent %d records, more than the %d its summary announced (plus one page of slack); stopping", e.Page, e.Records, e.Announced)
	case DuplicateID:
		more := ""
		if len(e.Positions) > 1 {
			more = fmt.Sprintf(" (and %d more repeated on this page)", len(e.Positions)-1)
		}
		return fmt.Sprintf("page %d: record %s was already sent earlier in this walk%s: records moved while paging", e.Page, e.ID, more)
	case SummaryChanged:
		return fmt.Sprintf("page %d: the summary changed during the walk (%s was %s on page 1, %s on page %d): records moved while paging", e.Page, e.Figure, e.Was, e.Now, e.Page)
	}
	return fmt.Sprintf("page %d: the walk was stopped", e.Page)
}

// Brief is Error in a few words, for a one-line place on screen (the TUI's
// edge row): what the page did, without the explanation.
func (e *WalkError) Brief() string {
	switch e.Problem {
	case RepeatedCursor:
		return fmt.Sprintf("page %d: the server sent back the cursor it was given", e.Page)
	case CursorCycle:
		return fmt.Sprintf("page %d: the next cursor leads back to page %d", e.Page, e.EarlierPage+1)
	case EmptyPage:
		return fmt.Sprintf("page %d: an empty page with a next cursor", e.Page)
	case TooManyRecords:
		return fmt.Sprintf("page %d: more records than the %d announced", e.Page, e.Announced)
	case DuplicateID:
		return fmt.Sprintf("page %d: record %s sent twice", e.Page, e.ID)
	case SummaryChanged:
		return fmt.Sprintf("page %d: the summary changed (%s)", e.Page, e.Figure)
	}
	return e.Error()
}

// RecordsMoved reports whether the error means the data changed during the
// walk (a repeated id, a changed summary) rather than a broken server.
// Export exits 4 for these, as for a totals mismatch.
func (e *WalkError) RecordsMoved() bool {
	return e.Problem == DuplicateID || e.Problem == SummaryChanged
}

// Moved is the first changed summary a TolerateMoves walk went past; nil
// when none.
func (w *Walk) Moved() *WalkError { return w.moved }

// Pages returns how many pages the guard has accepted.
func (w *Walk) Pages() int { return w.pages }

// Records returns how many records the accepted pages held (repeats included).
func (w *Walk) Records() int64 { return w.records }

// Page checks page n (1-based, in walk order) before its records are used.
// It returns nil, or a *WalkError (see WalkError for which ones end the walk).
func (w *Walk) Page(n int, p PageInfo) error {
	if n != w.pages+1 {
		return fmt.Errorf("walk guard: page %d checked after page %d (pages must be checked once, in order)", n, w.pages)
	}
	if w.cursors == nil {
		w.cursors = map[string]int{}
		w.ids = map[uint64]struct{}{}
		w.seed = maphash.MakeSeed()
	}
	if p.Next != "" {
		switch earlier, seen := w.cursors[p.Next]; {
		case p.Next == p.Cursor:
			return &WalkError{Page: n, Problem: RepeatedCursor}
		case seen:
			return &WalkError{Page: n, Problem: CursorCycle, EarlierPage: earlier}
		case len(p.IDs) == 0:
			return &WalkError{Page: n, Problem: EmptyPage}
		}
	}
	var figs []model.Figure
	if p.Summary != nil {
		figs = p.Summary.Figures()
	}
	if n == 1 {
		w.first = figs
		if p.Summary != nil {
			w.firstCount = p.Summary.Count()
		}
	} else if err := changedFigure(n, w.first, figs); err != nil {
		err.Was, err.Now = cleanScrubbed(err.Was, 40, w.scrub), cleanScrubbed(err.Now, 40, w.scrub)
		if !w.TolerateMoves {
			return err
		}
		if w.moved == nil {
			w.moved = err
		}
	}
	w.maxPage = max(w.maxPage, len(p.IDs))
	slack := int64(w.Limit)
	if slack <= 0 {
		slack = int64(w.maxPage)
	}
	if recs := w.records + int64(len(p.IDs)); recs > max(w.firstCount, 0)+slack {
		return &WalkError{Page: n, Problem: TooManyRecords, Records: recs, Announced: w.firstCount}
	}

	// The page is accepted from here on, repeated ids or not.
	w.pages = n
	w.records += int64(len(p.IDs))
	if p.Next != "" {
		w.cursors[p.Next] = n
	}
	if w.NoIDs {
		return nil
	}
	var dup *WalkError
	for i, id := range p.IDs {
		// A 64-bit keyed hash per id keeps the set at ~16 bytes a record
		// (strings are not kept alive). The seed is random per walk, so a
		// server cannot aim for a collision; by chance one is about 1 in
		// 3·10^7 at a million records.
		h := maphash.String(w.seed, id)
		if _, seen := w.ids[h]; !seen {
			w.ids[h] = struct{}{}
			continue
		}
		if dup == nil {
			dup = &WalkError{Page: n, Problem: DuplicateID, ID: cleanScrubbed(id, 80, w.scrub)}
		}
		dup.Positions = append(dup.Positions, i)
	}
	if dup != nil {
		return dup
	}
	return nil
}

// changedFigure compares a later page's summary figures with the first's.
func changedFigure(n int, first, now []model.Figure) *WalkError {
	for i := range max(len(first), len(now)) {
		var a, b model.Figure
		if i < len(first) {
			a = first[i]
		}
		if i < len(now) {
			b = now[i]
		}
		if a != b {
			name := a.Name
			if name == "" {
				name = b.Name
			}
			return &WalkError{Page: n, Problem: SummaryChanged, Figure: cleanSnippet(name, 40),
				Was: orNone(a.Value), Now: orNone(b.Value)}
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Without returns recs without the records at positions (sorted ascending,
// as WalkError.Positions are): how the TUI drops repeated records.
func Without[T any](recs []T, positions []int) []T {
	if len(positions) == 0 {
		return recs
	}
	out := make([]T, 0, len(recs)-len(positions))
	j := 0
	for i, r := range recs {
		if j < len(positions) && positions[j] == i {
			j++
			continue
		}
		out = append(out, r)
	}
	return out
}

// SummaryChange compares the summary of a later request of the same walk
// (page n) with the first page's: a walk split into parts (parallel export)
// checks the whole window's summary again at its end with it. nil when they
// agree; otherwise a SummaryChanged *WalkError.
func (c *Client) SummaryChange(n int, first, now model.Summary) error {
	var a, b []model.Figure
	if first != nil {
		a = first.Figures()
	}
	if now != nil {
		b = now.Figures()
	}
	if err := changedFigure(n, a, b); err != nil {
		err.Was, err.Now = cleanScrubbed(err.Was, 40, c.scrub), cleanScrubbed(err.Now, 40, c.scrub)
		return err
	}
	return nil
}
