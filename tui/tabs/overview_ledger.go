package tabs

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The Overview's "Where the credits went" section: the period's ledger.

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
