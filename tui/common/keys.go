package common

import "charm.land/bubbles/v2/key"

// KeyMap is the single source of key bindings: Update matches through it and
// the help screen and footer are rendered from it, so they cannot disagree.
type KeyMap struct {
	NextTab, PrevTab            key.Binding
	Tab1, Tab2, Tab3, Tab4      key.Binding
	Tab5, Tab6                  key.Binding
	Up, Down, PageUp, PageDown  key.Binding
	Top, Bottom                 key.Binding
	Search, Dates, Type, APIKey key.Binding
	Sort, Reverse, Clear        key.Binding
	Details, Back               key.Binding
	CopyID, CopyView, Open      key.Binding
	Refresh, Workspace, Help    key.Binding
	Quit                        key.Binding
	ForceQuit                   key.Binding // quits from anywhere, even a text input or a dialog
	Confirm                     key.Binding // inside pickers
	// Owner-only plan and credit actions (action_*.go).
	Plan, BuyCredits, CancelPlan, ResumePlan key.Binding
	// Inside the plan and credit dialogs.
	Monthly, Yearly, SwitchInterval, ManageBilling key.Binding
	MorePacks, FewerPacks, CopyURL                 key.Binding
	NextField                                      key.Binding // the custom date range's from/to
}

// DefaultKeyMap is the product's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Tab1:      b([]string{"1"}, "1", "Overview"),
		Tab2:      b([]string{"2"}, "2", "Conversations"),
		Tab3:      b([]string{"3"}, "3", "MCP-HTTP Calls"),
		Tab4:      b([]string{"4"}, "4", "Import Usage"),
		Tab5:      b([]string{"5"}, "5", "Credit Adjustments"),
		Tab6:      b([]string{"6"}, "6", "Billing History"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    b([]string{"pgup"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown"}, "pgdn", "page down"),
		Top:       b([]string{"g", "home"}, "g", "first row"),
		Bottom:    b([]string{"G", "end"}, "G", "last loaded row"),
		Search:    b([]string{"/"}, "/", "search"),
		Dates:     b([]string{"d"}, "d", "dates"),
		Type:      b([]string{"t"}, "t", "type"),
		APIKey:    b([]string{"a"}, "a", "API key"),
		Sort:      b([]string{"s"}, "s", "sort"),
		Reverse:   b([]string{"S"}, "S", "reverse"),
		Clear:     b([]string{"c"}, "c", "clear filters"),
		Details:   b([]string{"enter"}, "enter", "details"),
		Back:      b([]string{"esc"}, "esc", "back/close"),
		CopyID:    b([]string{"y"}, "y", "copy id"),
		CopyView:  b([]string{"Y"}, "Y", "copy view"),
		Open:      b([]string{"o"}, "o", "open URL"),
		Refresh:   b([]string{"r"}, "r", "refresh"),
		Workspace: b([]string{"w"}, "w", "workspace"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Confirm:   b([]string{"enter"}, "enter", "choose"),

		Plan:       b([]string{"p"}, "p", "plan & billing"),
		BuyCredits: b([]string{"b"}, "b", "buy credits"),
		CancelPlan: b([]string{"x"}, "x", "cancel subscription"),
		ResumePlan: b([]string{"u"}, "u", "resume subscription"),

		Monthly:        b([]string{"m"}, "m", "billed monthly"),
		Yearly:         b([]string{"y"}, "y", "billed yearly"),
		SwitchInterval: b([]string{"tab"}, "tab", "switch interval"),
		ManageBilling:  b([]string{"o"}, "o", "manage billing"),
		MorePacks:      b([]string{"+", "=", "right", "l"}, "+", "more packs"),
		FewerPacks:     b([]string{"-", "left", "h"}, "-", "fewer packs"),
		CopyURL:        b([]string{"y"}, "y", "copy URL"),
		NextField:      b([]string{"tab", "shift+tab", "up", "down"}, "tab", "from/to"),
	}
}

// FullHelp groups the bindings for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextTab, k.PrevTab, k.Tab1, k.Tab2, k.Tab3, k.Tab4, k.Tab5, k.Tab6},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Search, k.Dates, k.Type, k.APIKey, k.Sort, k.Reverse, k.Clear},
		{k.Details, k.Back, k.CopyID, k.CopyView, k.Open, k.Refresh, k.Workspace, k.Help, k.Quit},
		{k.Plan, k.BuyCredits, k.CancelPlan, k.ResumePlan},
	}
}
