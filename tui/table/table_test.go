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
