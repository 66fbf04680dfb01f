package demo

import (
	"cmp"
	"slices"
)

// grouping says how records fall into groups for one `by`.
type grouping struct {
	n    int                              // number of keys
	key  func(r int32) int                // a record's key; nil when own (the table's group column)
	own  bool                             // keyed by the table's group column: running totals apply
	name func(k int) (key, label *string) // nil key: the unknown (deleted) user
}

// aggregate sums the records of group g (0 = all) in [from, to) that match,
// per key (or per time bucket when bounds is set), and in total. Without a
// record predicate the running totals answer by binary search per key or
// bucket; otherwise one pass over the window, in time order.
func (t *table) aggregate(g int, from, to int64, match func(int32) bool, gr grouping, bounds []int64) (sum pageResult, count, val []int64) {
	n := gr.n
	if bounds != nil {
		n = len(bounds) - 1
	}
	count, val = make([]int64, n), make([]int64, n)
	tidx := t.idx[0][g]
	lo, hi := t.window(g, from, to)
	if match == nil && (bounds != nil || gr.own) {
		sum = t.totals(g, lo, hi)
		if bounds != nil {
			for i := range n {
				l, h := t.window(g, max(bounds[i], from), min(bounds[i+1], to))
				count[i], val[i] = int64(h-l), t.preVal[g][h]-t.preVal[g][l]
			}
			return sum, count, val
		}
		for v := range n {
			if g != 0 && g != v+1 {
				continue
			}
			l, h := t.window(v+1, from, to)
			count[v], val[v] = int64(h-l), t.preVal[v+1][h]-t.preVal[v+1][l]
		}
		return sum, count, val
	}
	key := gr.key
	if gr.own {
		key = func(r int32) int { return int(t.group[r]) }
	}
	b := 0
	for _, r := range tidx[lo:hi] {
		if match != nil && !match(r) {
			continue
		}
		sum.count++
		sum.val += t.val[r]
		if t.aux != nil {
			sum.aux += t.aux[r]
		}
		var k int
		if bounds != nil {
			for t.time[r] >= bounds[b+1] {
				b++
			}
			k = b
		} else {
			k = key(r)
		}
		count[k]++
		val[k] += t.val[r]
	}
	return sum, count, val
}

// totals is the summary of positions [lo, hi) of group g's time index.
func (t *table) totals(g, lo, hi int) pageResult {
	res := pageResult{count: int64(hi - lo), val: t.preVal[g][hi] - t.preVal[g][lo]}
	if t.aux != nil {
		res.aux = t.preAux[g][hi] - t.preAux[g][lo]
	}
	return res
}

type outGroup struct {
	key, label *string
	count, val int64
}

// groupsDoc renders the document: categorical groups by credits descending,
// key ascending with the null key first in a tie, folded into other past the
// limit; time buckets oldest first, empty ones left out.
func (s *Server) groupsDoc(t *table, q groupReq, g int, match func(int32) bool, gr grouping, summary func([]byte, pageResult) []byte) []byte {
	sum, count, val := t.aggregate(g, q.from, q.to, match, gr, q.bounds)
	var out []outGroup
	var other outGroup
	var nOther int64
	if q.bounds != nil {
		for i := range count {
			if count[i] > 0 {
				out = append(out, outGroup{key: &q.keys[i], count: count[i], val: val[i]})
			}
		}
	} else {
		nullAt := -1
		for k := range count {
			if count[k] == 0 {
				continue
			}
			key, label := gr.name(k)
			if key == nil && nullAt >= 0 {
				out[nullAt].count += count[k]
				out[nullAt].val += val[k]
				continue
			}
			if key == nil {
				nullAt = len(out)
			}
			out = append(out, outGroup{key: key, label: label, count: count[k], val: val[k]})
		}
		slices.SortFunc(out, func(a, b outGroup) int {
			if c := cmp.Compare(b.val, a.val); c != 0 {
				return c
			}
			switch {
			case a.key == nil && b.key == nil:
				return 0
			case a.key == nil:
				return -1
			case b.key == nil:
				return 1
			}
			return cmp.Compare(*a.key, *b.key)
		})
		if len(out) > q.limit {
			for _, x := range out[q.limit:] {
				nOther++
				other.count += x.count
				other.val += x.val
			}
			out = out[:q.limit]
		}
	}
	b := make([]byte, 0, 256+len(out)*96)
	b = append(b, `{"by":`...)
	b = appendStr(b, q.by)
	b = append(b, `,"tz":`...)
	b = appendStr(b, q.tz)
	b = append(b, `,"data":[`...)
	for i, x := range out {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"key":`...)
		b = appendStrOrNull(b, x.key)
		b = append(b, `,"label":`...)
		b = appendStrOrNull(b, x.label)
		b = append(b, `,"count":`...)
		b = appendInt(b, x.count)
		b = append(b, `,"credits":`...)
		b = appendCredits(b, x.val)
		b = append(b, '}')
	}
	b = append(b, `],"other":{"groups":`...)
	b = appendInt(b, nOther)
	b = append(b, `,"count":`...)
	b = appendInt(b, other.count)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, other.val)
	b = append(b, `},"summary":`...)
	b = summary(b, sum)
	return append(b, "}\n"...)
}

func appendStrOrNull(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendStr(b, *s)
}
