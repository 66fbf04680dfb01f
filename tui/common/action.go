package common

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
)

// Dialog is an overlay with its own small Update and View. It receives the
// keys while it is open and the answers addressed to it (DialogMsg), and says
// what it wants of the root by returning an Action.
type Dialog interface {
	Update(msg tea.Msg) (tea.Cmd, Action)
	View() string
	SetSize(w, h int)
	Keys() []Key
}

// DialogMsg is an answer addressed to one dialog; the root delivers it to
// that dialog if it is still open (see dialog.Orphaned for the rest).
type DialogMsg interface{ ForDialog() Dialog }

// Action is what a tab or a dialog asks of the root, as a value the root
// applies at once, not a message round-tripping through the program loop.
type Action interface{ isAction() }

type (
	// CloseDialog closes the open dialog; Refresh re-reads the plan and
	// balance (a checkout may have been paid meanwhile).
	CloseDialog struct{ Refresh bool }
	// ShowDialog opens a dialog over the active tab.
	ShowDialog struct{ Dialog Dialog }
	// ApplyView gives the active tab a new view (a filter was chosen).
	ApplyView struct{ View model.View }
	// ChooseWorkspace switches to a workspace by id.
	ChooseWorkspace struct{ ID string }
	// Copy puts Text on the clipboard (OSC 52) and says so.
	Copy struct{ Text, What string }
	// Flash shows a one-line message in the footer.
	Flash struct {
		Text string
		Err  bool
	}
	// OpenURL opens a URL in the browser after the URL policy has passed it.
	OpenURL struct {
		URL       string
		HTTPSOnly bool
	}
	// StartSearch opens the search box on Text.
	StartSearch struct{ Text string }
	// OpenPlans opens the plan dialog (from the credit-pack dialog).
	OpenPlans struct{}
	// RefreshBilling re-reads the plan and balance and the Overview (a
	// checkout page was created: the user may have paid meanwhile).
	RefreshBilling struct{}
	// BillingChanged is a /billing document a POST answered with (cancel,
	// resume): newer than any GET in flight. Done is the flash to show.
	BillingChanged struct {
		WS      string
		Billing model.Billing
		Done    string
	}
)

func (CloseDialog) isAction()     {}
func (ShowDialog) isAction()      {}
func (ApplyView) isAction()       {}
func (ChooseWorkspace) isAction() {}
func (Copy) isAction()            {}
func (Flash) isAction()           {}
func (OpenURL) isAction()         {}
func (StartSearch) isAction()     {}
func (OpenPlans) isAction()       {}
func (RefreshBilling) isAction()  {}
func (BillingChanged) isAction()  {}

// Actions is several actions applied in order.
type Actions []Action

func (Actions) isAction() {}
