package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Screen layout, top to bottom (lines): header ×2, tab bar, rule, toolbar,
// rule, table area, rule, summary, footer.
const (
	tabBarLine  = 2
	tableTop    = 6
	chromeLines = 9
	gaugeCells  = 20
)

func (m *Model) tableHeight() int {
	return max(2, m.height-chromeLines-(m.summaryRows()-1)-(m.toolbarRows()-1))
}

// tableTop is the screen line of the table header.
func (m *Model) tableTop() int { return tableTop + m.toolbarRows() - 1 }

// summaryRows is 2 below 100 columns so the figures are never cut off.
func (m *Model) summaryRows() int {
	if _, ok := m.activeTab().(*overviewTab); ok {
		return 1 // the forecast: one sentence
	}
	if m.width < 100 {
		return 2
	}
	return 1
}

func (m *Model) bodySize() (int, int) { return m.width, m.tableHeight() }

// layout passes the current size to every component.
func (m *Model) layout() {
	m.laidOut = m.tableHeight()
	for _, t := range m.tabs {
		t.SetSize(m.width, m.tableHeight())
	}
	if m.dialog != nil {
		m.dialog.SetSize(m.bodySize())
	}
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View renders the whole screen; only the visible rows of the active tab are formatted.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "tally"
	return v
}

func (m *Model) render() string {
	st := &m.styles
	w := m.width
	if m.tooSmall() {
		msg := "Terminal too small: " + strconv.Itoa(m.width) + "×" + strconv.Itoa(m.height) +
			" — tally needs at least " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight) + "."
		lines := common.Wrap(max(10, m.width-2), msg)
		return strings.Join(lines, "\n")
	}
	rule := st.Muted.Render(strings.Repeat("─", w))
	lines := make([]string, 0, m.height)
	lines = append(lines, m.headerLines()...)
	lines = append(lines, m.tabBar(), rule)
	lines = append(lines, m.toolbarLines()...)
	lines = append(lines, rule)
	lines = append(lines, strings.Split(m.body(), "\n")...)
	lines = append(lines, rule)
	lines = append(lines, m.summaryLines()...)
	lines = append(lines, m.footer())
	return strings.Join(lines, "\n")
}

func (m *Model) roleLabel() string {
	r := string(m.wsRef.Role)
	if m.cfg.View.AsRole != "" && m.cfg.View.AsRole != m.wsRef.Role {
		r += " (viewing as " + string(m.cfg.View.AsRole) + ")"
	}
	return r
}

func (m *Model) headerLines() []string {
	st := &m.styles
	w := m.width
	left := " " + st.Title.Render("tally") + "  "
	if !m.hasWS {
		left += st.Muted.Render("choose a workspace")
		return []string{common.PadRight(left, w), common.PadRight("", w)}
	}
	left += st.Strong.Render(string(m.wsRef.Name)) + st.Muted.Render(" · ") + m.roleLabel()
	b := m.billing
	if b == nil {
		second := " " + st.Muted.Render("Credits  loading…")
		if m.billErr != nil {
			second = " " + st.Error.Render("✗ billing: "+common.OneLine(common.ErrText(m.billErr))) + st.Muted.Render(" · r retry")
		}
		return []string{common.PadRight(m.withFreshness(left, "", w), w), common.PadRight(second, w)}
	}
	p := b.Plan
	right := planSummary(p)
	if p.CancelAtPeriodEnd && p.CurrentPeriodEnd != nil {
		right += " · " + st.Warn.Render("cancels "+common.FmtDay(*p.CurrentPeriodEnd, m.sess.Loc))
	}
	if sc := p.ScheduledChange; sc != nil {
		right += " · " + st.Warn.Render("→ "+string(sc.PlanName)+" on "+common.FmtDay(sc.EffectiveAt, m.sess.Loc))
	}
	right += " "
	return []string{common.Spread(m.withFreshness(left, right, w), right, w), common.PadRight(m.creditsLine(b), w)}
}

// creditsLine says what is left, how much of the grant is used and when it
// refreshes, dropping words (never figures) until it fits the width.
func (m *Model) creditsLine(b *model.Billing) string {
	st := &m.styles
	c := b.Credits
	remaining := c.Remaining.Grouped() + " left"
	if common.LowCredits(c) {
		remaining = st.Warn.Render(remaining + " (low)")
	} else {
		remaining = st.Strong.Render(remaining)
	}
	for level := 0; level < 4; level++ {
		s := " " + st.Muted.Render("Credits") + "  " + remaining
		if c.GrantedThisPeriod > 0 {
			p := common.PercentUsed(c.UsedThisPeriod, c.GrantedThisPeriod)
			if cells := []int{gaugeCells, 10, 0, 0}[level]; cells > 0 {
				full := p * cells / 100
				s += "  " + st.GaugeFull.Render(strings.Repeat("█", full)) + st.GaugeEmpty.Render(strings.Repeat("░", cells-full))
			}
			if level < 3 {
				s += " " + strconv.Itoa(p) + "% used of " + c.GrantedThisPeriod.Grouped()
			} else {
				s += " · " + strconv.Itoa(p) + "% of " + c.GrantedThisPeriod.Grouped()
			}
		}
		if r := c.RefreshesAt; r != nil {
			if level < 3 {
				s += st.Muted.Render(" · ") + "refreshes " + common.FmtDay(*r, m.sess.Loc) + " · " + common.RelDays(*r, m.cfg.Now(), m.sess.Loc)
			} else {
				s += " · " + common.FmtDay(*r, m.sess.Loc) + " · " + common.RelDays(*r, m.cfg.Now(), m.sess.Loc)
			}
		}
		if ansi.StringWidth(s) <= m.width || level == 3 {
			return s
		}
	}
	return ""
}

// tabItem is one tab's place on the tab bar; rendering and mouse hits share it.
type tabItem struct {
	label string
	x, w  int
}

// shortTitle is a tab's label when the full titles do not fit; tiny is the
// shortest set, for 60 columns.
func shortTitle(id model.Tab, tiny bool) string {
	if tiny {
		switch id {
		case model.TabConversations:
			return "Convs"
		case model.TabMCPCalls:
			return "MCP"
		case model.TabAdjustments:
			return "Adjust"
		}
	}
	switch id {
	case model.TabBilling:
		return "Billing"
	case model.TabMCPCalls:
		return "MCP Calls"
	case model.TabImports:
		return "Imports"
	case model.TabAdjustments:
		return "Adjustments"
	}
	return id.Title()
}

func (m *Model) tabItems() []tabItem {
	full, short := 1, 1
	for _, t := range m.tabs {
		full += ansi.StringWidth(t.Title()) + 3
		short += ansi.StringWidth(shortTitle(t.ID(), false)) + 3
	}
	items := make([]tabItem, 0, len(m.tabs))
	x := 1
	for _, t := range m.tabs {
		label := t.Title()
		if full > m.width {
			label = shortTitle(t.ID(), short > m.width)
		}
		w := ansi.StringWidth(label) + 2
		items = append(items, tabItem{label: label, x: x, w: w})
		x += w + 1
	}
	return items
}

func (m *Model) tabBar() string {
	st := &m.styles
	var b strings.Builder
	b.WriteString(" ")
	for i, it := range m.tabItems() {
		if i > 0 {
			b.WriteString(" ")
		}
		if i == m.active {
			if st.NoColor {
				b.WriteString(st.TabActive.Render("[" + it.label + "]"))
			} else {
				b.WriteString(st.TabActive.Render(" " + it.label + " "))
			}
		} else {
			b.WriteString(st.TabIdle.Render(" " + it.label + " "))
		}
	}
	return common.PadRight(b.String(), m.width)
}

// toolbarParts is every active filter in words, then the sort.
func (m *Model) toolbarParts() (filters []string, sort string) {
	t := m.activeTab()
	filters = t.Toolbar()
	if t.APIKeyEnabled() {
		label := "All keys"
		if id := t.View().APIKey; id != "" {
			label = m.keyName(id)
		}
		filters = append(filters, "Key: "+label)
	}
	if s := t.SortLabel(); s != "" {
		return filters, "Sort: " + s
	}
	return filters, ""
}

// toolbarRows is 2 when the filters and sort do not fit on one line: they are
// never cut off.
func (m *Model) toolbarRows() int {
	if !m.hasWS || m.searching {
		return 1
	}
	filters, sort := m.toolbarParts()
	if ansi.StringWidth(" "+strings.Join(common.AppendNonEmpty(filters, sort), "   ")) > m.width {
		return 2
	}
	return 1
}

func (m *Model) toolbarLines() []string {
	st := &m.styles
	t := m.activeTab()
	if m.searching {
		left := " " + st.Strong.Render("Search: ") + m.search.value() + "█"
		return []string{common.Spread(left, st.Muted.Render("enter apply · esc cancel "), m.width)}
	}
	filters, sort := m.toolbarParts()
	right := ""
	if viewFiltered(t.View()) {
		right = st.Muted.Render("c clear filters ")
	}
	if m.toolbarRows() == 1 {
		left := " " + strings.Join(common.AppendNonEmpty(filters, sort), "   ")
		if ansi.StringWidth(left)+ansi.StringWidth(right)+1 > m.width {
			right = ""
		}
		return []string{common.Spread(left, right, m.width)}
	}
	return []string{common.PadRight(" "+strings.Join(filters, "   "), m.width), common.Spread(" "+sort, right, m.width)}
}

func (m *Model) body() string {
	h := m.tableHeight()
	var base string
	switch {
	case m.meErr != nil:
		base = m.messageBody(m.meErr, h)
	case !m.hasWS:
		base = m.blankBody(h, "")
		if len(m.me.Workspaces) == 0 {
			base = m.blankBody(h, "  Loading your workspaces…")
		}
	default:
		base = m.activeTab().Render(h)
	}
	if m.dialog == nil {
		return base
	}
	return overlay(base, m.dialog.View(), m.width)
}

func (m *Model) blankBody(h int, first string) string {
	lines := make([]string, h)
	for i := range lines {
		lines[i] = common.Spaces(m.width)
	}
	if first != "" {
		lines[1] = common.PadRight(first, m.width)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) messageBody(err error, h int) string {
	st := &m.styles
	var out []string
	out = append(out, "")
	if client.IsAuth(err) {
		out = append(out, st.Error.Render("  ✗ The API key was not accepted (401)."))
		out = append(out, "    Log in with `tally login` (or set TALLY_API_KEY) and start tally again.")
	} else {
		out = append(out, st.Error.Render("  ✗ Couldn't load your workspaces"))
		for _, l := range common.Wrap(m.width-6, common.ErrText(err)) {
			out = append(out, "    "+l)
		}
	}
	if rid := client.RequestID(err); rid != "" && !strings.Contains(err.Error(), rid) {
		out = append(out, "    request id "+model.Sanitize(rid))
	}
	out = append(out, st.Muted.Render("    r retry · q quit"))
	for i := range out {
		out[i] = common.PadRight(out[i], m.width)
	}
	for len(out) < h {
		out = append(out, common.Spaces(m.width))
	}
	return strings.Join(out[:h], "\n")
}

// overlay centres box over base, keeping base visible around it.
func overlay(base, box string, width int) string {
	bl := strings.Split(base, "\n")
	ol := strings.Split(box, "\n")
	bw := 0
	for _, l := range ol {
		bw = max(bw, ansi.StringWidth(l))
	}
	x := max(0, (width-bw)/2)
	y := max(0, (len(bl)-len(ol))/2)
	for i, l := range ol {
		row := y + i
		if row >= len(bl) {
			break
		}
		under := bl[row]
		left := ansi.Truncate(under, x, "")
		left += common.Spaces(x - ansi.StringWidth(left))
		right := ansi.TruncateLeft(under, x+bw, "")
		bl[row] = left + l + common.Spaces(bw-ansi.StringWidth(l)) + right
	}
	return strings.Join(bl, "\n")
}

func (m *Model) summaryLines() []string {
	st := &m.styles
	n := m.summaryRows()
	out := make([]string, n)
	for i := range out {
		out[i] = common.PadRight("", m.width)
	}
	if !m.hasWS {
		return out
	}
	t := m.activeTab()
	text, showing, ok := t.Summary()
	if !ok {
		out[0] = common.PadRight(" "+st.Muted.Render("Summary …"), m.width)
		return out
	}
	label := st.Muted.Render("Total")
	if l, ok := t.(interface{ SummaryLabel() string }); ok {
		label = st.Muted.Render(l.SummaryLabel())
	} else if viewFiltered(t.View()) {
		label = st.Filtered.Render("Filtered")
	}
	left := " " + label + "  " + text
	if n == 1 {
		// The figures matter most: shorten, then drop, the "showing" part first.
		lw := ansi.StringWidth(left)
		short := strings.TrimPrefix(showing, "showing ")
		switch {
		case lw+ansi.StringWidth(showing)+3 <= m.width:
		case lw+ansi.StringWidth(short)+3 <= m.width:
			showing = short
		default:
			return []string{common.PadRight(left, m.width)}
		}
		return []string{common.Spread(left, st.Muted.Render(showing+" "), m.width)}
	}
	right := st.Muted.Render(showing + " ")
	if ansi.StringWidth(left) <= m.width {
		return []string{common.PadRight(left, m.width), common.Spread("", right, m.width)}
	}
	// Too wide for one line: break between figures, never inside one.
	parts := strings.Split(text, " · ")
	first := " " + label + " "
	k := 0
	for k < len(parts) && ansi.StringWidth(first+" "+strings.Join(parts[:k+1], " · ")) <= m.width {
		k++
	}
	k = max(k, 1)
	line1 := first + " " + strings.Join(parts[:k], " · ")
	rest := "   " + strings.Join(parts[k:], " · ")
	if k < len(parts) {
		line1 += " ·"
	}
	return []string{common.PadRight(line1, m.width), common.Spread(rest, right, m.width)}
}

func (m *Model) footer() string {
	st := &m.styles
	if m.flash != "" {
		s := st.Flash
		if m.flashErr {
			s = st.Error
		}
		return common.PadRight(" "+s.Render(common.OneLine(m.flash)), m.width)
	}
	k := &m.keys
	var bs []key.Binding
	switch {
	case m.dialog != nil:
		return common.PadRight(" "+fitHelp(st, dialogFooterKeys(m.dialog), nil, m.width-2), m.width)
	case m.searching:
		return common.PadRight(" "+st.Muted.Render("type to search by conversation ID, title or creator · enter apply · esc cancel"), m.width)
	case !m.hasWS:
		// Only what onKey answers before a workspace is chosen.
		if len(m.me.Workspaces) > 0 {
			bs = append(bs, k.Workspace)
		}
		if m.meErr != nil {
			bs = append(bs, k.Refresh)
		}
		return common.PadRight(" "+fitHelp(st, bs, []key.Binding{k.Quit}, m.width-2), m.width)
	default:
		t := m.activeTab()
		bs = m.tabFooterKeys(t)
		if t.SelectedURL() != "" {
			// Opening the URL is what the row is for: it goes before the
			// generic keys that fitHelp drops first on a narrow screen.
			bs = append([]key.Binding{k.Open}, bs...)
		}
		bs = append(bs, k.Workspace)
	}
	return common.PadRight(" "+fitHelp(st, bs, []key.Binding{k.Help, k.Quit}, m.width-2), m.width)
}

// fitHelp shows as many bindings as fit, always ending with the tail ones.
func fitHelp(st *common.Styles, bs, tail []key.Binding, w int) string {
	for n := len(bs); n >= 0; n-- {
		s := helpItems(st, append(append([]key.Binding{}, bs[:n]...), tail...))
		if ansi.StringWidth(s) <= w {
			return s
		}
	}
	return helpItems(st, tail)
}

func helpItems(st *common.Styles, bs []key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, st.Key.Render(h.Key)+" "+st.Muted.Render(h.Desc))
	}
	return strings.Join(parts, "  ")
}

// Mouse.

func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.dialog != nil || !m.hasWS || m.tooSmall() {
		return nil
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		return m.activeTab().Wheel(-3)
	case tea.MouseWheelDown:
		return m.activeTab().Wheel(3)
	}
	return nil
}

func (m *Model) onClick(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || m.dialog != nil || !m.hasWS || m.tooSmall() {
		return nil
	}
	switch {
	case msg.Y == tabBarLine:
		for i, it := range m.tabItems() {
			if msg.X >= it.x && msg.X < it.x+it.w {
				return m.switchTab(i)
			}
		}
	case msg.Y >= m.tableTop() && msg.Y < m.tableTop()+m.tableHeight():
		return m.activeTab().Click(msg.X, msg.Y-m.tableTop())
	}
	return nil
}

// planSummary is "Creator · monthly · active"; parts that only repeat the
// plan's name ("Free · no billing · free") are left out.
func planSummary(p model.Plan) string {
	parts := []string{string(p.Name)}
	if p.Interval != "" {
		parts = append(parts, strings.ToLower(p.Interval.Label()))
	}
	if st := strings.ToLower(p.Status.Label()); !strings.EqualFold(st, string(p.Name)) {
		parts = append(parts, st)
	}
	return strings.Join(parts, " · ")
}
