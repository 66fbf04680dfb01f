package tabs

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
)

// The List tab's side of group-by: v cycles the groupings (V picks one,
// the time buckets too), and while the view
// has one the tab shows its Groups instead of the records. enter on a group
// drills into the records filtered by it, and esc goes back to the groups
// (t.back); esc in the groups goes back to the records. The hooks in list.go,
// list_keys.go and list_view.go call only the functions in this file.

// initGroups gives the list its group view when it has groupings.
func (t *List[T, S]) initGroups() {
	if t.spec.Groups == nil || model.GroupBysFor(t.spec.List.Tab) == nil {
		return
	}
	t.groups = newGroups(t.sess, t.spec.List, t.spec.Groups, func(s any) string {
		x, _ := s.(S)
		return t.spec.Summary(x)
	})
}

// resetGroups forgets the groups and the drill-in (a new workspace).
func (t *List[T, S]) resetGroups() {
	if t.groups != nil {
		t.groups.reset()
	}
	t.back = nil
}

// grouping reports that the tab shows groups.
func (t *List[T, S]) grouping() bool { return t.groups != nil && t.view.GroupBy != "" }

// groupKeys are the keys while grouping: movement and enter act on the
// groups; the dates, the filters and g change what is grouped.
func (t *List[T, S]) groupKeys() []common.Key {
	k := &t.sess.Keys.List
	g := t.groups
	ks := []common.Key{}
	for _, b := range []*common.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom} {
		ks = append(ks, common.On(b))
	}
	_, why := g.drill()
	ks = append(ks, common.OffIf(&k.Drill, why), common.On(&k.Group), common.On(&k.GroupPick), common.On(&k.ToRecords))
	var filters []common.Key
	for _, b := range t.filterBindings() {
		key := common.OffIf(b, t.filterOff(b))
		if b.Keys()[0] == "/" {
			ks = append(ks, key)
		} else {
			filters = append(filters, key)
		}
	}
	ks = append(ks, common.On(&k.Dates))
	ks = append(ks, filters...)
	ks = append(ks, common.On(&k.Sort), common.On(&k.Reverse),
		common.OffIf(&k.Clear, onlyIf(t.spec.List.Filtered(t.view), "No filters to clear")),
		common.OffIf(&k.CopyID, onlyIf(g.selectedKey() != "", "No key on this row to copy")),
		common.OffIf(&k.Open, "Nothing to open on a group: enter lists its records"))
	return ks
}

// groupKey handles what the group view owns; handled is false for the keys
// the list handles the same way grouped or not (dates, filters, g, c).
func (t *List[T, S]) groupKey(msg tea.KeyPressMsg) (cmd tea.Cmd, act common.Action, handled bool) {
	k := &t.sess.Keys.List
	g := t.groups
	switch {
	case g.moveKey(msg):
		return nil, nil, true
	case common.Matches(msg, &k.Drill):
		v, why := g.drill()
		if why != "" {
			return nil, common.Flash{Text: why, Err: true}, true
		}
		back, label := t.view, g.tbl.Selected().label
		if f := t.spec.List.FilterFor(g.doc.by); f != nil && f.Kind == model.FilterRef {
			if r := t.refFor(f); r != nil {
				r.know(f.Get(v), label)
			}
		}
		cmd := t.Reload(v)
		t.back = &back
		return cmd, common.Flash{Text: "The records of " + label + " · esc back to the groups"}, true
	case common.Matches(msg, &k.ToRecords):
		v := t.view
		v.GroupBy = ""
		return t.Reload(v), common.Flash{Text: "Back to the records"}, true
	case common.Matches(msg, &k.CopyID):
		if key := g.selectedKey(); key != "" {
			return nil, common.Copy{Text: key, What: "key " + key}, true
		}
		return nil, nil, true
	case common.Matches(msg, &k.Sort):
		g.nextSort()
		return nil, nil, true
	case common.Matches(msg, &k.Reverse):
		g.reverse()
		return nil, nil, true
	case common.Matches(msg, &k.Open):
		return nil, nil, true
	}
	return nil, nil, false
}

// backToGroups is esc after a drill-in: the groups as they were left.
func (t *List[T, S]) backToGroups() (tea.Cmd, common.Action) {
	v := *t.back
	t.back = nil
	return t.Reload(v), common.Flash{Text: "Back to the groups by " + byWords(v.GroupBy)}
}

// cycleGrouping is v: the next of the list's groupings that are not time
// buckets (those need a window: V picks them), then the records again.
func (t *List[T, S]) cycleGrouping() (tea.Cmd, common.Action) {
	if why := t.groupOff(); why != "" {
		return nil, common.Flash{Text: why, Err: true}
	}
	cycle := []model.GroupBy{""}
	for _, by := range model.GroupBysForRole(t.spec.List.Tab, t.sess.Role) {
		if !by.IsTime() {
			cycle = append(cycle, by)
		}
	}
	i := slices.Index(cycle, t.view.GroupBy) // a time grouping (-1) goes back to the records
	next := cycle[(i+1)%len(cycle)]
	if i < 0 {
		next = ""
	}
	v := t.view
	v.GroupBy = next
	if next == "" {
		return t.Reload(v), common.Flash{Text: "Back to the records · v groups them again"}
	}
	return t.Reload(v), common.Flash{Text: "Grouped by " + byWords(next) + " · v next grouping · enter lists a group's records"}
}

// groupOff is why v does nothing on this list ("" = it opens the picker).
func (t *List[T, S]) groupOff() string {
	switch {
	case t.groups == nil:
		return t.spec.List.Title + " has no groupings: group the usage lists and credit adjustments"
	case t.restricted():
		return "Nothing to group here"
	case t.sess.Caps.NoGroups():
		return "Grouping " + common.NoGroupsWhy
	}
	return ""
}

// openGroupPicker is g: the list's groupings for the role, in registry
// order. A time grouping needs a start and an end: without one, the last
// 30 days (3 months by week, 12 by month) are taken, and the flash says so.
func (t *List[T, S]) openGroupPicker() (tea.Cmd, common.Action) {
	if why := t.groupOff(); why != "" {
		return nil, common.Flash{Text: why, Err: true}
	}
	opts := []common.Option{{Label: "No grouping (the records)", Value: ""}}
	for _, by := range model.GroupBysForRole(t.spec.List.Tab, t.sess.Role) {
		opts = append(opts, common.Option{Label: by.Label(), Value: string(by)})
	}
	choose := func(val string) common.Action {
		v := t.view
		v.GroupBy = model.GroupBy(val)
		if v.GroupBy.IsTime() && !v.Bounded() {
			last := map[model.GroupBy]string{model.GroupByDay: "30d", model.GroupByWeek: "3m", model.GroupByMonth: "12m"}[v.GroupBy]
			v = common.DateWindow{Last: last}.Apply(v)
			return common.Actions{common.ApplyView{View: v}, common.Flash{Text: "Grouping by " + byWords(v.GroupBy) +
				" needs a start and an end: showing " + strings.ToLower(common.DateLabel(v, t.sess.Loc)) + " (d changes it)"}}
		}
		return common.ApplyView{View: v}
	}
	return nil, common.ShowDialog{Dialog: dialog.NewPicker(t.sess, "Group "+t.spec.List.Title+" by", opts, string(t.view.GroupBy), choose)}
}

// groupStatus is the Status while grouping: the list's filters plus the
// grouping, and the groups' summary.
func (t *List[T, S]) groupStatus(s Status) Status {
	g := t.groups
	s.Toolbar = append(s.Toolbar, g.toolbarPart())
	s.Sort = g.sortLabel()
	s.Summary = g.summaryBar()
	s.FetchedAt, s.Busy = g.fetched, g.loading
	return s
}
