package cli

import (
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// A plain-text table that fits a terminal: rather than wrap a row, it first
// abbreviates cells, then drops the least important columns, then shortens
// the first (name) column, and as a last resort cuts each line at the width.
// Cells are already sanitised; widths are grapheme-aware (CJK, emoji).

type fitColumn struct {
	head  string
	right bool     // right-aligned (numbers)
	prio  int      // higher survives longer; keep >= 90 is never dropped
	cells []string // one per row
	short []string // abbreviated cells; nil = none
}

// keepColumn: columns at or above this priority are never dropped.
const keepColumn = 90

// minNameWidth is as narrow as the first column gets before lines are cut.
const minNameWidth = 8

// spanRow is a row whose cells after the first are replaced by one text
// (a workspace's error), cut to whatever width is left.
type spanRow struct {
	row  int
	text string
}

func colWidth(c fitColumn, skip map[int]bool) int {
	w := ansi.StringWidth(c.head)
	for i, s := range c.cells {
		if !skip[i] {
			w = max(w, ansi.StringWidth(s))
		}
	}
	return w
}

func tableWidth(cols []fitColumn, skip map[int]bool) int {
	t := 2 * (len(cols) - 1)
	for i, c := range cols {
		if i == 0 {
			t += colWidth(c, nil)
		} else {
			t += colWidth(c, skip)
		}
	}
	return t
}

// fitColumns narrows cols to width (0 = no limit) and returns the columns
// left and the width of the first one.
func fitColumns(cols []fitColumn, width int, skip map[int]bool) ([]fitColumn, int) {
	cols = slices.Clone(cols)
	first := colWidth(cols[0], nil)
	if width <= 0 {
		return cols, first
	}
	byPrio := func() []int {
		idx := make([]int, 0, len(cols))
		for i := range cols {
			idx = append(idx, i)
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cols[a].prio - cols[b].prio })
		return idx
	}
	for _, i := range byPrio() {
		if tableWidth(cols, skip) <= width {
			return cols, first
		}
		if cols[i].short != nil {
			cols[i].cells, cols[i].short = cols[i].short, nil
		}
	}
	for tableWidth(cols, skip) > width {
		drop := -1
		for _, i := range byPrio() {
			if cols[i].prio < keepColumn {
				drop = i
				break
			}
		}
		if drop < 0 {
			break
		}
		cols = slices.Delete(cols, drop, drop+1)
	}
	if over := tableWidth(cols, skip) - width; over > 0 {
		first = max(minNameWidth, first-over)
	}
	return cols, first
}

func pad(s string, w int, right bool) string {
	s = ansi.Truncate(s, w, "…")
	gap := strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	if right {
		return gap + s
	}
	return s + gap
}

// writeFitTable prints the header and rows of cols fitted to width.
func writeFitTable(w io.Writer, cols []fitColumn, rows int, spans []spanRow, width int) error {
	skip := map[int]bool{}
	span := map[int]string{}
	for _, s := range spans {
		skip[s.row], span[s.row] = true, s.text
	}
	cols, first := fitColumns(cols, width, skip)
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = colWidth(c, skip)
	}
	widths[0] = first
	line := func(cells func(i int) string) string {
		var b strings.Builder
		for i, c := range cols {
			if i > 0 {
				b.WriteString("  ")
			}
			right := c.right
			if i == len(cols)-1 && !right {
				b.WriteString(ansi.Truncate(cells(i), widths[i], "…")) // no trailing blanks
				continue
			}
			b.WriteString(pad(cells(i), widths[i], right))
		}
		return b.String()
	}
	out := []string{line(func(i int) string { return cols[i].head })}
	for r := 0; r < rows; r++ {
		if text, ok := span[r]; ok {
			out = append(out, pad(cols[0].cells[r], widths[0], false)+"  "+text)
			continue
		}
		out = append(out, line(func(i int) string { return cols[i].cells[r] }))
	}
	var b strings.Builder
	for _, l := range out {
		l = strings.TrimRight(l, " ")
		if width > 0 && ansi.StringWidth(l) > width {
			l = ansi.Truncate(l, width, "…")
		}
		b.WriteString(l + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
