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

func rows(n int) []rec {
	out := make([]rec, n)
	for i := range out {
		out[i] = rec{id: "r" + strconv.Itoa(i), note: "note " + strconv.Itoa(i)}
	}
	return out
}

// Only the visible rows are drawn, each exactly the table's width.
func TestRowsViewIsTheWindow(t *testing.T) {
	var tb Table[rec]
	tb.SetColumns(cols())
	tb.SetSize(30, 5) // header + 4 rows
	tb.Append(rows(100))
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

// Replace keeps the cursor's place on screen.
func TestReplaceKeepsScreenPosition(t *testing.T) {
	var tb Table[rec]
	tb.SetColumns(cols())
	tb.SetSize(30, 11)
	tb.Append(rows(100))
	tb.SetCursor(40)
	onScreen := tb.Cursor() - tb.Offset()
	tb.Replace(rows(120), 45, onScreen)
	if tb.Cursor() != 45 || tb.Cursor()-tb.Offset() != onScreen {
		t.Fatalf("cursor %d offset %d", tb.Cursor(), tb.Offset())
	}
}
