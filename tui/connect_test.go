package tui

import (
	"strings"
	"testing"

	"github.com/tallyhq/tally/model"
)

// TestServerDownAtStart: the TUI opens at once, says it can't reach the
// server and when it tries again (attempt n of 5, r now, q quit), and
// carries on to the workspace once the server answers.
func TestServerDownAtStart(t *testing.T) {
	h := newHarness(t, harnessOpts{down: true, view: model.View{Workspace: "ws_acme"}})
	if !strings.Contains(h.screen(), "✗ Can't reach 127.0.0.1:") {
		t.Fatalf("no word of the server:\n%s", h.screen())
	}
	// With timers on, the failure schedules the next ask and says so.
	h.m.tm.off = false
	cmd := h.m.onMeError(h.m.meErr)
	h.m.tm.off = true
	if cmd == nil {
		t.Fatal("no retry scheduled")
	}
	mustContain(t, h.screen(), "retrying in 1s (attempt 2 of 5) · r retry now · q quit")
	h.down.Store(false)
	h.send(meRetryMsg{seq: h.m.conn.seq})
	if !h.m.hasWS || !strings.Contains(h.screen(), "Acme Studio") {
		t.Fatalf("did not carry on once the server answered:\n%s", h.screen())
	}
}

// TestServerDownGivesUpAfterFiveAttempts and waits for r.
func TestServerDownGivesUpAfterFiveAttempts(t *testing.T) {
	h := newHarness(t, harnessOpts{down: true})
	for range 10 {
		h.m.tm.off = false
		cmd := h.m.onMeError(h.m.meErr) // what the failed ask's answer did, with timers on
		h.m.tm.off = true
		if cmd == nil {
			break
		}
		h.send(meRetryMsg{seq: h.m.conn.seq})
	}
	if h.m.conn.attempt != meAttempts {
		t.Fatalf("%d asks, want %d", h.m.conn.attempt, meAttempts)
	}
	h.m.tm.off = false
	if cmd := h.m.onMeError(h.m.meErr); cmd != nil {
		t.Fatal("a sixth ask was scheduled")
	}
	h.m.tm.off = true
	mustContain(t, h.screen(), "gave up after 5 attempts · r retry · q quit")
	before := h.requests.Load()
	h.keys("r")
	if h.requests.Load() == before {
		t.Fatal("r did not ask again")
	}
}

// TestRefusedKeyNamesItsSource: a 401 at start says where the key came from.
func TestRefusedKeyNamesItsSource(t *testing.T) {
	h := newHarness(t, harnessOpts{key: "tk_wrong_key_for_test", keySrc: "TALLY_API_KEY"})
	mustContain(t, h.screen(), "The API key from TALLY_API_KEY was not accepted (401).", "Set TALLY_API_KEY to a working key")
	if strings.Contains(h.screen(), "tk_wrong") {
		t.Fatal("the key is on screen")
	}
	h = newHarness(t, harnessOpts{key: "tk_wrong_key_for_test", keySrc: "the keyring"})
	mustContain(t, h.screen(), "The API key from the keyring was not accepted (401).", "tally login")
}
