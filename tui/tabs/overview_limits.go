package tabs

import (
	"strings"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The Overview's contract-1.1 rows: what the plan includes and how much of
// it is used, the credits that expire (soonest first) and the run-out once
// the credits that lapse unused are taken out. A 1.0 server reports
// neither: the rows say "not reported" (never a zero, never "none", which
// would be a claim the server did not make).

// limitGaugeCells is the width of a limit's gauge.
const limitGaugeCells = 8

// insightLines are the Limits, Expiring and Run-out rows ("" rows are left out).
func (t *Overview) insightLines(w int) []string {
	b := t.billing
	if b == nil {
		return nil // the plan row says it is loading or failed
	}
	var out []string
	out = append(out, t.limitRows(b.Plan.Limits, w)...)
	out = append(out, t.expiringRows(b, w)...)
	return out
}

func (t *Overview) limitRows(l model.PlanLimits, w int) []string {
	st := t.sess.Styles
	if !l.Known() {
		return ovRow(st, "Limits", []string{st.Muted.Render("— not reported by this server (API 1.0)")}, w)
	}
	if len(l.List()) == 0 {
		return ovRow(st, "Limits", []string{st.Muted.Render("none reported for this plan")}, w)
	}
	now := t.sess.Now()
	var parts []string
	for _, x := range l.List() {
		s := string(x.Name) + ": " + x.Usage()
		if g := limitGauge(st, x); g != "" {
			s += " " + g
		}
		r := x.Resets(now, t.sess.Loc)
		switch {
		case r == "":
			parts = append(parts, s)
		case w < 80: // narrow: the reset is a part of its own, so it wraps instead of being cut
			parts = append(parts, s, st.Muted.Render("("+r+")"))
		default:
			parts = append(parts, s+st.Muted.Render(" ("+r+")"))
		}
	}
	return ovRow(st, "Limits", parts, w)
}

// limitGauge is used of limit as a small bar, warned at 90% and over; none
// for unlimited or not-included things.
func limitGauge(st *common.Styles, x model.PlanLimit) string {
	pct, ok := x.UsedPercent()
	if !ok || x.Unlimited() || !x.Included() {
		return ""
	}
	full := int(min(pct, 100)) * limitGaugeCells / 100
	bar := st.GaugeFull.Render(strings.Repeat("█", full)) + st.GaugeEmpty.Render(strings.Repeat("░", limitGaugeCells-full))
	if pct >= 90 {
		return bar + " " + st.Warn.Render(common.FmtCount(pct)+"%")
	}
	return bar
}

// expiringRows: what expires when, what lapses at this pace, and the
// run-out with the lapses taken out.
func (t *Overview) expiringRows(b *model.Billing, w int) []string {
	st := t.sess.Styles
	e := b.Credits.Expiring
	now, loc := t.sess.Now(), t.sess.Loc
	if !e.Known() {
		return ovRow(st, "Expiring", []string{st.Muted.Render("— not reported by this server (API 1.0)")}, w)
	}
	var parts []string
	for _, x := range e.Sorted() {
		if x.Amount.Sign() <= 0 || !x.ExpiresAt.After(now) {
			continue
		}
		p := x.Phrase(now, loc)
		if x.ExpiresAt.Sub(now) <= expirySoon {
			p = st.Warn.Render(p + " · " + common.RelDays(x.ExpiresAt, now, loc))
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = []string{st.Muted.Render("none: no credits expire")}
	}
	out := ovRow(st, "Expiring", parts, w)
	r, ok := t.runOut()
	if !ok {
		return out
	}
	if s := r.Expiry.Sentence(now, loc); s != "" {
		out = append(out, ovRow(st, "", []string{s}, w)...)
	}
	if s := r.Short(now, loc); s != "" {
		run := []string{s}
		if why := r.Because(now, loc); why != "" {
			run[0] = st.Warn.Render(s)
			run = append(run, why)
		}
		out = append(out, ovRow(st, "Run-out", run, w)...)
	}
	return out
}

// expirySoon is how near an expiry must be to be warned about (the header
// shows it too).
const expirySoon = common.ExpirySoon

// runOut is the forecast with expiring credits taken into account; it
// needs both /billing and /usage/daily.
func (t *Overview) runOut() (model.RunOut, bool) {
	if t.billing == nil || t.daily == nil {
		return model.RunOut{}, false
	}
	c := t.billing.Credits
	return model.ForecastRunOut(c.Remaining, c.RefreshesAt, c.Expiring, t.daily, t.sess.Now(), t.dailyLoc), true
}
