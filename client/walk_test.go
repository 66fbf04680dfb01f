package client

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tallyhq/tally/model"
)

func info(cursor, next string, total int, ids ...string) PageInfo {
	return PageInfo{Cursor: cursor, Next: next, IDs: ids, Summary: sum{total}}
}

func problem(t *testing.T, err error) *WalkError {
	t.Helper()
	var we *WalkError
	if !errors.As(err, &we) {
		t.Fatalf("want a *WalkError, got %v", err)
	}
	return we
}

func TestWalkAcceptsAnHonestWalk(t *testing.T) {
	w := Walk{Limit: 2}
	pages := []PageInfo{info("", "a", 5, "1", "2"), info("a", "b", 5, "3", "4"), info("b", "", 5, "5")}
	for i, p := range pages {
		if err := w.Page(i+1, p); err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
	}
	if w.Pages() != 3 || w.Records() != 5 {
		t.Errorf("pages %d records %d", w.Pages(), w.Records())
	}
}

func TestWalkStopsEachKindOfMisbehaviour(t *testing.T) {
	cases := []struct {
		name  string
		pages []PageInfo
		want  Problem
		page  int
		text  string
	}{
		{"cursor returned as given", []PageInfo{info("", "a", 9, "1"), info("a", "a", 9, "2")}, RepeatedCursor, 2, "cursor it was given"},
		{"cursor cycle", []PageInfo{info("", "a", 9, "1"), info("a", "b", 9, "2"), info("b", "a", 9, "3")}, CursorCycle, 3, "leads back to page 2"},
		{"empty page with a cursor", []PageInfo{info("", "a", 9, "1"), info("a", "b", 9)}, EmptyPage, 2, "empty page"},
		{"empty first page with a cursor", []PageInfo{info("", "a", 0)}, EmptyPage, 1, "empty page"},
		// 3 announced, pages of 2: a fourth record is the slack, a sixth is not.
		{"more records than announced", []PageInfo{info("", "a", 3, "1", "2"), info("a", "b", 3, "3", "4"), info("b", "c", 3, "5", "6")}, TooManyRecords, 3, "more than the 3"},
		{"summary changed", []PageInfo{info("", "a", 3, "1"), info("a", "", 4, "2")}, SummaryChanged, 2, "total was 3 on page 1, 4 on page 2"},
		{"repeated id", []PageInfo{info("", "a", 9, "1", "2"), info("a", "", 9, "3", "1")}, DuplicateID, 2, "record 1 was already sent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := Walk{Limit: 2}
			var err error
			for i, p := range c.pages {
				if err = w.Page(i+1, p); err != nil {
					if i != len(c.pages)-1 {
						t.Fatalf("page %d refused early: %v", i+1, err)
					}
				}
			}
			we := problem(t, err)
			if we.Problem != c.want || we.Page != c.page || !strings.Contains(we.Error(), c.text) {
				t.Errorf("got %v (problem %d, page %d), want problem %d on page %d saying %q", we, we.Problem, we.Page, c.want, c.page, c.text)
			}
			if !strings.Contains(we.Error(), fmt.Sprintf("page %d", c.page)) {
				t.Errorf("%q does not name the page", we)
			}
			if moved := c.want == DuplicateID || c.want == SummaryChanged; we.RecordsMoved() != moved {
				t.Errorf("RecordsMoved = %v", we.RecordsMoved())
			}
		})
	}
}

// The TUI skips repeated records and keeps paging: the guard must have
// recorded the page, and report every repeat with its position.
func TestWalkRepeatedIDsCanBeSkipped(t *testing.T) {
	w := Walk{Limit: 3}
	if err := w.Page(1, info("", "a", 9, "1", "2", "3")); err != nil {
		t.Fatal(err)
	}
	err := w.Page(2, info("a", "b", 9, "4", "2", "3"))
	we := problem(t, err)
	if we.Problem != DuplicateID || we.ID != "2" || !slices.Equal(we.Positions, []int{1, 2}) || !strings.Contains(we.Error(), "1 more") {
		t.Fatalf("got %+v", we)
	}
	recs := []string{"4", "2", "3"}
	if got := Without(recs, we.Positions); !slices.Equal(got, []string{"4"}) {
		t.Errorf("Without = %v", got)
	}
	if err := w.Page(3, info("b", "", 9, "5")); err != nil {
		t.Fatalf("the walk could not go on after skipped repeats: %v", err)
	}
	// "b" was handed out by page 2: the guard recorded it although page 2 had repeats.
	w2 := Walk{}
	_ = w2.Page(1, info("", "a", 9, "1"))
	_ = w2.Page(2, info("a", "b", 9, "1"))
	if err := w2.Page(3, info("b", "b2", 9, "2")); err != nil {
		t.Fatalf("page 3: %v", err)
	}
}

func TestWalkPagesInOrderOnly(t *testing.T) {
	w := Walk{}
	if err := w.Page(2, info("x", "", 1, "1")); err == nil || errors.As(err, new(*WalkError)) {
		t.Errorf("out-of-order page: %v", err)
	}
}

// A page whose summary lacks a figure the first had (or the reverse) is a change too.
func TestWalkSummaryFigureAppears(t *testing.T) {
	a := []model.Figure{{Name: "calls", Value: "3"}}
	b := []model.Figure{{Name: "calls", Value: "3"}, {Name: "credits", Value: "1"}}
	we := changedFigure(2, a, b)
	if we == nil || we.Figure != "credits" || orNone(we.Was) != "(none)" {
		t.Errorf("got %+v", we)
	}
}

// Slack is the largest page seen when no limit is set.
func TestWalkSlackWithoutLimit(t *testing.T) {
	w := Walk{}
	if err := w.Page(1, info("", "a", 2, "1", "2", "3")); err != nil {
		t.Fatal(err) // 3 records, 2 announced: within one page of slack
	}
	if we := problem(t, w.Page(2, info("a", "b", 2, "4", "5", "6", "7"))); we.Problem != TooManyRecords {
		t.Errorf("got %v", we)
	}
}

func TestNewWalkScrubsTheKeyFromIDs(t *testing.T) {
	c, err := New(Options{BaseURL: "https://billing.example.com", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	w := c.NewWalk(10)
	id := "call_" + testKey
	_ = w.Page(1, info("", "a", 9, id))
	we := problem(t, w.Page(2, info("a", "", 9, id)))
	if strings.Contains(we.Error(), testKey[:8]) {
		t.Errorf("key in %q", we)
	}
}

// FuzzWalk drives the guard with arbitrary page sequences. Whatever the
// server sends, the records accepted never exceed the first summary plus
// one page, no accepted page reuses a cursor, and every repeated id is
// reported.
func FuzzWalk(f *testing.F) {
	f.Add([]byte{5, 2, 1, 0, 2, 2, 2, 0})
	f.Add([]byte{0, 7, 3, 1, 7, 3, 1, 7, 3, 1})
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) == 0 {
			return
		}
		announced := int(script[0])
		w := Walk{Limit: 4}
		cursor := ""
		seenIDs := map[string]bool{}
		handed := map[string]bool{}
		accepted := 0
		for n, i := 1, 1; i+2 < len(script); n, i = n+1, i+3 {
			nrec := int(script[i] % 6)
			next := ""
			switch c := script[i+1] % 8; c {
			case 0:
			case 1:
				next = cursor
			default:
				next = fmt.Sprint("c", c)
			}
			total := announced
			if n > 1 && script[i+2]&0x80 != 0 {
				total++
			}
			ids := make([]string, nrec)
			for k := range ids {
				ids[k] = fmt.Sprint(int(script[i+2]&0x7f)/4 + k)
			}
			err := w.Page(n, PageInfo{Cursor: cursor, Next: next, IDs: ids, Summary: sum{total}})
			var we *WalkError
			if err != nil && !errors.As(err, &we) {
				t.Fatalf("page %d: not a WalkError: %v", n, err)
			}
			if err != nil && we.Problem != DuplicateID {
				return
			}
			// Accepted (maybe with repeats).
			if next != "" && (next == cursor || handed[next]) {
				t.Fatalf("page %d reused cursor %q and was accepted", n, next)
			}
			if next != "" && nrec == 0 {
				t.Fatalf("page %d: empty page with a cursor accepted", n)
			}
			if n > 1 && total != announced {
				t.Fatalf("page %d: changed summary accepted", n)
			}
			dups := 0
			for _, id := range ids {
				if seenIDs[id] {
					dups++
				}
				seenIDs[id] = true
			}
			if (dups > 0) != (err != nil) {
				t.Fatalf("page %d: %d repeats, err %v", n, dups, err)
			}
			accepted += nrec
			if accepted > announced+4 {
				t.Fatalf("accepted %d records, %d announced", accepted, announced)
			}
			if next == "" {
				return
			}
			handed[next] = true
			cursor = next
		}
	})
}

// A walk that tolerates moves goes on past a changed summary and says so.
func TestWalkTolerateMovesReportsInsteadOfStopping(t *testing.T) {
	p1 := info("", "c1", 3, "a", "b")
	p2 := info("c1", "", 4, "c")
	w := Walk{Limit: 2, TolerateMoves: true}
	if err := w.Page(1, p1); err != nil {
		t.Fatal(err)
	}
	if err := w.Page(2, p2); err != nil {
		t.Fatalf("a tolerant walk stopped: %v", err)
	}
	if m := w.Moved(); m == nil || m.Problem != SummaryChanged || m.Page != 2 {
		t.Fatalf("Moved = %+v", m)
	}
	strict := Walk{Limit: 2}
	_ = strict.Page(1, p1)
	if err := strict.Page(2, p2); problem(t, err).Problem != SummaryChanged {
		t.Fatalf("a strict walk went on: %v", err)
	}
}
