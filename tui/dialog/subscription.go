package dialog

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Subscription confirms cancelling at the period end (x) or resuming (u).
// Both answer with the /billing document, which the root applies.
type Subscription struct {
	sess   *common.Session
	paras  []string
	post   post
	scroll int
	w, h   int
}

// NewCancel confirms cancelling p at its period end.
func NewCancel(sess *common.Session, p model.Plan) *Subscription {
	end := planEnd(p, sess.Loc)
	return &Subscription{sess: sess, post: newPost(actCancel, model.CheckoutRequest{}), paras: []string{
		"Your " + string(p.Name) + " plan stays active until " + end + ", then ends.",
		"",
		"Nothing more is charged after that. You can resume before then with u.",
	}}
}

// NewResume confirms dropping p's pending cancellation.
func NewResume(sess *common.Session, p model.Plan) *Subscription {
	end := planEnd(p, sess.Loc)
	return &Subscription{sess: sess, post: newPost(actResume, model.CheckoutRequest{}), paras: []string{
		"Your " + string(p.Name) + " plan will renew on " + end + " and keep billing " +
			strings.ToLower(p.Interval.Label()) + ".",
		"",
		"The pending cancellation is dropped.",
	}}
}

func (d *Subscription) SetSize(w, h int) { d.w, d.h = w, h }

func (d *Subscription) title() string {
	if d.post.kind == actCancel {
		return "Cancel subscription"
	}
	return "Resume subscription"
}

func (d *Subscription) Keys() []common.Key {
	k := &d.sess.Keys.Action
	return []common.Key{
		common.OffIf(&k.Confirm, onlyIf(d.post.guard.state != guardSending, "already sending")),
		common.On(&k.Up), common.On(&k.Down), common.On(&k.Close),
	}
}

func (d *Subscription) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Action
	switch msg := msg.(type) {
	case resultMsg:
		_, act := d.post.result(msg, d.sess.Loc)
		return nil, act
	case tea.KeyPressMsg:
		switch {
		case common.Matches(msg, &k.Close):
			// Closing while sending does not stop the request: its answer
			// is applied when it arrives (see Orphaned).
			return nil, common.CloseDialog{}
		case common.Matches(msg, &k.Confirm):
			return d.post.send(d.sess, d), nil // nil while sending: a second enter sends nothing
		case common.Matches(msg, &k.Up):
			d.scroll = max(0, d.scroll-1)
		case common.Matches(msg, &k.Down):
			d.scroll++
		}
	}
	return nil, nil
}

func (d *Subscription) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	body, hint := d.post.lines(d.sess, d.paras, inner, "change the subscription")
	switch d.post.guard.state {
	case guardIdle:
		hint = "enter cancel subscription · esc keep it"
		if d.post.kind == actResume {
			hint = "enter resume · esc back"
		}
	case guardFailed:
		hint = "enter retry (same request) · esc close"
	}
	return common.Box(st, d.title(), common.ScrollBody(st, body, &d.scroll, max(1, d.h-3), hint), inner)
}
