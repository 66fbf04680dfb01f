package table

import (
	"fmt"
	"slices"
	"testing"
)

// list is a list of n records as a server walks it: forward pages from the
// first record, reversed pages from the last.
type list struct {
	recs []rec
	page int
}

func newList(n, page int) *list {
	l := &list{page: page}
	for i := range n {
		l.recs = append(l.recs, rec{id: fmt.Sprintf("r%06d", i)})
	}
	return l
}

// fwd is forward page k (0-based); rev is reversed page k (last record first).
func (l *list) fwd(k int) ([]rec, bool) {
	lo := k * l.page
	hi := min(lo+l.page, len(l.recs))
	return slices.Clone(l.recs[lo:hi]), hi == len(l.recs)
}

func (l *list) rev(k int) ([]rec, bool) {
	hi := len(l.recs) - k*l.page
	lo := max(hi-l.page, 0)
	out := slices.Clone(l.recs[lo:hi])
	slices.Reverse(out)
	return out, lo == 0
}

func ids(tb *Table[rec]) []string {
	var out []string
	for r := range tb.All() {
		out = append(out, r.id)
	}
	return out
}

func wantWhole(t *testing.T, tb *Table[rec], l *list) {
	t.Helper()
	got := ids(tb)
	if len(got) != len(l.recs) || !tb.Complete() || tb.EdgeShown() || tb.Lines() != len(l.recs) {
		t.Fatalf("held %d of %d, complete %v, edge %v", len(got), len(l.recs), tb.Complete(), tb.EdgeShown())
	}
	for i, id := range got {
		if id != l.recs[i].id {
			t.Fatalf("line %d is %s, want %s (a gap or a duplicate at the join)", i, id, l.recs[i].id)
		}
		if r := tb.Row(i); r.id != id {
			t.Fatalf("Row(%d) = %s, All says %s", i, r.id, id)
		}
	}
}

// G on a long list: one reversed page puts the cursor on the true last
// record, numbered from the announced total.
func TestBottomIsTheTrueLastRecord(t *testing.T) {
	l := newList(1_000_000, 200)
	tb := newTable(40, 11)
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	tb.Bottom()
	if !tb.Pending() || tb.Need(60) != Tail {
		t.Fatalf("G before the tail: pending %v need %v", tb.Pending(), tb.Need(60))
	}
	p, _ = l.rev(0)
	tb.AppendTail(p)
	if pos, n := tb.Position(); pos != 1_000_000 || n != 1_000_000 || tb.Selected().id != "r999999" || tb.Pending() {
		t.Fatalf("after the tail page: row %d of %d, %s", pos, n, tb.Selected().id)
	}
	// The window ends on the last record; the edge line is off screen above.
	if tb.Offset()+tb.Height() != tb.Lines() || tb.Row(tb.Offset()) == nil {
		t.Fatalf("window %d+%d of %d lines", tb.Offset(), tb.Height(), tb.Lines())
	}
	// g returns to the top without anything new; G again is instant.
	tb.Top()
	if tb.Cursor() != 0 || tb.Selected().id != "r000000" || tb.Pending() {
		t.Fatalf("g: %d", tb.Cursor())
	}
	tb.Bottom()
	if tb.Selected().id != "r999999" || tb.Pending() {
		t.Fatal("G again needed a page")
	}
	// Up from the last record walks backwards: the tail asks for more, and
	// the cursor stays on its record as rows arrive above it.
	tb.Move(-150)
	sel := tb.Selected().id
	if tb.Need(260) != Tail {
		t.Fatal("scrolling up the tail does not fetch backwards")
	}
	p, _ = l.rev(1)
	tb.AppendTail(p)
	if tb.Selected().id != sel {
		t.Fatalf("cursor moved from %s to %s when rows arrived above it", sel, tb.Selected().id)
	}
	if pos, _ := tb.Position(); pos != 1_000_000-150 {
		t.Fatalf("row %d", pos)
	}
}

// However the two walks interleave, the segments join with every record
// once, in order, whatever page boundary they meet at.
func TestSegmentsJoinWithoutGapOrDuplicate(t *testing.T) {
	for _, n := range []int{1, 199, 200, 201, 399, 400, 1003, 1200} {
		for _, headPages := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("n%d_head%d", n, headPages), func(t *testing.T) {
				l := newList(n, 200)
				tb := newTable(40, 11)
				tb.SetTotal(n)
				k := 0
				for ; k < headPages; k++ {
					p, end := l.fwd(k)
					if _, met := tb.AppendHead(p); met || end {
						if end {
							tb.HeadEnded()
						}
						wantWhole(t, tb, l)
						return
					}
				}
				tb.Bottom()
				for j := 0; !tb.Complete(); j++ {
					if j > n {
						t.Fatal("never joined")
					}
					p, end := l.rev(j)
					if _, met := tb.AppendTail(p); !met && end {
						tb.TailEnded()
					}
					if tb.Selected().id != l.recs[n-1].id {
						t.Fatalf("cursor left the last record: %s", tb.Selected().id)
					}
				}
				wantWhole(t, tb, l)
				if pos, cnt := tb.Position(); pos != n || cnt != n {
					t.Fatalf("row %d of %d", pos, cnt)
				}
			})
		}
	}
}

// The head reaching the tail joins from the other side, mid-page.
func TestHeadWalksIntoTheTail(t *testing.T) {
	l := newList(1003, 200)
	tb := newTable(40, 11)
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	p, _ = l.rev(0)
	tb.AppendTail(p) // r1002…r803, the cursor stays in the head
	if tb.Selected().id != "r000000" || !tb.EdgeShown() {
		t.Fatal("a tail page moved the cursor")
	}
	tb.SetCursor(tb.Lines() - 1) // on the last record, in the tail
	for k := 1; !tb.Complete(); k++ {
		p, _ = l.fwd(k)
		tb.AppendHead(p)
		if tb.Selected().id != "r001002" {
			t.Fatalf("head page %d moved the cursor to %s", k, tb.Selected().id)
		}
	}
	wantWhole(t, tb, l)
}

// A server repeating records never shows one twice.
func TestRepeatedRecordsAreDropped(t *testing.T) {
	l := newList(600, 200)
	tb := newTable(40, 11)
	p0, _ := l.fwd(0)
	p1, _ := l.fwd(1)
	tb.AppendHead(p0)
	added, _ := tb.AppendHead(append(append(p1[:100:100], p0[5], p1[50]), p1[100:]...))
	if added != 200 || tb.Len() != 400 {
		t.Fatalf("added %d, held %d", added, tb.Len())
	}
	seen := map[string]bool{}
	for _, id := range ids(tb) {
		if seen[id] {
			t.Fatalf("%s shown twice", id)
		}
		seen[id] = true
	}
}

// Keys pressed while pages are on their way add up, and the cursor lands on
// the target when its page arrives.
func TestQueuedMovesLandWhenThePageArrives(t *testing.T) {
	l := newList(100_000, 200)
	tb := newTable(40, 31) // 30 rows a screen
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	for range 500 {
		tb.Move(30) // pgdn
	}
	tb.Move(-1) // k
	if !tb.Pending() || tb.Selected().id != "r000199" {
		t.Fatalf("before the pages: pending %v at %s", tb.Pending(), tb.Selected().id)
	}
	for k := 1; tb.Pending(); k++ {
		if tb.Need(60) != Head {
			t.Fatalf("need %v", tb.Need(60))
		}
		p, _ = l.fwd(k)
		tb.AppendHead(p)
	}
	if tb.Selected().id != "r014999" {
		t.Fatalf("landed on %s, want r014999", tb.Selected().id)
	}
	// g goes home at once.
	tb.Top()
	if tb.Selected().id != "r000000" {
		t.Fatal("g")
	}
}

// A target far down is reached from whichever end is nearer.
func TestFarTargetComesFromTheNearerEnd(t *testing.T) {
	l := newList(1_000_000, 200)
	tb := newTable(40, 31)
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	tb.Move(10_000)
	if tb.Need(60) != Head {
		t.Fatal("10,000 rows down should walk forward")
	}
	tb.Move(900_000)
	if tb.Need(60) != Tail {
		t.Fatal("910,000 rows down should walk back from the end")
	}
}

// Refresh on a newest-first list: newer records merge on top, the cursor
// stays on its record, a record updated since moves up (no duplicate).
func TestMergeTopKeepsTheCursorOnItsRecord(t *testing.T) {
	l := newList(1000, 200)
	tb := newTable(40, 11)
	for k := range 3 {
		p, _ := l.fwd(k)
		tb.AppendHead(p)
	}
	tb.SetCursor(450)
	onScreen := tb.Cursor() - tb.Offset()
	// Three new records on top, and r000300 (held deep) was updated: it is now first.
	fresh := []rec{{id: "r000300"}, {id: "n2"}, {id: "n1"}, {id: "n0"}}
	p, _ := l.fwd(0)
	fresh = append(fresh, p[:196]...)
	if !tb.MergeTop(fresh, 600) {
		t.Fatal("no anchor")
	}
	if tb.Selected().id != "r000450" || tb.Cursor() != 453 || tb.Cursor()-tb.Offset() != onScreen {
		t.Fatalf("cursor %d on %s, %d on screen", tb.Cursor(), tb.Selected().id, tb.Cursor()-tb.Offset())
	}
	got := ids(tb)
	if len(got) != 603 || got[0] != "r000300" || got[4] != "r000000" {
		t.Fatalf("%d held, starting %v", len(got), got[:5])
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s twice after the merge", id)
		}
		seen[id] = true
	}
	// Nothing in common with what is held: no merge, nothing changed.
	if tb.MergeTop([]rec{{id: "x"}}, 600) || tb.Len() != 603 {
		t.Fatal("merged without an anchor")
	}
}

// G pressed before the first page lands on the last record once the size
// is known: it asks for the tail as soon as the head's first page is in.
func TestBottomBeforeTheFirstPage(t *testing.T) {
	l := newList(5000, 200)
	tb := newTable(40, 11)
	tb.Bottom()
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	if tb.Need(60) != Tail {
		t.Fatalf("need %v", tb.Need(60))
	}
	p, _ = l.rev(0)
	tb.AppendTail(p)
	if tb.Selected().id != "r004999" {
		t.Fatalf("landed on %s", tb.Selected().id)
	}
}

// SelectNear finds a record a few lines from the cursor (both ways, the
// nearest first) and leaves the cursor alone when it is not that near.
func TestSelectNear(t *testing.T) {
	l := newList(1000, 200)
	tb := newTable(40, 11)
	tb.SetTotal(len(l.recs))
	p, _ := l.fwd(0)
	tb.AppendHead(p)
	tb.Move(100)
	if !tb.SelectNear("r000097", 5) || tb.Selected().id != "r000097" {
		t.Fatalf("3 lines up: on %s", tb.Selected().id)
	}
	if !tb.SelectNear("r000101", 5) || tb.Selected().id != "r000101" {
		t.Fatalf("4 lines down: on %s", tb.Selected().id)
	}
	if tb.SelectNear("r000150", 5) || tb.SelectNear("r000900", 1000) || tb.Selected().id != "r000101" {
		t.Fatalf("too far or not held: on %s", tb.Selected().id)
	}
}
