package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// subDialog confirms cancelling at period end (x) or resuming (u). Both
// answer with the /billing document, which the root applies to the header.
type subDialog struct {
	sess   *common.Session
	kind   actionKind // actCancel or actResume
	paras  []string
	guard  postGuard
	scroll int
	w, h   int
}

func (d *subDialog) SetSize(w, h int) { d.w, d.h = w, h }

// planEnd says when the current period ends, in words.
func planEnd(p model.Plan, sess *common.Session) (string, bool) {
	if p.CurrentPeriodEnd == nil {
		return "the end of the current period", false
	}
	return common.LongDay(*p.CurrentPeriodEnd, sess.Loc), true
}

func newCancelDialog(sess *common.Session, p model.Plan) *subDialog {
	end, _ := planEnd(p, sess)
	return &subDialog{sess: sess, kind: actCancel, guard: newGuard(), paras: []string{
		"Your " + string(p.Name) + " plan stays active until " + end + ", then ends.",
		"",
		"Nothing more is charged after that. You can resume before then with u.",
	}}
}

func newResumeDialog(sess *common.Session, p model.Plan) *subDialog {
	end, _ := planEnd(p, sess)
	return &subDialog{sess: sess, kind: actResume, guard: newGuard(), paras: []string{
		"Your " + string(p.Name) + " plan will renew on " + end + " and keep billing " +
			strings.ToLower(p.Interval.Label()) + ".",
		"",
		"The pending cancellation is dropped.",
	}}
}

func (d *subDialog) title() string {
	if d.kind == actCancel {
		return "Cancel subscription"
	}
	return "Resume subscription"
}

func (d *subDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back):
		// Closing while sending does not stop the request: its answer is
		// applied by the root when it arrives.
		return emit(actionCloseMsg{})
	case key.Matches(msg, k.Confirm):
		idem, seq, ok := d.guard.begin()
		if !ok {
			return nil // already sending: a second enter sends nothing
		}
		return newActionReq(d.sess, d, d.kind, idem, seq).cmd()
	case key.Matches(msg, k.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(msg, k.Down):
		d.scroll++
	}
	return nil
}

func (d *subDialog) result(r actionResultMsg) bool { return d.guard.finish(r.seq, r.err) }

func (d *subDialog) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	body := common.Wrap(inner, d.paras...)
	hint := "enter cancel subscription · esc keep it"
	if d.kind == actResume {
		hint = "enter resume · esc back"
	}
	switch d.guard.state {
	case guardSending:
		body = append(body, "", st.Muted.Render("Sending…"))
		hint = "esc close (the request still completes)"
	case guardFailed:
		body = append(body, "")
		for _, l := range common.Wrap(inner, actionErrLines(d.guard.err, "change the subscription")...) {
			body = append(body, st.Error.Render(l))
		}
		hint = "enter retry (same request) · esc close"
	}
	return common.Box(st, d.title(), common.ScrollBody(st, body, &d.scroll, max(1, d.h-3), hint), inner)
}
