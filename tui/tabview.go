package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
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
	Navigate(k *KeyMap, msg tea.KeyPressMsg) (bool, tea.Cmd)
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
	TypeFilter() (name string, opts []option, current string, ok bool)
	APIKeyEnabled() bool

	SelectedID() string
	SelectedURL() string
	SelectedFields() []field
	SelectedConversation() *model.Conversation
}

// Render draws the table area (h lines): the header and the visible rows, or
// the loading, empty or error state in place.
func (t *listTab[T, S]) Render(h int) string {
	st := t.sess.styles
	lines := make([]string, 0, h)
	lines = append(lines, t.tbl.HeaderView(st))
	switch {
	case t.restricted():
		lines = append(lines, spaces(t.tbl.width),
			padRight("  "+st.Strong.Render("Billing history is visible to owners and admins."), t.tbl.width),
			padRight(st.Muted.Render("  You are a "+string(t.sess.role)+" here: ask a workspace owner for invoices."), t.tbl.width))
	case t.err != nil && !t.errMore:
		lines = append(lines, t.errorLines()...)
	case !t.loaded:
		lines = append(lines, padRight(st.Muted.Render("  Loading "+t.spec.noun+"…"), t.tbl.width))
	case t.tbl.Len() == 0:
		msg := "  No " + t.spec.noun + " match these filters."
		if !viewFiltered(t.view) {
			msg = "  No " + t.spec.noun + " yet."
		}
		lines = append(lines, padRight(msg, t.tbl.width))
		if viewFiltered(t.view) {
			lines = append(lines, padRight(st.Muted.Render("  c clears the filters · d changes the dates"), t.tbl.width))
		}
	default:
		tail := ""
		switch {
		case t.err != nil:
			tail = st.Error.Render("✗ more rows failed: " + oneLine(errText(t.err)) + " · r retry")
		case t.loading && !t.soft:
			tail = st.Muted.Render("… loading more")
		}
		f := cellFmt{loc: t.sess.loc}
		lines = append(lines, t.tbl.RowsView(st, &f, tail)...)
	}
	for len(lines) < h {
		lines = append(lines, spaces(t.tbl.width))
	}
	return strings.Join(lines[:h], "\n")
}

func (t *listTab[T, S]) errorLines() []string {
	st := t.sess.styles
	w := t.tbl.width
	var out []string
	add := func(s string) { out = append(out, padRight(s, w)) }
	add("")
	if client.IsAuth(t.err) {
		add(st.Error.Render("  ✗ The API key was not accepted (401)."))
		add("    Log in again with `tally login`, or set TALLY_API_KEY, then press r.")
	} else {
		add(st.Error.Render("  ✗ Couldn't load " + t.spec.noun + " for " + t.sess.ws))
		for _, l := range wrapText(errText(t.err), w-6) {
			add("    " + l)
		}
	}
	if rid := client.RequestID(t.err); rid != "" && !strings.Contains(t.err.Error(), rid) {
		add("    request id " + model.Sanitize(rid))
	}
	add(st.Muted.Render("    r retry · the other tabs keep working"))
	return out
}

// errText is an error's message made safe for the screen.
func errText(err error) string { return model.Sanitize(err.Error()) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// wrapText wraps plain text to w cells, breaking long words.
func wrapText(s string, w int) []string {
	if w < 10 {
		w = 10
	}
	return strings.Split(ansi.Wrap(oneLine(s), w, ""), "\n")
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
	return t.spec.summary(t.summary), "showing " + fmtCount(int64(t.tbl.Len())) + " of " + fmtCount(total), true
}

// Toolbar lists the active filters in words; the root adds the API key name.
func (t *listTab[T, S]) Toolbar() []string {
	if t.restricted() {
		return []string{"Invoices are shown to owners and admins"}
	}
	v := t.view
	parts := []string{"Date: " + dateLabel(v, t.sess.loc)}
	if t.spec.hasSearch && v.Search != "" {
		// The search may be a name or an email: a redacted screen masks it too.
		parts = append(parts, "Search: \""+t.sess.redact.Search(v.Search)+"\"")
	}
	if t.spec.getType != nil {
		cur := t.spec.getType(v)
		label := t.spec.typeOpts[0].label
		for _, o := range t.spec.typeOpts {
			if o.value == cur {
				label = o.label
			}
		}
		if cur != "" && label == t.spec.typeOpts[0].label {
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

// dateLabel names the window in words ("Last 30 days", "Nov 1 – Nov 20 2026").
func dateLabel(v model.View, loc *time.Location) string {
	switch v.Last {
	case "":
	case "7d":
		return "Last 7 days"
	case "30d":
		return "Last 30 days"
	case "3m":
		return "Last 3 months"
	default:
		return "Last " + v.Last
	}
	if v.From.IsZero() && v.To.IsZero() {
		return "All time"
	}
	from, to := "…", "…"
	if !v.From.IsZero() {
		from = fmtDate(v.From, loc)
	}
	if !v.To.IsZero() {
		to = fmtDate(inclusiveEnd(v.To, loc), loc)
	}
	return from + " – " + to
}

func fmtDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(timeLayout)
}

// inclusiveEnd shows an exclusive midnight end as the day before ("to 2026-11-20"
// means through that day); other ends are shown as they are.
func inclusiveEnd(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.AddDate(0, 0, -1)
	}
	return l
}

func (t *listTab[T, S]) SearchEnabled() bool { return t.spec.hasSearch }
func (t *listTab[T, S]) APIKeyEnabled() bool { return t.spec.hasAPIKey }

func (t *listTab[T, S]) TypeFilter() (string, []option, string, bool) {
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

func (t *listTab[T, S]) SelectedFields() []field {
	if r := t.tbl.Selected(); r != nil {
		return t.spec.fields(r, t.sess.loc, t.sess.seesUsers)
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
