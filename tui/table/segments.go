package table

import "hash/maphash"

// The two segments of a list. The head is walked forward from the first
// record; the tail is the reversed order's walk (same filters, order
// flipped), so the list's last record is one request away however long the
// list is. Each page goes to one segment; a page that reaches a record the
// other segment holds joins them there, so the list reads through with no
// record twice and none missing. A record whose id is already held is
// dropped: a server that repeats records never shows one twice.
//
// Positions of tail records count back from the list's size as its summary
// announced it: the last record is at Count()-1 before anything between is
// loaded. Ids are kept as 64-bit hashes (~13 B a record, idset.go): two
// different ids collide with a probability of about n²/2⁶⁵, 3·10⁻⁸ at a
// million records, and the cost would be one record not shown.

// Segment names a walk of the list.
type Segment int

const (
	None Segment = iota
	Head         // forward from the first record
	Tail         // backward from the last record
)

// SetIdentity sets what makes two records the same record.
func (t *Table[T]) SetIdentity(id func(*T) string) {
	t.id = id
	t.seed = maphash.MakeSeed()
}

// SetTotal is the number of records the list's summary announced.
func (t *Table[T]) SetTotal(n int) {
	t.total = max(n, 0)
	t.clampOffset()
}

// SetEdge asks for the edge line after the head even without a tail
// segment: the owner shows "loading more" or an error there.
func (t *Table[T]) SetEdge(on bool) {
	was := t.edgeLines()
	t.edgeWanted = on
	t.edgeChanged(was)
	t.clampOffset()
}

// edgeLines is 1 while the edge line is drawn after the head, else 0.
func (t *Table[T]) edgeLines() int {
	if !t.complete && (t.tail.Len() > 0 || t.edgeWanted) {
		return 1
	}
	return 0
}

// edgeChanged keeps the cursor on its record when the edge line appears or
// goes (it sits between the head and the tail rows).
func (t *Table[T]) edgeChanged(was int) {
	d := t.edgeLines() - was
	h := t.head.Len()
	if d == 0 || t.tail.Len() == 0 || t.cursor < h+was {
		return
	}
	t.cursor += d
	if t.offset >= h+was {
		t.offset += d
	}
}

// Complete reports that the whole list is held; EdgeShown that the edge
// line is drawn; InTail that the cursor is in the tail segment.
func (t *Table[T]) Complete() bool   { return t.complete }
func (t *Table[T]) EdgeShown() bool  { return t.edgeLines() > 0 }
func (t *Table[T]) InTail() bool     { return t.cursor >= t.head.Len()+t.edgeLines() && t.tail.Len() > 0 }
func (t *Table[T]) hash(r *T) uint64 { return maphash.String(t.seed, t.id(r)) }

// Count is the size of the list: the announced total until the whole list
// is held (or more records than announced are), then what is held.
func (t *Table[T]) Count() int {
	if t.complete {
		return t.Len()
	}
	return max(t.total, t.Len())
}

// PosOf is the position in the list of the record on line i.
func (t *Table[T]) PosOf(i int) int {
	h := t.head.Len()
	if i < h || t.complete {
		return i
	}
	return t.Count() - t.tail.Len() + (i - h - t.edgeLines())
}

// Position is the cursor's place: "row pos of count", 1-based (0 of 0 when
// empty).
func (t *Table[T]) Position() (pos, count int) {
	if t.Len() == 0 {
		return 0, t.Count()
	}
	return t.PosOf(t.cursor) + 1, t.Count()
}

// lineOf is the line holding position p, if it is held.
func (t *Table[T]) lineOf(p int) (int, bool) {
	h, tl := t.head.Len(), t.tail.Len()
	switch {
	case t.complete:
		return p, p >= 0 && p < t.Len()
	case p < h:
		return p, true
	case tl > 0 && p >= t.Count()-tl:
		return h + t.edgeLines() + p - (t.Count() - tl), true
	}
	return 0, false
}

// Reset drops every record and returns to the top.
func (t *Table[T]) Reset() {
	t.head.Reset()
	t.tail.Reset()
	t.headIDs, t.tailIDs = idSet{}, idSet{}
	t.complete, t.edgeWanted = false, false
	t.total = 0
	t.cursor, t.offset, t.aiming = 0, 0, false
	t.need = make([]colNeed, len(t.cols))
	t.relayout()
}

// AppendHead adds a page of the forward walk. It returns how many records
// were added and whether the page reached the tail (the segments joined: the
// rest of the page is already held).
func (t *Table[T]) AppendHead(rs []T) (added int, met bool) {
	t.initIDs()
	was := t.edgeLines()
	h0 := t.head.Len()
	start := 0
	flush := func(end int) {
		if end > start {
			t.head.Append(rs[start:end]...)
		}
	}
	for i := range rs {
		h := t.hash(&rs[i])
		if t.tailIDs.Has(h) {
			flush(i)
			start = len(rs)
			met = true
			break
		}
		if t.headIDs.Has(h) {
			flush(i) // a repeated record: skipped
			start = i + 1
			continue
		}
		t.headIDs.Add(h)
	}
	flush(len(rs))
	added = t.head.Len() - h0
	t.measureSlice(rs)
	if t.tail.Len() > 0 && t.cursor >= h0+was { // the cursor is in the tail: keep it on its record
		t.cursor += added
		if t.offset >= h0 {
			t.offset += added
		}
	}
	if met {
		t.join(was)
	}
	t.settle()
	return added, met
}

// AppendTail adds a page of the reversed walk, in the order it arrived
// (last record first). It returns how many records were added and whether
// the page reached the head.
func (t *Table[T]) AppendTail(rs []T) (added int, met bool) {
	t.initIDs()
	was := t.edgeLines()
	t0 := t.tail.Len()
	h := t.head.Len()
	inTail := t0 > 0 && t.cursor >= h+was
	for i := range rs {
		k := t.hash(&rs[i])
		if t.headIDs.Has(k) {
			met = true
			break
		}
		if t.tailIDs.Has(k) {
			continue
		}
		t.tailIDs.Add(k)
		t.tail.Append(rs[i])
	}
	added = t.tail.Len() - t0
	t.measureSlice(rs)
	if inTail { // the new rows went in above the cursor: keep it on its record
		t.cursor += added
		if t.offset >= h {
			t.offset += added
		}
	}
	if met {
		t.join(t.edgeLines())
	}
	t.settle()
	return added, met
}

// join makes the two segments one run: the edge line between them goes.
func (t *Table[T]) join(was int) {
	t.complete = true
	t.edgeChanged(was)
}

// HeadEnded is the forward walk reaching the list's last record: the head
// holds the whole list. A tail that was never met (records moved while
// paging) is dropped, its records being in the head.
func (t *Table[T]) HeadEnded() {
	if t.complete {
		return
	}
	if t.tail.Len() > 0 {
		var sel uint64
		var inTail bool
		if r := t.Selected(); r != nil && t.InTail() {
			sel, inTail = t.hash(r), true
		}
		t.tail.Reset()
		t.tailIDs = idSet{}
		if inTail {
			t.cursor = t.head.Len() - 1
			for i := t.head.Len() - 1; i >= 0; i-- {
				if t.hash(t.head.At(i)) == sel {
					t.cursor = i
					break
				}
			}
		}
	}
	t.complete = true
	t.settle()
}

// TailEnded is the reversed walk reaching the list's first record without
// meeting the head (records moved while paging): what is held is all there
// is, and the gap closes.
func (t *Table[T]) TailEnded() {
	if t.complete {
		return
	}
	was := t.edgeLines()
	t.join(was)
	t.settle()
}

func (t *Table[T]) initIDs() {
	if t.id == nil {
		panic("table: SetIdentity before adding records")
	}
}

// Need is the segment that should fetch its next page now, if any: the one
// the pending cursor is headed for, else the one whose loaded end is within
// ahead rows of the window or the cursor.
func (t *Table[T]) Need(ahead int) Segment {
	if t.complete || t.Len() == 0 {
		return None
	}
	h, tl := t.head.Len(), t.tail.Len()
	if t.aiming {
		first := t.Count() - tl // position of the first tail record
		if t.want-h <= first-1-t.want {
			return Head
		}
		return Tail
	}
	if t.cursor < h {
		if h-max(t.cursor, t.offset+t.height-1)-1 < ahead {
			return Head
		}
		return None
	}
	if tl > 0 && min(t.cursor, t.offset)-(h+t.edgeLines()) < ahead {
		return Tail
	}
	return None
}
