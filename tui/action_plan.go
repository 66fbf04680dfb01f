package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// planDialog (p) lists the plans with both prices, toggles the interval
// (m/y), explains what a change does before anything is sent, and opens the
// hosted checkout; o opens the billing portal ("Manage billing").
type planDialog struct {
	sess *common.Session
	cur  model.Plan // the plan when the dialog opened

	plans   []model.PlanOffer
	loadSeq uint64
	loaded  bool
	loadErr error

	cursor   int
	interval model.Interval

	// confirmation (also the portal's progress)
	confirming bool
	kind       actionKind
	choice     model.PlanOffer
	chosenIv   model.Interval
	paras      []string
	sendable   bool
	guard      postGuard
	session    model.Session
	scroll     int

	w, h int
}

func newPlanDialog(sess *common.Session, cur model.Plan) *planDialog {
	d := &planDialog{sess: sess, cur: cur, interval: model.IntervalMonth}
	if cur.Interval == model.IntervalYear {
		d.interval = model.IntervalYear
	}
	return d
}

// load asks for GET /plans.
func (d *planDialog) load() tea.Cmd {
	d.loadSeq++
	d.loadErr = nil
	return fetchPlansCmd(d.sess, d, d.loadSeq)
}

func (d *planDialog) setOffers(msg offersMsg) {
	if msg.seq != d.loadSeq {
		return
	}
	if msg.err != nil {
		d.loadErr = msg.err
		return
	}
	d.plans, d.loaded = msg.plans, true
	for i, p := range d.plans {
		if string(p.ID) == string(d.cur.ID) {
			d.cursor = i
		}
	}
}

func (d *planDialog) SetSize(w, h int) { d.w, d.h = w, h }

func (d *planDialog) result(r actionResultMsg) bool {
	if !d.confirming || !d.guard.finish(r.seq, r.err) {
		return false
	}
	if r.err == nil {
		d.session = r.session
	}
	return true
}

func (d *planDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
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
		d.cursor, _ = MoveCursor(k, msg, d.cursor, len(d.plans))
	case key.Matches(msg, k.Monthly):
		d.interval = model.IntervalMonth
	case key.Matches(msg, k.Yearly):
		d.interval = model.IntervalYear
	case key.Matches(msg, k.SwitchInterval):
		if d.interval == model.IntervalMonth {
			d.interval = model.IntervalYear
		} else {
			d.interval = model.IntervalMonth
		}
	case key.Matches(msg, k.ManageBilling):
		return d.openPortal()
	case key.Matches(msg, k.Confirm):
		if d.cursor < len(d.plans) {
			d.confirm(d.plans[d.cursor], d.interval)
		}
	}
	return nil
}

// openPortal needs no confirmation (nothing is bought) but goes through the
// same guard: one key, one request.
func (d *planDialog) openPortal() tea.Cmd {
	d.confirming, d.kind, d.scroll = true, actPortal, 0
	d.paras = []string{"Manage billing: payment methods, invoices and receipts on the hosted billing portal."}
	d.sendable = true
	d.guard = newGuard()
	return d.send()
}

func (d *planDialog) send() tea.Cmd {
	idem, seq, ok := d.guard.begin()
	if !ok {
		return nil
	}
	r := newActionReq(d.sess, d, d.kind, idem, seq)
	if d.kind == actCheckout {
		r.body = model.CheckoutRequest{PlanID: string(d.choice.ID), Interval: d.chosenIv}
	}
	return r.cmd()
}

func (d *planDialog) updateConfirm(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back):
		switch d.guard.state {
		case guardSending:
			return emit(actionCloseMsg{}) // the answer is handled by the root
		case guardDone:
			return emit(actionCloseMsg{refresh: true})
		}
		d.confirming = false
	case key.Matches(msg, k.Confirm):
		if d.sendable && d.guard.state != guardDone {
			return d.send()
		}
		if !d.sendable {
			d.confirming = false
		}
	case key.Matches(msg, k.CopyURL) && d.guard.state == guardDone && d.session.URL != "":
		return emit(copyMsg{text: string(d.session.URL), what: "the URL"})
	case key.Matches(msg, k.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(msg, k.Down):
		d.scroll++
	}
	return nil
}

// confirm builds the confirmation for a plan and interval; each confirmation
// gets its own Idempotency-Key.
func (d *planDialog) confirm(o model.PlanOffer, iv model.Interval) {
	d.confirming, d.kind, d.scroll = true, actCheckout, 0
	d.choice, d.chosenIv = o, iv
	d.paras, d.sendable = planChangeText(d.cur, d.plans, o, iv, d.sess)
	d.guard = newGuard()
	d.session = model.Session{}
}

func ivWord(iv model.Interval) string { return strings.ToLower(iv.Label()) }

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
	end, _ := planEnd(cur, sess)
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

func (d *planDialog) currentLine() string {
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
func (d *planDialog) rows(inner int) []string {
	cur := oneCurrency(d.plans)
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
	for _, p := range d.plans {
		nameW = max(nameW, common.TextWidth(string(p.Name)))
		mW = max(mW, common.TextWidth(cell(p.MonthlyPrice, p.Currency, "/mo")))
		yW = max(yW, common.TextWidth(cell(p.YearlyPrice, p.Currency, "/yr")))
		cW = max(cW, common.TextWidth(credits(p)))
	}
	nameW = max(4, min(nameW, inner-2-2-mW-2-yW-2-cW-2))
	st := d.sess.Styles
	out := make([]string, 0, len(d.plans))
	for i, p := range d.plans {
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

func (d *planDialog) View() string {
	st := d.sess.Styles
	inner := actionInner(d.w)
	room := max(1, d.h-3)
	title := "Plans · billed " + ivWord(d.interval)
	if c := oneCurrency(d.plans); c != "" {
		title += " · " + string(c)
	}
	if d.confirming {
		return d.confirmView(inner, room)
	}
	switch {
	case d.loadErr != nil:
		body := append([]string{st.Error.Render("✗ Couldn't load the plans")}, common.Wrap(inner, common.ErrText(d.loadErr))...)
		lines := common.FitLines(nil, body, nil, 0, room)
		return common.Box(st, "Plans", append(lines, st.Muted.Render("r retry · esc close")), inner)
	case !d.loaded:
		lines := common.FitLines([]string{d.currentLine()}, []string{st.Muted.Render("Loading plans…")}, nil, 0, room)
		return common.Box(st, "Plans", append(lines, st.Muted.Render("esc close")), inner)
	}
	top := []string{d.currentLine()}
	var bottom []string
	if d.cursor < len(d.plans) && room >= len(d.plans)+3 {
		if hl := d.plans[d.cursor].Highlights; len(hl) > 0 {
			parts := make([]string, len(hl))
			for i, h := range hl {
				parts[i] = string(h)
			}
			bottom = []string{"", st.Muted.Render(common.PadRight("Includes "+strings.Join(parts, ", "), inner))}
		}
	}
	if len(d.plans) == 0 {
		top = append(top, st.Muted.Render("No plans offered."))
	}
	lines := common.FitLines(top, d.rows(inner), bottom, d.cursor, room)
	hint := "enter choose · m/y interval · o manage billing · esc close"
	if inner < 60 {
		hint = "enter choose · m/y interval · o billing · esc"
	}
	return common.Box(st, title, append(lines, st.Muted.Render(hint)), inner)
}

func (d *planDialog) confirmView(inner, room int) string {
	st := d.sess.Styles
	title := "Change plan"
	if d.kind == actPortal {
		title = "Manage billing"
	}
	body := common.Wrap(inner, d.paras...)
	hint := "enter continue to checkout · esc back"
	if !d.sendable {
		hint = "esc back"
	}
	switch d.guard.state {
	case guardSending:
		body = append(body, "", st.Muted.Render("Creating a secure session…"))
		hint = "esc close (the request still completes)"
	case guardFailed:
		body = append(body, "")
		for _, l := range common.Wrap(inner, actionErrLines(d.guard.err, "create the session")...) {
			body = append(body, st.Error.Render(l))
		}
		hint = "enter retry (same request) · esc back"
	case guardDone:
		body = sessionLines(st, d.session, inner, d.sess)
		hint = "y copy URL · esc close"
	}
	return common.Box(st, title, common.ScrollBody(st, body, &d.scroll, room, hint), inner)
}

// sessionLines shows a created session's URL whole (for SSH sessions, where
// the browser opens elsewhere or not at all), or why it was refused.
func sessionLines(st *common.Styles, s model.Session, inner int, sess *common.Session) []string {
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
