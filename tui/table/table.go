// Package table is the windowed table every list tab draws with: only the
// rows in view are ever formatted, so every operation on the keystroke path
// is O(visible rows), however many records are loaded.
package table

import (
	"iter"
	"time"

	"github.com/tallyhq/tally/tui/common"
)

// Column describes one table column over records of type T. Its width comes
// from what its cells need (measured once per page as pages arrive, never per
// key, so the layout does not jump while scrolling), within Min and Max.
type Column[T any] struct {
	Title    string
	Short    string // header used when title does not fit ("" = truncate title)
	Min, Max int    // display widths; Min is what it may be squeezed to, Max 0 = unbounded (capped at maxNeed)
	Ideal    int    // the width wanted before any row is measured
	Decimal  bool   // an amount: cells align on the decimal point
	Priority int    // columns with a higher number are dropped first on narrow screens
	Align    common.Align
	Sort     string // API sort field; "" = not sortable
	Text     func(r *T, f *CellFmt) string
	Negative func(r *T) bool // styled as a negative amount
	// Compact, when set, replaces text in cells narrower than compactBelow
	// ("Image gen" rather than "Image g…").
	Compact      func(r *T) string
	CompactBelow int
}

// CellFmt carries what cell formatters need besides the record.
type CellFmt struct {
	Loc *time.Location
}

const (
	ColGap      = 2 // spaces between columns
	RowMarginL  = 1 // cursor marker column
	PrefetchGap = 40
)

// Table is a windowed view over a slice of records: only the rows in
// [offset, offset+height) are ever formatted, so every operation on the
// keystroke path is O(visible rows), independent of how many are loaded.
type Table[T any] struct {
	cols   []Column[T]
	rows   []T
	cursor int
	offset int
	width  int
	height int // visible data rows (header excluded)
	layout []placed

	tail int // pseudo-rows after the records (the "loading more" line)

	sortField string // the column marked ▲/▼
	sortAsc   bool

	fmt   CellFmt   // how cells are formatted when measured
	need  []colNeed // per column: what its cells need (see measure)
	whole bool      // cells must not be cut (--redact placeholders)
}

func (t *Table[T]) SetColumns(cols []Column[T]) {
	t.cols = cols
	t.need = make([]colNeed, len(cols))
	t.measure(t.rows)
	t.relayout()
}

// SetFormat sets how cells are formatted (the zone of times), for measuring;
// whole keeps text cells from being cut (redacted placeholders stay whole).
func (t *Table[T]) SetFormat(f CellFmt, whole bool) {
	t.fmt, t.whole = f, whole
	t.need = make([]colNeed, len(t.cols))
	t.measure(t.rows)
	t.relayout()
}

// SetSize sets the outer width and the number of lines including the header.
func (t *Table[T]) SetSize(width, lines int) {
	t.width = width
	t.height = max(lines-1, 1)
	t.relayout()
	t.clampOffset()
}

// SetSort marks the sorted column; it is never the one dropped.
func (t *Table[T]) SetSort(field string, asc bool) {
	t.sortField, t.sortAsc = field, asc
	t.relayout()
}

// Append adds records; the cursor stays where it is.
func (t *Table[T]) Append(rs []T) {
	t.rows = append(t.rows, rs...)
	t.measure(rs)
}

// Reset drops every record and returns to the top.
func (t *Table[T]) Reset() {
	t.rows = nil
	t.cursor, t.offset = 0, 0
	t.need = make([]colNeed, len(t.cols))
	t.relayout()
}

func (t *Table[T]) Len() int    { return len(t.rows) }
func (t *Table[T]) Cursor() int { return t.cursor }

// Selected returns the record under the cursor, or nil.
func (t *Table[T]) Selected() *T {
	if t.cursor < 0 || t.cursor >= len(t.rows) {
		return nil
	}
	return &t.rows[t.cursor]
}

func (t *Table[T]) Move(delta int) { t.SetCursor(t.cursor + delta) }

func (t *Table[T]) SetCursor(i int) {
	if len(t.rows) == 0 {
		t.cursor, t.offset = 0, 0
		return
	}
	t.cursor = min(max(i, 0), len(t.rows)-1)
	t.clampOffset()
}

func (t *Table[T]) clampOffset() {
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

func (t *Table[T]) maxOffset() int { return max(0, len(t.rows)+t.tail-t.height) }

// SetTail sets how many pseudo-rows follow the records.
func (t *Table[T]) SetTail(n int) {
	t.tail = n
	t.clampOffset()
}

// Scroll moves the window (mouse wheel) and drags the cursor along.
func (t *Table[T]) Scroll(delta int) {
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
func (t *Table[T]) NearEnd() bool {
	gap := max(PrefetchGap, 2*t.height)
	return len(t.rows)-(t.offset+t.height) < gap || len(t.rows)-t.cursor < gap
}

// RowAt maps a line within the table (0 = header) to a record index, or -1.
func (t *Table[T]) RowAt(line int) int {
	if line < 1 || line > t.height {
		return -1
	}
	i := t.offset + line - 1
	if i >= len(t.rows) {
		return -1
	}
	return i
}

// Width is the table's width in cells; Height the number of visible rows.
func (t *Table[T]) Width() int  { return t.width }
func (t *Table[T]) Height() int { return t.height }

// Offset is the first visible row.
func (t *Table[T]) Offset() int { return t.offset }

// Row is the record at i (nil outside the loaded rows).
func (t *Table[T]) Row(i int) *T {
	if i < 0 || i >= len(t.rows) {
		return nil
	}
	return &t.rows[i]
}

// Replace swaps in new rows (a refresh), putting the cursor on row cur and
// keeping it onScreen lines below the top of the window.
func (t *Table[T]) Replace(rows []T, cur, onScreen int) {
	t.rows = rows
	t.need = make([]colNeed, len(t.cols))
	t.measure(rows)
	t.cursor = max(0, min(cur, len(rows)-1))
	t.offset = max(0, t.cursor-onScreen)
	t.clampOffset()
}

// All yields every loaded record in order.
func (t *Table[T]) All() iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range t.rows {
			if !yield(&t.rows[i]) {
				return
			}
		}
	}
}
