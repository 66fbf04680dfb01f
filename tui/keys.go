package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
	"github.com/tallyhq/tally/tui/tabs"
)

// Keys: the root asks the context (the open dialog, the search box, or the
// active tab plus the global keys) for its bindings with their reasons, and
// routes a key press through that one list: a key that does nothing here
// flashes why; one that applies goes to its owner.

// globalKeys are the keys of every tab, with why each does nothing now.
func (m *Model) globalKeys() []common.Key {
	g := &m.keys.Global
	ks := []common.Key{common.On(&g.NextTab), common.On(&g.PrevTab), common.On(&g.Right), common.On(&g.Left)}
	for i := range g.Tabs {
		ks = append(ks, common.On(&g.Tabs[i]))
	}
	ks = append(ks, m.ownerKeys()...)
	ks = append(ks, m.workspaceKey(), common.On(&g.Refresh), common.On(&g.CopyView), common.On(&g.Help), common.On(&g.Quit))
	return ks
}

// workspaceKey is w: nothing to switch to with one workspace.
func (m *Model) workspaceKey() common.Key {
	return common.OffIf(&m.keys.Global.Workspace, onlyIf(len(m.me.Workspaces) > 1 || !m.hasWS, "This API key has one workspace"))
}

// noWorkspaceKeys are the keys before a workspace is chosen.
func (m *Model) noWorkspaceKeys() []common.Key {
	g := &m.keys.Global
	return []common.Key{
		common.OffIf(&g.Workspace, onlyIf(len(m.me.Workspaces) > 0, "No workspaces yet")),
		common.OffIf(&g.Refresh, onlyIf(m.meErr != nil, "Nothing to retry")),
		common.On(&g.Help), common.On(&g.Quit),
	}
}

func onlyIf(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

// contextKeys are the keys of what has the focus; global are the rest the
// help screen lists.
func (m *Model) contextKeys() (context, global []common.Key) {
	switch {
	case m.dialog != nil:
		return m.dialog.Keys(), nil
	case m.searching:
		k := &m.keys.Search
		return []common.Key{common.On(&k.Apply), common.On(&k.Cancel)}, nil
	case !m.hasWS:
		return nil, m.noWorkspaceKeys()
	}
	return m.activeTab().Keys(), m.globalKeys()
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	g := &m.keys.Global
	if common.Matches(msg, &g.ForceQuit) {
		return m.quit()
	}
	if m.tooSmall() {
		// Nothing is drawn but the size message: keys would act unseen.
		if common.Matches(msg, &g.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.dialog != nil {
		if k := common.Match(m.dialog.Keys(), msg); k != nil && k.Off != "" {
			return m.setFlash(common.UpperFirst(k.Off), true)
		}
		return m.apply(m.dialog.Update(msg))
	}
	if m.searching {
		return m.onSearchKey(msg)
	}
	context, global := m.contextKeys()
	k := common.Match(append(context, global...), msg)
	switch {
	case k == nil:
		return nil
	case k.Off != "":
		return m.setFlash(common.UpperFirst(k.Off), true)
	case isGlobal(g, k.B):
		return m.onGlobalKey(k.B)
	}
	return m.apply(m.activeTab().HandleKey(msg))
}

func isGlobal(g *common.GlobalKeys, b *common.Binding) bool {
	for i := range g.Tabs {
		if b == &g.Tabs[i] {
			return true
		}
	}
	for _, x := range []*common.Binding{&g.NextTab, &g.PrevTab, &g.Right, &g.Left, &g.Workspace, &g.Refresh,
		&g.CopyView, &g.Help, &g.Quit, &g.Plan, &g.BuyCredits, &g.CancelPlan, &g.ResumePlan} {
		if b == x {
			return true
		}
	}
	return false
}

func (m *Model) onGlobalKey(b *common.Binding) tea.Cmd {
	g := &m.keys.Global
	n := len(m.tabs)
	switch b {
	case &g.Quit:
		return m.quit()
	case &g.Help:
		context, global := m.contextKeys()
		m.showDialog(dialog.NewHelp(m.sess, context, global))
	case &g.NextTab, &g.Right:
		return m.switchTab((m.active + 1) % n)
	case &g.PrevTab, &g.Left:
		return m.switchTab((m.active + n - 1) % n)
	case &g.Workspace:
		m.openWorkspacePicker()
	case &g.Refresh:
		if !m.hasWS {
			return m.retryMe()
		}
		// r repeats what failed, else refreshes keeping the selection.
		var tab tea.Cmd
		if r, ok := m.activeTab().(tabs.Refresher); ok {
			tab = r.Refresh()
		}
		var me tea.Cmd
		if m.meErr != nil {
			me = m.retryMe() // opened from the snapshot: /me has not answered yet
		}
		return tea.Batch(m.fetchBilling(), tab, me)
	case &g.CopyView:
		line := m.CommandLine()
		what := "view: " + line
		if _, dropped := m.sharedView(); len(dropped) > 0 {
			// Said first: a long command line is cut at the screen's edge.
			what = "view, " + strings.Join(dropped, " and ") + " left out (redacted): " + line
		}
		return m.do(common.Copy{Text: line, What: what})
	case &g.Plan, &g.BuyCredits, &g.CancelPlan, &g.ResumePlan:
		return m.onOwnerKey(b)
	default:
		for i := range g.Tabs {
			if b == &g.Tabs[i] {
				return m.switchTab(i)
			}
		}
	}
	return nil
}

func (m *Model) onSearchKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys.Search
	switch {
	case common.Matches(msg, &k.Apply):
		m.searching = false
		m.search.Blur()
		m.searchSeq++
		return m.applySearch(m.search.Value())
	case common.Matches(msg, &k.Cancel):
		m.searching = false
		m.search.Blur()
		m.searchSeq++
		if m.activeTab().Status().View.Search != m.searchOld {
			return m.applySearch(m.searchOld)
		}
		return nil
	}
	before := m.search.Value()
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	common.CleanInput(&m.search)
	if m.search.Value() != before {
		return tea.Batch(cmd, m.debounce())
	}
	return cmd
}
