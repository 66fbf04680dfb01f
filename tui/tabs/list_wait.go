package tabs

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
)

// A slow server is visible: the request's attempts and retries reach the
// tab's client.WaitStatus (an observer in the request's context, called
// from the command's goroutine), and the loading row says "waiting for the
// server for 4s (attempt 1 of 5)…" or "… 503, retrying in 2s…". Events
// arrive outside Update, so while a request is in flight a tick re-renders
// the tab about once a second.

const waitEvery = time.Second

type waitTickMsg struct {
	tab model.Tab
	seq uint64
}

func (m waitTickMsg) TabID() model.Tab { return m.tab }

// waitTick re-renders while request seq is in flight.
func (t *List[T, S]) waitTick(seq uint64) tea.Cmd {
	if !t.sess.WaitTicks {
		return nil
	}
	id := t.spec.List.Tab
	return tea.Tick(waitEvery, func(time.Time) tea.Msg { return waitTickMsg{tab: id, seq: seq} })
}

// onWaitTick keeps ticking while the same request is still out; the
// re-render comes with the Update.
func (t *List[T, S]) onWaitTick(msg waitTickMsg) tea.Cmd {
	if msg.seq != t.seq || !t.loading {
		return nil
	}
	return t.waitTick(msg.seq)
}

// waitText is " · waiting for the server …" while the request waits, "" else.
func (t *List[T, S]) waitText() string {
	w, ok := t.wait.Current()
	if !ok {
		return ""
	}
	return " · " + w.String(t.sess.Now())
}
