package cli

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
)

func TestBalanceAllWithOneFailingWorkspace(t *testing.T) {
	p := startProxy(t, demo.Options{}, "")
	h := newHarness(t)
	h.useDemo(p.srv, demo.OwnerKey)
	single := h.mustRun("balance", "--workspace", "ws_acme", "--json", "--tz", "UTC")
	out := h.mustRun("balance", "--all", "--tz", "UTC")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "WORKSPACE") || !strings.HasPrefix(lines[1], "Acme Studio") ||
		!strings.HasPrefix(lines[3], "Free Sandbox") || !strings.Contains(lines[3], "—") {
		t.Fatalf("table:\n%s", out)
	}
	p.failWorkspace("ws_side")
	code := h.run("balance", "--all", "--tz", "UTC")
	out = h.stdout.String()
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != ExitError || len(lines) != 4 || !strings.HasPrefix(lines[2], "Side Project  error: ") || !strings.Contains(lines[2], "injected failure red") ||
		strings.ContainsAny(out, "\x1b\r") || !strings.Contains(lines[1], "Acme Studio") || !strings.Contains(lines[3], "Free Sandbox") ||
		!strings.Contains(h.stderr.String(), "1 of 3 workspaces could not be read") {
		t.Fatalf("exit %d\n%s\nstderr %s", code, out, h.stderr.String())
	}
	// JSON: each entry exactly like `balance --json`, the failure as {id, name, error}.
	code = h.run("balance", "--all", "--json", "--tz", "UTC")
	var doc struct {
		SchemaVersion int               `json:"schema_version"`
		Workspaces    []json.RawMessage `json:"workspaces"`
	}
	if err := json.Unmarshal([]byte(h.stdout.String()), &doc); err != nil || code != ExitError || doc.SchemaVersion != 1 || len(doc.Workspaces) != 3 {
		t.Fatalf("exit %d %v\n%s", code, err, h.stdout.String())
	}
	var got, want any
	_ = json.Unmarshal(doc.Workspaces[0], &got)
	_ = json.Unmarshal([]byte(single), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("--all entry differs from balance --json:\n%s\n%s", doc.Workspaces[0], single)
	}
	var failed map[string]string
	if err := json.Unmarshal(doc.Workspaces[1], &failed); err != nil || failed["id"] != "ws_side" || !strings.Contains(failed["error"], "injected failure") || len(failed) != 3 {
		t.Errorf("failed entry %s", doc.Workspaces[1])
	}
	// Every workspace read refreshed its snapshot.
	store := config.Snapshots{Dir: filepath.Join(h.env["HOME"], ".cache", "tally")}
	for _, ws := range []string{"ws_acme", "ws_free"} {
		if _, _, ok := store.Load("default", p.srv.URL, ws); !ok {
			t.Errorf("no snapshot of %s", ws)
		}
	}
}

func TestBalanceAllFitsNarrowTerminals(t *testing.T) {
	h, b := ownerWithBilling(t, 400)
	remaining := b.Credits.Remaining.Grouped()
	for _, w := range []int{160, 100, 80, 72, 60, 50, 40, 30, 24, 16, 10} {
		h.e.StdoutWidth = func() int { return w }
		out := h.mustRun("balance", "--all", "--tz", "UTC")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("width %d: %d lines:\n%s", w, len(lines), out)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line of %d columns: %q", w, ansi.StringWidth(l), l)
			}
		}
		if w >= 30 && !strings.Contains(lines[1], remaining) {
			t.Errorf("width %d lost the remaining credits:\n%s", w, out)
		}
		if w >= 100 && !strings.Contains(lines[0], "EXPIRING") {
			t.Errorf("width %d dropped a column it had room for:\n%s", w, out)
		}
	}
	// Unknown width (a pipe): every column, in full.
	h.e.StdoutWidth = func() int { return 0 }
	out := h.mustRun("balance", "--all", "--as-role", "member", "--redact")
	if !strings.Contains(out, "ROLE") || !strings.Contains(out, "Owner→Member") || strings.Contains(out, "Acme Studio") {
		t.Errorf("--as-role/--redact:\n%s", out)
	}
	if code := h.run("balance", "--all", "--as-role", "boss"); code != ExitUsage {
		t.Errorf("bad --as-role: exit %d", code)
	}
	if code := h.run("balance", "--all", "--workspace", "ws_acme"); code != ExitUsage {
		t.Errorf("--all with --workspace: exit %d", code)
	}
}
