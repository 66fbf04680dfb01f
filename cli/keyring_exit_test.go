package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
)

// A keyring that does not answer (locked, an unlock prompt nobody sees) is
// the same cause everywhere: exit 3, saying it may be locked and how to go
// on, in login, logout, balance, export and the TUI.
func TestLockedKeyringSameExitEverywhere(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	for _, args := range [][]string{{"login", "--with-key"}, {"logout"}, {"balance"}, {"export", "mcp-calls"}, {}} {
		h := newHarness(t)
		hk := hangingKeyring{block: make(chan struct{})}
		h.e.Keyring = hk
		h.e.KeyringTimeout = 20 * time.Millisecond
		h.env["TALLY_BASE_URL"] = srv.URL
		h.stdin = demo.OwnerKey
		code := h.run(args...)
		close(hk.block)
		msg := h.stderr.String()
		// logout has nothing to fall back on: it says to unlock and retry.
		ways := len(args) > 0 && args[0] == "logout" || (strings.Contains(msg, "TALLY_API_KEY") && strings.Contains(msg, "--insecure-storage"))
		if code != ExitAuth || !strings.Contains(msg, "locked") || !strings.Contains(msg, "unlock") || !ways {
			t.Errorf("tally %v: exit %d: %s", args, code, msg)
		}
	}
}

// TestLoginSaysTheKeyringIsUnusableBeforeAskingForTheKey: nobody should
// paste a key only to hear that it cannot be stored.
func TestLoginSaysTheKeyringIsUnusableBeforeAskingForTheKey(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	hk := hangingKeyring{block: make(chan struct{})}
	defer close(hk.block)
	h.e.Keyring = hk
	h.e.KeyringTimeout = 20 * time.Millisecond
	h.e.StdinIsTerminal = func() bool { return true }
	asked := false
	h.e.ReadSecret = func(context.Context) (string, error) { asked = true; return demo.OwnerKey, nil }
	h.env["TALLY_BASE_URL"] = srv.URL
	code := h.run("login")
	if code != ExitAuth || asked || !strings.Contains(h.stderr.String(), "the key was not asked for") {
		t.Fatalf("exit %d, asked %v: %s", code, asked, h.stderr.String())
	}
	if strings.Contains(h.stderr.String(), "API key (input hidden)") {
		t.Fatal("the prompt was shown")
	}
}

// TestRefusedKeyIsReportedOnceNamingItsSource: one explanation, and the step
// that fixes it where the key came from.
func TestRefusedKeyIsReportedOnceNamingItsSource(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	const bad = "tally_not_a_real_key_0000abcd"
	t.Run("env", func(t *testing.T) {
		h := newHarness(t)
		h.useDemo(srv, bad)
		code := h.run("balance")
		msg := h.stderr.String()
		if code != ExitAuth || !strings.Contains(msg, "refused the API key in TALLY_API_KEY") || strings.Count(msg, "TALLY_API_KEY") > 2 || strings.Contains(msg, "missing or invalid") {
			t.Fatalf("exit %d: %s", code, msg)
		}
	})
	t.Run("login", func(t *testing.T) {
		h := newHarness(t)
		h.env["TALLY_BASE_URL"] = srv.URL
		h.stdin = bad
		code := h.run("login", "--with-key")
		msg := h.stderr.String()
		if code != ExitAuth || !strings.Contains(msg, "refused this key") || !strings.Contains(msg, "nothing was stored") || strings.Contains(msg, "run `tally login`") {
			t.Fatalf("exit %d: %s", code, msg)
		}
	})
}
