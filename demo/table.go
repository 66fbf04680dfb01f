package demo

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
)

// table is one list's records as parallel columns (no per-record pointers) plus
// indexes built once: for every sort field and every filter value, the record
// numbers sorted by (key, id). Records are stored in time order and a record's
// id sorts like its number, so "ties broken by id" is "ties broken by number".
//
// Summaries come from prefix sums over the time-sorted index of each filter
// value, so a page with a date window costs two binary searches, not a scan.
type table struct {
	time    []int64   // unix seconds of the list's time field, ascending
	keys    [][]int64 // keys[s] is the sort key column of sort field s; keys[0] == time
	group   []uint8   // filter value per record; nil when the list has no filter
	ngroups int
	val     []int64 // credits units summed into the summary
	aux     []int64 // second summed column (messages, negative part, paid amount); nil = zeros

	idx    [][][]int32 // idx[s][g]: g == 0 all records, g == v+1 records whose group is v
	preVal [][]int64   // preVal[g][i]: sum of val over idx[0][g][:i]
	preAux [][]int64
}

func (t *table) len() int { return len(t.time) }

// build creates the indexes; time must already be ascending.
func (t *table) build() {
	n := len(t.time)
	ng := 1 + t.ngroups
	t.idx = make([][][]int32, len(t.keys))
	// Time index per group: a linear pass, records are already in time order.
	byTime := make([][]int32, ng)
	counts := make([]int, ng)
	counts[0] = n
	if t.group != nil {
		for _, g := range t.group {
			counts[int(g)+1]++
		}
	}
	for g := range byTime {
		byTime[g] = make([]int32, 0, counts[g])
	}
	for i := 0; i < n; i++ {
		byTime[0] = append(byTime[0], int32(i))
		if t.group != nil {
			g := int(t.group[i]) + 1
			byTime[g] = append(byTime[g], int32(i))
		}
	}
	t.idx[0] = byTime
	for s := 1; s < len(t.keys); s++ {
		key := t.keys[s]
		t.idx[s] = make([][]int32, ng)
		for g := range ng {
			if t.group == nil && g > 0 {
				continue
			}
			t.idx[s][g] = sortedByKey(slices.Clone(byTime[g]), key)
		}
	}
	t.preVal = make([][]int64, ng)
	t.preAux = make([][]int64, ng)
	for g := range ng {
		if t.group == nil && g > 0 {
			continue
		}
		list := byTime[g]
		pv := make([]int64, len(list)+1)
		for i, r := range list {
			pv[i+1] = pv[i] + t.val[r]
		}
		t.preVal[g] = pv
		if t.aux != nil {
			pa := make([]int64, len(list)+1)
			for i, r := range list {
				pa[i+1] = pa[i] + t.aux[r]
			}
			t.preAux[g] = pa
		}
	}
}

// sortedByKey sorts record numbers by (key, number). Keys with few distinct
// values (credit amounts) use a stable counting sort, which keeps the numbers
// ascending inside a value and is much faster than a comparison sort at 1e6.
func sortedByKey(list []int32, key []int64) []int32 {
	distinct := map[int64]int{}
	for _, r := range list {
		if _, ok := distinct[key[r]]; !ok {
			if len(distinct) >= 4096 {
				slices.SortFunc(list, func(a, b int32) int {
					if c := cmp.Compare(key[a], key[b]); c != 0 {
						return c
					}
					return cmp.Compare(a, b)
				})
				return list
			}
			distinct[key[r]] = 0
		}
	}
	vals := make([]int64, 0, len(distinct))
	for v := range distinct {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	for i, v := range vals {
		distinct[v] = i
	}
	start := make([]int, len(vals)+1)
	for _, r := range list {
		start[distinct[key[r]]+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]int32, len(list))
	for _, r := range list { // list is ascending by number, so each bucket is too
		k := distinct[key[r]]
		out[start[k]] = r
		start[k]++
	}
	return out
}

// listQuery is a validated list request in table terms.
type listQuery struct {
	group     int   // 0 all, v+1 one filter value
	from, to  int64 // from inclusive, to exclusive (unix seconds)
	sort      int
	desc      bool
	limit     int
	hasCursor bool
	curKey    int64
	curID     int32
	match     func(r int32) bool // full-text filter (conversations q); nil = none
}

func unbounded() (int64, int64) { return math.MinInt64, math.MaxInt64 }

type pageResult struct {
	recs  []int32
	more  bool
	count int64
	val   int64
	aux   int64
}

// query answers one page and the summary over everything the filters match.
func (t *table) query(q listQuery) pageResult {
	tidx := t.idx[0][q.group]
	lo, hi := t.window(q.group, q.from, max(q.from, q.to))
	key := t.keys[q.sort]

	if q.match != nil {
		// Search scans the window: titles and people are free text with no index.
		var res pageResult
		var list []int32
		for _, r := range tidx[lo:hi] {
			if q.match(r) {
				list = append(list, r)
				res.val += t.val[r]
				if t.aux != nil {
					res.aux += t.aux[r]
				}
			}
		}
		res.count = int64(len(list))
		if q.sort != 0 {
			list = sortedByKey(list, key)
		}
		res.recs, res.more = pageOf(list, key, q)
		return res
	}

	res := pageResult{count: int64(hi - lo), val: t.preVal[q.group][hi] - t.preVal[q.group][lo]}
	if t.aux != nil {
		res.aux = t.preAux[q.group][hi] - t.preAux[q.group][lo]
	}
	if q.sort == 0 {
		res.recs, res.more = pageOf(tidx[lo:hi], key, q)
		return res
	}
	sidx := t.idx[q.sort][q.group]
	if lo == 0 && hi == len(tidx) {
		res.recs, res.more = pageOf(sidx, key, q)
		return res
	}
	// A window and a non-time sort: either sort the window's records (cost
	// w·log w) or walk the key-sorted index skipping records outside the window
	// (expected cost limit·n/w). Taking the cheaper bounds both.
	w := hi - lo
	scanCost := (q.limit + 1) * (len(sidx)/max(w, 1) + 1)
	sortCost := w * bits.Len(uint(w))
	if sortCost <= scanCost {
		list := sortedByKey(slices.Clone(tidx[lo:hi]), key)
		res.recs, res.more = pageOf(list, key, q)
		return res
	}
	res.recs, res.more = t.scanPage(sidx, key, q)
	return res
}

func less(key []int64, r int32, k int64, id int32) bool {
	return key[r] < k || (key[r] == k && r < id)
}

// cursorPos is the first position whose record does not sort before the cursor.
func cursorPos(list []int32, key []int64, k int64, id int32) int {
	return sort.Search(len(list), func(i int) bool { return !less(key, list[i], k, id) })
}

// pageOf slices one page out of a list sorted ascending by (key, id).
func pageOf(list []int32, key []int64, q listQuery) ([]int32, bool) {
	if !q.desc {
		start := 0
		if q.hasCursor {
			start = afterPos(list, key, q.curKey, q.curID)
		}
		end := min(start+q.limit, len(list))
		return slices.Clone(list[start:end]), end < len(list)
	}
	end := len(list)
	if q.hasCursor {
		end = cursorPos(list, key, q.curKey, q.curID)
	}
	start := max(end-q.limit, 0)
	out := slices.Clone(list[start:end])
	slices.Reverse(out)
	return out, start > 0
}

// afterPos is the first position whose record sorts strictly after the cursor.
func afterPos(list []int32, key []int64, k int64, id int32) int {
	return sort.Search(len(list), func(i int) bool {
		r := list[i]
		return key[r] > k || (key[r] == k && r > id)
	})
}

// scanPage walks a key-sorted index from the cursor, keeping records in the window.
func (t *table) scanPage(list []int32, key []int64, q listQuery) ([]int32, bool) {
	in := func(r int32) bool { tm := t.time[r]; return tm >= q.from && tm < q.to }
	out := make([]int32, 0, q.limit)
	if !q.desc {
		i := 0
		if q.hasCursor {
			i = afterPos(list, key, q.curKey, q.curID)
		}
		for ; i < len(list); i++ {
			if r := list[i]; in(r) {
				if len(out) == q.limit {
					return out, true
				}
				out = append(out, r)
			}
		}
		return out, false
	}
	i := len(list) - 1
	if q.hasCursor {
		i = cursorPos(list, key, q.curKey, q.curID) - 1
	}
	for ; i >= 0; i-- {
		if r := list[i]; in(r) {
			if len(out) == q.limit {
				return out, true
			}
			out = append(out, r)
		}
	}
	return out, false
}

// searchTime is the first position in idx whose record's time is >= x.
func searchTime(time []int64, idx []int32, x int64) int {
	return sort.Search(len(idx), func(i int) bool { return time[idx[i]] >= x })
}
