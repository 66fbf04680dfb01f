package tui

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/tabs"
)

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
	failures   int       // refreshes in a row that failed: the next tick backs off
}

// maxBackoff caps how far --refresh slows down against a failing server:
// 8× the interval (60s → 8 min), so it still notices the server's return.
const maxBackoff = 8

// refreshInterval is --refresh, doubled per failed refresh in a row up to
// maxBackoff×, so a server that is down is not polled at full rate.
func (m *Model) refreshInterval() time.Duration {
	return m.cfg.Refresh * time.Duration(min(1<<min(m.tm.failures, 3), maxBackoff))
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
	return tea.Tick(m.refreshInterval(), func(time.Time) tea.Msg { return refreshTickMsg{seq: seq} })
}

// onStaleTick only re-arms: View runs after every Update, which re-renders the header.
func (m *Model) onStaleTick(msg staleTickMsg) tea.Cmd {
	if msg.seq != m.tm.staleSeq || m.tm.off {
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
	if m.hasWS {
		// The last refresh's answers are in (busy ticks are skipped): back
		// off while they fail, return to the set pace once one succeeds.
		if m.billRefreshErr != nil || m.activeTab().Status().RefreshErr != nil {
			m.tm.failures++
		} else {
			m.tm.failures = 0
		}
	}
	var next tea.Cmd
	if !m.tm.off {
		next = m.refreshTick()
	}
	if !m.hasWS {
		return next
	}
	t := m.activeTab()
	if m.tm.billBusy || t.Status().Busy {
		m.tm.skipped++
		return next
	}
	var soft tea.Cmd
	if r, ok := t.(tabs.Refresher); ok {
		soft = r.SoftRefresh()
	}
	return tea.Batch(next, m.fetchBilling(), soft)
}

// freshness is the header's "updated …" text for the visible tab.
func (m *Model) freshness() (text string, isErr bool) {
	if !m.hasWS {
		return "", false
	}
	s := m.activeTab().Status()
	if !m.cachedAt.IsZero() {
		// The header's figures are the snapshot's until /billing answers.
		if m.billRefreshErr != nil {
			return "cached " + common.Ago(m.cfg.Now().Sub(m.cachedAt)) + " · refresh failed · r retry", true
		}
		return m.cachedText(), false
	}
	if s.RefreshErr != nil || m.billRefreshErr != nil {
		return "refresh failed · r retry", true
	}
	at := s.FetchedAt
	if at.IsZero() {
		at = m.tm.billAt
	}
	if at.IsZero() {
		return "", false
	}
	if s.Busy || m.tm.billBusy {
		return "updating…", false
	}
	return "updated " + common.Ago(m.cfg.Now().Sub(at)), false
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

// currentView is the active tab's view with what the whole screen shares.
func (m *Model) currentView() model.View {
	v := m.activeTab().Status().View
	v.Workspace = m.sess.WS
	v.Tab = m.activeTab().ID()
	v.TZ = m.zone // never "" when the zone has a name: the reader's TZ must not change the times
	v.AsRole = m.cfg.View.AsRole
	return v
}

// sharedView is the view `Y` copies. Under --redact the copy must not leak
// what the screen masks: free text is dropped (a search may be a name or an
// email), and so is a reference filter still holding a typed name (ids are
// not secret; names are). The line then carries --redact so it reopens masked.
func (m *Model) sharedView() (model.View, []string) {
	v := m.currentView()
	if !m.sess.Redact.Enabled() {
		return v, nil
	}
	var dropped []string
	unresolved := m.activeTab().Status().Unresolved
	if l := model.ListFor(v.Tab); l != nil {
		for _, f := range l.Filters {
			if f.Get(v) != "" && (f.Kind == model.FilterText || slices.Contains(unresolved, f)) {
				f.Set(&v, "")
				dropped = append(dropped, f.KeyHelp)
			}
		}
	}
	return v, dropped
}
