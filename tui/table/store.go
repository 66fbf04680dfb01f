package table

// chunkRows is the number of records in one chunk of a store. Rows live in
// fixed chunks rather than one growing slice: appending never copies what is
// held (one growing slice of a million records copied ~100 MB, a 368 ms
// stall, each time it doubled), and a slice never holds up to twice the
// memory it needs. 1,024 rows of the largest record type is ~110 KB.
const chunkRows = 1024

// store is a sequence of records in fixed chunks, cheap to grow at either
// end: the first chunk may be partly used from its end (first > 0), so a
// refresh prepends newer records without moving the others.
type store[T any] struct {
	chunks [][]T
	first  int // index of row 0 within chunks[0]
	n      int
}

func (s *store[T]) Len() int { return s.n }

// At is the row at i, which must be in [0, Len()).
func (s *store[T]) At(i int) *T {
	j := s.first + i
	return &s.chunks[j/chunkRows][j%chunkRows]
}

// Append adds rows at the end.
func (s *store[T]) Append(rs ...T) {
	for len(rs) > 0 {
		end := s.first + s.n
		if end == len(s.chunks)*chunkRows {
			s.chunks = append(s.chunks, make([]T, chunkRows))
		}
		c := s.chunks[end/chunkRows]
		k := copy(c[end%chunkRows:], rs)
		s.n += k
		rs = rs[k:]
	}
}

// Prepend puts rs (in order) before the first row.
func (s *store[T]) Prepend(rs []T) {
	if len(rs) == 0 {
		return
	}
	if s.n == 0 {
		s.Reset()
		s.Append(rs...)
		return
	}
	if need := len(rs) - s.first; need > 0 {
		k := (need + chunkRows - 1) / chunkRows
		front := make([][]T, k, k+len(s.chunks))
		for i := range front {
			front[i] = make([]T, chunkRows)
		}
		s.chunks = append(front, s.chunks...)
		s.first += k * chunkRows
	}
	s.first -= len(rs)
	s.n += len(rs)
	for i := range rs {
		*s.At(i) = rs[i]
	}
}

// DropFront forgets the first n rows (n <= Len()).
func (s *store[T]) DropFront(n int) {
	var zero T
	for i := range n {
		*s.At(i) = zero // release what the row points to
	}
	s.first += n
	s.n -= n
	for s.first >= chunkRows {
		s.chunks[0] = nil
		s.chunks = s.chunks[1:]
		s.first -= chunkRows
	}
	if s.n == 0 {
		s.Reset()
	}
}

// Truncate keeps the first n rows (n <= Len()).
func (s *store[T]) Truncate(n int) {
	var zero T
	for i := n; i < s.n; i++ {
		*s.At(i) = zero
	}
	s.n = n
	if s.n == 0 {
		s.Reset()
		return
	}
	used := (s.first + s.n + chunkRows - 1) / chunkRows
	clear(s.chunks[used:])
	s.chunks = s.chunks[:used]
}

// Filter keeps the rows keep accepts, in order, in place; it returns how
// many it removed. O(Len()): used only when a refresh finds moved records.
func (s *store[T]) Filter(keep func(i int, r *T) bool) int {
	w := 0
	for i := range s.n {
		r := s.At(i)
		if !keep(i, r) {
			continue
		}
		if w != i {
			*s.At(w) = *r
		}
		w++
	}
	removed := s.n - w
	s.Truncate(w)
	return removed
}

// Reset forgets every row.
func (s *store[T]) Reset() { *s = store[T]{} }
