package table

import (
	"math/rand/v2"
	"testing"
)

// The set agrees with a map through adds, repeats and deletes (deletion
// shifts entries back: every probe sequence must survive it), across growth.
func TestIDSetMatchesAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s idSet
	m := map[uint64]bool{}
	var keys []uint64
	for i := range 200_000 {
		switch op := r.IntN(10); {
		case op < 6 || len(keys) == 0:
			k := r.Uint64()
			if i%50 == 0 {
				k = 0 // stored as 1
			}
			if s.Add(k) == m[key(k)] {
				t.Fatalf("Add(%x) disagrees", k)
			}
			m[key(k)] = true
			keys = append(keys, k)
		case op < 8:
			k := keys[r.IntN(len(keys))]
			s.Delete(k)
			delete(m, key(k))
		default:
			k := keys[r.IntN(len(keys))]
			if s.Has(k) != m[key(k)] {
				t.Fatalf("Has(%x) = %v", k, s.Has(k))
			}
		}
	}
	if s.Len() != len(m) {
		t.Fatalf("len %d, map %d", s.Len(), len(m))
	}
	for k := range m {
		if !s.Has(k) {
			t.Fatalf("lost %x", k)
		}
	}
}
