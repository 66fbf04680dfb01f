package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/components"
	"github.com/tallyhq/tally/tui/tabs"
)

// Screen layout, top to bottom (lines): header ×2, tab bar, rule, toolbar,
// rule, table area, rule, summary, footer. Below compactBelow lines the
// chrome collapses so the table keeps its rows (8 of them at 60×16): the
// header takes one line, the summary one, and the rules around the tab bar
// and above the summary go.
const compactBelow = 20

func (m *Model) compact() bool { return m.height < compactBelow }

func (m *Model) headerRows() int {
	if m.compact() {
		return 1
	}
	return 2
}

// rules is 1 for a full layout's optional rules, 0 when compact.
func (m *Model) rules() int {
	if m.compact() {
		return 0
	}
	return 1
}

func (m *Model) tabBarLine() int { return m.headerRows() }

// tableTop is the screen line of the table header.
func (m *Model) tableTop() int {
	return m.headerRows() + 1 + m.rules() + m.toolbar().Rows(m.width) + 1
}

func (m *Model) tableHeight() int {
	chrome := m.tableTop() + m.rules() + m.summaryBar().Rows(m.width) + 1
	return max(2, m.height-chrome)
}

// bodySize is the room a dialog has: every line but the header's first and
// the footer (which lists the dialog's keys), so the detail sheet keeps its
// items in view on short terminals.
func (m *Model) bodySize() (int, int) { return m.width, max(2, m.height-2) }

// layout passes the current size to every component.
func (m *Model) layout() {
	m.laidOut = m.tableHeight()
	m.bar.SetSize(m.width)
	for _, t := range m.tabs {
		t.SetSize(m.width, m.tableHeight())
	}
	m.search.SetWidth(max(10, m.width-38)) // " Search: " and the hint beside it
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
		return strings.Join(common.Wrap(max(10, m.width-2), msg), "\n")
	}
	rule := st.Muted.Render(strings.Repeat("─", w))
	lines := make([]string, 0, m.height)
	if m.compact() {
		lines = append(lines, m.header().Compact(st, w), m.bar.View(st, m.active))
	} else {
		lines = append(lines, m.header().View(st, w)...)
		lines = append(lines, m.bar.View(st, m.active), rule)
	}
	lines = append(lines, m.toolbarLines()...)
	lines = append(lines, rule)
	lines = append(lines, strings.Split(m.body(), "\n")...)
	if !m.compact() {
		lines = append(lines, rule)
	}
	lines = append(lines, m.summaryBar().View(st, w)...)
	if m.dialog != nil && len(lines) > 1 {
		over := strings.Split(overlay(strings.Join(lines[1:], "\n"), m.dialog.View(), w), "\n")
		lines = append(lines[:1], over...)
	}
	lines = append(lines, m.footer().View(st, w))
	return strings.Join(lines, "\n")
}

func (m *Model) roleLabel() string {
	r := string(m.wsRef.Role)
	if m.cfg.View.AsRole != "" && m.cfg.View.AsRole != m.wsRef.Role {
		r += " (viewing as " + string(m.cfg.View.AsRole) + ")"
	}
	return r
}

func (m *Model) header() components.Header {
	fresh, isErr := m.freshness()
	return components.Header{Chosen: m.hasWS, Connecting: len(m.me.Workspaces) == 0, Workspace: string(m.wsRef.Name), Role: m.roleLabel(),
		Billing: m.billing, BillErr: m.billErr, Fresh: fresh, FreshIsErr: isErr, Now: m.cfg.Now(), Loc: m.sess.Loc}
}

func (m *Model) toolbar() components.Toolbar {
	if !m.hasWS || m.searching {
		return components.Toolbar{}
	}
	s := m.activeTab().Status()
	tb := components.Toolbar{Filters: s.Toolbar, Idle: s.ToolbarIdle, Filtered: s.Filtered}
	if s.Sort != "" {
		tb.Sort = "Sort: " + s.Sort
	}
	return tb
}

func (m *Model) toolbarLines() []string {
	st := &m.styles
	if m.searching {
		left := " " + st.Strong.Render("Search: ") + m.search.View()
		return []string{common.Spread(left, st.Muted.Render("enter apply · esc cancel "), m.width)}
	}
	if !m.hasWS {
		return []string{common.PadRight("", m.width)}
	}
	return m.toolbar().View(st, m.width)
}

func (m *Model) summaryBar() components.Summary {
	if !m.hasWS {
		return components.Summary{Known: true, OneLine: true}
	}
	s := m.activeTab().Status()
	label, filtered := "Total", false
	switch {
	case s.Summary.Label != "":
		label = s.Summary.Label
	case s.Filtered:
		label, filtered = "Filtered", true
	}
	_, overview := m.activeTab().(*tabs.Overview)
	// Compact screens take one summary line when the figures fit in it.
	fits := ansi.StringWidth(" "+label+"  "+s.Summary.Text) <= m.width
	return components.Summary{Label: label, Filtered: filtered, Text: s.Summary.Text, Showing: s.Summary.Showing,
		Known: s.Summary.Known, OneLine: overview || (m.compact() && fits)}
}

func (m *Model) footer() components.Footer {
	f := components.Footer{Flash: m.flash, FlashErr: m.flashErr}
	g := &m.keys.Global
	switch {
	case m.dialog != nil:
		f.Keys = m.dialog.Keys()
	case m.searching:
		context, _ := m.contextKeys()
		f.Keys = append([]common.Key{common.On(common.Hint("type", "to search by conversation ID, title or creator"))}, context...)
	case !m.hasWS:
		f.Keys = m.noWorkspaceKeys()[:2]
		f.Tail = m.noWorkspaceKeys()[2:]
	default:
		f.Keys = append(m.activeTab().Keys(), common.On(&g.CopyView), m.workspaceKey())
		f.Tail = []common.Key{common.On(&g.Help), common.On(&g.Quit)}
	}
	return f
}

func (m *Model) body() string {
	h := m.tableHeight()
	var base string
	switch {
	case m.meErr != nil && !(m.provisional && client.IsUnreachable(m.meErr)):
		// (A workspace painted from its snapshot stays on screen while the
		// server cannot be reached; the header says the refresh failed.)
		base = m.messageBody(m.meErr, h)
	case !m.hasWS && len(m.me.Workspaces) == 0:
		base = m.blankBody(h, m.connectingText())
	case !m.hasWS:
		base = m.blankBody(h, "  No workspace chosen: press w to choose one ("+strconv.Itoa(len(m.me.Workspaces))+" available), ? for keys.")
	default:
		base = m.activeTab().View()
	}
	return base
}

func (m *Model) blankBody(h int, first string) string {
	lines := make([]string, h)
	for i := range lines {
		lines[i] = common.Spaces(m.width)
	}
	if first != "" && h > 1 {
		lines[1] = common.PadRight(first, m.width)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) messageBody(err error, h int) string {
	out := append([]string{""}, m.connectLines(err)...)
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

// Mouse.

func (m *Model) onWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.dialog != nil || !m.hasWS || m.tooSmall() {
		return nil
	}
	mo, ok := m.activeTab().(tabs.Mouser)
	if !ok {
		return nil
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		return mo.Wheel(-3)
	case tea.MouseWheelDown:
		return mo.Wheel(3)
	}
	return nil
}

func (m *Model) onClick(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || m.dialog != nil || !m.hasWS || m.tooSmall() {
		return nil
	}
	switch {
	case msg.Y == m.tabBarLine():
		if i := m.bar.At(m.active, msg.X); i >= 0 {
			return m.switchTab(i)
		}
	case msg.Y >= m.tableTop() && msg.Y < m.tableTop()+m.tableHeight():
		if mo, ok := m.activeTab().(tabs.Mouser); ok {
			return mo.Click(msg.X, msg.Y-m.tableTop())
		}
	}
	return nil
}
