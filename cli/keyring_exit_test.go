package cli

import (
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
