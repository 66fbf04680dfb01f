package tabs

import (
	"errors"
	"strings"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// View draws the table area: the header and the visible rows, or the
// loading, empty or error state in place.
func (t *List[T, S]) View() string {
	st := t.sess.Styles
	w, h := t.tbl.Width(), t.tbl.Height()+1
	if t.grouping() && t.err == nil && !t.restricted() {
		return t.groups.View()
	}
	lines := make([]string, 0, h)
	lines = append(lines, t.tbl.HeaderView(st))
	switch {
	case t.restricted():
		lines = append(lines, common.Spaces(w),
			common.PadRight("  "+st.Strong.Render("Billing history is visible to owners and admins."), w),
			common.PadRight(st.Muted.Render("  You are a "+string(t.sess.Role)+" here: ask a workspace owner for invoices."), w))
	case t.err != nil:
		lines = append(lines, t.errorLines()...)
	case !t.loaded:
		lines = append(lines, common.PadRight(st.Muted.Render("  Loading "+t.spec.List.Noun+"…"+t.waitText()), w))
	case t.tbl.Len() == 0:
		filtered := t.spec.List.Filtered(t.view)
		msg := "  No " + t.spec.List.Noun + " match these filters."
		if !filtered {
			msg = "  No " + t.spec.List.Noun + " yet."
		}
		lines = append(lines, common.PadRight(msg, w))
		if filtered {
			lines = append(lines, common.PadRight(st.Muted.Render("  c clears the filters · esc undoes the last one · d changes the dates"), w))
		}
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

func (t *List[T, S]) errorLines() []string {
	st := t.sess.Styles
	w := t.tbl.Width()
	var out []string
	add := func(s string) { out = append(out, common.PadRight(s, w)) }
	add("")
	var re *model.ResolveError
	switch {
	case client.IsAuth(t.err):
		add(st.Error.Render("  ✗ The API key was not accepted (401)."))
		add("    Log in again with `tally login`, or set TALLY_API_KEY, then press r.")
	case errors.As(t.err, &re):
		for i, l := range common.Wrap(w-6, common.UpperFirst(common.ErrText(t.err))) {
			if i == 0 {
				add(st.Error.Render("  ✗ " + l))
			} else {
				add("    " + l)
			}
		}
	default:
		add(st.Error.Render("  ✗ Couldn't load " + t.spec.List.Noun + " for " + t.sess.WS))
		for _, l := range common.Wrap(w-6, common.ErrText(t.err)) {
			add("    " + l)
		}
	}
	if rid := client.RequestID(t.err); rid != "" && !strings.Contains(t.err.Error(), rid) {
		add("    request id " + model.Sanitize(rid))
	}
	if re != nil {
		add(st.Muted.Render("    c clears the filter · " + t.refKeyHint() + " · r retry"))
		return out
	}
	add(st.Muted.Render("    r retry · the other tabs keep working"))
	return out
}

// refKeyHint names the key that picks a reference filter ("a choose one").
func (t *List[T, S]) refKeyHint() string {
	for _, f := range t.spec.List.Filters {
		if f.Kind == model.FilterRef && f.Key != "" {
			return f.Key + " choose one"
		}
	}
	return "choose another"
}

// Status is what the root shows around the list.
func (t *List[T, S]) Status() Status {
	s := Status{View: t.view, FetchedAt: t.fetched, Busy: t.loading, RefreshErr: t.refreshErr}
	if t.restricted() {
		s.Toolbar = []string{"Invoices are shown to owners and admins"}
		s.Summary = Summary{Text: "not shown to your role", Known: true}
		return s
	}
	s.Filtered = t.spec.List.Filtered(t.view)
	for _, r := range t.spec.Refs {
		if v, resolved := r.typed(); v != "" && !resolved {
			s.Unresolved = append(s.Unresolved, r.filter())
		}
	}
	s.Toolbar, s.ToolbarIdle = t.toolbar()
	s.Sort = t.sortLabel()
	if t.loaded {
		s.Summary = Summary{Text: t.spec.Summary(t.summary), Known: true, Showing: t.position()}
		if t.moved() {
			// The totals are the first page's; the server's have moved on.
			s.Summary.Showing = "list changed since loaded · r · " + s.Summary.Showing
		}
	}
	if t.grouping() && t.err == nil {
		s = t.groupStatus(s)
	}
	return s
}

// toolbar is every filter in words: the window, then the list's filters in
// registry order (a search only when set; choices always, "All types",
// marked idle so a narrow screen may drop them).
func (t *List[T, S]) toolbar() (parts []string, idle []bool) {
	v := t.view
	parts = []string{"Date: " + common.DateLabel(v, t.sess.Loc)}
	idle = []bool{false}
	for _, f := range t.spec.List.Filters {
		if (f.Kind == model.FilterText || t.roleOff(f) != "") && f.Get(v) == "" {
			continue
		}
		parts = append(parts, f.Label+": "+t.filterLabel(f))
		idle = append(idle, f.Get(v) == "")
	}
	return parts, idle
}

func (t *List[T, S]) sortLabel() string {
	f, asc := t.sortState()
	name := t.spec.List.SortTitle(f)
	if asc {
		return name + " ▲"
	}
	return name + " ▼"
}

// position is where the cursor is in the whole list: "row 12 of 1,000,000",
// counted from the list's far end when it is in the tail segment.
func (t *List[T, S]) position() string {
	pos, n := t.tbl.Position()
	if t.tbl.Len() == 0 {
		return ""
	}
	s := "row " + common.FmtCount(int64(pos)) + " of " + common.FmtCount(int64(n))
	if t.tbl.Pending() {
		s += " → " + common.FmtCount(int64(t.tbl.Target()+1)) // keys ahead of the pages
	}
	return s
}

// moved reports whether a walk went past a page whose summary differed
// from the first's: records landed or left while paging.
func (t *List[T, S]) moved() bool {
	for _, w := range t.walks {
		if w.guard != nil && w.guard.Moved() != nil {
			return true
		}
	}
	return false
}
