package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Plan and credit actions (owner only). Each POST belongs to one dialog and is
// guarded by a postGuard: one Idempotency-Key per confirmation, kept when the
// user retries after an error (so a retry cannot buy twice), never retried on
// its own, and ignored while a request is in flight (a double enter sends one).

type actionKind int

const (
	actCheckout actionKind = iota // plan change or credit pack: a hosted checkout page
	actPortal                     // "Manage billing": a hosted portal page
	actCancel                     // cancel at period end: returns /billing
	actResume                     // undo a pending cancellation: returns /billing
)

// Messages of the action dialogs. from is the dialog that asked, used only as
// an identity: a result whose dialog is no longer open is handled by the root
// (see onActionResult), never by a newer dialog.
type (
	actionResultMsg struct {
		from    dialog
		seq     uint64
		kind    actionKind
		ws      string
		session model.Session
		billing model.Billing
		err     error
	}
	offersMsg struct {
		from  dialog
		seq   uint64
		plans []model.PlanOffer
		packs []model.CreditPack
		err   error
	}
	// actionCloseMsg closes an action dialog; refresh after a session was
	// created, since the user may have paid in the browser meanwhile.
	actionCloseMsg struct{ refresh bool }
	// openPlanMsg jumps from the credits dialog's "paid plan needed" to the plan dialog.
	openPlanMsg struct{}
)

// actionState is the root's part of the actions.
type actionState struct {
	// open starts the browser on a checked https URL; nil means the program's
	// opener (Model.openURL). Tests record instead of launching a browser.
	open func(url string) tea.Cmd
}

type guardState int

const (
	guardIdle guardState = iota
	guardSending
	guardFailed
	guardDone
)

// postGuard is the idle → sending → failed|done state machine of one confirmation.
type postGuard struct {
	key   string // Idempotency-Key, created with the confirmation, reused on retry
	state guardState
	seq   uint64
	err   error
}

func newGuard() postGuard { return postGuard{key: client.NewIdempotencyKey()} }

// begin reports whether a request may be sent now, and with which key and seq.
func (g *postGuard) begin() (key string, seq uint64, ok bool) {
	if g.state == guardSending || g.state == guardDone {
		return "", 0, false
	}
	if g.key == "" {
		g.key = client.NewIdempotencyKey()
	}
	g.seq++
	g.state, g.err = guardSending, nil
	return g.key, g.seq, true
}

// finish records the answer to the request in flight; false for a stale one.
func (g *postGuard) finish(seq uint64, err error) bool {
	if g.state != guardSending || seq != g.seq {
		return false
	}
	if err != nil {
		g.state, g.err = guardFailed, err
	} else {
		g.state = guardDone
	}
	return true
}

// actionReq is a copy of everything one POST needs, taken when it is sent.
type actionReq struct {
	from dialog
	seq  uint64
	kind actionKind
	c    *client.Client
	ctx  context.Context
	ws   string
	key  string
	body model.CheckoutRequest
}

func newActionReq(sess *common.Session, from dialog, kind actionKind, key string, seq uint64) actionReq {
	return actionReq{from: from, seq: seq, kind: kind, c: sess.Client, ctx: sess.Ctx, ws: sess.WS, key: key}
}

// cmd sends the POST once; the client never retries POSTs.
func (r actionReq) cmd() tea.Cmd {
	return func() tea.Msg {
		out := actionResultMsg{from: r.from, seq: r.seq, kind: r.kind, ws: r.ws}
		switch r.kind {
		case actCheckout:
			out.session, out.err = r.c.CreateCheckout(r.ctx, r.ws, r.body, r.key)
		case actPortal:
			out.session, out.err = r.c.CreatePortal(r.ctx, r.ws, r.key)
		case actCancel:
			out.billing, out.err = r.c.CancelSubscription(r.ctx, r.ws, r.key)
		case actResume:
			out.billing, out.err = r.c.ResumeSubscription(r.ctx, r.ws, r.key)
		}
		return out
	}
}

func fetchPlansCmd(sess *common.Session, from dialog, seq uint64) tea.Cmd {
	c, ctx, ws := sess.Client, sess.Ctx, sess.WS
	return func() tea.Msg {
		p, err := c.Plans(ctx, ws)
		return offersMsg{from: from, seq: seq, plans: p, err: err}
	}
}

func fetchPacksCmd(sess *common.Session, from dialog, seq uint64) tea.Cmd {
	c, ctx, ws := sess.Client, sess.Ctx, sess.WS
	return func() tea.Msg {
		p, err := c.CreditPacks(ctx, ws)
		return offersMsg{from: from, seq: seq, packs: p, err: err}
	}
}

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

// isPaidPlanRequired spots the API's 409 paid_plan_required.
func isPaidPlanRequired(err error) bool {
	var ae *client.APIError
	return errors.As(err, &ae) && ae.Code == "paid_plan_required"
}

// actionErrLines explains a failed action in the dialog: the contract's
// special cases in words, anything else as the client's error.
func actionErrLines(err error, what string) []string {
	var ae *client.APIError
	switch {
	case isPaidPlanRequired(err):
		return []string{"✗ Credit packs need a paid plan.", "Choose a plan first: press p for plans."}
	case client.IsPermission(err):
		return []string{"✗ Only the workspace owner can " + what + ".", common.ErrText(err)}
	case errors.As(err, &ae) && ae.Code == "no_subscription":
		return []string{"✗ This workspace is on the free plan: there is no subscription to change."}
	}
	return []string{"✗ Couldn't " + what + ": " + common.ErrText(err)}
}
