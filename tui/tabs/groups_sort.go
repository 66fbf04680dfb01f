package tabs

import (
	"cmp"
	"slices"
	"strings"
)

// Sorting the groups happens here, not on the server: the contract orders
// groups one way (credits, largest first; time buckets oldest first), and
// what is shown is at most groupLimit rows plus other, all held. So s and S
// reorder what is on screen without a request, and the other row — the
// smallest groups folded together — always stays last, where it belongs
// whatever the order.

// groupSorts are the orders s cycles through; the first is the server's.
func (g *Groups) groupSorts() []string {
	if g.view.GroupBy.IsTime() {
		return []string{"date", "credits", "count"}
	}
	return []string{"credits", "count", "name"}
}

// sortState is the effective order: the server's when none is chosen.
func (g *Groups) sortState() (field string, asc bool) {
	if g.sort == "" {
		return g.groupSorts()[0], g.view.GroupBy.IsTime()
	}
	return g.sort, g.asc
}

// nextSort is s: the next order, in its natural direction (largest, newest
// or A first).
func (g *Groups) nextSort() {
	cur, _ := g.sortState()
	sorts := g.groupSorts()
	i := (slices.Index(sorts, cur) + 1) % len(sorts)
	g.sort = sorts[i]
	g.asc = g.sort == "name" || (i == 0 && g.view.GroupBy.IsTime())
	g.order()
}

// reverse is S.
func (g *Groups) reverse() {
	g.sort, g.asc = g.sortState()
	g.asc = !g.asc
	g.order()
}

// order lays the held rows out in the chosen order, the cursor kept on its
// group.
func (g *Groups) order() {
	field, asc := g.sortState()
	rows := slices.Clone(g.rows)
	n := len(rows)
	if n > 0 && rows[n-1].other {
		n-- // other stays last
	}
	data := rows[:n]
	if g.sort != "" {
		slices.SortStableFunc(data, func(a, b groupRow) int {
			c := 0
			switch field {
			case "credits":
				c = cmp.Compare(a.g.Credits, b.g.Credits)
			case "count":
				c = cmp.Compare(a.g.Count, b.g.Count)
			case "name":
				c = strings.Compare(strings.ToLower(a.label), strings.ToLower(b.label))
			case "date":
				c = strings.Compare(a.g.KeyString(), b.g.KeyString())
			}
			if !asc {
				c = -c
			}
			return c
		})
	}
	g.tbl.SetSort(field, asc)
	g.tbl.ReplaceAll(rows, true)
	g.tbl.SetSize(g.w, g.tableLines())
}

// sortLabel says the order in words for the toolbar.
func (g *Groups) sortLabel() string {
	field, asc := g.sortState()
	name := map[string]string{"credits": "Credits", "count": "Count", "name": "Name", "date": "Date"}[field]
	if asc {
		return name + " ▲"
	}
	return name + " ▼"
}
