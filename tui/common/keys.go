package common

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
)

// Keys are the single source of key bindings: Update matches through them,
// and the footer, the help screen and the refusal flash are rendered from
// the same lists (see Key), so they cannot disagree. There is one key map per
// context; a component lists the bindings of its context with why each does
// nothing right now, if it does not.

// Group is a section of the help screen.
type Group int

const (
	GroupMove Group = iota
	GroupFilter
	GroupActions
	GroupDialog
	GroupTabs
	GroupPlan
	GroupGlobal
)

// Title names the group on the help screen.
func (g Group) Title() string {
	return [...]string{"Move", "Filter & sort", "Actions", "In this dialog", "Tabs", "Plan & credits", "Everywhere"}[g]
}

// Binding is one key: its keys and help text, its help group and whether
// the footer lists it when it applies.
type Binding struct {
	key.Binding
	Group  Group
	Footer bool
}

// Key is a binding as it stands in the current context: Off says why it does
// nothing here ("" = it applies). The footer lists the keys that apply, the
// help screen greys out the others, and pressing one flashes its reason.
type Key struct {
	B   *Binding
	Off string
}

// On is a key that applies; OffIf is one that does not when why != "".
func On(b *Binding) Key                { return Key{B: b} }
func OffIf(b *Binding, why string) Key { return Key{B: b, Off: why} }

// Match is the first key of ks that msg presses, or nil.
func Match(ks []Key, msg tea.KeyPressMsg) *Key {
	for i := range ks {
		if ks[i].B != nil && key.Matches(msg, ks[i].B.Binding) {
			return &ks[i]
		}
	}
	return nil
}

// Matches reports whether msg presses b.
func Matches(msg tea.KeyPressMsg, bs ...*Binding) bool {
	for _, b := range bs {
		if key.Matches(msg, b.Binding) {
			return true
		}
	}
	return false
}

// Hint is a footer or help entry that no single binding describes ("↑↓ move").
// Its one key is a name no key press has, so it is listed (bubbles help
// skips bindings without keys) but never matches.
func Hint(k, desc string) *Binding {
	return &Binding{Binding: key.NewBinding(key.WithKeys("hint:"+k), key.WithHelp(k, desc)), Footer: true}
}

func bind(g Group, footer bool, keys []string, help, desc string) Binding {
	return Binding{Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc)), Group: g, Footer: footer}
}

// GlobalKeys answer on every tab (not inside dialogs).
type GlobalKeys struct {
	NextTab, PrevTab, Right, Left Binding
	Tabs                          []Binding // 1…n, one per registry entry
	Workspace, Refresh, CopyView  Binding
	Help, Quit, ForceQuit         Binding
	// Owner actions.
	Plan, BuyCredits, CancelPlan, ResumePlan Binding
}

// ListKeys answer on a list tab (and the Overview, which scrolls).
type ListKeys struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom Binding
	Dates, Sort, Reverse, Clear, Back                         Binding
	// Group cycles the list's groupings (none, API key, user, type…);
	// GroupPick picks any, the time buckets too. ToRecords and ToGroups
	// are esc while grouping and after a drill-in.
	Group, GroupPick, ToRecords, ToGroups Binding
	Drill                                 Binding   // enter on a group: its records
	Filters                               []Binding // one per distinct registry Filter.Key
	Details, CopyID, Open                 Binding
}

// PickerKeys answer in a picker (date range, type, API key, workspace).
type PickerKeys struct {
	Up, Down, Top, Bottom, Choose, Close Binding
	NextField, Apply, BackToList         Binding // the custom date range form
}

// DetailKeys answer in the detail sheet.
type DetailKeys struct {
	Up, Down, PageUp, PageDown, Top, Close, CopyID, Open Binding
}

// ActionKeys answer in the plan, credit-pack and subscription dialogs.
type ActionKeys struct {
	Up, Down, Top, Bottom, Choose, Close, Retry Binding
	Monthly, Yearly, SwitchInterval, Portal     Binding
	More, Fewer, Plans, CopyURL, Confirm        Binding
}

// SearchKeys answer while the search box is open.
type SearchKeys struct{ Apply, Cancel Binding }

// HelpKeys answer on the help screen.
type HelpKeys struct{ Up, Down, PageUp, PageDown, Close Binding }

// KeyMap is every context's bindings.
type KeyMap struct {
	Global GlobalKeys
	List   ListKeys
	Picker PickerKeys
	Detail DetailKeys
	Action ActionKeys
	Search SearchKeys
	Help   HelpKeys
}

// DefaultKeyMap is the product's key map; the tab number keys and the
// filter keys come from the registry.
func DefaultKeyMap() KeyMap {
	var k KeyMap
	g := &k.Global
	g.NextTab = bind(GroupTabs, false, []string{"tab"}, "tab", "next tab")
	g.PrevTab = bind(GroupTabs, false, []string{"shift+tab"}, "shift+tab", "previous tab")
	g.Right = bind(GroupTabs, false, []string{"l", "right"}, "l/→", "next tab")
	g.Left = bind(GroupTabs, false, []string{"h", "left"}, "h/←", "previous tab")
	for i, l := range model.Lists() {
		n := strconv.Itoa(i + 1)
		g.Tabs = append(g.Tabs, bind(GroupTabs, false, []string{n}, n, l.Title))
	}
	g.Workspace = bind(GroupGlobal, true, []string{"w"}, "w", "workspace")
	g.Refresh = bind(GroupGlobal, true, []string{"r"}, "r", "refresh")
	g.CopyView = bind(GroupGlobal, true, []string{"Y"}, "Y", "copy view")
	g.Help = bind(GroupGlobal, true, []string{"?"}, "?", "help")
	g.Quit = bind(GroupGlobal, true, []string{"q", "ctrl+c"}, "q", "quit")
	g.ForceQuit = bind(GroupGlobal, false, []string{"ctrl+c"}, "ctrl+c", "quit")
	g.Plan = bind(GroupPlan, false, []string{"p"}, "p", "plan & billing")
	g.BuyCredits = bind(GroupPlan, false, []string{"b"}, "b", "buy credits")
	g.CancelPlan = bind(GroupPlan, false, []string{"x"}, "x", "cancel subscription")
	g.ResumePlan = bind(GroupPlan, false, []string{"u"}, "u", "resume subscription")

	l := &k.List
	l.Up = bind(GroupMove, false, []string{"up", "k"}, "↑/k", "up")
	l.Down = bind(GroupMove, false, []string{"down", "j"}, "↓/j", "down")
	l.PageUp = bind(GroupMove, false, []string{"pgup"}, "pgup", "page up")
	l.PageDown = bind(GroupMove, false, []string{"pgdown"}, "pgdn", "page down")
	l.HalfUp = bind(GroupMove, false, []string{"ctrl+u"}, "ctrl+u", "half page up")
	l.HalfDown = bind(GroupMove, false, []string{"ctrl+d"}, "ctrl+d", "half page down")
	l.Top = bind(GroupMove, false, []string{"g", "home"}, "g", "first row")
	l.Bottom = bind(GroupMove, false, []string{"G", "end"}, "G", "last row")
	l.Dates = bind(GroupFilter, true, []string{"d"}, "d", "dates")
	l.Sort = bind(GroupFilter, true, []string{"s"}, "s", "sort")
	l.Reverse = bind(GroupFilter, true, []string{"S"}, "S", "reverse")
	l.Clear = bind(GroupFilter, false, []string{"c"}, "c", "clear filters")
	l.Back = bind(GroupFilter, false, []string{"esc"}, "esc", "undo the last filter")
	// Not g: g/G and home/end are first/last row, as in less, vim and k9s.
	// v ("view by") cycles the groupings, V picks one.
	l.Group = bind(GroupFilter, true, []string{"v"}, "v", "group by")
	l.GroupPick = bind(GroupFilter, false, []string{"V"}, "V", "pick grouping")
	l.ToRecords = bind(GroupFilter, true, []string{"esc"}, "esc", "back to the records")
	l.ToGroups = bind(GroupFilter, true, []string{"esc"}, "esc", "back to the groups")
	l.Drill = bind(GroupActions, true, []string{"enter"}, "enter", "the group's records")
	for _, f := range filterKeys() {
		l.Filters = append(l.Filters, bind(GroupFilter, true, []string{f.Key}, f.Key, f.KeyHelp))
	}
	l.Details = bind(GroupActions, true, []string{"enter"}, "enter", "details")
	l.CopyID = bind(GroupActions, true, []string{"y"}, "y", "copy id")
	l.Open = bind(GroupActions, true, []string{"o"}, "o", "open URL")

	p := &k.Picker
	p.Up = bind(GroupDialog, false, []string{"up", "k"}, "↑/k", "up")
	p.Down = bind(GroupDialog, false, []string{"down", "j"}, "↓/j", "down")
	p.Top = bind(GroupDialog, false, []string{"g", "home"}, "g", "first")
	p.Bottom = bind(GroupDialog, false, []string{"G", "end"}, "G", "last")
	p.Choose = bind(GroupDialog, true, []string{"enter"}, "enter", "choose")
	p.Close = bind(GroupDialog, true, []string{"esc"}, "esc", "close")
	p.NextField = bind(GroupDialog, true, []string{"tab", "shift+tab", "up", "down"}, "tab", "from/to")
	p.Apply = bind(GroupDialog, true, []string{"enter"}, "enter", "apply")
	p.BackToList = bind(GroupDialog, true, []string{"esc"}, "esc", "back to the list")

	d := &k.Detail
	d.Up = bind(GroupDialog, false, []string{"up", "k"}, "↑/k", "scroll up")
	d.Down = bind(GroupDialog, false, []string{"down", "j"}, "↓/j", "scroll down")
	d.PageUp = bind(GroupDialog, false, []string{"pgup"}, "pgup", "page up")
	d.PageDown = bind(GroupDialog, false, []string{"pgdown", "space"}, "pgdn", "page down")
	d.Top = bind(GroupDialog, false, []string{"g", "home"}, "g", "top")
	d.Close = bind(GroupDialog, true, []string{"esc", "enter", "q"}, "esc", "close")
	d.CopyID = bind(GroupDialog, true, []string{"y"}, "y", "copy id")
	d.Open = bind(GroupDialog, true, []string{"o"}, "o", "open URL")

	a := &k.Action
	a.Up = bind(GroupDialog, false, []string{"up", "k"}, "↑/k", "up")
	a.Down = bind(GroupDialog, false, []string{"down", "j"}, "↓/j", "down")
	a.Top = bind(GroupDialog, false, []string{"g", "home"}, "g", "first")
	a.Bottom = bind(GroupDialog, false, []string{"G", "end"}, "G", "last")
	a.Choose = bind(GroupDialog, true, []string{"enter"}, "enter", "choose")
	a.Confirm = bind(GroupDialog, true, []string{"enter"}, "enter", "confirm")
	a.Close = bind(GroupDialog, true, []string{"esc"}, "esc", "close")
	a.Retry = bind(GroupDialog, true, []string{"r", "enter"}, "r", "retry")
	a.Monthly = bind(GroupDialog, true, []string{"m"}, "m", "billed monthly")
	a.Yearly = bind(GroupDialog, true, []string{"y"}, "y", "billed yearly")
	a.SwitchInterval = bind(GroupDialog, false, []string{"tab"}, "tab", "switch interval")
	a.Portal = bind(GroupDialog, true, []string{"o"}, "o", "manage billing")
	a.More = bind(GroupDialog, true, []string{"+", "=", "right", "l"}, "+", "more packs")
	a.Fewer = bind(GroupDialog, true, []string{"-", "left", "h"}, "-", "fewer packs")
	a.Plans = bind(GroupDialog, true, []string{"p"}, "p", "plans")
	a.CopyURL = bind(GroupDialog, true, []string{"y"}, "y", "copy URL")

	k.Search.Apply = bind(GroupDialog, true, []string{"enter"}, "enter", "apply")
	k.Search.Cancel = bind(GroupDialog, true, []string{"esc"}, "esc", "cancel")

	h := &k.Help
	h.Up = bind(GroupDialog, false, []string{"up", "k"}, "↑/k", "scroll up")
	h.Down = bind(GroupDialog, false, []string{"down", "j"}, "↓/j", "scroll down")
	h.PageUp = bind(GroupDialog, false, []string{"pgup"}, "pgup", "page up")
	h.PageDown = bind(GroupDialog, false, []string{"pgdown", "space"}, "pgdn", "page down")
	h.Close = bind(GroupDialog, true, []string{"esc", "?", "q"}, "esc/?", "close")
	return k
}

// filterKeys are the registry's filters with distinct keys, in order.
func filterKeys() []*model.Filter {
	var out []*model.Filter
	seen := map[string]bool{}
	for _, f := range model.AllFilters() {
		if f.Key != "" && !seen[f.Key] {
			seen[f.Key] = true
			out = append(out, f)
		}
	}
	return out
}

// FilterKey is the binding that opens f's picker (nil if f has no key).
func (k *ListKeys) FilterKey(f *model.Filter) *Binding {
	for i := range k.Filters {
		if ks := k.Filters[i].Keys(); len(ks) > 0 && ks[0] == f.Key {
			return &k.Filters[i]
		}
	}
	return nil
}

// IsHint reports a footer-only entry (see Hint): the help screen lists the
// real bindings instead.
func (b *Binding) IsHint() bool {
	ks := b.Keys()
	return len(ks) == 1 && len(ks[0]) > 5 && ks[0][:5] == "hint:"
}
