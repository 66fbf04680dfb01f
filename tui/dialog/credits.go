package dialog

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Quantity bounds of the stepper (the API takes 1–100).
const (
	minPacks = 1
	maxPacks = 99
)

// Credits (b) buys credit packs: choose a pack, step the quantity, read the
// exact totals, confirm, finish on the hosted checkout. The root opens it
// only on a paid plan (packs need one); a 409 that says so anyway is shown
// with p to the plans.
type Credits struct {
	sess *common.Session

	offers offers[model.CreditPack]
	cursor int
	qty    int

	confirming bool
	pack       model.CreditPack
	count      int
	post       post
	scroll     int

	w, h int
}

// NewCredits opens the credit-pack dialog; the command loads the packs.
func NewCredits(sess *common.Session) (*Credits, tea.Cmd) {
	d := &Credits{sess: sess, qty: 1}
	return d, d.load()
}

func (d *Credits) load() tea.Cmd {
	return d.offers.load(d.sess, d, func(ctx context.Context, c *client.Client, ws string) ([]model.CreditPack, error) {
		return c.CreditPacks(ctx, ws)
	})
}

func (d *Credits) SetSize(w, h int) { d.w, d.h = w, h }

// packTotals is quantity × the pack's credits and price, exactly; ok is
// false on overflow (a server offering absurd packs), which blocks the purchase.
func packTotals(p model.CreditPack, n int) (credits, price model.Credits, ok bool) {
	c, err1 := p.Credits.Mul(int64(n))
	m, err2 := p.Price.Mul(int64(n))
	return c, m, err1 == nil && err2 == nil
}

func (d *Credits) Keys() []common.Key {
	k := &d.sess.Keys.Action
	if d.confirming {
		paidPlan := d.post.guard.state == guardFailed && isPaidPlanRequired(d.post.guard.err)
		return []common.Key{
			common.OffIf(&k.Confirm, onlyIf(d.post.guard.state == guardIdle || d.post.guard.state == guardFailed, "already sent")),
			common.OffIf(&k.Plans, onlyIf(paidPlan, "the plans are for a workspace without a paid plan")),
			common.OffIf(&k.CopyURL, onlyIf(d.post.guard.state == guardDone && d.post.session.URL != "", "no checkout page yet")),
			common.On(&k.Up), common.On(&k.Down), common.On(&k.Close),
		}
	}
	loaded := onlyIf(d.offers.loaded && len(d.offers.items) > 0, "no credit packs to choose from")
	return []common.Key{
		common.OffIf(&k.Up, loaded), common.OffIf(&k.Down, loaded), common.OffIf(&k.Top, loaded), common.OffIf(&k.Bottom, loaded),
		common.OffIf(&k.More, loaded), common.OffIf(&k.Fewer, loaded), common.OffIf(&k.Choose, loaded),
		common.OffIf(&k.Retry, onlyIf(d.offers.err != nil, "nothing failed")),
		common.On(&k.Close),
	}
}

func (d *Credits) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	switch msg := msg.(type) {
	case offersMsg[model.CreditPack]:
		if d.offers.set(msg) {
			d.cursor = min(d.cursor, max(0, len(d.offers.items)-1))
		}
		return nil, nil
	case resultMsg:
		if !d.confirming {
			return nil, nil
		}
		_, act := d.post.result(msg, d.sess.Loc)
		return nil, act
	case tea.KeyPressMsg:
		if d.confirming {
			return d.updateConfirm(msg)
		}
		return d.updateList(msg)
	}
	return nil, nil
}

func (d *Credits) updateList(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Action
	packs := d.offers.items
	switch {
	case common.Matches(msg, &k.Close):
		return nil, common.CloseDialog{}
	case !d.offers.loaded:
		if common.Matches(msg, &k.Retry) && d.offers.err != nil {
			return d.load(), nil
		}
	case common.Matches(msg, &k.Up, &k.Down, &k.Top, &k.Bottom):
		d.cursor = moveCursor(&k.Up, &k.Down, &k.Top, &k.Bottom, msg, d.cursor, len(packs))
	case common.Matches(msg, &k.More):
		d.qty = min(maxPacks, d.qty+1)
	case common.Matches(msg, &k.Fewer):
		d.qty = max(minPacks, d.qty-1)
	case common.Matches(msg, &k.Choose):
		if d.cursor < len(packs) {
			if _, _, ok := packTotals(packs[d.cursor], d.qty); ok {
				d.confirming, d.scroll = true, 0
				d.pack, d.count = packs[d.cursor], d.qty
				// One key per confirmation.
				d.post = newPost(actCheckout, model.CheckoutRequest{CreditPackID: string(d.pack.ID), Quantity: d.count})
			}
		}
	}
	return nil, nil
}

func (d *Credits) updateConfirm(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Action
	switch {
	case common.Matches(msg, &k.Close):
		switch d.post.guard.state {
		case guardSending, guardDone:
			return nil, d.post.closeAction()
		}
		d.confirming = false
	case common.Matches(msg, &k.Confirm):
		return d.post.send(d.sess, d), nil
	case common.Matches(msg, &k.CopyURL) && d.post.guard.state == guardDone && d.post.session.URL != "":
		return nil, common.Copy{Text: string(d.post.session.URL), What: "the URL"}
	case common.Matches(msg, &k.Plans) && d.post.guard.state == guardFailed && isPaidPlanRequired(d.post.guard.err):
		return nil, common.OpenPlans{}
	case common.Matches(msg, &k.Up):
		d.scroll = max(0, d.scroll-1)
	case common.Matches(msg, &k.Down):
		d.scroll++
	}
	return nil, nil
}

func (d *Credits) rows(inner int) []string {
	st := d.sess.Styles
	packs := d.offers.items
	var nameW, cW, pW int
	for _, p := range packs {
		nameW = max(nameW, common.TextWidth(string(p.Name)))
		cW = max(cW, common.TextWidth(p.Credits.Grouped()+" credits"))
		pW = max(pW, common.TextWidth(common.Money(p.Price, p.Currency)))
	}
	nameW = max(4, min(nameW, inner-2-2-cW-2-pW))
	out := make([]string, 0, len(packs))
	for i, p := range packs {
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
func (d *Credits) totalLine(inner int) string {
	if d.cursor >= len(d.offers.items) {
		return ""
	}
	p := d.offers.items[d.cursor]
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

func (d *Credits) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	room := max(1, d.h-3)
	if d.confirming {
		return d.confirmView(inner, room)
	}
	packs := d.offers.items
	switch {
	case d.offers.err != nil:
		body := []string{st.Error.Render("✗ Couldn't load the credit packs")}
		body = append(body, common.Wrap(inner, common.ErrText(d.offers.err))...)
		lines := common.FitLines(nil, body, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("r retry · esc close")), inner)
	case !d.offers.loaded:
		lines := common.FitLines(nil, []string{st.Muted.Render("Loading credit packs…")}, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("esc close")), inner)
	case len(packs) == 0:
		lines := common.FitLines(nil, []string{st.Muted.Render("No credit packs offered.")}, nil, 0, room)
		return common.Box(st, "Buy credits", append(lines, st.Muted.Render("esc close")), inner)
	}
	bottom := []string{d.totalLine(inner)}
	if room >= len(packs)+2 {
		bottom = append([]string{""}, bottom...)
	}
	lines := common.FitLines(nil, d.rows(inner), bottom, d.cursor, room)
	hint := "↑↓ pack · ←→ or +/− quantity · enter buy · esc close"
	if inner < 60 {
		hint = "↑↓ pack · ←→ qty · enter buy · esc"
	}
	return common.Box(st, "Buy credits", append(lines, st.Muted.Render(hint)), inner)
}

func (d *Credits) confirmView(inner, room int) string {
	st := d.sess.Styles
	c, m, _ := packTotals(d.pack, d.count)
	paras := []string{
		"Buy " + strconv.Itoa(d.count) + " × " + string(d.pack.Name) + ": " + c.Grouped() + " credits for " + common.Money(m, d.pack.Currency) + ".",
		"",
		"Credits are added when the payment completes. You pay on a hosted checkout page in your browser; tally never sees card details.",
	}
	body, hint := d.post.lines(d.sess, paras, inner, "create the checkout")
	if d.post.guard.state == guardIdle {
		hint = "enter continue to checkout · esc back"
	}
	return common.Box(st, "Buy credits", common.ScrollBody(st, body, &d.scroll, room, hint), inner)
}
