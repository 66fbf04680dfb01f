package table

import (
	"slices"
	"testing"
)

// The store's chunks: appends across chunk boundaries, prepends, drops and
// filters keep the order.
func TestStoreKeepsOrderAcrossChunks(t *testing.T) {
	var s store[int]
	var want []int
	for i := range 3000 {
		s.Append(i)
		want = append(want, i)
	}
	pre := make([]int, 1500)
	for i := range pre {
		pre[i] = -1500 + i
	}
	s.Prepend(pre)
	want = append(slices.Clone(pre), want...)
	s.DropFront(700)
	want = want[700:]
	s.Filter(func(_ int, v *int) bool { return *v%3 != 0 })
	want = slices.DeleteFunc(want, func(v int) bool { return v%3 == 0 })
	if s.Len() != len(want) {
		t.Fatalf("len %d, want %d", s.Len(), len(want))
	}
	for i, v := range want {
		if *s.At(i) != v {
			t.Fatalf("at %d: %d, want %d", i, *s.At(i), v)
		}
	}
}
