package tabs

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// ovLabelW is the width of the Overview's label column ("Features  ").
const (
	ovLabelW   = 10
	ovChartRow = 6
)

// build lays out every line of the Overview for the current width, data and
// palette; it is a no-op when none of them changed since the last build.
func (t *Overview) build() {
	st := t.sess.Styles
	key := strconv.Itoa(t.w) + "x" + strconv.Itoa(t.h) + "/" + strconv.FormatUint(t.gen, 10) + "/" + strconv.FormatBool(st.NoColor) + "/" + st.Title.Render("·")
	if key == t.builtFor && t.lines != nil {
		return
	}
	t.builtFor = key
	w := max(t.w, 20)
	var out []string
	add := func(ls ...string) {
		for _, l := range ls {
			out = append(out, common.PadRight(l, w))
		}
	}
	add(t.planLines(w)...)
	add("")
	add(t.ledgerLines(w)...)
	add("")
	add(t.chartLines(w)...)
	add("")
	add(t.featureLines(w)...)
	t.lines = out
}

// ovRow is " Label     value" with value wrapped at " · " boundaries onto
// indented continuation lines.
func ovRow(st *common.Styles, label string, parts []string, w int) []string {
	head := " " + st.Muted.Render(label) + common.Spaces(ovLabelW-ansi.StringWidth(label))
	indent := common.Spaces(1 + ovLabelW)
	avail := max(10, w-1-ovLabelW)
	var out []string
	cur, curW := "", 0
	sep := st.Muted.Render(" · ")
	for _, p := range parts {
		pw := ansi.StringWidth(p)
		if curW > 0 && curW+3+pw > avail {
			out = append(out, cur)
			cur, curW = "", 0
		}
		if curW > 0 {
			cur += sep
			curW += 3
		}
		cur += p
		curW += pw
	}
	out = append(out, cur)
	for i := range out {
		if i == 0 {
			out[i] = head + out[i]
		} else {
			out[i] = indent + out[i]
		}
	}
	return out
}

func (t *Overview) day(tm time.Time) string {
	return common.FmtDay(tm, t.sess.Loc) + " (" + common.RelDays(tm, t.sess.Now(), t.sess.Loc) + ")"
}

func (t *Overview) planLines(w int) []string {
	st := t.sess.Styles
	b := t.billing
	if b == nil {
		if t.billErr != nil {
			return []string{" " + st.Error.Render("✗ Couldn't load the plan: "+common.OneLine(common.ErrText(t.billErr))) + st.Muted.Render(" · r retry")}
		}
		return []string{" " + st.Muted.Render("Loading plan and credits…")}
	}
	p := b.Plan
	status := p.Status.Label()
	switch p.Status {
	case model.PlanPastDue, model.PlanCanceled:
		status = st.Warn.Render(status)
	case model.PlanFree:
		status = "free plan"
		if strings.EqualFold(string(p.Name), "free") {
			status = "" // "Free · free plan" says it twice
		}
	}
	planParts := []string{st.Strong.Render(string(p.Name))}
	if p.Interval != "" {
		planParts = append(planParts, p.Interval.Label())
	}
	planParts = common.AppendNonEmpty(planParts, status)
	when := planParts
	if s, e := p.CurrentPeriodStart, p.CurrentPeriodEnd; s != nil && e != nil {
		when = append(when, "period "+common.FmtDay(*s, t.sess.Loc)+" – "+e.In(t.sess.Loc).Format("Jan 2, 2006"))
		switch {
		case p.CancelAtPeriodEnd:
			when = append(when, st.Warn.Render("cancels at period end: ends "+t.day(*e)))
		case p.Interval == model.IntervalOneTime || p.Status == model.PlanCanceled:
			when = append(when, "ends "+t.day(*e))
		default:
			when = append(when, "renews "+t.day(*e))
		}
	} else {
		when = append(when, "no billing period · nothing renews")
	}
	if sc := p.ScheduledChange; sc != nil {
		when = append(when, st.Warn.Render("changes to "+string(sc.PlanName)+" on "+t.day(sc.EffectiveAt)))
	}
	out := ovRow(st, "Plan", when, w)

	c := b.Credits
	left := c.Remaining.Grouped() + " left"
	if common.LowCredits(c) || c.Remaining.Sign() < 0 {
		left = st.Warn.Render(left + " (low)")
	} else {
		left = st.Strong.Render(left)
	}
	credit := []string{left}
	if c.GrantedThisPeriod > 0 {
		credit = append(credit, c.GrantedThisPeriod.Grouped()+" granted this period", c.UsedThisPeriod.Grouped()+" used")
	} else {
		credit = append(credit, "nothing granted this period")
	}
	refresh := ""
	if r := c.RefreshesAt; r != nil {
		refresh = "refreshes " + common.FmtDay(*r, t.sess.Loc)
	}
	cl := ovRow(st, "Credits", common.AppendNonEmpty(credit, refresh), w)
	if c.GrantedThisPeriod > 0 {
		// The gauge goes on the credits line when it fits (without the
		// refresh date, which the header also shows), else under it.
		pct := common.PercentUsed(c.UsedThisPeriod, c.GrantedThisPeriod)
		gauge := func(cells int) string {
			full := pct * cells / 100
			return st.GaugeFull.Render(strings.Repeat("█", full)) + st.GaugeEmpty.Render(strings.Repeat("░", cells-full)) +
				" " + strconv.Itoa(pct) + "% used"
		}
		room := func(ls []string) int { return w - ansi.StringWidth(ls[len(ls)-1]) - 3 - 10 }
		if short := ovRow(st, "Credits", credit, w); len(short) == 1 && room(cl) < 10 && room(short) >= 10 {
			cl = short
		}
		if r := room(cl); r >= 10 {
			cl[len(cl)-1] += "   " + gauge(min(24, r))
		} else {
			cl = append(cl, common.Spaces(1+ovLabelW)+gauge(min(24, max(10, w-1-ovLabelW-10))))
		}
	}
	out = append(out, cl...)

	if len(b.Wallets) == 0 {
		out = append(out, ovRow(st, "Wallets", []string{st.Muted.Render("none")}, w)...)
	} else {
		items := make([][3]string, len(b.Wallets))
		stat := make([]model.FeatureStatus, len(b.Wallets))
		for i, wl := range b.Wallets {
			items[i] = [3]string{string(wl.Name), wl.Balance.Grouped(), wl.Status.Label()}
			stat[i] = wl.Status
		}
		out = append(out, ovGrid(st, "Wallets", items, stat, w)...)
	}
	return out
}

func statusStyle(st *common.Styles, s model.FeatureStatus) lipgloss.Style {
	switch s {
	case model.FeatureActive:
		return st.Positive
	case model.FeaturePremiumBeta:
		return st.Title
	}
	return st.Muted
}

// ovGrid lays items (name, value, status) out in aligned columns, as many
// side by side as the width allows.
func ovGrid(st *common.Styles, label string, items [][3]string, stat []model.FeatureStatus, w int) []string {
	var nw, vw, sw int
	for _, it := range items {
		nw = max(nw, ansi.StringWidth(it[0]))
		vw = max(vw, ansi.StringWidth(it[1]))
		sw = max(sw, ansi.StringWidth(it[2]))
	}
	avail := max(10, w-1-ovLabelW)
	gapV := 2
	if vw == 0 {
		gapV = 0
	}
	cellW := nw + gapV + vw + 2 + sw
	if cellW > avail {
		nw = max(6, nw-(cellW-avail))
		cellW = nw + gapV + vw + 2 + sw
	}
	cols := max(1, (avail+3)/(cellW+3))
	var out []string
	var b strings.Builder
	for i, it := range items {
		col := i % cols
		if col == 0 {
			if i > 0 {
				out = append(out, b.String())
			}
			b.Reset()
			if i == 0 {
				b.WriteString(" " + st.Muted.Render(label) + common.Spaces(ovLabelW-ansi.StringWidth(label)))
			} else {
				b.WriteString(common.Spaces(1 + ovLabelW))
			}
		} else {
			b.WriteString(common.Spaces(3))
		}
		common.Fit(&b, it[0], nw, common.AlignLeft)
		if vw > 0 {
			b.WriteString(common.Spaces(gapV))
			common.Fit(&b, it[1], vw, common.AlignRight)
		}
		b.WriteString("  ")
		var s strings.Builder
		common.Fit(&s, it[2], sw, common.AlignLeft)
		b.WriteString(statusStyle(st, stat[i]).Render(s.String()))
	}
	out = append(out, b.String())
	return out
}

func (t *Overview) featureLines(w int) []string {
	st := t.sess.Styles
	if t.billing == nil {
		return nil
	}
	fs := t.billing.Features
	if len(fs) == 0 {
		return ovRow(st, "Features", []string{st.Muted.Render("none listed")}, w)
	}
	items := make([][3]string, len(fs))
	stat := make([]model.FeatureStatus, len(fs))
	for i, f := range fs {
		items[i] = [3]string{string(f.Name), "", f.Status.Label()}
		stat[i] = f.Status
	}
	return ovGrid(st, "Features", items, stat, w)
}

// insightErr is the one-line reason a section is missing.
func insightErr(err error) string {
	if client.IsPermission(err) {
		return "your role cannot read the figures it needs"
	}
	return common.OneLine(common.ErrText(err))
}

func (t *Overview) ledgerLines(w int) []string {
	st := t.sess.Styles
	r := t.ledger
	title := " " + st.Strong.Render("Where the credits went")
	switch {
	case r == nil && t.ledgerErr != nil:
		return append([]string{title}, wrapIndent(st.Error.Render, "✗ Couldn't add up the period: "+insightErr(t.ledgerErr)+" · r retry", 3, w)...)
	case r == nil:
		return []string{title, "   " + st.Muted.Render("Adding up the period…")}
	}
	since := "all time (no billing period)"
	if r.PeriodStart != nil {
		since = "since " + common.FmtDay(*r.PeriodStart, t.sess.Loc)
	}
	status := st.Positive.Render("✓ reconciles")
	if !r.Reconciles {
		status = st.Warn.Render("⚠ does not reconcile")
	}
	out := []string{common.Spread(title+st.Muted.Render("  "+since), status+" ", w)}

	type row struct {
		label, amount string
		neg           bool
		parts         []string
	}
	lines := func(ls []model.LedgerLine) []string {
		p := make([]string, len(ls))
		for i, l := range ls {
			p[i] = l.Label + " " + l.Amount.Grouped()
		}
		return p
	}
	var rows []row
	if r.Opening != nil && !r.AllTime {
		rows = append(rows, row{"opening", r.Opening.Grouped(), r.Opening.Sign() < 0, []string{"balance at the period start"}})
	}
	rows = append(rows, row{"granted", r.GrantedTotal.Signed(), false, lines(r.Granted)})
	rows = append(rows, row{"spent", r.SpentTotal.Neg().Grouped(), r.SpentTotal.Sign() > 0, lines(r.Spent)})
	rows = append(rows, row{"expired", r.Expired.Grouped(), r.Expired.Sign() < 0, nil})
	if len(r.Removed) > 0 {
		rows = append(rows, row{"removed", r.OtherRemoved.Grouped(), true, lines(r.Removed)})
	}
	rows = append(rows, row{"remaining", r.Remaining.Grouped(), r.Remaining.Sign() < 0, nil})
	aw := 0
	for _, x := range rows {
		aw = max(aw, ansi.StringWidth(x.amount))
	}
	const lw = 10
	indent := 3 + lw + aw + 2
	for _, x := range rows {
		amt := common.Spaces(aw-ansi.StringWidth(x.amount)) + x.amount
		if x.neg {
			amt = st.Negative.Render(amt)
		}
		head := "   " + x.label + common.Spaces(lw-len(x.label)) + amt
		if x.label == "remaining" {
			head = "   " + st.Strong.Render(x.label) + common.Spaces(lw-len(x.label)) + st.Strong.Render(amt)
		}
		if len(x.parts) == 0 {
			out = append(out, head)
			continue
		}
		// Details wrap under themselves at " · " boundaries.
		avail := max(10, w-indent)
		cur, curW := "", 0
		first := true
		flush := func() {
			if first {
				out = append(out, head+"  "+st.Muted.Render(cur))
				first = false
			} else {
				out = append(out, common.Spaces(indent)+st.Muted.Render(cur))
			}
		}
		for _, p := range x.parts {
			pw := ansi.StringWidth(p)
			if curW > 0 && curW+3+pw > avail {
				flush()
				cur, curW = "", 0
			}
			if curW > 0 {
				cur += " · "
				curW += 3
			}
			cur += p
			curW += pw
		}
		flush()
	}
	if !r.Reconciles {
		out = append(out, wrapIndent(st.Warn.Render, "⚠ "+r.Explanation, 3, w)...)
	}
	return out
}

// wrapIndent wraps plain text to the width at an indent, styling each line.
func wrapIndent(style func(...string) string, s string, indent, w int) []string {
	ls := common.Wrap(max(10, w-indent-1), s)
	for i, l := range ls {
		ls[i] = common.Spaces(indent) + style(l)
	}
	return ls
}

func (t *Overview) chartLines(w int) []string {
	st := t.sess.Styles
	title := " " + st.Strong.Render("Daily spend, last 30 days")
	if t.dailyZone != "" {
		title += st.Muted.Render(" (" + t.dailyZone + ")")
	}
	switch {
	case t.daily == nil && t.dailyErr != nil:
		return append([]string{title}, wrapIndent(st.Error.Render, "✗ Couldn't load daily usage: "+insightErr(t.dailyErr)+" · r retry", 3, w)...)
	case t.daily == nil:
		return []string{title, "   " + st.Muted.Render("Loading daily usage…")}
	}
	now := t.sess.Now()
	c := model.NewDailyChart(t.daily, now, t.dailyLoc, model.ChartDays, 3)
	legend := chartLegend(st)
	var out []string
	if ansi.StringWidth(title)+ansi.StringWidth(legend)+3 <= w {
		out = append(out, common.Spread(title, legend+" ", w))
	} else {
		out = append(out, title, "   "+legend)
	}
	// Taller screens get a taller chart; 100×30 shows all of it unscrolled.
	out = append(out, renderChart(st, c, min(ovChartRow+2, max(4, t.h-16)), w)...)
	total, _ := c.Total.Total()
	out = append(out, ovRow(st, "30 days", []string{
		total.Grouped() + " credits",
		"conversations " + c.Total.Conversations.Grouped(),
		"API calls " + c.Total.MCPCalls.Grouped(),
		"imports " + c.Total.Imports.Grouped(),
	}, w)...)
	if f, ok := t.forecast(); ok {
		s := f.Sentence
		if f.RunsOut && f.BeforeRefresh {
			s = st.Warn.Render(s)
		}
		out = append(out, ovRow(st, "Forecast", []string{s}, w)...)
	}
	return out
}

// forecast needs both /billing and /usage/daily.
func (t *Overview) forecast() (model.ForecastResult, bool) {
	if t.billing == nil || t.daily == nil {
		return model.ForecastResult{}, false
	}
	c := t.billing.Credits
	return model.Forecast(c.Remaining, c.RefreshesAt, t.daily, t.sess.Now(), t.dailyLoc), true
}

// Status puts the forecast on the summary bar, visible whatever the scroll,
// and says in the toolbar what the Overview covers.
func (t *Overview) Status() Status {
	s := Status{View: t.view, FetchedAt: t.fetchedAt(), Busy: t.ledgerBusy || t.dailyBusy, Toolbar: t.toolbar()}
	s.Summary = Summary{Label: "Forecast", Text: "…", Known: true}
	if f, ok := t.forecast(); ok {
		s.Summary.Text = f.Sentence
	}
	return s
}

// Toolbar says what the Overview covers, and whether there is more below.
func (t *Overview) toolbar() []string {
	if t.sess.WS == "" {
		return nil
	}
	t.build()
	var parts []string
	if b := t.billing; b != nil {
		if s, e := b.Plan.CurrentPeriodStart, b.Plan.CurrentPeriodEnd; s != nil && e != nil {
			parts = append(parts, "Period: "+common.FmtDay(*s, t.sess.Loc)+" – "+e.In(t.sess.Loc).Format("Jan 2, 2006"))
		} else {
			parts = append(parts, "Period: none (all time)")
		}
	}
	more := ""
	switch {
	case t.off < t.maxOff():
		more = "↓ more below (j/k)"
	case t.off > 0:
		more = "↑ more above"
	}
	// One toolbar line: the chart note goes first when space is short.
	fits := func(ps ...string) bool {
		n := 1
		for _, p := range ps {
			if p != "" {
				n += ansi.StringWidth(p) + 3
			}
		}
		return n <= t.w
	}
	if fits(append(parts, "Chart: last 30 days", more)...) {
		parts = append(parts, "Chart: last 30 days")
	}
	if more != "" && !fits(append(parts, more)...) {
		more = strings.Fields(more)[0] + " more"
	}
	return common.AppendNonEmpty(parts, more)
}
