// Package table is the windowed table every list tab draws with: only the
// rows in view are ever formatted, so every operation on the keystroke path
// is O(visible rows), however many records are loaded.
//
// A table holds up to two segments of one list (see segments.go): the head,
// walked forward from the first record, and the tail, walked backward from
// the last, so the end of a list of a million is one request away. Between
// them, while they have not met, one edge line stands for the records not
// loaded. Rows are addressed two ways: a line (what is drawn: head rows, the
// edge line, tail rows) and a position (the record's place in the whole list,
// what "row 12 of 1,000,000" shows and what movement aims at).
package table

import (
	"hash/maphash"
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

// Table is a windowed view over the loaded segments of a list: only the lines
// in [offset, offset+height) are ever formatted, so every operation on the
// keystroke path is O(visible rows), independent of how many are loaded.
type Table[T any] struct {
	cols   []Column[T]
	width  int
	height int // visible data rows (header excluded)
	layout []placed

	sortField string // the column marked ▲/▼
	sortAsc   bool

	id   func(*T) string // a record's identity (set by SetIdentity)
	seed maphash.Seed
	head store[T]
	tail store[T] // in reverse list order: tail.At(0) is the list's last record
	// ids of the held records, by segment: no record is held twice, and a
	// page of one segment that reaches a record of the other joins them.
	headIDs, tailIDs idSet
	complete         bool // the whole list is held: no gap, nothing to walk
	edgeWanted       bool // the owner wants the edge line (loading, failed)
	total            int  // records the list's summary announced

	cursor int  // line of the selected record
	offset int  // first visible line
	want   int  // position the cursor is headed for, not held yet…
	aiming bool // …while aiming (keys pressed faster than pages arrive)

	fmt   CellFmt   // how cells are formatted when measured
	need  []colNeed // per column: what its cells need (see measure)
	whole bool      // cells must not be cut (--redact placeholders)
}

func (t *Table[T]) SetColumns(cols []Column[T]) {
	t.cols = cols
	t.remeasure()
}

// SetFormat sets how cells are formatted (the zone of times), for measuring;
// whole keeps text cells from being cut (redacted placeholders stay whole).
func (t *Table[T]) SetFormat(f CellFmt, whole bool) {
	t.fmt, t.whole = f, whole
	t.remeasure()
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

// Width is the table's width in cells; Height the number of visible rows.
func (t *Table[T]) Width() int  { return t.width }
func (t *Table[T]) Height() int { return t.height }

// Offset is the first visible line; Cursor the selected line.
func (t *Table[T]) Offset() int { return t.offset }
func (t *Table[T]) Cursor() int { return t.cursor }

// Len is the number of records held (both segments).
func (t *Table[T]) Len() int { return t.head.Len() + t.tail.Len() }

// Lines is the number of lines: the records and the edge line if shown.
func (t *Table[T]) Lines() int { return t.Len() + t.edgeLines() }

// Row is the record drawn on line i (nil for the edge line or outside).
func (t *Table[T]) Row(i int) *T {
	h := t.head.Len()
	switch {
	case i < 0:
		return nil
	case i < h:
		return t.head.At(i)
	}
	j := i - h - t.edgeLines() // index in list order within the tail
	if j < 0 || j >= t.tail.Len() {
		return nil
	}
	return t.tail.At(t.tail.Len() - 1 - j)
}

// Selected returns the record under the cursor, or nil.
func (t *Table[T]) Selected() *T { return t.Row(t.cursor) }

// Pending reports that the cursor is headed for a position not loaded yet
// (keys pressed faster than pages arrive); it lands when the page does.
func (t *Table[T]) Pending() bool { return t.aiming }

// Target is the position the cursor is headed for while Pending, clamped
// to the list (0-based).
func (t *Table[T]) Target() int { return min(t.want, max(t.Count()-1, 0)) }

// StopAiming forgets where the cursor was headed (the walk it needed stopped).
func (t *Table[T]) StopAiming() { t.aiming = false }

// Move moves the cursor by delta positions. Keys pressed while a page is
// still coming add up: the move starts from where the cursor is headed.
func (t *Table[T]) Move(delta int) {
	base := t.want
	if !t.aiming {
		base = t.PosOf(t.cursor)
	}
	t.goTo(base + delta)
}

// Top selects the first record; nothing is fetched again.
func (t *Table[T]) Top() { t.goTo(0) }

// Bottom heads for the list's true last record: held if the tail segment
// (or the whole list) is, else on its way once the owner fetches the tail.
// Pressed before the first page, it lands on the last record once the size
// is known.
func (t *Table[T]) Bottom() {
	if t.Len() == 0 {
		t.want, t.aiming = beyondAny, !t.complete
		return
	}
	t.goTo(t.Count() - 1)
}

// beyondAny is a position past the end of any list, clamped to its last
// record once the list's size is known (and far from overflowing a move).
const beyondAny = 1 << 50

// SetCursor selects line i (a click); the edge line selects its neighbour.
func (t *Table[T]) SetCursor(i int) {
	t.aiming = false
	n := t.Lines()
	if t.Len() == 0 {
		t.cursor, t.offset = 0, 0
		return
	}
	i = min(max(i, 0), n-1)
	if t.Row(i) == nil { // the edge line
		if i > 0 && i >= t.cursor {
			i--
		} else {
			i++
		}
	}
	t.cursor = min(max(i, 0), n-1)
	t.clampOffset()
}

// SelectNear puts the cursor on the record whose identity is id, if one is
// held within within lines of the cursor (the nearest first); false, the
// cursor left where it is, otherwise. A reload that went back to where the
// cursor was lands it on the same record when only a few moved around it.
func (t *Table[T]) SelectNear(id string, within int) bool {
	if t.id == nil || t.aiming {
		return false
	}
	for d := 0; d <= within; d++ {
		for _, i := range [2]int{t.cursor - d, t.cursor + d} {
			if r := t.Row(i); r != nil && t.id(r) == id {
				t.cursor = i
				t.clampOffset()
				return true
			}
		}
	}
	return false
}

// goTo aims the cursor at position p: it lands now if p is held, else as
// close as the held rows allow on the side it is travelling, until a page
// brings p (see settle).
func (t *Table[T]) goTo(p int) {
	t.aiming = false
	if t.Len() == 0 {
		t.want, t.aiming = max(p, 0), !t.complete // lands on the first page
		return
	}
	p = min(max(p, 0), t.Count()-1)
	if line, ok := t.lineOf(p); ok {
		t.cursor = line
		t.clampOffset()
		return
	}
	t.want, t.aiming = p, true
	if t.cursor < t.head.Len() {
		t.cursor = t.head.Len() - 1
	} else {
		t.cursor = t.head.Len() + t.edgeLines()
	}
	t.clampOffset()
}

// settle lands a pending cursor once its position is held.
func (t *Table[T]) settle() {
	if t.aiming {
		t.goTo(t.want)
	}
	t.clampOffset()
}

func (t *Table[T]) clampOffset() {
	n := t.Lines()
	if n == 0 {
		t.cursor, t.offset = 0, 0
		return
	}
	t.cursor = min(max(t.cursor, 0), n-1)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	if t.edgeLines() > 0 {
		h := t.head.Len()
		switch t.cursor {
		case h - 1: // the last head row: keep the edge line in view below it
			t.offset = max(t.offset, h+1-t.height)
		case h + 1: // the first tail row: keep it in view above
			t.offset = min(t.offset, h)
		}
	}
	t.offset = max(0, min(t.offset, n-t.height))
}

// Scroll moves the window (mouse wheel) and drags the cursor along. The
// window stays on the cursor's side of the edge line: wheeling past the
// loaded rows fetches more, it does not jump the gap.
func (t *Table[T]) Scroll(delta int) {
	n := t.Lines()
	lo, hi := 0, max(0, n-t.height)
	if t.edgeLines() > 0 {
		h := t.head.Len()
		if t.cursor < h {
			hi = max(0, min(hi, h+1-t.height))
		} else {
			lo = min(h, hi)
		}
	}
	t.aiming = false
	t.offset = max(lo, min(t.offset+delta, hi))
	c := min(max(t.cursor, t.offset), t.offset+t.height-1)
	if t.Row(c) == nil && c < n {
		if delta > 0 {
			c--
		} else {
			c++
		}
	}
	t.cursor = c
	t.clampOffset()
}

// RowAt maps a line within the table (0 = header) to a record line, or -1.
func (t *Table[T]) RowAt(line int) int {
	if line < 1 || line > t.height {
		return -1
	}
	i := t.offset + line - 1
	if t.Row(i) == nil {
		return -1
	}
	return i
}

// All yields every held record in list order (head, then tail).
func (t *Table[T]) All() iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range t.head.Len() {
			if !yield(t.head.At(i)) {
				return
			}
		}
		for i := t.tail.Len() - 1; i >= 0; i-- {
			if !yield(t.tail.At(i)) {
				return
			}
		}
	}
}
