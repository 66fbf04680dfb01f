package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// actionDialog is a dialog that sends POSTs; result reports whether the
// answer was the one it waits for (false: stale, dropped).
type actionDialog interface {
	dialog
	result(r actionResultMsg) bool
}

type offersDialog interface {
	dialog
	setOffers(offersMsg)
}

// onActionKey opens an action dialog for p, b, x and u; ok is false for other keys.
// Non-owners get the reason as a flash and nothing is sent.
func (m *Model) onActionKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := &m.keys
	var open func() tea.Cmd
	switch {
	case key.Matches(msg, k.Plan):
		open = m.openPlanDialog
	case key.Matches(msg, k.BuyCredits):
		open = m.openCreditsDialog
	case key.Matches(msg, k.CancelPlan):
		open = m.openCancelDialog
	case key.Matches(msg, k.ResumePlan):
		open = m.openResumeDialog
	default:
		return nil, false
	}
	if why := m.actionBlock(); why != "" {
		return m.setFlash(common.UpperFirst(why), true), true
	}
	return open(), true
}

// billingReady is the plan as last loaded, or a flash saying why there is none.
func (m *Model) billingReady() (*model.Billing, tea.Cmd) {
	switch {
	case m.billing != nil:
		return m.billing, nil
	case m.billErr != nil:
		return nil, m.setFlash("Couldn't load the plan: press r to retry", true)
	}
	return nil, m.setFlash("The plan is still loading: try again in a moment", true)
}

func (m *Model) showDialog(d dialog) {
	d.SetSize(m.bodySize())
	m.dialog = d
}

func (m *Model) openPlanDialog() tea.Cmd {
	b, flash := m.billingReady()
	if b == nil {
		return flash
	}
	d := newPlanDialog(m.sess, b.Plan)
	m.showDialog(d)
	return d.load()
}

func (m *Model) openCreditsDialog() tea.Cmd {
	free := m.billing != nil && m.billing.Plan.Status == model.PlanFree
	d := newCreditsDialog(m.sess, free)
	m.showDialog(d)
	return d.load()
}

func (m *Model) openCancelDialog() tea.Cmd {
	b, flash := m.billingReady()
	if b == nil {
		return flash
	}
	p := b.Plan
	end, _ := planEnd(p, m.sess)
	switch {
	case p.Status == model.PlanFree:
		return m.setFlash("This workspace is on the free plan: there is no subscription to cancel", true)
	case p.Status == model.PlanCanceled:
		return m.setFlash("The subscription is already canceled", true)
	case p.CancelAtPeriodEnd:
		return m.setFlash("Your "+string(p.Name)+" plan already ends on "+end+": press "+m.keys.ResumePlan.Help().Key+" to resume", true)
	}
	m.showDialog(newCancelDialog(m.sess, p))
	return nil
}

func (m *Model) openResumeDialog() tea.Cmd {
	b, flash := m.billingReady()
	if b == nil {
		return flash
	}
	p := b.Plan
	end, _ := planEnd(p, m.sess)
	switch {
	case p.Status == model.PlanFree:
		return m.setFlash("This workspace is on the free plan: there is no subscription to resume", true)
	case !p.CancelAtPeriodEnd:
		return m.setFlash("Nothing to resume: your "+string(p.Name)+" plan renews on "+end, true)
	}
	m.showDialog(newResumeDialog(m.sess, p))
	return nil
}

// onActionMsg handles the actions' messages; ok is false for any other message.
func (m *Model) onActionMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case offersMsg:
		if d, ok := m.dialog.(offersDialog); ok && m.dialog == msg.from {
			d.setOffers(msg)
		}
		return nil, true
	case actionResultMsg:
		return m.onActionResult(msg), true
	case actionCloseMsg:
		m.dialog = nil
		if msg.refresh {
			return m.refreshAfterAction(), true
		}
		return nil, true
	case openPlanMsg:
		m.dialog = nil
		return m.openPlanDialog(), true
	}
	return nil, false
}

// onActionResult applies a POST's answer. A /billing answer (cancel, resume)
// is the new truth and updates the header whether or not its dialog is still
// open. A result whose dialog was closed meanwhile is reported as a flash and
// never opens the browser: the user walked away from that purchase.
func (m *Model) onActionResult(msg actionResultMsg) tea.Cmd {
	open := m.dialog != nil && m.dialog == msg.from
	if open {
		d, ok := m.dialog.(actionDialog)
		if !ok || !d.result(msg) {
			return nil // stale: an answer to an earlier request of this dialog
		}
	}
	billingKind := msg.kind == actCancel || msg.kind == actResume
	var applied tea.Cmd
	if msg.err == nil && billingKind && msg.ws == m.sess.WS {
		// The POST's answer is newer than any GET /billing in flight; it goes
		// through the root's own /billing path so every view of it updates.
		m.billSeq++
		applied = m.update(billingMsg{seq: m.billSeq, billing: msg.billing})
	}
	switch {
	case msg.err != nil && open:
		return nil // the dialog shows the error and offers a retry with the same key
	case msg.err != nil:
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return m.setFlash(actionWhat(msg.kind)+" failed: "+common.OneLine(common.ErrText(msg.err)), true)
	case billingKind:
		if open {
			m.dialog = nil
		}
		return tea.Batch(applied, m.setFlash(m.subscriptionDone(msg), false), m.refreshOverview())
	case !open:
		return tea.Batch(m.setFlash("The "+actionPage(msg.kind)+" was ready after you closed the dialog: not opened, nothing charged", false),
			m.refreshAfterAction())
	}
	if u, err := common.OpenableURL(string(msg.session.URL), true); err == nil {
		return m.openBrowser(u)
	}
	return nil
}

func actionWhat(k actionKind) string {
	switch k {
	case actPortal:
		return "Opening the billing portal"
	case actCancel:
		return "Cancelling the subscription"
	case actResume:
		return "Resuming the subscription"
	}
	return "Checkout"
}

func actionPage(k actionKind) string {
	if k == actPortal {
		return "billing portal"
	}
	return "checkout page"
}

func (m *Model) subscriptionDone(msg actionResultMsg) string {
	p := msg.billing.Plan
	end, _ := planEnd(p, m.sess)
	if msg.kind == actCancel {
		return "Cancelled: your " + string(p.Name) + " plan stays active until " + end + ", then ends"
	}
	return "Resumed: your " + string(p.Name) + " plan renews on " + end
}

// openBrowser opens a checked https URL with the program's opener.
func (m *Model) openBrowser(u string) tea.Cmd {
	if m.act.open != nil {
		return m.act.open(u)
	}
	return m.openURL(u, true)
}

// refreshAfterAction reloads the plan and balance (and the Overview, if
// open) after a session was created: the user may have paid meanwhile.
func (m *Model) refreshAfterAction() tea.Cmd {
	if !m.hasWS {
		return nil
	}
	return tea.Batch(m.fetchBilling(), m.refreshOverview())
}

// refreshOverview reloads the Overview tab when there is one.
func (m *Model) refreshOverview() tea.Cmd {
	for _, t := range m.tabs {
		if t.ID() == model.TabOverview {
			return t.Refresh()
		}
	}
	return nil
}
