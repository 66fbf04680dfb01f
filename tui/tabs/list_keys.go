package tabs

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
)

// Keys are the list's bindings with why each that does nothing here does
// not; the footer, help and refusal flash all come from this one list.
func (t *List[T, S]) Keys() []common.Key {
	k := &t.sess.Keys.List
	l := t.spec.List
	if t.grouping() && !t.restricted() && t.err == nil {
		return t.groupKeys()
	}
	if t.restricted() {
		why := "Billing history is for owners and admins: there is nothing here to filter, sort or open"
		ks := []common.Key{common.OffIf(&k.Dates, why), common.OffIf(&k.Sort, why), common.OffIf(&k.Reverse, why),
			common.OffIf(&k.Clear, why), common.OffIf(&k.Details, why), common.OffIf(&k.CopyID, why), common.OffIf(&k.Open, why)}
		for i := range k.Filters {
			ks = append(ks, common.OffIf(&k.Filters[i], why))
		}
		return ks
	}
	sel := t.tbl.Selected() != nil
	var ks []common.Key
	if url := t.selectedURL(); url != "" {
		// Opening the URL is what the row is for: it leads the footer,
		// before the keys a narrow footer drops first.
		ks = append(ks, common.On(&k.Open))
	}
	for _, b := range []*common.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom} {
		ks = append(ks, common.On(b))
	}
	// The footer's order: the search, the dates, then the other filters in
	// the list's order (its own first: the key filter before the user).
	var filters []common.Key
	for _, b := range t.filterBindings() {
		key := common.OffIf(b, t.filterOff(b))
		if b.Keys()[0] == "/" {
			ks = append(ks, key)
		} else {
			filters = append(filters, key)
		}
	}
	ks = append(ks, common.OffIf(&k.Dates, onlyIf(l.Dated, "This list has no dates to filter")))
	ks = append(ks, filters...)
	sortOff := ""
	if len(l.Sorts) < 2 {
		sortOff = "This list sorts by date only: S reverses it"
	}
	ks = append(ks, common.OffIf(&k.Sort, sortOff), common.On(&k.Reverse))
	ks = append(ks, common.OffIf(&k.Group, t.groupOff()), common.OffIf(&k.GroupPick, t.groupOff()))
	filtered := onlyIf(l.Filtered(t.view), "No filters to clear")
	ks = append(ks, common.OffIf(&k.Clear, filtered))
	switch {
	case t.back != nil:
		ks = append(ks, common.On(&k.ToGroups))
	case filtered == "":
		ks = append(ks, common.On(&k.Back)) // esc undoes one filter; with none it does nothing
	}
	ks = append(ks,
		common.OffIf(&k.Details, onlyIf(sel, "Nothing selected")),
		common.OffIf(&k.CopyID, onlyIf(sel, "Nothing selected to copy")))
	if t.selectedURL() == "" {
		why := "Nothing to open on this list"
		if t.spec.URL != nil {
			why = "No URL on this row"
		}
		ks = append(ks, common.OffIf(&k.Open, why))
	}
	return ks
}

// filterBindings are the filter keys, the list's own in its order first.
func (t *List[T, S]) filterBindings() []*common.Binding {
	k := &t.sess.Keys.List
	var own, rest []*common.Binding
	for _, f := range t.spec.List.Filters {
		if b := k.FilterKey(f); b != nil && !slices.Contains(own, b) {
			own = append(own, b)
		}
	}
	for i := range k.Filters {
		if b := &k.Filters[i]; !slices.Contains(own, b) {
			rest = append(rest, b)
		}
	}
	return append(own, rest...)
}

func onlyIf(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

// filterOff is why a filter key does nothing on this list: the lists that
// have that filter, from the registry.
func (t *List[T, S]) filterOff(b *common.Binding) string {
	key := b.Keys()[0]
	for _, f := range t.spec.List.Filters {
		if f.Key == key {
			return t.roleOff(f)
		}
	}
	var where []string
	var what string
	for _, l := range model.Lists() {
		for _, f := range l.Filters {
			if f.Key == key {
				where = append(where, l.Title)
				what = f.KeyHelp
			}
		}
	}
	return common.UpperFirst("the "+what+" filter is on the "+joinAnd(where)) + " tab" + plural(len(where))
}

// roleOff is why the role may not use f ("" = it may).
func (t *List[T, S]) roleOff(f *model.Filter) string {
	if f.UsableBy(t.sess.Role) {
		if f.GroupBy == model.GroupByUser && f.Kind == model.FilterRef && t.sess.Caps.NoGroups() {
			return "Filtering by user " + common.NoGroupsWhy // users are listed by the groups endpoints
		}
		return ""
	}
	return "A " + string(t.sess.Role) + " does not see who spent: the " + f.KeyHelp + " filter is for owners, admins and support"
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func (t *List[T, S]) selectedURL() string {
	if r := t.tbl.Selected(); r != nil && t.spec.URL != nil {
		return t.spec.URL(r)
	}
	return ""
}

// HandleKey does what an applying key of Keys says.
func (t *List[T, S]) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &t.sess.Keys.List
	if t.grouping() && t.err == nil {
		if cmd, act, ok := t.groupKey(msg); ok {
			return cmd, act
		}
	}
	if moveKey(k, msg, &t.tbl) { // G: the true last record, the tail's first page if not held
		t.retryOnScroll()
		return t.maybeMore(), nil
	}
	switch {
	case t.back != nil && common.Matches(msg, &k.ToGroups):
		return t.backToGroups()
	case common.Matches(msg, &k.Group):
		return t.cycleGrouping()
	case common.Matches(msg, &k.GroupPick):
		return t.openGroupPicker()
	case common.Matches(msg, &k.Dates):
		return nil, common.ShowDialog{Dialog: dialog.NewDates(t.sess, t.view, t.applyWindow)}
	case common.Matches(msg, &k.Sort):
		return t.NextSort(), nil
	case common.Matches(msg, &k.Reverse):
		return t.Reverse(), nil
	case common.Matches(msg, &k.Clear):
		return t.Reload(t.spec.List.Clear(t.view)), common.Flash{Text: "Cleared the filters: " + t.describeFilters()}
	case common.Matches(msg, &k.Back):
		return t.undoOne()
	case common.Matches(msg, &k.Details):
		return t.openDetail()
	case common.Matches(msg, &k.CopyID):
		if s := t.Selected(); s != nil {
			return nil, common.Copy{Text: s.ID, What: "ID " + s.ID}
		}
	case common.Matches(msg, &k.Open):
		if u := t.selectedURL(); u != "" {
			return nil, common.OpenURL{URL: u, HTTPSOnly: t.spec.HTTPSOnly}
		}
	default:
		for _, f := range t.spec.List.Filters {
			if b := k.FilterKey(f); b != nil && common.Matches(msg, b) {
				return t.openFilter(f)
			}
		}
		return nil, nil
	}
	t.retryOnScroll()
	return t.maybeMore(), nil
}

func (t *List[T, S]) applyWindow(w common.DateWindow) common.Action {
	return common.ApplyView{View: w.Apply(t.view)}
}

// openFilter opens a filter's input: the search box, or a picker.
func (t *List[T, S]) openFilter(f *model.Filter) (tea.Cmd, common.Action) {
	choose := func(val string) common.Action {
		v := t.view
		f.Set(&v, val)
		return common.ApplyView{View: v}
	}
	switch f.Kind {
	case model.FilterText:
		return nil, common.StartSearch{Text: f.Get(t.view)}
	case model.FilterEnum:
		opts := []common.Option{{Label: f.AllLabel}}
		for _, c := range f.Values {
			opts = append(opts, common.Option{Label: c.Label, Value: c.Value})
		}
		return nil, common.ShowDialog{Dialog: dialog.NewPicker(t.sess, f.Label, opts, f.Get(t.view), choose)}
	}
	r := t.refFor(f)
	if r == nil {
		return nil, nil
	}
	var cmd tea.Cmd
	if loaded, _ := r.state(); !loaded {
		cmd = r.load(t.sess, t.ID())
	}
	src := func() ([]common.Option, string) {
		loaded, err := r.state()
		switch {
		case err != nil:
			return r.options(), "✗ " + common.OneLine(common.ErrText(err))
		case !loaded:
			return r.options(), "loading…"
		}
		return r.options(), ""
	}
	return cmd, common.ShowDialog{Dialog: dialog.NewPicker(t.sess, r.title(), nil, f.Get(t.view), choose).WithSource(src)}
}

// undoOne is esc: it drops one filter — the search first, then the other
// filters from the last, then the window — and says which.
func (t *List[T, S]) undoOne() (tea.Cmd, common.Action) {
	l := t.spec.List
	v := t.view
	for _, f := range l.Filters {
		if f.Kind == model.FilterText && f.Get(v) != "" {
			return t.dropFilter(f)
		}
	}
	for i := len(l.Filters) - 1; i >= 0; i-- {
		if f := l.Filters[i]; f.Get(v) != "" {
			return t.dropFilter(f)
		}
	}
	if v.HasWindow() {
		what := common.DateLabel(v, t.sess.Loc)
		v = common.DateWindow{}.Apply(v)
		return t.Reload(v), common.Flash{Text: "Cleared the dates (" + what + ")"}
	}
	return nil, nil
}

func (t *List[T, S]) dropFilter(f *model.Filter) (tea.Cmd, common.Action) {
	v := t.view
	what := t.filterLabel(f)
	f.Set(&v, "")
	return t.Reload(v), common.Flash{Text: "Cleared " + strings.ToLower(f.Label) + ": " + what}
}

// describeFilters names every active filter ("Last 7 days, Search "x"").
func (t *List[T, S]) describeFilters() string {
	var parts []string
	if t.view.HasWindow() {
		parts = append(parts, common.DateLabel(t.view, t.sess.Loc))
	}
	for _, f := range t.spec.List.Filters {
		if f.Get(t.view) != "" {
			parts = append(parts, f.Label+" "+t.filterLabel(f))
		}
	}
	return strings.Join(parts, ", ")
}

// filterLabel is a filter's value in words (a key's name, a type's label;
// a search as typed, masked under --redact).
func (t *List[T, S]) filterLabel(f *model.Filter) string {
	v := f.Get(t.view)
	switch f.Kind {
	case model.FilterText:
		return "\"" + t.sess.Redact.Search(v) + "\""
	case model.FilterRef:
		if r := t.refFor(f); r != nil {
			return r.label(v)
		}
	}
	return f.LabelOf(v)
}

// openDetail is enter: a conversation's billing sheet, or the record's fields.
func (t *List[T, S]) openDetail() (tea.Cmd, common.Action) {
	r := t.tbl.Selected()
	if r == nil {
		return nil, nil
	}
	if t.spec.Sheet != nil {
		if c := t.spec.Sheet(r); c != nil {
			d, cmd := dialog.NewSheet(t.sess, c)
			return cmd, common.ShowDialog{Dialog: d}
		}
	}
	id := t.spec.ID(r)
	fields := t.spec.Fields(r, t.sess.Loc, t.sess.SeesUsers)
	return nil, common.ShowDialog{Dialog: dialog.NewFields(t.sess, t.spec.List.Title+" · "+id, id, fields, t.selectedURL(), t.spec.HTTPSOnly)}
}
