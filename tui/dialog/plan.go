package dialog

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Plan (p) lists the plans with both prices, toggles the interval (m/y),
// explains what a change does before anything is sent, and opens the hosted
// checkout; o opens the billing portal ("Manage billing").
type Plan struct {
	sess *common.Session
	cur  model.Plan // the plan when the dialog opened

	offers   offers[model.PlanOffer]
	cursor   int
	interval model.Interval

	// The confirmation (also the portal's progress).
	confirming bool
	choice     model.PlanOffer
	chosenIv   model.Interval
	paras      []string
	sendable   bool
	post       post
	scroll     int

	w, h int
}

// NewPlan opens the plan dialog; the command loads the plans.
func NewPlan(sess *common.Session, cur model.Plan) (*Plan, tea.Cmd) {
	d := &Plan{sess: sess, cur: cur, interval: model.IntervalMonth}
	if cur.Interval == model.IntervalYear {
		d.interval = model.IntervalYear
	}
	return d, d.load()
}

func (d *Plan) load() tea.Cmd {
	return d.offers.load(d.sess, d, func(ctx context.Context, c *client.Client, ws string) ([]model.PlanOffer, error) {
		return c.Plans(ctx, ws)
	})
}

func (d *Plan) SetSize(w, h int) { d.w, d.h = w, h }

// Keys are the dialog's bindings in its current step.
func (d *Plan) Keys() []common.Key {
	k := &d.sess.Keys.Action
	if d.confirming {
		ks := []common.Key{
			common.OffIf(&k.Confirm, d.confirmOff()),
			common.OffIf(&k.CopyURL, onlyIf(d.post.guard.state == guardDone && d.post.session.URL != "", "no checkout page yet")),
			common.On(&k.Up), common.On(&k.Down), common.On(&k.Close),
		}
		return ks
	}
	loaded := onlyIf(d.offers.loaded, "the plans are still loading")
	return []common.Key{
		common.OffIf(&k.Up, loaded), common.OffIf(&k.Down, loaded), common.OffIf(&k.Top, loaded), common.OffIf(&k.Bottom, loaded),
		common.OffIf(&k.Choose, loaded),
		common.On(&k.Monthly), common.On(&k.Yearly), common.On(&k.SwitchInterval),
		common.On(&k.Portal),
		common.OffIf(&k.Retry, onlyIf(d.offers.err != nil, "nothing failed")),
		common.On(&k.Close),
	}
}

func (d *Plan) confirmOff() string {
	switch {
	case d.post.guard.state == guardSending:
		return "already sending"
	case d.post.guard.state == guardDone:
		return "done: finish in the browser"
	}
	return ""
}

// onlyIf is "" when ok, else why.
func onlyIf(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

func (d *Plan) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	switch msg := msg.(type) {
	case offersMsg[model.PlanOffer]:
		if d.offers.set(msg) && d.offers.loaded {
			for i, p := range d.offers.items {
				if p.ID == d.cur.ID {
					d.cursor = i
				}
			}
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

func (d *Plan) updateList(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Action
	switch {
	case common.Matches(msg, &k.Close):
		return nil, common.CloseDialog{}
	case !d.offers.loaded:
		if common.Matches(msg, &k.Retry) && d.offers.err != nil {
			return d.load(), nil
		}
	case common.Matches(msg, &k.Up, &k.Down, &k.Top, &k.Bottom):
		d.cursor = moveCursor(&k.Up, &k.Down, &k.Top, &k.Bottom, msg, d.cursor, len(d.offers.items))
	case common.Matches(msg, &k.Monthly):
		d.interval = model.IntervalMonth
	case common.Matches(msg, &k.Yearly):
		d.interval = model.IntervalYear
	case common.Matches(msg, &k.SwitchInterval):
		if d.interval == model.IntervalMonth {
			d.interval = model.IntervalYear
		} else {
			d.interval = model.IntervalMonth
		}
	case common.Matches(msg, &k.Portal):
		return d.openPortal(), nil
	case common.Matches(msg, &k.Choose):
		if d.cursor < len(d.offers.items) {
			d.confirm(d.offers.items[d.cursor], d.interval)
		}
	}
	return nil, nil
}

// openPortal needs no confirmation (nothing is bought) but goes through the
// same guard: one key, one request.
func (d *Plan) openPortal() tea.Cmd {
	d.confirming, d.scroll = true, 0
	d.paras = []string{"Manage billing: payment methods, invoices and receipts on the hosted billing portal."}
	d.sendable = true
	d.post = newPost(actPortal, model.CheckoutRequest{})
	return d.post.send(d.sess, d)
}

func (d *Plan) updateConfirm(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Action
	switch {
	case common.Matches(msg, &k.Close):
		switch d.post.guard.state {
		case guardSending, guardDone:
			return nil, d.post.closeAction() // the answer is still handled when it comes
		}
		d.confirming = false
	case common.Matches(msg, &k.Confirm):
		if d.sendable && d.post.guard.state != guardDone {
			return d.post.send(d.sess, d), nil
		}
		if !d.sendable {
			d.confirming = false
		}
	case common.Matches(msg, &k.CopyURL) && d.post.guard.state == guardDone && d.post.session.URL != "":
		return nil, common.Copy{Text: string(d.post.session.URL), What: "the URL"}
	case common.Matches(msg, &k.Up):
		d.scroll = max(0, d.scroll-1)
	case common.Matches(msg, &k.Down):
		d.scroll++
	}
	return nil, nil
}

// confirm builds the confirmation for a plan and interval; each confirmation
// gets its own Idempotency-Key.
func (d *Plan) confirm(o model.PlanOffer, iv model.Interval) {
	d.confirming, d.scroll = true, 0
	d.choice, d.chosenIv = o, iv
	d.paras, d.sendable = planChangeText(d.cur, d.offers.items, o, iv, d.sess)
	d.post = newPost(actCheckout, model.CheckoutRequest{PlanID: string(o.ID), Interval: iv})
}

// planChangeText says what choosing o at iv does, and whether there is
// anything to send. An upgrade or downgrade is decided by the monthly price
// against the current plan's; the same plan yearly applies now (prorated),
// monthly at the period end.
func planChangeText(cur model.Plan, offers []model.PlanOffer, o model.PlanOffer, iv model.Interval, sess *common.Session) ([]string, bool) {
	price, per := o.MonthlyPrice, "a month"
	if iv == model.IntervalYear {
		price, per = o.YearlyPrice, "a year"
	}
	name := string(o.Name) + " (" + ivWord(iv) + ")"
	cost := common.Money(price, o.Currency) + " " + per + " · " + o.CreditsPerMonth.Grouped() + " credits a month"
	hosted := "You pay on a hosted checkout page in your browser; tally never sees card details."
	end := planEnd(cur, sess.Loc)
	paid := cur.Status != model.PlanFree && cur.Status != model.PlanCanceled && cur.ID != ""
	free := o.MonthlyPrice == 0 && o.YearlyPrice == 0
	var curOffer *model.PlanOffer
	for i := range offers {
		if offers[i].ID == cur.ID {
			curOffer = &offers[i]
		}
	}
	// The first line says what happens and when: at 60×16 little else fits.
	switch {
	case free && !paid:
		return []string{string(o.Name) + " is your current plan. Nothing to change."}, false
	case free:
		return []string{"To move to " + string(o.Name) + ", cancel the subscription (x): your " + string(cur.Name) +
			" plan stays active until " + end + ", then ends."}, false
	case paid && o.ID == cur.ID && iv == cur.Interval:
		return []string{name + " is your current plan. Nothing to change."}, false
	case !paid:
		return []string{"Subscribe to " + name + ": starts now.", cost, "", hosted}, true
	case curOffer == nil:
		return []string{"Change to " + name + ".", cost, "",
			"The checkout page shows when the change applies and what you pay. " + hosted}, true
	case o.MonthlyPrice > curOffer.MonthlyPrice:
		return []string{"Upgrade to " + name + ": applies now, prorated.", cost, "",
			"You pay the difference for the rest of this period (until " + end + ") and get the new credits now. " + hosted}, true
	case o.MonthlyPrice < curOffer.MonthlyPrice:
		return []string{"Downgrade to " + name + ": applies on " + end + ", at the end of this period.", cost, "",
			"You keep " + string(cur.Name) + " until then. " + hosted}, true
	case iv == model.IntervalYear:
		return []string{"Switch " + string(o.Name) + " to yearly billing: applies now, prorated.", cost, "", hosted}, true
	}
	return []string{"Switch " + string(o.Name) + " to monthly billing: applies on " + end + ", at the end of this period.", cost, "", hosted}, true
}

// oneCurrency is the currency every plan shares, "" if they differ.
func oneCurrency(ps []model.PlanOffer) model.Text {
	if len(ps) == 0 {
		return ""
	}
	c := ps[0].Currency
	for _, p := range ps[1:] {
		if p.Currency != c {
			return ""
		}
	}
	return c
}

func (d *Plan) currentLine() string {
	p := d.cur
	s := "● Current: " + string(p.Name) + " · " + ivWord(p.Interval) + " · " + strings.ToLower(p.Status.Label())
	if p.CurrentPeriodEnd != nil && p.Status != model.PlanFree {
		if p.CancelAtPeriodEnd {
			s += " · ends " + common.LongDay(*p.CurrentPeriodEnd, d.sess.Loc)
		} else {
			s += " · renews " + common.LongDay(*p.CurrentPeriodEnd, d.sess.Loc)
		}
	}
	if sc := p.ScheduledChange; sc != nil {
		s += " · → " + string(sc.PlanName) + " on " + common.LongDay(sc.EffectiveAt, d.sess.Loc)
	}
	return s
}

// rows renders the plan list; the selected interval is named in the title.
func (d *Plan) rows(inner int) []string {
	plans := d.offers.items
	cur := oneCurrency(plans)
	cell := func(c model.Credits, cc model.Text, suffix string) string {
		if cur != "" {
			return c.Fixed(2) + suffix
		}
		return common.Money(c, cc) + suffix
	}
	var nameW, mW, yW, cW int
	wide := inner >= 70
	credits := func(p model.PlanOffer) string {
		if wide {
			return p.CreditsPerMonth.Grouped() + " credits/mo"
		}
		return p.CreditsPerMonth.Grouped() + " cr/mo"
	}
	for _, p := range plans {
		nameW = max(nameW, common.TextWidth(string(p.Name)))
		mW = max(mW, common.TextWidth(cell(p.MonthlyPrice, p.Currency, "/mo")))
		yW = max(yW, common.TextWidth(cell(p.YearlyPrice, p.Currency, "/yr")))
		cW = max(cW, common.TextWidth(credits(p)))
	}
	nameW = max(4, min(nameW, inner-2-2-mW-2-yW-2-cW-2))
	st := d.sess.Styles
	out := make([]string, 0, len(plans))
	for i, p := range plans {
		var b strings.Builder
		if i == d.cursor {
			b.WriteString("▸ ")
		} else {
			b.WriteString("  ")
		}
		common.Fit(&b, string(p.Name), nameW, common.AlignLeft)
		b.WriteString("  ")
		common.Fit(&b, cell(p.MonthlyPrice, p.Currency, "/mo"), mW, common.AlignRight)
		b.WriteString("  ")
		common.Fit(&b, cell(p.YearlyPrice, p.Currency, "/yr"), yW, common.AlignRight)
		b.WriteString("  ")
		common.Fit(&b, credits(p), cW, common.AlignRight)
		if p.ID == d.cur.ID {
			b.WriteString(" ●")
		}
		line := b.String()
		if i == d.cursor {
			line = st.Selected.Render(common.PadRight(line, inner))
		}
		out = append(out, line)
	}
	return out
}

func (d *Plan) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	room := max(1, d.h-3)
	plans := d.offers.items
	title := "Plans · billed " + ivWord(d.interval)
	if c := oneCurrency(plans); c != "" {
		title += " · " + string(c)
	}
	if d.confirming {
		return d.confirmView(inner, room)
	}
	switch {
	case d.offers.err != nil:
		body := append([]string{st.Error.Render("✗ Couldn't load the plans")}, common.Wrap(inner, common.ErrText(d.offers.err))...)
		lines := common.FitLines(nil, body, nil, 0, room)
		return common.Box(st, "Plans", append(lines, st.Muted.Render("r retry · esc close")), inner)
	case !d.offers.loaded:
		lines := common.FitLines([]string{d.currentLine()}, []string{st.Muted.Render("Loading plans…")}, nil, 0, room)
		return common.Box(st, "Plans", append(lines, st.Muted.Render("esc close")), inner)
	}
	top := []string{d.currentLine()}
	var bottom []string
	if d.cursor < len(plans) && room >= len(plans)+3 {
		if hl := plans[d.cursor].Highlights; len(hl) > 0 {
			parts := make([]string, len(hl))
			for i, h := range hl {
				parts[i] = string(h)
			}
			bottom = []string{"", st.Muted.Render(common.PadRight("Includes "+strings.Join(parts, ", "), inner))}
		}
	}
	if len(plans) == 0 {
		top = append(top, st.Muted.Render("No plans offered."))
	}
	lines := common.FitLines(top, d.rows(inner), bottom, d.cursor, room)
	hint := "enter choose · m/y interval · o manage billing · esc close"
	if inner < 60 {
		hint = "enter choose · m/y interval · o billing · esc"
	}
	return common.Box(st, title, append(lines, st.Muted.Render(hint)), inner)
}

func (d *Plan) confirmView(inner, room int) string {
	st := d.sess.Styles
	title := "Change plan"
	if d.post.kind == actPortal {
		title = "Manage billing"
	}
	body, hint := d.post.lines(d.sess, d.paras, inner, "create the session")
	if d.post.guard.state == guardIdle {
		hint = "enter continue to checkout · esc back"
		if !d.sendable {
			hint = "esc back"
		}
	}
	return common.Box(st, title, common.ScrollBody(st, body, &d.scroll, room, hint), inner)
}
