package table

import (
	"iter"
	"strings"

	"github.com/tallyhq/tally/tui/common"
)

// Column layout: which columns fit the width, and how wide each is.
//
// Widths follow what the text needs. Each page that arrives is measured once
// (O(page), never per key), so a column is as wide as its widest cell seen,
// and the layout changes only when data does. The width is then shared out:
// every kept column gets what it cannot do without, the columns whose cells
// would be cut get the slack first, shortest need first (so a name column is
// not left at "Linus Pau…" while a title takes 95 empty cells), then full
// header titles; what is left stays blank at the end of the row.

// maxNeed caps what one column asks for: beyond it a long title is cut.
const maxNeed = 60

// colNeed is what a column's measured cells need: the widest cell and, for
// decimal columns, the widest integer part and fraction.
type colNeed struct {
	w         int
	cw        int // the widest compact cell (columns with Compact)
	intW, frc int // Decimal columns: digits before and after the point
	measured  bool
}

// placed is a column as laid out at the current width.
type placed struct {
	col   int // index into cols
	x     int // first screen column
	width int
}

// remeasure measures every held record afresh (new columns or format).
func (t *Table[T]) remeasure() {
	t.need = make([]colNeed, len(t.cols))
	t.measure(t.All())
	t.relayout()
}

// measureSlice is measure over a page as it arrives.
func (t *Table[T]) measureSlice(rs []T) {
	t.measure(func(yield func(*T) bool) {
		for i := range rs {
			if !yield(&rs[i]) {
				return
			}
		}
	})
}

// measure widens the columns' needs for rows and lays out again when one
// changed. Fixed-width columns (Min == Max: ids, times) are not measured.
func (t *Table[T]) measure(rows iter.Seq[*T]) {
	if len(t.need) != len(t.cols) {
		t.need = make([]colNeed, len(t.cols))
	}
	changed := false
	for ci := range t.cols {
		c := &t.cols[ci]
		if c.Max > 0 && c.Min == c.Max {
			continue
		}
		n := t.need[ci]
		for r := range rows {
			s := common.FlatEmoji(c.Text(r, &t.fmt))
			if c.Decimal {
				ip, fp := splitDecimal(s)
				n.intW, n.frc = max(n.intW, common.TextWidth(ip)), max(n.frc, common.TextWidth(fp))
				n.w = decimalWidth(n.intW, n.frc)
			} else {
				n.w = max(n.w, common.TextWidth(s))
			}
			if c.Compact != nil {
				n.cw = max(n.cw, common.TextWidth(common.FlatEmoji(c.Compact(r))))
			}
		}
		n.w = min(n.w, maxNeed)
		n.measured = n.measured || n.w > 0
		if n != t.need[ci] {
			t.need[ci], changed = n, true
		}
	}
	if changed {
		t.relayout()
	}
}

// splitDecimal splits "1,234.5" into "1,234" and "5".
func splitDecimal(s string) (intPart, frac string) {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func decimalWidth(intW, frc int) int {
	if frc > 0 {
		return intW + 1 + frc
	}
	return intW
}

// ColumnAt maps a screen column to a column index, or -1.
func (t *Table[T]) ColumnAt(x int) int {
	for _, p := range t.layout {
		if x >= p.x && x < p.x+p.width+ColGap {
			return p.col
		}
	}
	return -1
}

// header widths of column i: the shortest header, and the full title, with
// the sort marker when the column is the sorted one.
func (t *Table[T]) headerWidths(i int) (short, full int) {
	c := &t.cols[i]
	marker := 0
	if c.Sort != "" && c.Sort == t.sortField {
		marker = 2
	}
	full = common.TextWidth(c.Title) + marker
	short = full
	if c.Short != "" {
		short = common.TextWidth(c.Short) + marker
	}
	return short, full
}

// bounds are a column's widths: lower is what it is squeezed to; compact
// what its compact cells need ("Image gen"); want what its cells and short
// header need; full what the full header needs too.
func (t *Table[T]) bounds(i int) (lower, compact, want, full int) {
	c := &t.cols[i]
	short, title := t.headerWidths(i)
	n := t.need[i]
	content := n.w
	if !n.measured {
		content = max(c.Ideal, c.Min)
	}
	capW := func(w int) int {
		if c.Max > 0 {
			return min(w, c.Max)
		}
		return min(w, maxNeed)
	}
	want = capW(max(content, short))
	full = capW(max(content, title))
	if c.Max > 0 && c.Min == c.Max {
		return c.Min, c.Min, c.Min, c.Min
	}
	lower = c.Min
	if n.measured {
		lower = min(lower, want) // "Msgs" over two-digit counts needs 4 cells, not Min
	}
	if t.whole && !c.Decimal && n.measured {
		lower = max(lower, min(want, 24)) // a redacted placeholder is never cut
	}
	compact = want
	if c.Compact != nil && n.measured {
		compact = max(lower, min(want, max(n.cw, short)))
	}
	want, full = max(want, lower), max(full, lower)
	return lower, compact, want, full
}

// relayout fits the columns to the width: the sorted column first (a list
// sorted by a column it does not show looks unordered), then by priority
// while their lower widths fit; then the slack is shared out (see the top).
func (t *Table[T]) relayout() {
	t.layout = t.layout[:0]
	avail := t.width - RowMarginL - 1
	if avail <= 0 || len(t.cols) == 0 || len(t.need) != len(t.cols) {
		return
	}
	n := len(t.cols)
	lower, compact, want, full := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for i := range t.cols {
		lower[i], compact[i], want[i], full[i] = t.bounds(i)
	}
	keep := make([]bool, len(t.cols))
	used := 0
	try := func(i int) {
		need := lower[i]
		if used > 0 {
			need += ColGap
		}
		if !keep[i] && used+need <= avail {
			keep[i] = true
			used += need
		}
	}
	for i, c := range t.cols {
		if c.Sort != "" && c.Sort == t.sortField {
			try(i)
		}
	}
	for pass := 0; pass <= maxPriority(t.cols); pass++ {
		for i, c := range t.cols {
			if c.Priority == pass {
				try(i)
			}
		}
	}
	widths := make([]int, len(t.cols))
	for i := range t.cols {
		if keep[i] {
			widths[i] = lower[i]
		}
	}
	spare := avail - used
	spare = fill(widths, compact, keep, spare)
	spare = fill(widths, want, keep, spare)
	fill(widths, full, keep, spare)
	x := RowMarginL
	for i := range t.cols {
		if !keep[i] {
			continue
		}
		if len(t.layout) > 0 {
			x += ColGap
		}
		t.layout = append(t.layout, placed{col: i, x: x, width: widths[i]})
		x += widths[i]
	}
}

// fill grows the kept columns towards target, one cell at a time round the
// columns still short of it, so the smallest needs are met first; it returns
// the spare cells left.
func fill(widths, target []int, keep []bool, spare int) int {
	for spare > 0 {
		grew := false
		for i := range widths {
			if keep[i] && widths[i] < target[i] && spare > 0 {
				widths[i]++
				spare--
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	return spare
}

func maxPriority[T any](cols []Column[T]) int {
	m := 0
	for _, c := range cols {
		m = max(m, c.Priority)
	}
	return m
}

// Visible reports whether a column is shown at the current width.
func (t *Table[T]) Visible(title string) bool {
	for _, p := range t.layout {
		if t.cols[p.col].Title == title {
			return true
		}
	}
	return false
}

// SortAt is the sort field of the column at screen column x ("" = none).
func (t *Table[T]) SortAt(x int) string {
	if c := t.ColumnAt(x); c >= 0 {
		return t.cols[c].Sort
	}
	return ""
}

// ColumnX is the first screen column of the visible column titled title, or -1.
func (t *Table[T]) ColumnX(title string) int {
	for _, p := range t.layout {
		if t.cols[p.col].Title == title {
			return p.x
		}
	}
	return -1
}

// decimalCell writes an amount right-aligned with its point under the
// column's other points.
func (t *Table[T]) decimalCell(b *strings.Builder, s string, col, w int) {
	n := t.need[col]
	if !n.measured || decimalWidth(n.intW, n.frc) > w {
		common.Fit(b, s, w, common.AlignRight)
		return
	}
	ip, fp := splitDecimal(s)
	slot := 0
	if n.frc > 0 {
		slot = n.frc + 1
	}
	common.Fit(b, ip, w-slot, common.AlignRight)
	switch {
	case fp != "":
		b.WriteByte('.')
		common.Fit(b, fp, n.frc, common.AlignLeft)
	default:
		b.WriteString(common.Spaces(slot))
	}
}
