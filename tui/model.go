package tui

import (
	"context"
	"errors"
	"os"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/components"
	"github.com/tallyhq/tally/tui/tabs"
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
	debounceMsg  struct{ seq uint64 }
	flashDoneMsg struct{ seq uint64 }
	openedMsg    struct {
		url string
		err error
	}
)

// Model is the root tea.Model: it owns the session, the tabs and at most one
// dialog, routes every message, and applies the Actions its components
// return. No I/O happens here — requests are commands built from copies.
type Model struct {
	cfg    Config
	root   context.Context
	sess   *common.Session
	styles common.Styles
	keys   common.KeyMap
	isDark bool

	me      model.Me
	meErr   error
	conn    connectState // asking for /me at start (connect.go)
	wsRef   model.WorkspaceRef
	hasWS   bool
	billing *model.Billing
	billErr error
	// billRefreshErr is a failed refetch of /billing while the older one
	// is still shown (the header then says "refresh failed").
	billRefreshErr error
	billSeq        uint64
	cancelWS       context.CancelFunc
	// known is each workspace's last-known /billing (snapshot.go); cachedAt
	// is non-zero while the header shows the cache's figures.
	known    map[string]known
	cachedAt time.Time
	// provisional: the workspace was chosen from its snapshot while /me was
	// still out (a fast first paint); /me confirms or replaces it.
	provisional bool

	tabs   []tabs.Tab
	bar    components.TabBar
	active int

	dialog common.Dialog
	tm     timerState // staleness ticker and --refresh (refresh.go)
	// open starts the browser on a checked URL; nil means the program's
	// opener (Config.OpenURL). Tests record instead of launching a browser.
	open func(url string) tea.Cmd

	searching bool
	search    textinput.Model
	searchSeq uint64
	searchOld string

	flash    string
	flashErr bool
	flashSeq uint64
	lastCopy string // what the last copy put on the clipboard (OSC 52 cannot be read back)

	width, height int
	laidOut       int // table height the tabs were last sized for

	// zone is the IANA name of the zone times are shown in: --tz, or the
	// local zone's name (TZ, /etc/localtime), so `Y` names it and support in
	// another zone sees the same times. "" when the zone has no name.
	zone string
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
	m.sess = &common.Session{Seqs: &common.SeqSource{}, Caps: &common.Caps{}, Ctx: ctx, Client: cfg.Client, Loc: cfg.Loc, Now: cfg.Now,
		Styles: &m.styles, Keys: &m.keys, Redact: cfg.Redactor, WaitTicks: true}
	m.search = common.NewInput(&m.styles, "conversation id, title, or creator", 200)
	m.bar = components.NewTabBar(model.Lists())
	m.tabs = tabs.Build(m.sess, cfg.View)
	m.active = 0
	for i, t := range m.tabs {
		if t.ID() == cfg.View.Tab {
			m.active = i
		}
	}
	m.me = cfg.Redactor.Me(cfg.Me)
	m.zone = cfg.View.TZ
	if m.zone == "" {
		m.zone = model.ZoneName(cfg.Loc, os.Getenv)
	}
	return m
}

// Init asks for the background colour and starts with /me (unless the CLI
// already fetched it) and the workspace.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.startTimers()}
	if len(m.me.Workspaces) == 0 {
		cmds = append(cmds, m.askMe(), m.loadProvisional())
	} else {
		cmds = append(cmds, m.chooseInitialWorkspace())
	}
	return tea.Batch(cmds...)
}

func (m *Model) fetchMe() tea.Cmd {
	c, ctx := m.sess.Client, client.WithObserver(m.sess.Ctx, &m.conn.wait)
	return func() tea.Msg {
		me, err := c.Me(ctx)
		return meMsg{me: me, err: err}
	}
}

// chooseInitialWorkspace applies --workspace (model.ResolveWorkspace, as the
// CLI does), uses the only workspace, or opens the picker.
func (m *Model) chooseInitialWorkspace() tea.Cmd {
	return tea.Batch(m.loadSnapshots(), m.chooseWorkspaceFromView())
}

func (m *Model) chooseWorkspaceFromView() tea.Cmd {
	want := m.cfg.View.Workspace
	wss := m.me.Workspaces
	if len(wss) == 0 {
		m.meErr = errors.New("this API key has no workspaces")
		return nil
	}
	if want != "" {
		w, err := model.ResolveWorkspace(wss, want)
		if err == nil && m.provisional && w.ID == m.wsRef.ID {
			// Painted from the snapshot before /me answered: the same
			// workspace, so nothing is reloaded; the role is /me's.
			m.provisional = false
			if w.Role != m.wsRef.Role {
				return m.selectWorkspace(w, false)
			}
			m.wsRef = w
			if k, ok := m.known[string(w.ID)]; ok && m.cachedAt.IsZero() {
				// A fresh /billing came first: save it under the typed name too.
				return m.rememberBilling(string(w.ID), k.billing, k.at)
			}
			return nil
		}
		m.provisional = false
		if err == nil {
			return m.selectWorkspace(w, false)
		}
		m.openWorkspacePicker()
		return m.setFlash(common.UpperFirst(err.Error()), true)
	}
	if len(wss) == 1 {
		return m.selectWorkspace(wss[0], false)
	}
	m.openWorkspacePicker()
	return nil
}

// effectiveRole is the real role narrowed by --as-role.
func (m *Model) effectiveRole() model.Role {
	if r := m.cfg.View.AsRole; r != "" && r != m.wsRef.Role {
		return r
	}
	return m.wsRef.Role
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
	ctx, cancel := context.WithCancel(m.root)
	m.cancelWS = cancel
	m.sess.Ctx = ctx
	m.wsRef, m.hasWS = w, true
	m.sess.WS = string(w.ID)
	m.sess.SeesUsers = m.effectiveSeesUsers()
	m.sess.Role = m.effectiveRole()
	m.tm.billAt = time.Time{}
	m.billing, m.billErr, m.billRefreshErr, m.cachedAt = nil, nil, nil, time.Time{}
	for _, t := range m.tabs {
		v := t.Status().View
		if reset {
			v = model.View{TZ: m.cfg.View.TZ, AsRole: m.cfg.View.AsRole}
		}
		v.Workspace = string(w.ID)
		t.Reset(v) // tabs load when first shown
	}
	m.layout()
	return tea.Batch(m.fetchBilling(), m.paintCached(), m.activate())
}

// activate loads what the active tab is missing.
func (m *Model) activate() tea.Cmd {
	if !m.hasWS {
		return nil
	}
	return m.activeTab().Activate()
}

func (m *Model) activeTab() tabs.Tab { return m.tabs[m.active] }

func (m *Model) switchTab(i int) tea.Cmd {
	if i < 0 || i >= len(m.tabs) {
		return nil
	}
	m.active = i
	m.searching = false
	m.search.Blur()
	return m.activate()
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

func (m *Model) fetchBilling() tea.Cmd {
	m.billSeq++
	m.tm.billBusy = true
	seq, c, ctx, ws := m.billSeq, m.sess.Client, m.sess.Ctx, m.sess.WS
	return func() tea.Msg {
		b, err := c.Billing(ctx, ws)
		return billingMsg{seq: seq, billing: b, err: err}
	}
}

// onBillingMsg applies a /billing answer to the header and the tabs that
// take it (the Overview).
func (m *Model) onBillingMsg(msg billingMsg) tea.Cmd {
	if msg.seq != m.billSeq {
		return nil
	}
	m.tm.billBusy = false
	var b *model.Billing
	var save tea.Cmd
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		if m.billing == nil {
			m.billErr = msg.err
		} else {
			m.billRefreshErr = msg.err // the header's figures are now older than they look
		}
	} else {
		rb := m.sess.Redact.Billing(msg.billing)
		b = &rb
		m.billing, m.billErr, m.billRefreshErr, m.cachedAt = b, nil, nil, time.Time{}
		m.tm.billAt = m.cfg.Now()
		save = m.rememberBilling(m.sess.WS, msg.billing, m.tm.billAt)
	}
	var cmds []tea.Cmd
	for i, t := range m.tabs {
		if r, ok := t.(tabs.BillingReceiver); ok {
			cmds = append(cmds, r.SetBilling(b, msg.err, i == m.active))
		}
	}
	return tea.Batch(append(cmds, save)...)
}

// refreshBilling reloads the plan and balance and the Overview.
func (m *Model) refreshBilling() tea.Cmd {
	if !m.hasWS {
		return nil
	}
	return tea.Batch(m.fetchBilling(), m.refreshOverview())
}

// refreshOverview reloads the tabs that show the billing document's figures.
func (m *Model) refreshOverview() tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		if _, ok := t.(tabs.BillingReceiver); ok {
			if r, ok := t.(tabs.Refresher); ok {
				cmds = append(cmds, r.Refresh())
			}
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) setFlash(s string, isErr bool) tea.Cmd {
	m.flashSeq++
	m.flash, m.flashErr = s, isErr
	seq := m.flashSeq
	return tea.Tick(flashFor, func(time.Time) tea.Msg { return flashDoneMsg{seq: seq} })
}
