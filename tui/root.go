package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

const (
	minWidth       = 60
	minHeight      = 16
	searchDebounce = 300 * time.Millisecond
	flashFor       = 3 * time.Second
)

// Messages for the root.
type (
	meMsg struct {
		me  model.Me
		err error
	}
	billingMsg struct {
		seq     uint64
		billing model.Billing
		err     error
	}
	keysMsg struct {
		seq  uint64
		keys []model.APIKey
		err  error
	}
	debounceMsg  struct{ seq uint64 }
	flashDoneMsg struct{ seq uint64 }
	openedMsg    struct{ err error }
)

// Model is the root tea.Model: it owns the session, the tabs and at most one
// dialog, and routes every message. No I/O happens here — requests are
// commands built from copies of what they need.
type Model struct {
	cfg    Config
	root   context.Context
	sess   *common.Session
	styles common.Styles
	keys   common.KeyMap
	isDark bool

	me       model.Me
	meErr    error
	wsRef    model.WorkspaceRef
	hasWS    bool
	billing  *model.Billing
	billErr  error
	billSeq  uint64
	apiKeys  []model.APIKey
	keysSeq  uint64
	keysErr  error
	keysOK   bool
	keyWait  bool // the MCP tab waits for /api-keys to resolve a key name from flags
	cancelWS context.CancelFunc

	tabs   []tab
	active int

	dialog    dialog
	act       actionState // plan and credit actions (action_*.go)
	tm        timerState  // staleness ticker and --refresh (root_refresh.go)
	detailSeq uint64

	searching bool
	search    lineEdit
	searchSeq uint64
	searchOld string

	flash    string
	flashErr bool
	flashSeq uint64

	width, height int
	laidOut       int // table height the tabs were last sized for
}

// New returns the root model (exported for tests).
func New(cfg Config) tea.Model { return newModel(context.Background(), cfg) }

func newModel(ctx context.Context, cfg Config) *Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Loc == nil {
		loc, err := model.LoadTZ(cfg.View.TZ)
		if err != nil {
			loc = time.Local
		}
		cfg.Loc = loc
	}
	m := &Model{cfg: cfg, root: ctx, keys: common.DefaultKeyMap(), isDark: true, width: 100, height: 30}
	m.styles = common.NewStyles(true, cfg.NoColor)
	m.sess = &common.Session{Seqs: &common.SeqSource{}, Ctx: ctx, Client: cfg.Client, Loc: cfg.Loc, Now: cfg.Now, Styles: &m.styles, Keys: &m.keys, Redact: cfg.Redactor}
	m.tabs = m.buildTabs(cfg.View)
	m.active = 0
	for i, t := range m.tabs {
		if t.ID() == cfg.View.Tab {
			m.active = i
		}
	}
	m.me = cfg.Redactor.Me(cfg.Me)
	return m
}

// buildTabs makes the tab list in product order; nothing else depends on the
// position of a tab. The first tab is where tally opens without --tab.
func (m *Model) buildTabs(v model.View) []tab {
	forTab := func(id model.Tab) model.View {
		tv := v
		if v.Tab != "" && v.Tab != id {
			// The sort named on the command line belongs to the tab it opened.
			tv.Sort, tv.Order = "", ""
		}
		return tv
	}
	return []tab{
		newOverviewTab(m.sess, forTab(model.TabOverview)),
		newListTab(conversationSpec(), m.sess, forTab(model.TabConversations)),
		newListTab(mcpSpec(), m.sess, forTab(model.TabMCPCalls)),
		newListTab(importSpec(), m.sess, forTab(model.TabImports)),
		newListTab(adjustmentSpec(), m.sess, forTab(model.TabAdjustments)),
		newListTab(invoiceSpec(), m.sess, forTab(model.TabBilling)),
	}
}

// Init asks for the background colour and starts with /me (unless the CLI
// already fetched it) and the workspace.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.startTimers()}
	if len(m.me.Workspaces) == 0 {
		cmds = append(cmds, m.fetchMe())
	} else {
		cmds = append(cmds, m.chooseInitialWorkspace())
	}
	return tea.Batch(cmds...)
}

func (m *Model) fetchMe() tea.Cmd {
	c, ctx := m.sess.Client, m.sess.Ctx
	return func() tea.Msg {
		me, err := c.Me(ctx)
		return meMsg{me: me, err: err}
	}
}

// chooseInitialWorkspace applies --workspace (id or exact name), uses the only
// workspace, or opens the picker.
func (m *Model) chooseInitialWorkspace() tea.Cmd {
	want := m.cfg.View.Workspace
	wss := m.me.Workspaces
	if len(wss) == 0 {
		m.meErr = errors.New("this API key has no workspaces")
		return nil
	}
	if want != "" {
		for _, w := range wss {
			if string(w.ID) == want {
				return m.selectWorkspace(w, false)
			}
		}
		for _, w := range wss {
			if string(w.Name) == want {
				return m.selectWorkspace(w, false)
			}
		}
		m.openWorkspacePicker()
		return m.setFlash("No workspace "+model.Sanitize(want)+" for this key: choose one", true)
	}
	if len(wss) == 1 {
		return m.selectWorkspace(wss[0], false)
	}
	m.openWorkspacePicker()
	return nil
}

// effectiveSeesUsers narrows the real role by --as-role.
func (m *Model) effectiveSeesUsers() bool {
	if !m.wsRef.Role.SeesUsers() {
		return false
	}
	return m.cfg.View.AsRole == "" || m.cfg.View.AsRole.SeesUsers()
}

// selectWorkspace switches to a workspace; reset drops every filter (the
// product page does the same on a switch).
func (m *Model) selectWorkspace(w model.WorkspaceRef, reset bool) tea.Cmd {
	if m.cancelWS != nil {
		m.cancelWS()
	}
	for _, t := range m.tabs {
		t.Stop()
	}
	ctx, cancel := context.WithCancel(m.baseCtx())
	m.cancelWS = cancel
	m.sess.Ctx = ctx
	m.wsRef, m.hasWS = w, true
	m.sess.WS = string(w.ID)
	m.sess.SeesUsers = m.effectiveSeesUsers()
	m.sess.Role = m.effectiveRole()
	m.tm.billAt = time.Time{}
	m.billing, m.billErr = nil, nil
	m.apiKeys, m.keysOK, m.keysErr = nil, false, nil
	if reset {
		base := model.View{Workspace: string(w.ID), TZ: m.cfg.View.TZ, AsRole: m.cfg.View.AsRole}
		cur := m.tabs[m.active].ID()
		m.tabs = m.buildTabs(base)
		for i, t := range m.tabs {
			if t.ID() == cur {
				m.active = i
			}
		}
	}
	for _, t := range m.tabs {
		t.SetSeesUsers(m.sess.SeesUsers)
		v := t.View()
		v.Workspace = string(w.ID)
		t.Reset(v) // tabs load when first shown
	}
	m.layout()
	cmds := []tea.Cmd{m.fetchBilling()}
	m.keyWait = false
	for _, t := range m.tabs {
		if t.APIKeyEnabled() && t.View().APIKey != "" {
			m.keyWait = true
		}
	}
	if m.keyWait {
		cmds = append(cmds, m.fetchKeys())
	}
	cmds = append(cmds, m.ensureActive())
	return tea.Batch(cmds...)
}

// baseCtx is the program's context; workspace contexts derive from it.
func (m *Model) baseCtx() context.Context { return m.root }
