package tabs

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The Overview's plan, credits, wallets and features sections.

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
	sc := p.ScheduledChange
	if s, e := p.CurrentPeriodStart, p.CurrentPeriodEnd; s != nil && e != nil {
		when = append(when, "period "+common.FmtDay(*s, t.sess.Loc)+" – "+e.In(t.sess.Loc).Format("Jan 2, 2006"))
		// A change due when the period ends replaces the renewal: the plan
		// does not renew on that day, it becomes the other plan.
		changesAtEnd := sc != nil && common.FmtDay(sc.EffectiveAt, t.sess.Loc) == common.FmtDay(*e, t.sess.Loc)
		switch {
		case p.CancelAtPeriodEnd:
			when = append(when, st.Warn.Render("cancels at period end: ends "+t.day(*e)))
		case p.Interval == model.IntervalOneTime || p.Status == model.PlanCanceled:
			when = append(when, "ends "+t.day(*e))
		case changesAtEnd:
		default:
			when = append(when, "renews "+t.day(*e))
		}
	} else {
		when = append(when, "no billing period · nothing renews")
	}
	if sc != nil {
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
		// The gauge is the used share of what was available this period
		// (used + left: the opening balance and the grant), as in the header.
		avail, _ := c.UsedThisPeriod.Add(max(c.Remaining, 0))
		pct := common.PercentUsed(c.UsedThisPeriod, avail)
		label := " " + strconv.Itoa(pct) + "% of " + avail.Grouped() + " available used"
		lw := ansi.StringWidth(label)
		gauge := func(cells int) string {
			full := pct * cells / 100
			return st.GaugeFull.Render(strings.Repeat("█", full)) + st.GaugeEmpty.Render(strings.Repeat("░", cells-full)) + label
		}
		room := func(ls []string) int { return w - ansi.StringWidth(ls[len(ls)-1]) - 3 - lw }
		if short := ovRow(st, "Credits", credit, w); len(short) == 1 && room(cl) < 10 && room(short) >= 10 {
			cl = short
		}
		if r := room(cl); r >= 10 {
			cl[len(cl)-1] += "   " + gauge(min(24, r))
		} else {
			cl = append(cl, common.Spaces(1+ovLabelW)+gauge(min(24, max(6, w-1-ovLabelW-lw))))
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
