package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// tab is what the root sees of a tab component.
type tab interface {
	ID() model.Tab
	Title() string
	View() model.View
	SetSize(w, h int)
	SetSeesUsers(bool)
	Loaded() bool
	Err() error
	FetchedAt() time.Time // when the shown data arrived; zero = not yet
	Busy() bool           // a request is in flight (refresh ticks skip)
	RefreshErr() error    // a background refresh failed; old data still shown
	Caps() tabCaps

	Update(msg tea.Msg) tea.Cmd
	Navigate(k *common.KeyMap, msg tea.KeyPressMsg) (bool, tea.Cmd)
	Wheel(delta int) tea.Cmd
	Click(x, line int) tea.Cmd
	Reload(v model.View) tea.Cmd
	Reset(v model.View)
	Refresh() tea.Cmd
	SoftRefresh() tea.Cmd // refetch keeping the selection and scroll position
	EnsureLoaded() tea.Cmd
	Retry() tea.Cmd
	NextSort() tea.Cmd
	Reverse() tea.Cmd
	Stop()

	Render(h int) string
	Summary() (text, showing string, ok bool)
	Toolbar() []string
	SortLabel() string

	SearchEnabled() bool
	TypeFilter() (name string, opts []common.Option, current string, ok bool)
	APIKeyEnabled() bool

	SelectedID() string
	SelectedURL() string
	SelectedFields() []common.Field
	SelectedConversation() *model.Conversation
}

// Render draws the table area (h lines): the header and the visible rows, or
// the loading, empty or error state in place.
func (t *listTab[T, S]) Render(h int) string {
	st := t.sess.Styles
	lines := make([]string, 0, h)
	lines = append(lines, t.tbl.HeaderView(st))
	switch {
	case t.restricted():
		lines = append(lines, common.Spaces(t.tbl.Width()),
			common.PadRight("  "+st.Strong.Render("Billing history is visible to owners and admins."), t.tbl.Width()),
			common.PadRight(st.Muted.Render("  You are a "+string(t.sess.Role)+" here: ask a workspace owner for invoices."), t.tbl.Width()))
	case t.err != nil && !t.errMore:
		lines = append(lines, t.errorLines()...)
	case !t.loaded:
		lines = append(lines, common.PadRight(st.Muted.Render("  Loading "+t.spec.noun+"…"), t.tbl.Width()))
	case t.tbl.Len() == 0:
		msg := "  No " + t.spec.noun + " match these filters."
		if !viewFiltered(t.view) {
			msg = "  No " + t.spec.noun + " yet."
		}
		lines = append(lines, common.PadRight(msg, t.tbl.Width()))
		if viewFiltered(t.view) {
			lines = append(lines, common.PadRight(st.Muted.Render("  c clears the filters · d changes the dates"), t.tbl.Width()))
		}
	default:
		tail := ""
		switch {
		case t.err != nil:
			tail = st.Error.Render("✗ more rows failed: " + common.OneLine(common.ErrText(t.err)) + " · r retry")
		case t.loading && !t.soft:
			tail = st.Muted.Render("… loading more")
		}
		f := table.CellFmt{Loc: t.sess.Loc}
		lines = append(lines, t.tbl.RowsView(st, &f, tail)...)
	}
	for len(lines) < h {
		lines = append(lines, common.Spaces(t.tbl.Width()))
	}
	return strings.Join(lines[:h], "\n")
}

func (t *listTab[T, S]) errorLines() []string {
	st := t.sess.Styles
	w := t.tbl.Width()
	var out []string
	add := func(s string) { out = append(out, common.PadRight(s, w)) }
	add("")
	if client.IsAuth(t.err) {
		add(st.Error.Render("  ✗ The API key was not accepted (401)."))
		add("    Log in again with `tally login`, or set TALLY_API_KEY, then press r.")
	} else {
		add(st.Error.Render("  ✗ Couldn't load " + t.spec.noun + " for " + t.sess.WS))
		for _, l := range common.Wrap(w-6, common.ErrText(t.err)) {
			add("    " + l)
		}
	}
	if rid := client.RequestID(t.err); rid != "" && !strings.Contains(t.err.Error(), rid) {
		add("    request id " + model.Sanitize(rid))
	}
	add(st.Muted.Render("    r retry · the other tabs keep working"))
	return out
}

// viewFiltered reports whether any filter (not the sort) narrows the list.
func viewFiltered(v model.View) bool {
	return v.Last != "" || !v.From.IsZero() || !v.To.IsZero() || v.Search != "" || v.BillingType != "" ||
		v.APIKey != "" || v.ImportType != "" || v.AdjType != ""
}

func (t *listTab[T, S]) Summary() (text, showing string, ok bool) {
	if t.restricted() {
		return "not shown to your role", "", true
	}
	if !t.loaded {
		return "", "", false
	}
	total := t.spec.total(t.summary)
	return t.spec.summary(t.summary), "showing " + common.FmtCount(int64(t.tbl.Len())) + " of " + common.FmtCount(total), true
}

// Toolbar lists the active filters in words; the root adds the API key name.
func (t *listTab[T, S]) Toolbar() []string {
	if t.restricted() {
		return []string{"Invoices are shown to owners and admins"}
	}
	v := t.view
	parts := []string{"Date: " + common.DateLabel(v, t.sess.Loc)}
	if t.spec.hasSearch && v.Search != "" {
		// The search may be a name or an email: a redacted screen masks it too.
		parts = append(parts, "Search: \""+t.sess.Redact.Search(v.Search)+"\"")
	}
	if t.spec.getType != nil {
		cur := t.spec.getType(v)
		label := t.spec.typeOpts[0].Label
		for _, o := range t.spec.typeOpts {
			if o.Value == cur {
				label = o.Label
			}
		}
		if cur != "" && label == t.spec.typeOpts[0].Label {
			label = cur // unknown value from flags: show it raw
		}
		parts = append(parts, t.spec.typeName+": "+label)
	}
	return parts
}

func (t *listTab[T, S]) SortLabel() string {
	if t.restricted() {
		return ""
	}
	f, asc := t.sortState()
	name := t.spec.sortName[f]
	if name == "" {
		name = f
	}
	if asc {
		return name + " ▲"
	}
	return name + " ▼"
}

func (t *listTab[T, S]) SearchEnabled() bool { return t.spec.hasSearch }
func (t *listTab[T, S]) APIKeyEnabled() bool { return t.spec.hasAPIKey }

func (t *listTab[T, S]) TypeFilter() (string, []common.Option, string, bool) {
	if t.spec.getType == nil {
		return "", nil, "", false
	}
	return t.spec.typeName, t.spec.typeOpts, t.spec.getType(t.view), true
}

func (t *listTab[T, S]) SelectedID() string {
	if r := t.tbl.Selected(); r != nil {
		return t.spec.recordID(r)
	}
	return ""
}

func (t *listTab[T, S]) SelectedURL() string {
	if r := t.tbl.Selected(); r != nil && t.spec.url != nil {
		return t.spec.url(r)
	}
	return ""
}

func (t *listTab[T, S]) SelectedFields() []common.Field {
	if r := t.tbl.Selected(); r != nil {
		return t.spec.fields(r, t.sess.Loc, t.sess.SeesUsers)
	}
	return nil
}

func (t *listTab[T, S]) SelectedConversation() *model.Conversation {
	if r := t.tbl.Selected(); r != nil {
		if c, ok := any(r).(*model.Conversation); ok {
			cp := *c
			return &cp
		}
	}
	return nil
}
