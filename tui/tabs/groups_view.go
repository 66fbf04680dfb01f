package tabs

import (
	"strings"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// shareBar is the width of the share column's bar.
const shareBar = 20

// groupChartRows is the most bar rows a time grouping's chart takes.
const groupChartRows = 8

// groupColumns are the group table's columns: label, count, credits, the
// share in percent, and its bar (dropped first on narrow screens).
func groupColumns(l *model.List, by model.GroupBy) []table.Column[groupRow] {
	type R = groupRow
	title, labelSort := "Group", "name"
	if by != "" {
		title = by.Label()
	}
	if by.IsTime() {
		labelSort = "date"
	}
	return []table.Column[R]{
		{Title: title, Min: 12, Ideal: 24, Priority: 0, Sort: labelSort, Text: func(r *R, _ *table.CellFmt) string { return r.label }},
		{Title: countTitle(l), Short: "Count", Min: 6, Max: 13, Priority: 1, Align: common.AlignRight, Sort: "count",
			Text: func(r *R, _ *table.CellFmt) string { return common.FmtCount(r.g.Count) }},
		{Title: "Credits", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true, Sort: "credits",
			Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.g.Credits) }, Negative: func(r *R) bool { return r.g.Credits < 0 }},
		{Title: "Share", Min: 6, Max: 7, Priority: 0, Align: common.AlignRight, Text: func(r *R, _ *table.CellFmt) string { return shareText(r) }},
		{Title: "", Min: shareBar, Max: shareBar, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return shareBarText(r) }},
	}
}

// countTitle names what a group counts: "Conversations", "Calls", "Imports".
func countTitle(l *model.List) string {
	w := strings.Fields(l.Noun)
	return common.UpperFirst(w[len(w)-1])
}

// shareText is "71.2%" ("—" when the total is zero).
func shareText(r *groupRow) string {
	if !r.shareOK {
		return "—"
	}
	s := r.share
	sign := ""
	if s < 0 {
		sign, s = "−", -s
	}
	return sign + model.GroupInt(s/10) + "." + string(rune('0'+s%10)) + "%"
}

// shareBarText is the share as a bar of eighth blocks on a ░ track; shares
// outside 0–100% (net adjustments can have them) are clamped.
func shareBarText(r *groupRow) string {
	if !r.shareOK || r.other {
		return ""
	}
	eighthsFull := int(min(max(r.share, 0), 1000) * shareBar * 8 / 1000)
	full, part := eighthsFull/8, eighthsFull%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	n := full
	if part > 0 {
		b.WriteString(eighths[part])
		n++
	}
	b.WriteString(strings.Repeat("░", shareBar-n))
	return b.String()
}

// chartLines is the height of the bar chart above a time grouping's table
// (0 when there is no room or no chart).
func (g *Groups) chartLines() int {
	if !g.view.GroupBy.IsTime() || g.doc == nil || g.h < 14 {
		return 0
	}
	return min(groupChartRows+3, max(5, g.h/3)) // title, rows, axis, dates
}

// tableLines is the table's height: what the chart leaves.
func (g *Groups) tableLines() int { return max(2, g.h-g.chartLines()) }

// View draws the groups: the chart (time groupings), the table, or the
// loading, error or "cannot group" state in place.
func (g *Groups) View() string {
	st := g.sess.Styles
	w := g.w
	lines := make([]string, 0, g.h)
	add := func(s string) { lines = append(lines, common.PadRight(s, w)) }
	switch {
	case g.err != nil && client.IsCannotGroup(g.err):
		add(g.tbl.HeaderView(st))
		add("")
		add("  " + st.Strong.Render("Grouping needs API 1.1."))
		for _, l := range common.Wrap(w-4, "This server speaks the billing API 1.0: it has no groups endpoints, so there are no totals per key, user, type or day to show. tally does not add them up itself, which would mean walking every record. The records are all there: esc lists them.") {
			add(st.Muted.Render("  " + l))
		}
	case g.err != nil:
		add(g.tbl.HeaderView(st))
		add("")
		msg := "✗ Couldn't group " + g.list.Noun + " by " + byWords(g.view.GroupBy)
		if g.roleOff(g.view.GroupBy) != "" {
			msg = "✗ " + common.ErrText(g.err)
		}
		for i, l := range common.Wrap(w-6, msg) {
			if i == 0 {
				add("  " + st.Error.Render(l))
			} else {
				add("    " + l)
			}
		}
		if g.roleOff(g.view.GroupBy) == "" {
			for _, l := range common.Wrap(w-6, common.ErrText(g.err)) {
				add("    " + l)
			}
			if rid := client.RequestID(g.err); rid != "" && !strings.Contains(g.err.Error(), rid) {
				add("    request id " + model.Sanitize(rid))
			}
		}
		add(st.Muted.Render("    v another grouping · esc back to the records · r retry"))
	case g.doc == nil:
		add(g.tbl.HeaderView(st))
		add(st.Muted.Render("  Grouping " + g.list.Noun + " by " + byWords(g.view.GroupBy) + "…"))
	default:
		if n := g.chartLines(); n > 0 {
			lines = append(lines, g.chart(n)...)
		}
		add(g.tbl.HeaderView(st))
		if g.tbl.Len() == 0 {
			add("  No " + g.list.Noun + " to group with these filters.")
			break
		}
		tail := ""
		if g.doc.check != nil {
			tail = st.Warn.Render("⚠ " + common.ErrText(g.doc.check))
		}
		f := table.CellFmt{Loc: g.sess.Loc}
		lines = append(lines, g.tbl.RowsView(st, &f, tail)...)
	}
	for len(lines) < g.h {
		lines = append(lines, common.Spaces(w))
	}
	return strings.Join(lines[:g.h], "\n")
}

// toolbarPart is the grouping in words for the toolbar.
func (g *Groups) toolbarPart() string {
	s := "Group: " + g.view.GroupBy.Label()
	if g.doc != nil && g.doc.zone != "" && g.doc.zone != g.sess.Loc.String() {
		s += " (" + g.doc.zone + ")"
	}
	return s
}

// summary is the summary bar: the list's summary, whether the groups add
// up to it, and how many groups there are.
func (g *Groups) summaryBar() Summary {
	if g.doc == nil {
		return Summary{Text: "…", Known: g.err != nil}
	}
	d := g.doc
	check := " · groups add up ✓"
	if d.check != nil {
		check = " · ⚠ groups do not add up"
	}
	showing := common.Plural(int64(len(d.data)), "group", "groups")
	if d.other.Groups > 0 {
		showing += " + " + common.FmtCount(d.other.Groups) + " in other"
	}
	return Summary{Text: g.summary(d.summary) + check, Showing: showing, Known: true}
}

// byWords is a grouping inside a sentence: "by API key", "by user".
func byWords(by model.GroupBy) string {
	return strings.Replace(strings.ToLower(by.Label()), "api", "API", 1)
}
