package cli

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/tallyhq/tally/demo"
)

// TestTUIOpensWhenTheServerIsDown: a server that cannot be reached no
// longer ends `tally` with exit 1 after seconds of blank screen: the TUI
// opens at once (it shows the server and retries), knowing where the key
// came from, after one attempt, not five.
func TestTUIOpensWhenTheServerIsDown(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	defer srv.Close()
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	if code := h.run("--workspace", "ws_acme"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if h.tuiCfg == nil || len(h.tuiCfg.Me.Workspaces) != 0 {
		t.Fatal("the TUI did not open to ask /me itself")
	}
	if h.tuiCfg.KeySource != "TALLY_API_KEY" {
		t.Fatalf("KeySource = %q", h.tuiCfg.KeySource)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests before the TUI opened, want 1", n)
	}
}

// TestTUIStillRefusesABadKeyAndAnUnknownWorkspace with their exit codes.
func TestTUIStillRefusesABadKeyAndAnUnknownWorkspace(t *testing.T) {
	srv := startDemo(t, demo.Options{})
	h := newHarness(t)
	h.useDemo(srv, "tally_wrong_key_0123456789")
	if code := h.run(); code != 3 {
		t.Fatalf("a refused key: exit %d, want 3", code)
	}
	h.useDemo(srv, demo.OwnerKey)
	if code := h.run("--workspace", "Nope"); code != 2 {
		t.Fatalf("an unknown workspace: exit %d, want 2", code)
	}
}

// TestTUIFromAWarmSnapshotSkipsTheCheck: with the named workspace's
// snapshot cached the TUI opens without waiting for /me (it paints from the
// snapshot and asks /me itself).
func TestTUIFromAWarmSnapshotSkipsTheCheck(t *testing.T) {
	var hits atomic.Int64
	d, err := demo.New(demo.Options{Now: testNow, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		d.ServeHTTP(w, r)
	}))
	defer srv.Close()
	h := newHarness(t)
	h.env["XDG_CACHE_HOME"] = t.TempDir()
	h.useDemo(srv, demo.OwnerKey)
	h.mustRun("status", "--workspace", "Acme Studio") // warms the cache under the typed name
	before := hits.Load()
	h.mustRun("--workspace", "Acme Studio")
	if n := hits.Load() - before; n != 0 {
		t.Fatalf("%d requests before the TUI opened from a warm snapshot, want 0", n)
	}
	if h.tuiCfg.View.Workspace != "Acme Studio" || h.tuiCfg.Snapshots == nil {
		t.Fatalf("the TUI got view %+v, snapshots %v", h.tuiCfg.View, h.tuiCfg.Snapshots)
	}
}

// TestDumbTerminalHasNoColour: TERM=dumb shows no colour or reverse video,
// so the TUI must mark the active tab another way (brackets, as NO_COLOR).
func TestDumbTerminalHasNoColour(t *testing.T) {
	srv := startDemo(t, demo.Options{})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	h.env["TERM"] = "dumb"
	h.mustRun("--workspace", "ws_acme")
	if !h.tuiCfg.NoColor {
		t.Fatal("TERM=dumb did not turn colour off")
	}
}
