package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Quantity bounds of the stepper (the API takes 1–100).
const (
	minPacks = 1
	maxPacks = 99
)

// creditsDialog (b) buys credit packs: choose a pack, step the quantity,
// read the exact totals, confirm, finish on the hosted checkout.
type creditsDialog struct {
	sess *common.Session
	free bool // plan.status was free when the dialog opened: packs need a paid plan

	packs   []model.CreditPack
	loadSeq uint64
	loaded  bool
	loadErr error

	cursor int
	qty    int

	confirming bool
	pack       model.CreditPack
	count      int
	guard      postGuard
	session    model.Session
	scroll     int

	w, h int
}

func newCreditsDialog(sess *common.Session, free bool) *creditsDialog {
	return &creditsDialog{sess: sess, free: free, qty: 1}
}

func (d *creditsDialog) load() tea.Cmd {
	d.loadSeq++
	d.loadErr = nil
	return fetchPacksCmd(d.sess, d, d.loadSeq)
}

func (d *creditsDialog) setOffers(msg offersMsg) {
	if msg.seq != d.loadSeq {
		return
	}
	if msg.err != nil {
		d.loadErr = msg.err
		return
	}
	d.packs, d.loaded = msg.packs, true
	d.cursor = min(d.cursor, max(0, len(d.packs)-1))
}

func (d *creditsDialog) SetSize(w, h int) { d.w, d.h = w, h }

func (d *creditsDialog) result(r actionResultMsg) bool {
	if !d.confirming || !d.guard.finish(r.seq, r.err) {
		return false
	}
	if r.err == nil {
		d.session = r.session
	}
	return true
}

// totals is quantity × the pack's credits and price, exactly; ok is false on
// overflow (a server offering absurd packs), which blocks the purchase.
func packTotals(p model.CreditPack, n int) (credits, price model.Credits, ok bool) {
	c, err1 := p.Credits.Mul(int64(n))
	m, err2 := p.Price.Mul(int64(n))
	return c, m, err1 == nil && err2 == nil
}

func (d *creditsDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	if d.confirming {
		return d.updateConfirm(msg)
	}
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back):
		return emit(actionCloseMsg{})
	case !d.loaded:
		if key.Matches(msg, k.Refresh, k.Confirm) && d.loadErr != nil {
			return d.load()
		}
	case IsMove(k, msg):
		d.cursor, _ = MoveCursor(k, msg, d.cursor, len(d.packs))
	case key.Matches(msg, k.MorePacks):
		d.qty = min(maxPacks, d.qty+1)
	case key.Matches(msg, k.FewerPacks):
		d.qty = max(minPacks, d.qty-1)
	case key.Matches(msg, k.Plan) && d.free:
		return emit(openPlanMsg{})
	case key.Matches(msg, k.Confirm):
		if d.cursor < len(d.packs) {
			if _, _, ok := packTotals(d.packs[d.cursor], d.qty); ok {
				d.confirming, d.scroll = true, 0
				d.pack, d.count = d.packs[d.cursor], d.qty
				d.guard = newGuard() // one key per confirmation
				d.session = model.Session{}
			}
		}
	}
	return nil
}

func (d *creditsDialog) updateConfirm(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back):
		switch d.guard.state {
		case guardSending:
			return emit(actionCloseMsg{})
		case guardDone:
			return emit(actionCloseMsg{refresh: true})
		}
		d.confirming = false
	case key.Matches(msg, k.Confirm):
		idem, seq, ok := d.guard.begin()
		if !ok {
			return nil
		}
		r := newActionReq(d.sess, d, actCheckout, idem, seq)
		r.body = model.CheckoutRequest{CreditPackID: string(d.pack.ID), Quantity: d.count}
		return r.cmd()
	case key.Matches(msg, k.CopyURL) && d.guard.state == guardDone && d.session.URL != "":
		return emit(copyMsg{text: string(d.session.URL), what: "the URL"})
	case key.Matches(msg, k.Plan) && d.guard.state == guardFailed && isPaidPlanRequired(d.guard.err):
		return emit(openPlanMsg{})
	case key.Matches(msg, k.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(msg, k.Down):
		d.scroll++
	}
	return nil
}

func (d *creditsDialog) freeNote() string {
	return "⚠ Credit packs need a paid plan: press p to choose one."
}

func (d *creditsDialog) rows(inner int) []string {
	st := d.sess.Styles
	var nameW, cW, pW int
	for _, p := range d.packs {
		nameW = max(nameW, common.TextWidth(string(p.Name)))
		cW = max(cW, common.TextWidth(p.Credits.Grouped()+" credits"))
		pW = max(pW, common.TextWidth(common.Money(p.Price, p.Currency)))
	}
	nameW = max(4, min(nameW, inner-2-2-cW-2-pW))
	out := make([]string, 0, len(d.packs))
	for i, p := range d.packs {
		var b strings.Builder
		if i == d.cursor {
			b.WriteString("▸ ")
		} else {
			b.WriteString("  ")
		}
		common.Fit(&b, string(p.Name), nameW, common.AlignLeft)
		b.WriteString("  ")
		common.Fit(&b, p.Credits.Grouped()+" credits", cW, common.AlignRight)
		b.WriteString("  ")
		common.Fit(&b, common.Money(p.Price, p.Currency), pW, common.AlignRight)
		line := b.String()
		if i == d.cursor {
			line = st.Selected.Render(common.PadRight(line, inner))
		}
		out = append(out, line)
	}
	return out
}

// totalLine is the stepper and the exact totals of the selected pack.
func (d *creditsDialog) totalLine(inner int) string {
	if d.cursor >= len(d.packs) {
		return ""
	}
	p := d.packs[d.cursor]
	c, m, ok := packTotals(p, d.qty)
	label := "Quantity"
	if inner < 60 {
		label = "Qty"
	}
	s := label + "  ‹ " + strconv.Itoa(d.qty) + " ›   "
	if !ok {
		return s + d.sess.Styles.Error.Render("total too large")
	}
	return s + "Total " + d.sess.Styles.Strong.Render(c.Grouped()+" credits · "+common.Money(m, p.Currency))
}

func (d *creditsDialog) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	room := max(1, d.h-3)
	if d.confirming {
		return d.confirmView(inner, room)
	}
	var top []string
	if d.free {
		top = append(top, st.Warn.Render(d.freeNote()))
	}
	switch {
	case d.loadErr != nil:
		body := []string{st.Error.Render("✗ Couldn't load the credit packs")}
		body = append(body, common.Wrap(inner, common.ErrText(d.loadErr))...)
		lines := common.FitLines(top, body, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("r retry · esc close")), inner)
	case !d.loaded:
		lines := common.FitLines(top, []string{st.Muted.Render("Loading credit packs…")}, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("esc close")), inner)
	case len(d.packs) == 0:
		lines := common.FitLines(top, []string{st.Muted.Render("No credit packs offered.")}, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("esc close")), inner)
	}
	bottom := []string{d.totalLine(inner)}
	if room >= len(top)+len(d.packs)+2 {
		bottom = append([]string{""}, bottom...)
	}
	lines := common.FitLines(top, d.rows(inner), bottom, d.cursor, room)
	hint := "↑↓ pack · ←→ or +/− quantity · enter buy · esc close"
	if inner < 60 {
		hint = "↑↓ pack · ←→ qty · enter buy · esc"
	}
	return common.Box(st, "Buy credits", append(lines, st.Muted.Render(hint)), inner)
}

func (d *creditsDialog) confirmView(inner, room int) string {
	st := d.sess.Styles
	c, m, _ := packTotals(d.pack, d.count)
	body := common.Wrap(inner,
		"Buy "+strconv.Itoa(d.count)+" × "+string(d.pack.Name)+": "+c.Grouped()+" credits for "+common.Money(m, d.pack.Currency)+".",
		"",
		"Credits are added when the payment completes. You pay on a hosted checkout page in your browser; tally never sees card details.")
	if d.free {
		body = append([]string{st.Warn.Render(d.freeNote())}, body...)
	}
	hint := "enter continue to checkout · esc back"
	switch d.guard.state {
	case guardSending:
		body = append(body, "", st.Muted.Render("Creating a secure session…"))
		hint = "esc close (the request still completes)"
	case guardFailed:
		var errLines []string
		for _, l := range common.Wrap(inner, actionErrLines(d.guard.err, "create the checkout")...) {
			errLines = append(errLines, st.Error.Render(l))
		}
		// The reason comes first: at 60×16 only a few lines fit.
		body = append(append(errLines, ""), body...)
		hint = "enter retry (same request) · esc back"
		if isPaidPlanRequired(d.guard.err) {
			hint = "p plans · esc back"
		}
	case guardDone:
		body = sessionLines(st, d.session, inner, d.sess)
		hint = "y copy URL · esc close"
	}
	return common.Box(st, "Buy credits", common.ScrollBody(st, body, &d.scroll, room, hint), inner)
}
