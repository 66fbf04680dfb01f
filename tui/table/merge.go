package table

// Refreshing what is held without walking it again: newer records are merged
// on top, or the list is replaced by a fresh first page. Both keep the cursor
// on its record when it is still there.

// MergeTop merges fresh, the list's first records as they are now (a fresh
// walk's first pages, in list order), into the head: it holds for lists whose
// changes arrive on top (newest first). fresh must reach back to a record
// the head holds within its first scan rows: its last record is the anchor;
// what the head held above it is replaced by fresh (records deleted since
// go, records updated since move up), records below it stay. It returns
// false, changing nothing, when the anchor is not held there (more changed
// than fresh covers): the caller fetches more or replaces the list.
func (t *Table[T]) MergeTop(fresh []T, scan int) bool {
	if len(fresh) == 0 || t.head.Len() == 0 {
		return false
	}
	fresh, keys := t.dedup(fresh)
	anchor := keys[len(keys)-1]
	k := -1
	for i := range min(scan, t.head.Len()) {
		if t.hash(t.head.At(i)) == anchor {
			k = i
			break
		}
	}
	if k < 0 {
		return false
	}
	sel, hasSel := uint64(0), false
	if r := t.Selected(); r != nil {
		sel, hasSel = t.hash(r), true
	}
	oldLine, onScreen, atTop := t.cursor, t.cursor-t.offset, t.offset == 0

	for i := range k + 1 {
		t.headIDs.Delete(t.hash(t.head.At(i)))
	}
	t.head.DropFront(k + 1)
	shift := len(fresh) - (k + 1)
	// Records of fresh still held further down moved up since: drop the old copies.
	var inFresh idSet
	deepHead, deepTail := false, false
	for _, h := range keys {
		inFresh.Add(h)
		deepHead = deepHead || t.headIDs.Has(h)
		deepTail = deepTail || t.tailIDs.Has(h)
	}
	if deepHead {
		shift -= t.head.Filter(func(_ int, r *T) bool { return !inFresh.Has(t.hash(r)) })
	}
	if deepTail {
		t.tail.Filter(func(_ int, r *T) bool { return !inFresh.Has(t.hash(r)) })
	}
	for _, h := range keys {
		t.tailIDs.Delete(h)
		t.headIDs.Add(h)
	}
	t.head.Prepend(fresh)
	t.measureSlice(fresh)

	t.aiming = false
	line := oldLine + shift
	if r := t.Row(line); hasSel && (r == nil || t.hash(r) != sel) {
		line = t.find(sel, oldLine) // moved, deleted, or the tail changed around it
	}
	t.cursor = line
	if atTop {
		t.offset = 0
	} else {
		t.offset = line - onScreen
	}
	t.clampOffset()
	return true
}

// ReplaceAll replaces everything held by fresh, the list's first records as
// they are now (complete: they are the whole list). The cursor stays on its
// record if fresh has it, else on the same line if fresh reaches it, else it
// goes to the top; its place on screen is kept.
func (t *Table[T]) ReplaceAll(fresh []T, complete bool) {
	fresh, keys := t.dedup(fresh)
	sel, hasSel := uint64(0), false
	if r := t.Selected(); r != nil {
		sel, hasSel = t.hash(r), true
	}
	line, onScreen := t.cursor, t.cursor-t.offset
	total := t.total
	t.Reset()
	t.total = total
	t.initIDs()
	for _, h := range keys {
		t.headIDs.Add(h)
	}
	t.head.Append(fresh...)
	t.measureSlice(fresh)
	t.complete = complete
	if line >= len(fresh) {
		line = 0
	}
	if hasSel {
		for i, h := range keys {
			if h == sel {
				line = i
				break
			}
		}
	}
	t.cursor = line
	t.offset = line - onScreen
	t.clampOffset()
}

// dedup drops records of rs repeated within rs (a misbehaving server) and
// returns the rest with their id hashes.
func (t *Table[T]) dedup(rs []T) ([]T, []uint64) {
	t.initIDs()
	seen := make(map[uint64]struct{}, len(rs))
	keys := make([]uint64, 0, len(rs))
	out := rs[:0:0]
	for i := range rs {
		h := t.hash(&rs[i])
		if _, dup := seen[h]; dup {
			continue
		}
		seen[h] = struct{}{}
		keys = append(keys, h)
		out = append(out, rs[i])
	}
	return out, keys
}

// find is the line of the record with hash h: a scan of every line, for the
// rare refresh where records moved around the cursor; near is the line to
// fall back on when the record is gone.
func (t *Table[T]) find(h uint64, near int) int {
	for i := range t.Lines() {
		if r := t.Row(i); r != nil && t.hash(r) == h {
			return i
		}
	}
	return min(max(near, 0), max(t.Lines()-1, 0))
}
