// Package tabs holds the tabs: one generic list tab (built from a registry
// entry and a Spec of its columns) and the Overview. The root sees a tab
// through the narrow Tab interface; what only some tabs do is in small
// optional interfaces (Lister, Refresher, BillingReceiver, Mouser).
package tabs

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Tab is what the root sees of a tab.
type Tab interface {
	ID() model.Tab
	SetSize(w, h int)
	// Update receives the tab's own answers (Msg values with its id).
	Update(msg tea.Msg) tea.Cmd
	// Keys are the tab's bindings as they stand, with why each that does
	// nothing here does not; HandleKey is called for those that apply.
	Keys() []common.Key
	HandleKey(msg tea.KeyPressMsg) (tea.Cmd, common.Action)
	// View draws exactly the size last set.
	View() string
	// Activate is called when the tab is shown: it fetches what is missing.
	Activate() tea.Cmd
	// Reset applies a view (a new workspace) and forgets every record,
	// fetching nothing; Stop cancels what is in flight.
	Reset(v model.View)
	Stop()
	// Status is what the root draws around the tab.
	Status() Status
}

// Status is what the root shows of a tab: the toolbar, the summary bar, the
// header's freshness, and the view `Y` copies.
type Status struct {
	View    model.View // the tab's view: what `Y` prints for it
	Toolbar []string   // active filters, in words
	// ToolbarIdle marks the Toolbar parts at their default ("User: All
	// users"): a narrow screen drops them before the toolbar takes two lines.
	ToolbarIdle []bool
	Sort        string // "Credits ▼"; "" = not sortable
	Filtered    bool   // a filter narrows the list (the summary says "Filtered")
	Summary     Summary
	FetchedAt   time.Time // when the shown data arrived; zero = not yet
	Busy        bool      // a request is in flight (refresh ticks skip)
	RefreshErr  error     // a background refresh failed; old data still shown
	// Unresolved are reference filters whose value is still the name typed
	// on the command line, not an id (a redacted `Y` leaves them out).
	Unresolved []*model.Filter
}

// Summary is the summary bar's content.
type Summary struct {
	Label   string // "Total", "Filtered", "Forecast"; "" = by Filtered
	Text    string
	Showing string // "showing 200 of 1,512"
	Known   bool   // false while the first page is loading
}

// Msg is an answer addressed to one tab.
type Msg interface{ TabID() model.Tab }

// Lister is a tab of records: it takes a new view, and has a selection.
type Lister interface {
	Reload(v model.View) tea.Cmd
	Selected() *Selection
}

// Selection is the record under the cursor, as the root needs it.
type Selection struct {
	ID        string
	URL       string // "" = nothing to open
	HTTPSOnly bool
}

// Refresher refetches: Refresh is r (retry what failed, else refetch keeping
// the selection), SoftRefresh the --refresh tick (never overlapping a request).
type Refresher interface {
	Refresh() tea.Cmd
	SoftRefresh() tea.Cmd
}

// BillingReceiver gets every /billing answer of the root.
type BillingReceiver interface {
	SetBilling(b *model.Billing, err error, shown bool) tea.Cmd
}

// Mouser takes the wheel and clicks in its area (line 0 = its first line).
type Mouser interface {
	Wheel(delta int) tea.Cmd
	Click(x, line int) tea.Cmd
}

// Base is the no-op part of a tab, for embedding: a tab implements what it
// does and nothing else.
type Base struct{}

func (Base) Update(tea.Msg) tea.Cmd                             { return nil }
func (Base) Keys() []common.Key                                 { return nil }
func (Base) HandleKey(tea.KeyPressMsg) (tea.Cmd, common.Action) { return nil, nil }
func (Base) Activate() tea.Cmd                                  { return nil }
func (Base) Stop()                                              {}

// Build makes every tab of the registry, in its order, on the view from the
// command line: a tab other than the one named keeps the filters that apply
// to it but not the sort (which belongs to the tab it was given for).
func Build(sess *common.Session, v model.View) []Tab {
	out := make([]Tab, 0, len(model.Lists()))
	for _, l := range model.Lists() {
		tv := v
		if v.Tab != "" && v.Tab != l.Tab {
			tv.Sort, tv.Order = "", ""
		}
		out = append(out, build(sess, l, l.Normalize(tv)))
	}
	return out
}

// build is the one table of tab constructors.
func build(sess *common.Session, l *model.List, v model.View) Tab {
	switch l.Tab {
	case model.TabOverview:
		return NewOverview(sess, v)
	case model.TabActivity:
		return newActivity(sess, l, v)
	case model.TabConversations:
		return newList(sess, conversations(l), v)
	case model.TabMCPCalls:
		return newList(sess, mcpCalls(l), v)
	case model.TabImports:
		return newList(sess, imports(l), v)
	case model.TabAdjustments:
		return newList(sess, adjustments(l), v)
	case model.TabBilling:
		return newList(sess, invoices(l), v)
	}
	panic("tabs: no tab for " + string(l.Tab))
}
