package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tallyhq/tally/demo"
)

func TestAsRoleCanOnlyNarrow(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey) // owner of ws_acme, member of ws_side
	for _, args := range [][]string{
		{"--workspace", "ws_side", "--as-role", "owner"},
		{"--workspace", "Side Project", "--as-role", "admin"},
		{"export", "conversations", "--workspace", "ws_side", "--as-role", "owner"},
		{"export", "mcp-calls", "--workspace", "ws_side", "--as-role", "support"},
	} {
		h.tuiCfg = nil
		code := h.run(args...)
		msg := h.stderr.String()
		if code != ExitUsage || !strings.Contains(msg, "you are a member in Side Project") || !strings.Contains(msg, "can only narrow") {
			t.Errorf("tally %s: exit %d, %q", strings.Join(args, " "), code, msg)
		}
		if h.tuiCfg != nil || h.stdout.String() != "" {
			t.Errorf("tally %s went ahead", strings.Join(args, " "))
		}
	}
	// Narrowing, or the real role, is fine.
	h.mustRun("--workspace", "ws_acme", "--as-role", "member")
	h.mustRun("--workspace", "ws_side", "--as-role", "member")
	h.mustRun("export", "imports", "--workspace", "ws_acme", "--as-role", "admin")
	// Without a workspace the TUI's picker chooses; owner is possible in ws_acme.
	h.mustRun("--as-role", "owner")
	// A key that is the owner nowhere cannot look as one, whichever it picks.
	h.useDemo(srv, demo.MemberKey)
	if code := h.run("--as-role", "owner"); code != ExitUsage || !strings.Contains(h.stderr.String(), "can only narrow") {
		t.Errorf("member key, --as-role owner: exit %d, %q", code, h.stderr.String())
	}
}

// TestAsRoleIsCheckedEvenFromASnapshot: a warm snapshot lets the TUI open
// without /v1/me, but --as-role needs the real role, which only /me tells:
// it is checked, and refused when the server cannot say.
func TestAsRoleIsCheckedEvenFromASnapshot(t *testing.T) {
	var down atomic.Bool
	d, err := demo.New(demo.Options{Now: testNow, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		d.ServeHTTP(w, r)
	}))
	defer srv.Close()
	h := newHarness(t)
	h.env["XDG_CACHE_HOME"] = t.TempDir()
	h.useDemo(srv, demo.OwnerKey)
	h.mustRun("status", "--workspace", "ws_side") // warms the cache
	h.tuiCfg = nil
	if code := h.run("--workspace", "ws_side", "--as-role", "owner"); code != ExitUsage || !strings.Contains(h.stderr.String(), "you are a member in Side Project") || h.tuiCfg != nil {
		t.Fatalf("from a snapshot, --as-role owner as a member: exit %d, %q", code, h.stderr.String())
	}
	down.Store(true)
	h.tuiCfg = nil
	code := h.run("--workspace", "ws_side", "--as-role", "member")
	if code == 0 || h.tuiCfg != nil || !strings.Contains(h.stderr.String(), "--as-role member needs your real role") {
		t.Fatalf("server down, --as-role: exit %d, %q", code, h.stderr.String())
	}
	// Without --as-role the snapshot still opens the TUI with the server down.
	h.tuiCfg = nil
	h.mustRun("--workspace", "ws_side")
	if h.tuiCfg == nil {
		t.Fatal("the TUI did not open from the snapshot")
	}
}
