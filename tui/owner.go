package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
)

// The owner's actions (p b x u). Each key says why it does nothing before
// any dialog opens — the role, a free plan, nothing to cancel — so nobody
// confirms a purchase only to be refused; the dialogs then send one POST
// each (dialog.post).

// actionBlock is why this session may not run plan actions, "" if it may.
// --as-role narrows the real role, so an owner viewing as member is blocked too.
func (m *Model) actionBlock() string {
	if !m.hasWS {
		return "choose a workspace first"
	}
	role, as := m.wsRef.Role, m.cfg.View.AsRole
	switch {
	case role == model.RoleSupport || as == model.RoleSupport:
		return "support sessions are read-only"
	case !role.CanManagePlan():
		return "plan changes need the workspace owner — you are " + common.WithArticle(model.Sanitize(string(role)))
	case as != "" && !as.CanManagePlan():
		return "plan changes need the owner — you are viewing as " + common.WithArticle(model.Sanitize(string(as)))
	}
	return ""
}

// billingOff is why an action needing the plan cannot open yet.
func (m *Model) billingOff() string {
	switch {
	case m.billing != nil:
		return ""
	case m.billErr != nil:
		return "Couldn't load the plan: press r to retry"
	}
	return "The plan is still loading: try again in a moment"
}

// ownerKeys are p b x u with their reasons.
func (m *Model) ownerKeys() []common.Key {
	g := &m.keys.Global
	block := m.actionBlock()
	if block == "" {
		block = m.billingOff()
	}
	if block != "" {
		return []common.Key{common.OffIf(&g.Plan, block), common.OffIf(&g.BuyCredits, block),
			common.OffIf(&g.CancelPlan, block), common.OffIf(&g.ResumePlan, block)}
	}
	p := m.billing.Plan
	end := "the end of the current period"
	if p.CurrentPeriodEnd != nil {
		end = common.LongDay(*p.CurrentPeriodEnd, m.sess.Loc)
	}
	buy, cancel, resume := "", "", ""
	switch {
	case p.Status == model.PlanFree:
		buy = "Credit packs need a paid plan — p to see plans"
		cancel = "This workspace is on the free plan: there is no subscription to cancel"
		resume = "This workspace is on the free plan: there is no subscription to resume"
	case p.Status == model.PlanCanceled:
		cancel = "The subscription is already canceled"
		resume = "The subscription has ended: p to choose a plan"
	case p.CancelAtPeriodEnd:
		cancel = "Your " + string(p.Name) + " plan already ends on " + end + ": press " + g.ResumePlan.Help().Key + " to resume"
	default:
		resume = "Nothing to resume: your " + string(p.Name) + " plan renews on " + end
	}
	return []common.Key{common.On(&g.Plan), common.OffIf(&g.BuyCredits, buy),
		common.OffIf(&g.CancelPlan, cancel), common.OffIf(&g.ResumePlan, resume)}
}

// onOwnerKey opens the dialog of an owner key that applies.
func (m *Model) onOwnerKey(b *common.Binding) tea.Cmd {
	g := &m.keys.Global
	switch b {
	case &g.Plan:
		return m.openPlanDialog()
	case &g.BuyCredits:
		d, cmd := dialog.NewCredits(m.sess)
		m.showDialog(d)
		return cmd
	case &g.CancelPlan:
		m.showDialog(dialog.NewCancel(m.sess, m.billing.Plan))
	case &g.ResumePlan:
		m.showDialog(dialog.NewResume(m.sess, m.billing.Plan))
	}
	return nil
}

func (m *Model) openPlanDialog() tea.Cmd {
	if why := m.actionBlock(); why != "" {
		return m.setFlash(common.UpperFirst(why), true)
	}
	if why := m.billingOff(); why != "" {
		return m.setFlash(why, true)
	}
	d, cmd := dialog.NewPlan(m.sess, m.billing.Plan)
	m.showDialog(d)
	return cmd
}
