package tabs

import (
	"errors"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// activityColumns: time, what (the list and its type), id, the signed
// amount and the balance after it; who spent for roles that see users.
// What gives way first (down to "MCP-HTTP call…"): the balance after is
// the point of this list, so it stays on a 60-column screen.
func activityColumns(seesUsers bool) []table.Column[model.ActivityRow] {
	type R = model.ActivityRow
	cols := []table.Column[R]{
		{Title: "Time", Min: wTime, Max: wTime, Priority: 0, Sort: "at",
			Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.At, f.Loc) }},
		{Title: "What", Min: 15, Ideal: 40, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return r.Label }},
		// The id whole or not at all (dropped first): a cut id is no use.
		{Title: "ID", Min: 17, Max: 17, Priority: 4, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
		{Title: "Amount", Min: 10, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true,
			Text: func(r *R, _ *table.CellFmt) string { return r.Amount.Signed() }, Negative: func(r *R) bool { return r.Amount < 0 }},
		{Title: "Balance after", Short: "Balance", Min: 10, Max: wCredits, Priority: 1, Align: common.AlignRight, Decimal: true,
			Text: func(r *R, _ *table.CellFmt) string { return r.BalanceAfter.Grouped() }, Negative: func(r *R) bool { return r.BalanceAfter < 0 }},
	}
	if seesUsers {
		cols = append(cols, table.Column[R]{Title: "User", Min: 8, Max: 20, Priority: 3,
			Text: func(r *R, _ *table.CellFmt) string { return r.UserName() }})
	}
	return cols
}

// View draws the rows, or the loading or error state in place.
func (t *Activity) View() string {
	st := t.sess.Styles
	w, h := t.tbl.Width(), t.tbl.Height()+1
	lines := make([]string, 0, h)
	add := func(s string) { lines = append(lines, common.PadRight(s, w)) }
	lines = append(lines, t.tbl.HeaderView(st))
	switch {
	case t.err != nil:
		add("")
		add(st.Error.Render("  ✗ Couldn't load the activity of " + t.sess.WS))
		for _, l := range common.Wrap(w-6, common.ErrText(t.err)) {
			add("    " + l)
		}
		if rid := client.RequestID(t.err); rid != "" && !strings.Contains(t.err.Error(), rid) {
			add("    request id " + model.Sanitize(rid))
		}
		add(st.Muted.Render("    r retry · the other tabs keep working"))
	case !t.started:
		add(st.Muted.Render("  Loading every change to the balance…"))
	case t.tbl.Len() == 0:
		msg := "  No changes to the balance yet."
		if t.view.HasWindow() {
			msg = "  No changes to the balance in " + strings.ToLower(common.DateLabel(t.view, t.sess.Loc)) + "."
		}
		add(msg)
	default:
		edge := ""
		if t.tbl.EdgeShown() {
			edge = t.edgeText()
		}
		f := table.CellFmt{Loc: t.sess.Loc}
		lines = append(lines, t.tbl.RowsView(st, &f, edge)...)
	}
	for len(lines) < h {
		lines = append(lines, common.Spaces(w))
	}
	return strings.Join(lines[:h], "\n")
}

// edgeText is what the edge line says: a page that failed and what r does
// about it (kept on the line however narrow), a page coming, or how many
// changes are not loaded between the newest and the oldest.
func (t *Activity) edgeText() string {
	st := t.sess.Styles
	switch {
	case t.moreErr != nil:
		why := common.OneLine(common.ErrText(t.moreErr))
		var we *client.WalkError
		if errors.As(t.moreErr, &we) { // the list's name, then the guard's words in brief
			why = strings.TrimSuffix(why, common.OneLine(common.ErrText(we))) + model.Sanitize(we.Brief())
		}
		hint := " · r retry"
		if t.segWalk(t.errSeg).Stopped() != nil {
			hint = " · r starts over"
		}
		room := max(10, t.tbl.Width()-ansi.StringWidth(hint)-4)
		return st.Error.Render("✗ "+ansi.Truncate(why, room, "…")) + st.Muted.Render(hint)
	case t.loading && t.inflight == table.Tail && !t.tailStarted:
		return st.Muted.Render("⋯ loading the oldest changes")
	case t.loading && t.inflight == table.Tail:
		return st.Muted.Render("⋯ loading newer changes")
	case t.loading:
		return st.Muted.Render("⋯ loading older changes")
	}
	if gap := t.tbl.Count() - t.tbl.Len(); gap > 0 && t.tailStarted {
		return st.Muted.Render("⋯ " + common.Plural(int64(gap), "more change", "more changes") + " load as you scroll")
	}
	return st.Muted.Render("⋯ more changes load as you scroll")
}

// Status: the window in the toolbar; the window's totals in the summary,
// and, once the walk is done, whether its rows add up to the summaries.
func (t *Activity) Status() Status {
	s := Status{View: t.view, FetchedAt: t.fetched, Busy: t.loading, Sort: "Time ▼",
		Toolbar: []string{"Date: " + common.DateLabel(t.view, t.sess.Loc)}, Filtered: t.view.HasWindow()}
	if !t.started {
		return s
	}
	tot := t.walk.Totals()
	// Every part of net, so the figures add up on screen: spent + added +
	// removed (expirations, corrections; left out when there are none).
	text := common.Plural(tot.Changes, "change", "changes") + " · spent " + tot.Spent.Grouped() +
		" · added " + tot.Added.Signed()
	if tot.Removed != 0 {
		text += " · removed " + tot.Removed.Signed()
	}
	text += " · net " + tot.Net.Signed()
	if done, err := t.Done(); done {
		if err != nil {
			text += " · ⚠ rows do not add up (records changed while loading: r)"
		} else if !t.view.HasWindow() {
			text += " · opens at " + t.walk.Opening().Grouped() + " ✓"
		}
	}
	pos := ""
	if t.tbl.Len() > 0 {
		p, n := t.tbl.Position()
		pos = "row " + common.FmtCount(int64(p)) + " of " + common.FmtCount(int64(n))
		if t.tbl.Pending() {
			pos += " → " + common.FmtCount(int64(t.tbl.Target()+1)) // keys ahead of the pages
		}
	}
	s.Summary = Summary{Text: text, Known: true, Showing: pos}
	return s
}
