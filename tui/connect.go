package tui

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// meAttempts is how many times the TUI asks for /me on its own when the
// server cannot be reached at start (each ask is the client's own retried
// request), before it waits for r.
const meAttempts = 5

// connectState is the start-up connection: which ask this is, and whether a
// retry is scheduled. seq drops a scheduled retry that r already overtook.
type connectState struct {
	attempt  int // asks for /me so far
	seq      uint64
	waiting  time.Duration // the scheduled retry's delay; 0 = none
	answered bool          // the current ask's answer arrived
	wait     client.WaitStatus
}

type (
	meRetryMsg struct{ seq uint64 }
	meWaitMsg  struct{ seq uint64 } // re-render while /me waits (the wait text counts)
)

// meWaitTick re-renders about once a second while ask seq is out.
func (m *Model) meWaitTick(seq uint64) tea.Cmd {
	if m.tm.off {
		return nil
	}
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return meWaitMsg{seq: seq} })
}

func (m *Model) onMeWait(msg meWaitMsg) tea.Cmd {
	if msg.seq != m.conn.seq || m.conn.answered {
		return nil
	}
	return m.meWaitTick(msg.seq)
}

// connectingText is the first screen's line while /me is out: the server,
// and once an attempt is slow or retried, what it is waiting for.
func (m *Model) connectingText() string {
	s := "  Connecting to " + model.Sanitize(hostOf(m.sess.Client)) + "…"
	if w, ok := m.conn.wait.Current(); ok {
		s += " " + w.String(m.cfg.Now())
	}
	return s
}

// meDelay is the pause before ask n+1: 1, 2, 4, 8 s.
func meDelay(n int) time.Duration { return time.Second << min(n-1, 3) }

// askMe asks for /me (the first time, or again), counting the ask.
func (m *Model) askMe() tea.Cmd {
	m.conn.attempt++
	m.conn.seq++
	m.conn.waiting = 0
	m.conn.answered = false
	m.meErr = nil
	return tea.Batch(m.fetchMe(), m.meWaitTick(m.conn.seq))
}

// onMeError keeps a server that cannot be reached from ending the session:
// the error is shown with what happens next, and the ask is repeated after
// a pause, up to meAttempts; then r asks again. A refused key or any other
// answer is final until r.
func (m *Model) onMeError(err error) tea.Cmd {
	m.meErr = err
	if !client.IsUnreachable(err) || m.conn.attempt >= meAttempts || m.tm.off {
		return nil
	}
	m.conn.seq++
	m.conn.waiting = meDelay(m.conn.attempt)
	seq := m.conn.seq
	return tea.Tick(m.conn.waiting, func(time.Time) tea.Msg { return meRetryMsg{seq: seq} })
}

func (m *Model) onMeRetry(msg meRetryMsg) tea.Cmd {
	if msg.seq != m.conn.seq || m.hasWS || m.conn.waiting == 0 {
		return nil
	}
	return m.askMe()
}

// retryMe is r on the start-up screen: ask now, with a fresh set of asks.
func (m *Model) retryMe() tea.Cmd {
	m.conn.attempt = 0
	return m.askMe()
}

// connectLines say what went wrong at start and what happens next.
func (m *Model) connectLines(err error) []string {
	st := &m.styles
	w := max(20, m.width-6)
	var out []string
	add := func(first string, rest ...string) {
		for i, l := range common.Wrap(w, first) {
			if i == 0 {
				out = append(out, st.Error.Render("  ✗ "+l))
			} else {
				out = append(out, "    "+l)
			}
		}
		for _, r := range rest {
			for _, l := range common.Wrap(w, r) {
				out = append(out, "    "+l)
			}
		}
	}
	switch {
	case client.IsAuth(err):
		from := ""
		if m.cfg.KeySource != "" {
			from = " from " + m.cfg.KeySource
		}
		fix := "Run `tally login` to store a working key (or set TALLY_API_KEY), then press r."
		if m.cfg.KeySource == "TALLY_API_KEY" {
			fix = "Set TALLY_API_KEY to a working key (or unset it to use the one `tally login` stored), then start tally again."
		}
		add("The API key"+from+" was not accepted (401).", fix)
	case client.IsUnreachable(err):
		host := model.Sanitize(hostOf(m.sess.Client))
		add("Can't reach "+host, common.ErrText(err))
		switch {
		case m.conn.waiting > 0:
			out = append(out, st.Muted.Render("    retrying in "+m.conn.waiting.String()+" (attempt "+strconv.Itoa(m.conn.attempt+1)+" of "+strconv.Itoa(meAttempts)+") · r retry now · q quit"))
			return out
		case m.conn.attempt >= meAttempts:
			out = append(out, st.Muted.Render("    gave up after "+strconv.Itoa(m.conn.attempt)+" attempts · r retry · q quit"))
			return out
		}
	default:
		add("Couldn't load your workspaces", common.ErrText(err))
	}
	if rid := client.RequestID(err); rid != "" && !strings.Contains(err.Error(), rid) {
		out = append(out, "    request id "+model.Sanitize(rid))
	}
	out = append(out, st.Muted.Render("    r retry · q quit"))
	return out
}

// hostOf is the server's host as users typed it, for "Can't reach …".
func hostOf(c *client.Client) string {
	if c == nil {
		return "the server"
	}
	u := c.BaseURL()
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	if u == "" {
		return "the server"
	}
	return u
}
