package tabs

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// runAll runs cmd and the commands of any batch it returns, collecting the
// messages (in the calling goroutine: the test's other goroutine reads View).
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, runAll(c)...)
		}
		return out
	default:
		return []tea.Msg{m}
	}
}

// TestLoadingRowSaysTheServerIsSlow: while the first page is retried after
// a 503, the loading row says so — attempt, reason and when it retries —
// and says nothing of waiting once the page is in.
func TestLoadingRowSaysTheServerIsSlow(t *testing.T) {
	api := newFakeAPI(100)
	var n atomic.Int64
	h := newHandlerHarness(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"type":"unavailable","message":"try later"}}`))
			return
		}
		api.ServeHTTP(w, r)
	}), demo.OwnerKey, model.RoleOwner)
	base := h.c.BaseURL()
	c, err := client.New(client.Options{BaseURL: base, APIKey: demo.OwnerKey, MaxAttempts: 3, RetryWait: 400 * time.Millisecond, RetryMaxWait: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h.sess.Client = c
	var tab Tab
	for _, x := range Build(h.sess, model.View{Workspace: "ws_acme", Tab: model.TabMCPCalls}) {
		if x.ID() == model.TabMCPCalls {
			tab = x
		}
	}
	tab.SetSize(120, 20)
	done := make(chan []tea.Msg)
	cmd := tab.Activate()
	go func() { done <- runAll(cmd) }()
	saw := ""
	deadline := time.Now().Add(3 * time.Second)
	for saw == "" && time.Now().Before(deadline) {
		if s := ansi.Strip(tab.View()); strings.Contains(s, "waiting for the server (attempt 2 of 3)") {
			saw = s
		}
		time.Sleep(10 * time.Millisecond)
	}
	msgs := <-done
	if saw == "" {
		t.Fatal("the loading row never said the server was being retried")
	}
	if !strings.Contains(saw, "Loading MCP-HTTP calls…") || !strings.Contains(saw, "retrying in") {
		t.Fatalf("loading row: %s", saw)
	}
	for _, m := range msgs {
		tab.Update(m)
	}
	if s := ansi.Strip(tab.View()); strings.Contains(s, "waiting") || !strings.Contains(s, "call_") {
		t.Fatalf("after the page arrived:\n%s", s)
	}
}
