package tui

import (
	"strings"
	"time"

	"github.com/tallyhq/tally/tui/common"
)

// column describes one table column over records of type T. Widths are fixed
// by the column, never measured from data: measuring would be O(loaded rows)
// and would make the layout jump while scrolling.
type column[T any] struct {
	title    string
	short    string // header used when title does not fit ("" = truncate title)
	min, max int    // display widths; max 0 = as wide as the space allows
	ideal    int    // for max-0 columns: width reached before bounded columns grow
	priority int    // columns with a higher number are dropped first on narrow screens
	align    common.Align
	sort     string // API sort field; "" = not sortable
	text     func(r *T, f *cellFmt) string
	negative func(r *T) bool // styled as a negative amount
	// compact, when set, replaces text in cells narrower than compactBelow
	// ("Image gen" rather than "Image g…").
	compact      func(r *T) string
	compactBelow int
}

// cellFmt carries what cell formatters need besides the record.
type cellFmt struct {
	loc *time.Location
}

// placed is a column as laid out at the current width.
type placed struct {
	col   int // index into cols
	x     int // first screen column
	width int
}

const (
	colGap      = 2 // spaces between columns
	rowMarginL  = 1 // cursor marker column
	prefetchGap = 40
)

// table is a windowed view over a slice of records: only the rows in
// [offset, offset+height) are ever formatted, so every operation on the
// keystroke path is O(visible rows), independent of how many are loaded.
type table[T any] struct {
	cols   []column[T]
	rows   []T
	cursor int
	offset int
	width  int
	height int // visible data rows (header excluded)
	layout []placed

	tail int // pseudo-rows after the records (the "loading more" line)

	sortField string // the column marked ▲/▼
	sortAsc   bool
}

func (t *table[T]) SetColumns(cols []column[T]) {
	t.cols = cols
	t.relayout()
}

// SetSize sets the outer width and the number of lines including the header.
func (t *table[T]) SetSize(width, lines int) {
	t.width = width
	t.height = max(lines-1, 1)
	t.relayout()
	t.clampOffset()
}

func (t *table[T]) SetSort(field string, asc bool) { t.sortField, t.sortAsc = field, asc }

// Append adds records; the cursor stays where it is.
func (t *table[T]) Append(rs []T) { t.rows = append(t.rows, rs...) }

// Reset drops every record and returns to the top.
func (t *table[T]) Reset() {
	t.rows = nil
	t.cursor, t.offset = 0, 0
}

func (t *table[T]) Len() int    { return len(t.rows) }
func (t *table[T]) Cursor() int { return t.cursor }

// Selected returns the record under the cursor, or nil.
func (t *table[T]) Selected() *T {
	if t.cursor < 0 || t.cursor >= len(t.rows) {
		return nil
	}
	return &t.rows[t.cursor]
}

func (t *table[T]) Move(delta int) { t.SetCursor(t.cursor + delta) }

func (t *table[T]) SetCursor(i int) {
	if len(t.rows) == 0 {
		t.cursor, t.offset = 0, 0
		return
	}
	t.cursor = min(max(i, 0), len(t.rows)-1)
	t.clampOffset()
}

func (t *table[T]) clampOffset() {
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	if t.tail > 0 && t.cursor == len(t.rows)-1 {
		// On the last record, keep the loading line in view.
		t.offset = max(t.offset, len(t.rows)+t.tail-t.height)
	}
	t.offset = max(0, min(t.offset, t.maxOffset()))
}

func (t *table[T]) maxOffset() int { return max(0, len(t.rows)+t.tail-t.height) }

// SetTail sets how many pseudo-rows follow the records.
func (t *table[T]) SetTail(n int) {
	t.tail = n
	t.clampOffset()
}

// Scroll moves the window (mouse wheel) and drags the cursor along.
func (t *table[T]) Scroll(delta int) {
	t.offset = max(0, min(t.offset+delta, t.maxOffset()))
	if t.cursor < t.offset {
		t.cursor = t.offset
	}
	if t.cursor >= t.offset+t.height {
		t.cursor = t.offset + t.height - 1
	}
	t.cursor = max(0, min(t.cursor, len(t.rows)-1))
	t.clampOffset()
}

// NearEnd reports whether the cursor or window is close enough to the end of
// the loaded rows that the next page should be fetched now.
func (t *table[T]) NearEnd() bool {
	gap := max(prefetchGap, 2*t.height)
	return len(t.rows)-(t.offset+t.height) < gap || len(t.rows)-t.cursor < gap
}

// RowAt maps a line within the table (0 = header) to a record index, or -1.
func (t *table[T]) RowAt(line int) int {
	if line < 1 || line > t.height {
		return -1
	}
	i := t.offset + line - 1
	if i >= len(t.rows) {
		return -1
	}
	return i
}

// ColumnAt maps a screen column to a column index, or -1.
func (t *table[T]) ColumnAt(x int) int {
	for _, p := range t.layout {
		if x >= p.x && x < p.x+p.width+colGap {
			return p.col
		}
	}
	return -1
}

// relayout fits the columns to the width: columns are kept in priority order
// while their minimum widths fit, then widened towards their maximum, and any
// space left goes to the unbounded (max 0) columns.
func (t *table[T]) relayout() {
	t.layout = t.layout[:0]
	avail := t.width - rowMarginL - 1
	if avail <= 0 || len(t.cols) == 0 {
		return
	}
	keep := make([]bool, len(t.cols))
	used := 0
	for pass := 0; pass <= maxPriority(t.cols); pass++ {
		for i, c := range t.cols {
			if c.priority != pass {
				continue
			}
			need := c.min
			if used > 0 {
				need += colGap
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
			widths[i] = c.min
		}
	}
	spare := avail - used
	// Text columns first get room to be readable, then the bounded columns
	// grow to their natural width, and whatever is left goes to text again.
	for i, c := range t.cols {
		if keep[i] && c.max == 0 && c.ideal > widths[i] && spare > 0 {
			add := min(c.ideal-widths[i], spare)
			widths[i] += add
			spare -= add
		}
	}
	for i, c := range t.cols {
		if keep[i] && c.max > c.min && spare > 0 {
			add := min(c.max-c.min, spare)
			widths[i] += add
			spare -= add
		}
	}
	var flex []int
	for i, c := range t.cols {
		if keep[i] && c.max == 0 {
			flex = append(flex, i)
		}
	}
	for k, i := range flex {
		add := spare / (len(flex) - k)
		widths[i] += add
		spare -= add
	}
	x := rowMarginL
	for i := range t.cols {
		if !keep[i] {
			continue
		}
		if len(t.layout) > 0 {
			x += colGap
		}
		t.layout = append(t.layout, placed{col: i, x: x, width: widths[i]})
		x += widths[i]
	}
}

func maxPriority[T any](cols []column[T]) int {
	m := 0
	for _, c := range cols {
		m = max(m, c.priority)
	}
	return m
}

// Visible reports whether a column is shown at the current width.
func (t *table[T]) Visible(title string) bool {
	for _, p := range t.layout {
		if t.cols[p.col].title == title {
			return true
		}
	}
	return false
}

// HeaderView renders the column titles with the sort marker.
func (t *table[T]) HeaderView(st *common.Styles) string {
	var b strings.Builder
	b.WriteString(common.Spaces(rowMarginL))
	for k, p := range t.layout {
		if k > 0 {
			b.WriteString(common.Spaces(colGap))
		}
		c := t.cols[p.col]
		title := c.title
		marker := ""
		if c.sort != "" && c.sort == t.sortField {
			marker = " ▼"
			if t.sortAsc {
				marker = " ▲"
			}
		}
		if c.short != "" && common.TextWidth(title+marker) > p.width {
			title = c.short
		}
		title += marker
		common.Fit(&b, title, p.width, c.align)
	}
	line := b.String()
	return st.Header.Render(common.PadRight(line, t.width))
}

// RowsView renders exactly the visible rows; tail (e.g. "loading more…") is
// drawn after the last record when it is on screen. Returns t.height lines.
func (t *table[T]) RowsView(st *common.Styles, f *cellFmt, tail string) []string {
	lines := make([]string, 0, t.height)
	end := min(t.offset+t.height, len(t.rows))
	var b strings.Builder
	for i := t.offset; i < end; i++ {
		lines = append(lines, t.rowView(&b, st, f, i))
	}
	if tail != "" && len(lines) < t.height {
		lines = append(lines, common.PadRight(" "+tail, t.width))
	}
	return lines
}

func (t *table[T]) rowView(b *strings.Builder, st *common.Styles, f *cellFmt, i int) string {
	b.Reset()
	r := &t.rows[i]
	sel := i == t.cursor
	if sel {
		b.WriteString("▌")
	} else {
		b.WriteString(" ")
	}
	for k, p := range t.layout {
		if k > 0 {
			b.WriteString(common.Spaces(colGap))
		}
		c := &t.cols[p.col]
		var s string
		if c.compact != nil && p.width < c.compactBelow {
			s = c.compact(r)
		} else {
			s = c.text(r, f)
		}
		if !sel && c.negative != nil && c.negative(r) && !st.NoColor {
			var cell strings.Builder
			common.Fit(&cell, s, p.width, c.align)
			b.WriteString(st.Negative.Render(cell.String()))
			continue
		}
		common.Fit(b, s, p.width, c.align)
	}
	used := t.usedWidth()
	b.WriteString(common.Spaces(t.width - used))
	if sel {
		return st.Selected.Render(b.String())
	}
	return b.String()
}

func (t *table[T]) usedWidth() int {
	if len(t.layout) == 0 {
		return rowMarginL
	}
	last := t.layout[len(t.layout)-1]
	return last.x + last.width
}
