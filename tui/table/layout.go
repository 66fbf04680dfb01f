package table

// Column layout: which columns fit the width, and how wide each is.

// placed is a column as laid out at the current width.
type placed struct {
	col   int // index into cols
	x     int // first screen column
	width int
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

// relayout fits the columns to the width: columns are kept in priority order
// while their minimum widths fit, then widened towards their maximum, and any
// space left goes to the unbounded (max 0) columns.
func (t *Table[T]) relayout() {
	t.layout = t.layout[:0]
	avail := t.width - RowMarginL - 1
	if avail <= 0 || len(t.cols) == 0 {
		return
	}
	keep := make([]bool, len(t.cols))
	used := 0
	for pass := 0; pass <= maxPriority(t.cols); pass++ {
		for i, c := range t.cols {
			if c.Priority != pass {
				continue
			}
			need := c.Min
			if used > 0 {
				need += ColGap
			}
			if used+need <= avail {
				keep[i] = true
				used += need
			}
		}
	}
	widths := make([]int, len(t.cols))
	for i, c := range t.cols {
		if keep[i] {
			widths[i] = c.Min
		}
	}
	spare := avail - used
	// Text columns first get room to be readable, then the bounded columns
	// grow to their natural width, and whatever is left goes to text again.
	for i, c := range t.cols {
		if keep[i] && c.Max == 0 && c.Ideal > widths[i] && spare > 0 {
			add := min(c.Ideal-widths[i], spare)
			widths[i] += add
			spare -= add
		}
	}
	for i, c := range t.cols {
		if keep[i] && c.Max > c.Min && spare > 0 {
			add := min(c.Max-c.Min, spare)
			widths[i] += add
			spare -= add
		}
	}
	var flex []int
	for i, c := range t.cols {
		if keep[i] && c.Max == 0 {
			flex = append(flex, i)
		}
	}
	for k, i := range flex {
		add := spare / (len(flex) - k)
		widths[i] += add
		spare -= add
	}
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
