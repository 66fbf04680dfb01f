package tui

import (
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
	"github.com/tallyhq/tally/tui/tabs"
)

// Update routes one message. It only changes the model and returns commands.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	// The toolbar and summary may need a second line after any change; the
	// table gives the line up. O(1): only sizes are recomputed.
	if h := m.tableHeight(); h != m.laidOut {
		m.layout()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.styles = common.NewStyles(m.isDark, m.cfg.NoColor)
		return nil
	case meWaitMsg:
		return m.onMeWait(msg)
	case meMsg:
		m.conn.answered = true
		if msg.err != nil {
			return m.onMeError(msg.err)
		}
		m.me, m.meErr = m.sess.Redact.Me(msg.me), nil
		return m.chooseInitialWorkspace()
	case meRetryMsg:
		return m.onMeRetry(msg)
	case snapshotsMsg:
		return m.onSnapshots(msg)
	case provisionalMsg:
		return m.onProvisional(msg)
	case billingMsg:
		return m.onBillingMsg(msg)
	case staleTickMsg:
		return m.onStaleTick(msg)
	case refreshTickMsg:
		return m.onRefreshTick(msg)
	case debounceMsg:
		if msg.seq == m.searchSeq && m.searching {
			return m.applySearch(m.search.Value())
		}
		return nil
	case flashDoneMsg:
		if msg.seq == m.flashSeq {
			m.flash = ""
		}
		return nil
	case openedMsg:
		return m.onOpened(msg)
	case tabs.Msg:
		for _, t := range m.tabs {
			if t.ID() == msg.TabID() {
				return t.Update(msg)
			}
		}
		return nil
	case common.DialogMsg:
		if m.dialog != nil && msg.ForDialog() == m.dialog {
			return m.apply(m.dialog.Update(msg))
		}
		// Its dialog was closed: an answer the root must still apply, or drop.
		if act, ok := dialog.Orphaned(msg, m.sess.Loc); ok {
			return m.do(act)
		}
		return nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.PasteMsg:
		return m.onPaste(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg)
	}
	if m.dialog != nil {
		// Anything else (a text input's own messages) belongs to the dialog.
		return m.apply(m.dialog.Update(msg))
	}
	return nil
}

// apply runs what a component returned: its command and its action.
func (m *Model) apply(cmd tea.Cmd, act common.Action) tea.Cmd {
	if act == nil {
		return cmd
	}
	return tea.Batch(cmd, m.do(act))
}

// do carries out an Action of a tab or a dialog.
func (m *Model) do(act common.Action) tea.Cmd {
	switch a := act.(type) {
	case nil:
		return nil
	case common.Actions:
		cmds := make([]tea.Cmd, 0, len(a))
		for _, x := range a {
			cmds = append(cmds, m.do(x))
		}
		return tea.Batch(cmds...)
	case common.CloseDialog:
		m.dialog = nil
		if a.Refresh {
			return m.refreshBilling()
		}
	case common.ShowDialog:
		m.showDialog(a.Dialog)
	case common.ApplyView:
		if l, ok := m.activeTab().(tabs.Lister); ok {
			return l.Reload(a.View)
		}
	case common.ChooseWorkspace:
		for _, w := range m.me.Workspaces {
			if string(w.ID) == a.ID {
				if m.hasWS && string(w.ID) == m.sess.WS {
					return nil
				}
				return m.selectWorkspace(w, m.hasWS)
			}
		}
	case common.Copy:
		m.lastCopy = a.Text
		return tea.Batch(tea.SetClipboard(a.Text), m.setFlash("Copied "+a.What, false))
	case common.Flash:
		return m.setFlash(a.Text, a.Err)
	case common.OpenURL:
		return m.openURL(a.URL, a.HTTPSOnly)
	case common.StartSearch:
		m.searching = true
		m.searchOld = a.Text
		m.search.SetValue(a.Text)
		m.search.CursorEnd()
		return m.search.Focus()
	case common.OpenPlans:
		m.dialog = nil
		return m.openPlanDialog()
	case common.RefreshBilling:
		return m.refreshBilling()
	case common.BillingChanged:
		if a.WS != m.sess.WS {
			return nil
		}
		// The POST's answer is newer than any GET /billing in flight; it
		// goes through the root's own /billing path so every view updates.
		m.billSeq++
		applied := m.onBillingMsg(billingMsg{seq: m.billSeq, billing: a.Billing})
		return tea.Batch(applied, m.setFlash(a.Done, false), m.refreshOverview())
	}
	return nil
}

func (m *Model) showDialog(d common.Dialog) {
	d.SetSize(m.bodySize())
	m.dialog = d
}

func (m *Model) openWorkspacePicker() {
	var opts []common.Option
	for _, w := range m.me.Workspaces {
		note := w.Role.Label()
		if left := m.remainingNote(string(w.ID)); left != "" {
			note = left + " · " + note
		}
		opts = append(opts, common.Option{Label: string(w.Name), Value: string(w.ID), Note: note})
	}
	m.showDialog(dialog.NewPicker(m.sess, "Workspace", opts, m.sess.WS, func(id string) common.Action {
		return common.ChooseWorkspace{ID: id}
	}))
}

// openURL opens a URL the policy passes, with the program's opener.
func (m *Model) openURL(raw string, httpsOnly bool) tea.Cmd {
	u, err := common.OpenableURL(raw, httpsOnly)
	switch {
	case errors.Is(err, common.ErrNoURL):
		return m.setFlash("No URL on this row (o opens an Import URL or an invoice PDF)", true)
	case err != nil:
		return m.setFlash("Refused to open: "+err.Error(), true)
	}
	if m.open != nil {
		return m.open(u)
	}
	opener := m.cfg.OpenURL
	if opener == nil {
		opener = openDefault
	}
	return func() tea.Msg { return openedMsg{url: u, err: opener(u)} }
}

// onPaste puts pasted text into the field that has the focus.
func (m *Model) onPaste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case m.dialog != nil:
		return m.apply(m.dialog.Update(msg))
	case m.searching:
		var cmd tea.Cmd
		m.search, cmd = m.search.Update(msg)
		common.CleanInput(&m.search)
		return tea.Batch(cmd, m.debounce())
	}
	return nil
}

// applySearch sets the search filter when it changed; the API wants 1–200
// characters, and a paste may carry anything: it is sanitised first.
func (m *Model) applySearch(q string) tea.Cmd {
	q = strings.TrimSpace(model.Sanitize(q))
	l, ok := m.activeTab().(tabs.Lister)
	if !ok {
		return nil
	}
	v := m.activeTab().Status().View
	if v.Search == q {
		return nil
	}
	v.Search = q
	return l.Reload(v)
}

func (m *Model) debounce() tea.Cmd {
	m.searchSeq++
	seq := m.searchSeq
	return tea.Tick(searchDebounce, func(_ time.Time) tea.Msg { return debounceMsg{seq: seq} })
}
