package table

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/tui/common"
)

type rec struct {
	id   string
	note string
}

func cols() []Column[rec] {
	return []Column[rec]{
		{Title: "ID", Min: 6, Max: 6, Priority: 0, Text: func(r *rec, _ *CellFmt) string { return r.id }},
		{Title: "Note", Min: 8, Priority: 1, Text: func(r *rec, _ *CellFmt) string { return r.note }},
	}
}

func newTable(w, h int) *Table[rec] {
	tb := &Table[rec]{}
	tb.SetColumns(cols())
	tb.SetIdentity(func(r *rec) string { return r.id })
	tb.SetSize(w, h)
	return tb
}

func rows(n int) []rec {
	out := make([]rec, n)
	for i := range out {
		out[i] = rec{id: "r" + strconv.Itoa(i), note: "note " + strconv.Itoa(i)}
	}
	return out
}

// Only the visible rows are drawn, each exactly the table's width.
func TestRowsViewIsTheWindow(t *testing.T) {
	tb := newTable(30, 5) // header + 4 rows
	tb.AppendHead(rows(100))
	tb.SetCursor(50)
	st := common.NewStyles(true, true)
	lines := tb.RowsView(&st, &CellFmt{}, "")
	if len(lines) != 4 {
		t.Fatalf("%d lines", len(lines))
	}
	if !strings.Contains(lines[3], "r50") || tb.Offset() != 47 {
		t.Fatalf("window %d: %q", tb.Offset(), lines)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 30 {
			t.Fatalf("line width %d: %q", w, l)
		}
	}
}

// A narrow table drops the higher-priority-number column first.
func TestNarrowDropsByPriority(t *testing.T) {
	var tb Table[rec]
	tb.SetColumns(cols())
	tb.SetSize(12, 3)
	if !tb.Visible("ID") || tb.Visible("Note") {
		t.Fatal("Note should be dropped at 12 columns")
	}
	tb.SetSize(40, 3)
	if !tb.Visible("Note") {
		t.Fatal("Note should fit at 40 columns")
	}
}

// ReplaceAll keeps the selection by id and its place on screen.
func TestReplaceAllKeepsSelectionAndScreenPosition(t *testing.T) {
	tb := newTable(30, 11)
	tb.AppendHead(rows(100))
	tb.SetCursor(40)
	onScreen := tb.Cursor() - tb.Offset()
	tb.ReplaceAll(rows(120)[5:], false) // five records went away on top
	if tb.Selected().id != "r40" || tb.Cursor() != 35 || tb.Cursor()-tb.Offset() != onScreen {
		t.Fatalf("cursor %d (%s) offset %d", tb.Cursor(), tb.Selected().id, tb.Offset())
	}
}

type amt struct {
	id, title, user string
	credits         string
}

func amtCols() []Column[amt] {
	return []Column[amt]{
		{Title: "ID", Min: 6, Max: 6, Text: func(r *amt, _ *CellFmt) string { return r.id }},
		{Title: "Title", Min: 8, Priority: 0, Text: func(r *amt, _ *CellFmt) string { return r.title }},
		{Title: "Credits", Min: 8, Max: 15, Align: common.AlignRight, Decimal: true, Sort: "credits",
			Text: func(r *amt, _ *CellFmt) string { return r.credits }},
		{Title: "User", Min: 6, Max: 28, Priority: 3, Text: func(r *amt, _ *CellFmt) string { return r.user }},
	}
}

// Columns take what their text needs: a short user name is whole while the
// title takes the rest; at width enough nothing is cut and the slack stays
// at the end instead of padding one column.
func TestColumnsShareWidthByNeed(t *testing.T) {
	var tb Table[amt]
	tb.SetColumns(amtCols())
	tb.SetIdentity(func(r *amt) string { return r.id })
	tb.AppendHead([]amt{{"a1", "A title that is quite long indeed", "Katherine Johnson", "12.3457"}, {"a2", "Short", "Ada", "8.5"}, {"a3", "x", "Al", "2,000"}})
	tb.SetSize(60, 5)
	st := common.NewStyles(true, true)
	lines := tb.RowsView(&st, &CellFmt{}, "")
	if !strings.Contains(lines[0], "Katherine Johnson") {
		t.Fatalf("user cut at 60: %q", lines[0])
	}
	tb.SetSize(120, 5)
	lines = tb.RowsView(&st, &CellFmt{}, "")
	if !strings.Contains(lines[0], "A title that is quite long indeed") {
		t.Fatalf("title cut at 120: %q", lines[0])
	}
	if got := tb.ColumnX("Credits") - tb.ColumnX("Title"); got != len("A title that is quite long indeed")+ColGap {
		t.Fatalf("the title column is %d wide: padded beyond its need: %q", got-ColGap, lines[0])
	}
	// The points line up: the same column of the line holds every ".".
	l0 := strings.TrimPrefix(ansi.Strip(lines[0]), "▌")
	l1, l2 := lines[1][1:], lines[2][1:]
	dot := strings.Index(l0, "12.3457") + 2
	if l1[dot] != '.' || strings.Index(l2, "2,000")+5 != dot {
		t.Fatalf("amounts not on the point:\n%s\n%s\n%s", lines[0], lines[1], lines[2])
	}
}

// The sorted column stays when the width is short; others are dropped first.
func TestSortedColumnIsNeverDropped(t *testing.T) {
	var tb Table[amt]
	cols := amtCols()
	cols[2].Priority = 9 // would be the first to go
	tb.SetColumns(cols)
	tb.SetIdentity(func(r *amt) string { return r.id })
	tb.AppendHead([]amt{{"a1", "Title", "Ada", "1.5"}})
	tb.SetSize(18, 5)
	if tb.Visible("Credits") {
		t.Fatal("precondition: Credits dropped at 18 when not sorted")
	}
	tb.SetSort("credits", false)
	if !tb.Visible("Credits") {
		t.Fatal("the sorted column was dropped")
	}
}
