package table

// idSet is a set of 64-bit id hashes, ~13 B an entry: a Go map of
// uint64 to struct{} costs ~38 B an entry at a million (its slots are 16 B,
// the empty value padded), more than the 150 B budget of a held record
// leaves. Open addressing with linear probing in 64 shards that grow on
// their own (×1.5 at 3/4 full), so growing never rehashes more than a
// sixty-fourth of the set: no stall when a page arrives at a million rows.
type idSet struct {
	shards [setShards]idShard
	n      int
}

const (
	setShards   = 64
	shardBits   = 6 // log2(setShards): the top bits pick the shard
	shardMinCap = 16
)

type idShard struct {
	slots []uint64 // 0 = empty
	n     int
}

// key maps a hash to a stored key: 0 marks an empty slot, so it becomes 1
// (two ids then collide as any two hashes may, with probability 2⁻⁶⁴).
func key(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (s *idSet) shard(k uint64) *idShard { return &s.shards[k>>(64-shardBits)] }

// home is k's first slot in a shard of c slots (multiply-shift: any c).
func home(k uint64, c int) int { return int((k & 0xffffffff) * uint64(c) >> 32) }

func (s *idSet) Len() int { return s.n }

func (s *idSet) Has(h uint64) bool {
	k := key(h)
	sh := s.shard(k)
	c := len(sh.slots)
	if c == 0 {
		return false
	}
	for i := home(k, c); ; {
		switch sh.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
		if i++; i == c {
			i = 0
		}
	}
}

// Add puts h in the set; it reports false if it was there already.
func (s *idSet) Add(h uint64) bool {
	k := key(h)
	sh := s.shard(k)
	if 4*(sh.n+1) > 3*len(sh.slots) {
		sh.grow()
	}
	if !sh.insert(k) {
		return false
	}
	s.n++
	return true
}

func (sh *idShard) insert(k uint64) bool {
	c := len(sh.slots)
	for i := home(k, c); ; {
		switch sh.slots[i] {
		case k:
			return false
		case 0:
			sh.slots[i] = k
			sh.n++
			return true
		}
		if i++; i == c {
			i = 0
		}
	}
}

func (sh *idShard) grow() {
	old := sh.slots
	sh.slots = make([]uint64, max(shardMinCap, len(old)*3/2))
	sh.n = 0
	for _, k := range old {
		if k != 0 {
			sh.insert(k)
		}
	}
}

// Delete removes h if present; the entries after it shift back so no probe
// sequence is broken (no tombstones).
func (s *idSet) Delete(h uint64) {
	k := key(h)
	sh := s.shard(k)
	c := len(sh.slots)
	if c == 0 {
		return
	}
	i := home(k, c)
	for sh.slots[i] != k {
		if sh.slots[i] == 0 {
			return
		}
		if i++; i == c {
			i = 0
		}
	}
	sh.slots[i] = 0
	sh.n--
	s.n--
	for j := i; ; {
		if j++; j == c {
			j = 0
		}
		e := sh.slots[j]
		if e == 0 {
			return
		}
		// e may fill the hole at i unless its home lies cyclically in (i, j].
		h := home(e, c)
		if (i < j && (h <= i || h > j)) || (i > j && h <= i && h > j) {
			sh.slots[i], sh.slots[j] = e, 0
			i = j
		}
	}
}
