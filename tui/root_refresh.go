package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

var _ tab = (*overviewTab)(nil)

// staleEvery is how often the "updated … ago" text is re-rendered: the text
// has minute resolution, so a tick per 30 s keeps it right within half a
// minute at the cost of one cheap Update.
const staleEvery = 30 * time.Second

type (
	staleTickMsg   struct{ seq uint64 }
	refreshTickMsg struct{ seq uint64 }
)

// timerState is the root's periodic work: the staleness ticker and --refresh.
type timerState struct {
	off        bool // tests drive ticks by sending the messages themselves
	staleSeq   uint64
	refreshSeq uint64
	billBusy   bool      // a /billing request is in flight
	billAt     time.Time // when the shown /billing arrived
	skipped    int       // refresh ticks skipped because a request was in flight
}

// startTimers arms the staleness ticker and, with Config.Refresh, the refresh ticker.
func (m *Model) startTimers() tea.Cmd {
	if m.tm.off {
		return nil
	}
	return tea.Batch(m.staleTick(), m.refreshTick())
}

func (m *Model) staleTick() tea.Cmd {
	m.tm.staleSeq++
	seq := m.tm.staleSeq
	return tea.Tick(staleEvery, func(time.Time) tea.Msg { return staleTickMsg{seq: seq} })
}

func (m *Model) refreshTick() tea.Cmd {
	if m.cfg.Refresh <= 0 {
		return nil
	}
	m.tm.refreshSeq++
	seq := m.tm.refreshSeq
	return tea.Tick(m.cfg.Refresh, func(time.Time) tea.Msg { return refreshTickMsg{seq: seq} })
}

// onStaleTick only re-arms: View runs after every Update, which re-renders the header.
func (m *Model) onStaleTick(msg staleTickMsg) tea.Cmd {
	if msg.seq != m.tm.staleSeq {
		return nil
	}
	if m.tm.off {
		return nil
	}
	return m.staleTick()
}

// onRefreshTick refreshes the header and the visible tab, gently: when any
// of their requests is still in flight the tick is skipped, so requests never
// overlap and a slow server is not piled on. Lists keep their selection.
func (m *Model) onRefreshTick(msg refreshTickMsg) tea.Cmd {
	if msg.seq != m.tm.refreshSeq {
		return nil
	}
	var next tea.Cmd
	if !m.tm.off {
		next = m.refreshTick()
	}
	if !m.hasWS {
		return next
	}
	t := m.activeTab()
	if m.tm.billBusy || t.Busy() {
		m.tm.skipped++
		return next
	}
	return tea.Batch(next, m.fetchBilling(), t.SoftRefresh())
}

// onBillingMsg applies a /billing answer to the header and the Overview.
func (m *Model) onBillingMsg(msg billingMsg) tea.Cmd {
	if msg.seq != m.billSeq {
		return nil
	}
	m.tm.billBusy = false
	var ov *overviewTab
	for _, t := range m.tabs {
		if o, ok := t.(*overviewTab); ok {
			ov = o
		}
	}
	shown := ov != nil && m.activeTab() == tab(ov)
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		if m.billing == nil {
			m.billErr = msg.err
		}
		if ov != nil {
			return ov.SetBilling(nil, msg.err, shown)
		}
		return nil
	}
	b := m.sess.Redact.Billing(msg.billing)
	m.billing, m.billErr = &b, nil
	m.tm.billAt = m.cfg.Now()
	if ov != nil {
		return ov.SetBilling(&b, nil, shown)
	}
	return nil
}

// freshness is the header's "updated …" text for the visible tab.
func (m *Model) freshness() (text string, isErr bool) {
	if !m.hasWS {
		return "", false
	}
	t := m.activeTab()
	if err := t.RefreshErr(); err != nil {
		return "refresh failed · r retry", true
	}
	at := t.FetchedAt()
	if at.IsZero() {
		at = m.tm.billAt
	}
	if at.IsZero() {
		return "", false
	}
	if t.Busy() || m.tm.billBusy {
		return "updating…", false
	}
	return "updated " + common.Ago(m.cfg.Now().Sub(at)), false
}

// redactedView is the view `Y` copies. Under --redact the copy must not leak
// what the screen masks: the search text is dropped (it may be a name or an
// email) and an API key is kept only as its id (ids are not secret; a name
// is). The line then carries --redact so it reopens masked.
func (m *Model) sharedView() (model.View, []string) {
	v := m.currentView()
	if !m.sess.Redact.Enabled() {
		return v, nil
	}
	var dropped []string
	if v.Search != "" {
		v.Search = ""
		dropped = append(dropped, "search")
	}
	if v.APIKey != "" {
		if _, ok := resolveKey(m.apiKeys, v.APIKey); !ok || m.keyName(v.APIKey) == v.APIKey {
			// Not a known key id (a name typed on the command line): drop it.
			v.APIKey = ""
			dropped = append(dropped, "API key")
		}
	}
	return v, dropped
}

// roleOf is the effective role: the real one narrowed by --as-role.
func (m *Model) effectiveRole() model.Role {
	if r := m.cfg.View.AsRole; r != "" && r != m.wsRef.Role {
		return r
	}
	return m.wsRef.Role
}

// withFreshness adds "· updated 2 min ago" to the header's left part when it
// fits beside right; the workspace name and the plan matter more.
func (m *Model) withFreshness(left, right string, w int) string {
	st := &m.styles
	text, isErr := m.freshness()
	if text == "" {
		return left
	}
	s := left + st.Muted.Render(" · "+text)
	if isErr {
		s = left + st.Muted.Render(" · ") + st.Error.Render(text)
	}
	if ansi.StringWidth(s)+ansi.StringWidth(right)+1 > w {
		return left
	}
	return s
}

// tabFooterKeys are the footer's bindings for a tab, from what it answers to.
func (m *Model) tabFooterKeys(t tab) []key.Binding {
	k := &m.keys
	if _, ok := t.(*overviewTab); ok {
		return []key.Binding{
			key.NewBinding(key.WithHelp("j/k", "scroll")),
			key.NewBinding(key.WithHelp("1-6", "tabs")),
			k.Refresh, k.CopyView,
		}
	}
	c := t.Caps()
	var bs []key.Binding
	if t.SearchEnabled() {
		bs = append(bs, k.Search)
	}
	if c.dates {
		bs = append(bs, k.Dates)
	}
	if _, _, _, ok := t.TypeFilter(); ok {
		bs = append(bs, k.Type)
	}
	if t.APIKeyEnabled() {
		bs = append(bs, k.APIKey)
	}
	if c.sort {
		bs = append(bs, k.Sort)
	}
	if c.reverse {
		bs = append(bs, k.Reverse)
	}
	if c.details {
		bs = append(bs, k.Details)
	}
	if c.copyID {
		bs = append(bs, k.CopyID)
	}
	return append(bs, k.CopyView)
}
