package dialog

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Plan and credit actions (owner only) share one checkout flow: a
// confirmation, then one POST guarded by a postGuard — one Idempotency-Key
// per confirmation, kept when the user retries after an error (so a retry
// cannot buy twice), never retried on its own, and ignored while a request
// is in flight (a double enter sends one).

type actionKind int

const (
	actCheckout actionKind = iota // plan change or credit pack: a hosted checkout page
	actPortal                     // "Manage billing": a hosted portal page
	actCancel                     // cancel at period end: answers /billing
	actResume                     // undo a pending cancellation: answers /billing
)

// resultMsg is a POST's answer. from is the dialog that asked, used only as
// an identity: an answer whose dialog is no longer open goes to Orphaned.
type resultMsg struct {
	from    common.Dialog
	seq     uint64
	kind    actionKind
	ws      string
	session model.Session
	billing model.Billing
	err     error
}

func (m resultMsg) ForDialog() common.Dialog { return m.from }

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

// post is one guarded POST of a dialog: its kind and body, the guard, and
// the session a checkout or portal answered with.
type post struct {
	kind    actionKind
	body    model.CheckoutRequest
	guard   postGuard
	session model.Session
}

func newPost(kind actionKind, body model.CheckoutRequest) post {
	return post{kind: kind, body: body, guard: newGuard()}
}

// send starts the POST unless one is in flight or done; the command works on
// copies only and the client never retries POSTs.
func (p *post) send(sess *common.Session, from common.Dialog) tea.Cmd {
	idem, seq, ok := p.guard.begin()
	if !ok {
		return nil
	}
	c, ctx, ws, kind, body := sess.Client, sess.Ctx, sess.WS, p.kind, p.body
	return func() tea.Msg {
		out := resultMsg{from: from, seq: seq, kind: kind, ws: ws}
		switch kind {
		case actCheckout:
			out.session, out.err = c.CreateCheckout(ctx, ws, body, idem)
		case actPortal:
			out.session, out.err = c.CreatePortal(ctx, ws, idem)
		case actCancel:
			out.billing, out.err = c.CancelSubscription(ctx, ws, idem)
		case actResume:
			out.billing, out.err = c.ResumeSubscription(ctx, ws, idem)
		}
		return out
	}
}

// result applies an answer to this post; false for a stale one. A session
// that passes the URL policy is opened.
func (p *post) result(r resultMsg, loc *time.Location) (ok bool, act common.Action) {
	if !p.guard.finish(r.seq, r.err) {
		return false, nil
	}
	if r.err != nil {
		return true, nil
	}
	switch r.kind {
	case actCheckout, actPortal:
		p.session = r.session
		if u, err := common.OpenableURL(string(r.session.URL), true); err == nil {
			return true, common.OpenURL{URL: u, HTTPSOnly: true}
		}
	case actCancel, actResume:
		return true, common.Actions{common.BillingChanged{WS: r.ws, Billing: r.billing, Done: subscriptionDone(r, loc)}, common.CloseDialog{}}
	}
	return true, nil
}

// closeAction is esc on a confirmation: while sending the answer is still
// handled (by Orphaned); once a session exists the balance may have changed.
func (p *post) closeAction() common.Action {
	if p.guard.state == guardDone && (p.kind == actCheckout || p.kind == actPortal) {
		return common.Actions{common.CloseDialog{}, common.RefreshBilling{}}
	}
	return common.CloseDialog{}
}

// Orphaned turns the answer to a dialog that is no longer open into what
// the root must still do: apply a new /billing, or say that a checkout page
// was ready after the user walked away (it is not opened: nothing charged).
// ok is false for messages that are not such answers.
func Orphaned(msg tea.Msg, loc *time.Location) (act common.Action, ok bool) {
	r, isResult := msg.(resultMsg)
	if !isResult {
		return nil, false
	}
	switch {
	case r.err != nil && errors.Is(r.err, context.Canceled):
		return nil, true
	case r.err != nil:
		return common.Flash{Text: actionWhat(r.kind) + " failed: " + common.OneLine(common.ErrText(r.err)), Err: true}, true
	case r.kind == actCancel || r.kind == actResume:
		return common.BillingChanged{WS: r.ws, Billing: r.billing, Done: subscriptionDone(r, loc)}, true
	}
	return common.Actions{
		common.Flash{Text: "The " + actionPage(r.kind) + " was ready after you closed the dialog: not opened, nothing charged"},
		common.RefreshBilling{},
	}, true
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

func subscriptionDone(r resultMsg, loc *time.Location) string {
	p := r.billing.Plan
	end := planEnd(p, loc)
	if r.kind == actCancel {
		return "Cancelled: your " + string(p.Name) + " plan stays active until " + end + ", then ends"
	}
	return "Resumed: your " + string(p.Name) + " plan renews on " + end
}

// lines is the state of the POST under a confirmation's text: progress, the
// error with what to do, or the created session. hint is the keys line.
func (p *post) lines(sess *common.Session, paras []string, inner int, what string) (body []string, hint string) {
	st := sess.Styles
	body = common.Wrap(inner, paras...)
	switch p.guard.state {
	case guardSending:
		body = append(body, "", st.Muted.Render("Creating a secure session…"))
		if p.kind == actCancel || p.kind == actResume {
			body[len(body)-1] = st.Muted.Render("Sending…")
		}
		hint = "esc close (the request still completes)"
	case guardFailed:
		var errLines []string
		for _, l := range common.Wrap(inner, actionErrLines(p.guard.err, what)...) {
			errLines = append(errLines, st.Error.Render(l))
		}
		// The reason comes first: at 60×16 only a few lines fit.
		body = append(append(errLines, ""), body...)
		hint = "enter retry (same request) · esc back"
		if isPaidPlanRequired(p.guard.err) {
			hint = "p plans · esc back"
		}
	case guardDone:
		body = sessionLines(sess, p.session, inner)
		hint = "y copy URL · esc close"
	}
	return body, hint
}

// sessionLines shows a created session's URL whole (for SSH sessions, where
// the browser opens elsewhere or not at all), or why it was refused.
func sessionLines(sess *common.Session, s model.Session, inner int) []string {
	st := sess.Styles
	u, err := common.OpenableURL(string(s.URL), true)
	if err != nil {
		out := []string{st.Error.Render("✗ Refused to open: the server's URL is not https.")}
		for _, l := range common.HardWrap(string(s.URL), inner) {
			out = append(out, st.Muted.Render(l))
		}
		return out
	}
	if sess.Redact.Enabled() {
		// --redact is for screens that are shared: the link stays off screen.
		return common.Wrap(inner, "Finish in your browser. The URL is hidden (--redact): y copies it.")
	}
	out := common.Wrap(inner, "Finish in your browser, or open this URL (y copies it):")
	out = append(out, common.HardWrap(u, inner)...)
	if s.ExpiresAt != nil {
		out = append(out, st.Muted.Render("The link expires "+common.FmtTime(*s.ExpiresAt, sess.Loc)+"."))
	}
	return out
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

// offers is one dialog's list of plans or packs: one loader for both.
type offers[T any] struct {
	seq    uint64
	items  []T
	loaded bool
	err    error
}

// offersMsg is the answer to an offers load.
type offersMsg[T any] struct {
	from  common.Dialog
	seq   uint64
	items []T
	err   error
}

func (m offersMsg[T]) ForDialog() common.Dialog { return m.from }

func (o *offers[T]) load(sess *common.Session, from common.Dialog, fetch func(context.Context, *client.Client, string) ([]T, error)) tea.Cmd {
	o.seq++
	o.err = nil
	seq, c, ctx, ws := o.seq, sess.Client, sess.Ctx, sess.WS
	return func() tea.Msg {
		items, err := fetch(ctx, c, ws)
		return offersMsg[T]{from: from, seq: seq, items: items, err: err}
	}
}

// set applies an answer; false for a stale one.
func (o *offers[T]) set(m offersMsg[T]) bool {
	if m.seq != o.seq {
		return false
	}
	if m.err != nil {
		o.err = m.err
		return true
	}
	o.items, o.loaded = m.items, true
	return true
}

// actionInner is the inner width of an action dialog: roomy on wide
// terminals, never wider than the screen.
func actionInner(w int) int { return min(max(w-6, 20), 74) }

func ivWord(iv model.Interval) string { return strings.ToLower(iv.Label()) }

// planEnd says when the current period ends, in words.
func planEnd(p model.Plan, loc *time.Location) string {
	if p.CurrentPeriodEnd == nil {
		return "the end of the current period"
	}
	return common.LongDay(*p.CurrentPeriodEnd, loc)
}
