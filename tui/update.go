package tui

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

func (m *Model) activeTab() tab { return m.tabs[m.active] }

// ensureActive loads the active tab's first page unless it has it.
func (m *Model) ensureActive() tea.Cmd {
	if !m.hasWS {
		return nil
	}
	t := m.activeTab()
	if m.keyWait && t.APIKeyEnabled() {
		return nil
	}
	return t.EnsureLoaded()
}

func (m *Model) fetchBilling() tea.Cmd {
	m.billSeq++
	m.tm.billBusy = true
	seq, c, ctx, ws := m.billSeq, m.sess.Client, m.sess.Ctx, m.sess.WS
	return func() tea.Msg {
		b, err := c.Billing(ctx, ws)
		return billingMsg{seq: seq, billing: b, err: err}
	}
}

func (m *Model) fetchKeys() tea.Cmd {
	m.keysSeq++
	seq, c, ctx, ws, red := m.keysSeq, m.sess.Client, m.sess.Ctx, m.sess.WS, m.sess.Redact
	return func() tea.Msg {
		k, err := c.APIKeys(ctx, ws)
		for i := range k {
			k[i] = red.APIKey(k[i])
		}
		return keysMsg{seq: seq, keys: k, err: err}
	}
}

func (m *Model) setFlash(s string, isErr bool) tea.Cmd {
	m.flashSeq++
	m.flash, m.flashErr = s, isErr
	seq := m.flashSeq
	return tea.Tick(flashFor, func(time.Time) tea.Msg { return flashDoneMsg{seq: seq} })
}

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
	if cmd, ok := m.onActionMsg(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.styles = common.NewStyles(m.isDark, m.cfg.NoColor)
		return nil
	case meMsg:
		if msg.err != nil {
			m.meErr = msg.err
			return nil
		}
		m.me, m.meErr = m.sess.Redact.Me(msg.me), nil
		return m.chooseInitialWorkspace()
	case billingMsg:
		return m.onBillingMsg(msg)
	case staleTickMsg:
		return m.onStaleTick(msg)
	case refreshTickMsg:
		return m.onRefreshTick(msg)
	case keysMsg:
		return m.onKeys(msg)
	case detailMsg:
		if d, ok := m.dialog.(*detailDialog); ok {
			msg.detail = m.sess.Redact.ConversationDetail(msg.detail)
			d.setSheet(msg)
		}
		return nil
	case debounceMsg:
		if msg.seq == m.searchSeq && m.searching {
			return m.applySearch(m.search.value())
		}
		return nil
	case flashDoneMsg:
		if msg.seq == m.flashSeq {
			m.flash = ""
		}
		return nil
	case openedMsg:
		if msg.err != nil {
			return m.setFlash("Couldn't open the browser: "+common.ErrText(msg.err), true)
		}
		return m.setFlash("Opened in the browser", false)
	case closeDialogMsg:
		m.dialog = nil
		return nil
	case choiceMsg:
		return m.onChoice(msg)
	case customRangeMsg:
		m.dialog = nil
		v := m.activeTab().View()
		v.Last, v.From, v.To = "", msg.from, msg.to
		return m.activeTab().Reload(v)
	case copyMsg:
		return tea.Batch(tea.SetClipboard(msg.text), m.setFlash("Copied "+msg.what, false))
	case tabMsg:
		for _, t := range m.tabs {
			if t.ID() == msg.tabID() {
				return t.Update(msg)
			}
		}
		return nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg)
	}
	return nil
}

func (m *Model) onKeys(msg keysMsg) tea.Cmd {
	if msg.seq != m.keysSeq {
		return nil
	}
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		m.keysErr = msg.err
	} else {
		m.apiKeys, m.keysOK, m.keysErr = msg.keys, true, nil
	}
	if d, ok := m.dialog.(*listDialog); ok && d.kind == "apikey" {
		m.openKeyPicker()
	}
	if !m.keyWait {
		return nil
	}
	m.keyWait = false
	// A key named on the command line may be a name: resolve it to its id.
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		if !t.APIKeyEnabled() || t.View().APIKey == "" {
			continue
		}
		v := t.View()
		if id, ok := resolveKey(m.apiKeys, v.APIKey); ok {
			v.APIKey = id
			t.Reset(v)
		} else if m.keysOK {
			cmds = append(cmds, m.setFlash("No API key named "+model.Sanitize(v.APIKey)+" in this workspace", true))
		}
	}
	return tea.Batch(append(cmds, m.ensureActive())...)
}

// resolveKey finds a key by id, then by exact name, then by name ignoring case.
func resolveKey(keys []model.APIKey, s string) (string, bool) {
	for _, k := range keys {
		if string(k.ID) == s {
			return s, true
		}
	}
	for _, k := range keys {
		if string(k.Name) == s {
			return string(k.ID), true
		}
	}
	for _, k := range keys {
		if strings.EqualFold(string(k.Name), s) {
			return string(k.ID), true
		}
	}
	return "", false
}

func (m *Model) keyName(id string) string {
	for _, k := range m.apiKeys {
		if string(k.ID) == id {
			return string(k.Name)
		}
	}
	return id
}

func (m *Model) onChoice(c choiceMsg) tea.Cmd {
	m.dialog = nil
	t := m.activeTab()
	v := t.View()
	switch c.kind {
	case "date":
		v.Last, v.From, v.To = c.value, model.View{}.From, model.View{}.To
	case "type":
		if _, _, _, ok := t.TypeFilter(); ok {
			setTypeValue(t, &v, c.value)
		}
	case "apikey":
		v.APIKey = c.value
	case "workspace":
		for _, w := range m.me.Workspaces {
			if string(w.ID) == c.value {
				if m.hasWS && string(w.ID) == m.sess.WS {
					return nil
				}
				return m.selectWorkspace(w, m.hasWS)
			}
		}
		return nil
	default:
		return nil
	}
	return t.Reload(v)
}

// setTypeValue writes a type filter value through the tab's spec.
func setTypeValue(t tab, v *model.View, value string) {
	if s, ok := t.(interface{ setTypeOn(*model.View, string) }); ok {
		s.setTypeOn(v, value)
	}
}

func (t *listTab[T, S]) setTypeOn(v *model.View, s string) {
	if t.spec.setType != nil {
		t.spec.setType(v, s)
	}
}

func (m *Model) openWorkspacePicker() {
	var opts []common.Option
	for _, w := range m.me.Workspaces {
		opts = append(opts, common.Option{Label: string(w.Name), Value: string(w.ID), Note: w.Role.Label()})
	}
	d := newListDialog(m.sess, "workspace", "Workspace", opts, m.sess.WS)
	d.SetSize(m.bodySize())
	m.dialog = d
}

func (m *Model) openKeyPicker() {
	opts := []common.Option{{Label: "All keys"}}
	for _, k := range m.apiKeys {
		note := string(k.Prefix)
		if k.Revoked() {
			note = "revoked"
		}
		opts = append(opts, common.Option{Label: string(k.Name), Value: string(k.ID), Note: note})
	}
	d := newListDialog(m.sess, "apikey", "API key", opts, m.activeTab().View().APIKey)
	switch {
	case m.keysErr != nil:
		d.note = "✗ " + common.OneLine(common.ErrText(m.keysErr))
	case !m.keysOK:
		d.note = "loading keys…"
	}
	d.SetSize(m.bodySize())
	m.dialog = d
}

func (m *Model) switchTab(i int) tea.Cmd {
	if i < 0 || i >= len(m.tabs) {
		return nil
	}
	m.active = i
	m.searching = false
	return m.ensureActive()
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	if m.tooSmall() {
		// Nothing is drawn but the size message: keys would act unseen.
		if key.Matches(msg, k.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.dialog != nil {
		return m.dialog.Update(msg)
	}
	if m.searching {
		return m.onSearchKey(msg)
	}
	if !m.hasWS {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Refresh) && m.meErr != nil:
			m.meErr = nil
			return m.fetchMe()
		case key.Matches(msg, k.Workspace) && len(m.me.Workspaces) > 0:
			m.openWorkspacePicker()
		}
		return nil
	}
	if cmd, ok := m.onActionKey(msg); ok {
		return cmd
	}
	t := m.activeTab()
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		d := &helpDialog{sess: m.sess, blocked: m.actionBlock()}
		d.SetSize(m.bodySize())
		m.dialog = d
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.active + 1) % len(m.tabs))
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(msg, k.Tab1):
		return m.switchTab(m.tabIndex(model.TabOverview))
	case key.Matches(msg, k.Tab2):
		return m.switchTab(m.tabIndex(model.TabConversations))
	case key.Matches(msg, k.Tab3):
		return m.switchTab(m.tabIndex(model.TabMCPCalls))
	case key.Matches(msg, k.Tab4):
		return m.switchTab(m.tabIndex(model.TabImports))
	case key.Matches(msg, k.Tab5):
		return m.switchTab(m.tabIndex(model.TabAdjustments))
	case key.Matches(msg, k.Tab6):
		return m.switchTab(m.tabIndex(model.TabBilling))
	case isRestricted(t) && key.Matches(msg, k.Dates, k.Clear, k.Sort, k.Reverse, k.Details, k.CopyID, k.Open):
		return m.setFlash("Billing history is for owners and admins: there is nothing here to filter, sort or open", true)
	case !t.Caps().dates && key.Matches(msg, k.Dates, k.Clear):
		return m.setFlash("The Overview covers the billing period and the last 30 days: the lists take date filters", true)
	case !t.Caps().sort && key.Matches(msg, k.Sort):
		if t.Caps().reverse {
			return m.setFlash("This list sorts by date only: S reverses it", true)
		}
		return m.setFlash("Nothing to sort here: the lists sort with s", true)
	case !t.Caps().reverse && key.Matches(msg, k.Reverse):
		return m.setFlash("Nothing to sort here: the lists sort with s", true)
	case key.Matches(msg, k.Workspace):
		m.openWorkspacePicker()
	case key.Matches(msg, k.Search):
		if !t.SearchEnabled() {
			return m.setFlash("Search is on the Conversations tab", true)
		}
		m.searching = true
		m.searchOld = t.View().Search
		m.search.set(m.searchOld)
	case key.Matches(msg, k.Dates):
		d := newDateDialog(m.sess, t.View())
		d.SetSize(m.bodySize())
		m.dialog = d
	case key.Matches(msg, k.Type):
		name, opts, cur, ok := t.TypeFilter()
		if !ok {
			if t.APIKeyEnabled() {
				return m.setFlash("This tab filters by API key: press a", true)
			}
			return m.setFlash("No type filter on this tab", true)
		}
		d := newListDialog(m.sess, "type", name, opts, cur)
		d.SetSize(m.bodySize())
		m.dialog = d
	case key.Matches(msg, k.APIKey):
		if !t.APIKeyEnabled() {
			return m.setFlash("The API key filter is on the MCP-HTTP Calls tab", true)
		}
		m.openKeyPicker()
		if !m.keysOK {
			return m.fetchKeys()
		}
	case key.Matches(msg, k.Sort):
		return t.NextSort()
	case key.Matches(msg, k.Reverse):
		return t.Reverse()
	case key.Matches(msg, k.Clear):
		v := t.View()
		v.Last, v.From, v.To = "", model.View{}.From, model.View{}.To
		v.Search, v.BillingType, v.APIKey, v.ImportType, v.AdjType = "", "", "", "", ""
		return t.Reload(v)
	case key.Matches(msg, k.Details):
		return m.openDetail()
	case key.Matches(msg, k.CopyID):
		id := t.SelectedID()
		if id == "" {
			return m.setFlash("Nothing selected to copy", true)
		}
		return emit(copyMsg{text: id, what: "ID " + id})
	case key.Matches(msg, k.CopyView):
		line := m.CommandLine()
		what := "view: " + line
		if _, dropped := m.sharedView(); len(dropped) > 0 {
			what += " (redacted: " + strings.Join(dropped, " and ") + " left out)"
		}
		return emit(copyMsg{text: line, what: what})
	case key.Matches(msg, k.Open):
		return m.openURL(t.SelectedURL(), t.ID() == model.TabBilling)
	case key.Matches(msg, k.Refresh):
		// Retry repeats what failed, else refreshes keeping the selection.
		return tea.Batch(m.fetchBilling(), t.Retry())
	default:
		_, cmd := t.Navigate(k, msg)
		return cmd
	}
	return nil
}

// isRestricted reports a tab the effective role may not read (a member's Billing History).
func isRestricted(t tab) bool {
	r, ok := t.(interface{ restricted() bool })
	return ok && r.restricted()
}

func (m *Model) tabIndex(id model.Tab) int {
	for i, t := range m.tabs {
		if t.ID() == id {
			return i
		}
	}
	return -1
}

func (m *Model) quit() tea.Cmd {
	for _, t := range m.tabs {
		t.Stop()
	}
	if m.cancelWS != nil {
		m.cancelWS()
	}
	return tea.Quit
}

// CommandLine is the `tally …` line that reopens the current view (Y).
// Under --redact it is the masked view plus --redact (see sharedView).
func (m *Model) CommandLine() string {
	v, _ := m.sharedView()
	command := m.cfg.Command
	if command == "" {
		command = "tally"
	}
	if m.sess.Redact.Enabled() {
		return v.CommandLineFor(command) + " --redact"
	}
	return v.CommandLineFor(command)
}

func (m *Model) currentView() model.View {
	v := m.activeTab().View()
	v.Workspace = m.sess.WS
	v.Tab = m.activeTab().ID()
	v.TZ = m.cfg.View.TZ
	v.AsRole = m.cfg.View.AsRole
	return v
}

func (m *Model) onSearchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch k := &m.keys; {
	case key.Matches(msg, k.Confirm):
		m.searching = false
		m.searchSeq++
		return m.applySearch(m.search.value())
	case key.Matches(msg, k.Back):
		m.searching = false
		m.searchSeq++
		if m.activeTab().View().Search != m.searchOld {
			return m.applySearch(m.searchOld)
		}
		return nil
	}
	if m.search.key(msg) {
		m.searchSeq++
		seq := m.searchSeq
		return tea.Tick(searchDebounce, func(time.Time) tea.Msg { return debounceMsg{seq: seq} })
	}
	return nil
}

// applySearch sets the search filter when it changed; the API wants 1–200 characters.
func (m *Model) applySearch(q string) tea.Cmd {
	q = strings.TrimSpace(q)
	t := m.activeTab()
	v := t.View()
	if v.Search == q {
		return nil
	}
	v.Search = q
	return t.Reload(v)
}

func (m *Model) openDetail() tea.Cmd {
	t := m.activeTab()
	if c := t.SelectedConversation(); c != nil {
		m.detailSeq++
		seq := m.detailSeq
		d := newSheetDialog(m.sess, c, seq)
		d.SetSize(m.bodySize())
		m.dialog = d
		cl, ctx, ws, id := m.sess.Client, m.sess.Ctx, m.sess.WS, string(c.ID)
		return func() tea.Msg {
			det, err := cl.Conversation(ctx, ws, id)
			return detailMsg{seq: seq, detail: det, err: err}
		}
	}
	fields := t.SelectedFields()
	if fields == nil {
		return nil
	}
	d := newFieldsDialog(m.sess, t.Title()+" · "+t.SelectedID(), t.SelectedID(), fields)
	d.SetSize(m.bodySize())
	m.dialog = d
	return nil
}

func (m *Model) openURL(raw string, httpsOnly bool) tea.Cmd {
	u, err := common.OpenableURL(raw, httpsOnly)
	switch {
	case errors.Is(err, common.ErrNoURL):
		return m.setFlash("No URL on this row (o opens an Import URL or an invoice PDF)", true)
	case err != nil:
		return m.setFlash("Refused to open: "+err.Error(), true)
	}
	return func() tea.Msg {
		var cmd *exec.Cmd
		switch runtime.GOOS {
		case "darwin":
			cmd = exec.Command("open", u)
		case "windows":
			cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
		default:
			cmd = exec.Command("xdg-open", u)
		}
		err := cmd.Start()
		if err == nil {
			go func() { _ = cmd.Wait() }()
		}
		return openedMsg{err: err}
	}
}
