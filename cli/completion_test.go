package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
)

// complete runs `tally __complete args…` and returns the candidate values
// (descriptions dropped) and the directive line.
func (h *harness) complete(args ...string) ([]string, string) {
	h.t.Helper()
	out := h.mustRun(append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var values []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, lines[len(lines)-1]
}

func (h *harness) wantCompletion(t *testing.T, want string, args ...string) {
	t.Helper()
	got, directive := h.complete(args...)
	if strings.Join(got, " ") != want {
		t.Errorf("tally __complete %q: %q, want %q", args, strings.Join(got, " "), want)
	}
	if directive != ":4" { // ShellCompDirectiveNoFileComp: never file names
		t.Errorf("tally __complete %q: directive %s", args, directive)
	}
}

func TestCompletionOfflineValues(t *testing.T) {
	h := newHarness(t)
	zi := t.TempDir()
	os.WriteFile(filepath.Join(zi, "zone1970.tab"), []byte("# comment\nDE,DK\t+5230+01322\tEurope/Berlin\tmost of Germany\nRS,BA\t+4450+02030\tEurope/Belgrade\nIN\t+2232+08822\tAsia/Kolkata\n"), 0o644)
	// zone.tab has the zones zone1970.tab folds into others (Amsterdam).
	os.WriteFile(filepath.Join(zi, "zone.tab"), []byte("NL\t+5222+00454\tEurope/Amsterdam\nDE\t+5230+01322\tEurope/Berlin\tmost of Germany\n"), 0o644)
	h.env["ZONEINFO"] = zi
	path := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")
	if err := config.Save(path, config.File{Profiles: map[string]config.Profile{"work": {Tab: "imports"}, "home": {}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		want string
		args []string
	}{
		{"conversations mcp-calls imports adjustments invoices activity", []string{"export", ""}},
		{"mcp-calls", []string{"export", "mc"}},
		{"", []string{"export", "imports", ""}}, // one list only
		{"created_at credits", []string{"export", "mcp-calls", "--sort", ""}},
		{"created_at amount", []string{"export", "adjustments", "--sort", ""}},
		{"updated_at credits message_count", []string{"--tab", "conversations", "--sort", ""}},
		{"created_at", []string{"demo", "--tab", "billing", "--sort", ""}},
		{"created_at credits", []string{"--profile", "work", "--sort", ""}}, // the profile's tab: imports
		{"overview activity conversations mcp-calls imports adjustments billing", []string{"--tab", ""}},
		{"desc asc", []string{"export", "imports", "--order", ""}},
		{"csv json ndjson", []string{"export", "imports", "--format", ""}},
		{"message image_generation video_generation", []string{"export", "conversations", "--billing-type", ""}},
		{"brand product", []string{"--import-type", ""}},
		{"subscription_renewal subscription_switch_compensation", []string{"export", "adjustments", "--type", "subscription_"}},
		{"7d 30d 2w 3m 12m", []string{"--last", ""}},
		{"Europe/Belgrade Europe/Berlin", []string{"--tz", "europe/be"}},
		{"UTC Asia/Kolkata Europe/Amsterdam Europe/Belgrade Europe/Berlin", []string{"balance", "--tz", ""}},
		{"Europe/Amsterdam", []string{"--tz", "Europe/Ams"}},
		// Only what the chosen list takes: the rest would be refused.
		{"", []string{"export", "imports", "--billing-type", ""}},
		{"", []string{"--tab", "conversations", "--type", ""}},
		{"", []string{"export", "activity", "--group-by", ""}},
		{"", []string{"export", "activity", "--sort", ""}},
		{"", []string{"--tab", "activity", "--sort", ""}},
		{"brand product", []string{"--tab", "imports", "--import-type", ""}},
		// Commands without arguments offer no file names.
		{"", []string{"balance", ""}},
		{"", []string{"status", ""}},
		{"", []string{"auth", "status", ""}},
		{"", []string{"demo", "serve", ""}},
		{"home work", []string{"--profile", ""}},
		{"owner admin member support", []string{"--as-role", ""}},
		{"light heavy", []string{"demo", "--faults", ""}},
		{"api_key user tool day week month", []string{"export", "mcp-calls", "--group-by", ""}},
		{"type day week month", []string{"export", "adjustments", "--group-by", ""}},
		{"user import_type day week month", []string{"--tab", "imports", "--group-by", ""}},
		{"2026-11 2026-10", []string{"export", "imports", "--month", "2026-1"}}, // newest first, from the clock
		{"2026 2025 2024", []string{"--year", ""}},
		{"10s 30s 2m", []string{"balance", "--timeout", ""}},
		{"1 4 8 32", []string{"export", "imports", "--parallel", ""}},
		{"1.1 1.0", []string{"demo", "--api", ""}},
		{"20ms 100ms 2s", []string{"demo", "serve", "--latency", ""}},
		{"", []string{"export", "imports", "--page-size", ""}}, // a number: no file names
		{"", []string{"check", "--min-remaining", ""}},
		{"", []string{"status", "--format", ""}},
	} {
		h.wantCompletion(t, c.want, c.args...)
	}
}

func TestCompletionFromTheServer(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	h.wantCompletion(t, "ws_acme ws_side ws_free", "--workspace", "")
	h.wantCompletion(t, "Acme Studio", "balance", "--workspace", "Ac") // names when no id matches
	got, _ := h.complete("export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "")
	if len(got) < 2 || !strings.HasPrefix(got[0], "key_") {
		t.Fatalf("--api-key: %q", got)
	}
	h.wantCompletion(t, "CI pipeline", "export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "CI")
	users, _ := h.complete("export", "conversations", "--workspace", "ws_acme", "--user", "")
	if len(users) < 2 || !strings.HasPrefix(users[0], "usr_") {
		t.Fatalf("--user: %q", users)
	}
	h.wantCompletion(t, "", "export", "conversations", "--workspace", "ws_acme", "--user", "nobody-at-all")
	// Adjustments have no user and conversations no API key: nothing.
	h.wantCompletion(t, "", "export", "adjustments", "--workspace", "ws_acme", "--user", "")
	h.wantCompletion(t, "", "export", "conversations", "--workspace", "ws_acme", "--api-key", "")
	// A member sees no users: nothing to offer, and no 403 on the screen.
	h.wantCompletion(t, "", "export", "conversations", "--workspace", "ws_side", "--user", "")
	if strings.Contains(h.stdout.String()+h.stderr.String(), demo.OwnerKey) {
		t.Fatal("the key reached the completion output")
	}
}

func TestCompletionOfOutputIsFileNames(t *testing.T) {
	h := newHarness(t)
	if _, directive := h.complete("export", "imports", "-o", ""); directive != ":0" {
		t.Fatalf("-o completes with directive %s, want the shell's file names (:0)", directive)
	}
}

func TestCompletionOfUsersOnA10Server(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{Size: 20, API: demo.API10}), demo.OwnerKey)
	h.wantCompletion(t, "", "export", "conversations", "--workspace", "ws_acme", "--user", "")
}

func TestCompletionFromTheServerFailsQuietly(t *testing.T) {
	t.Run("no key", func(t *testing.T) {
		h := newHarness(t) // the mock keyring is empty; ReadSecret fails the test if called
		h.e.StdinIsTerminal = func() bool { return true }
		h.env[config.EnvBaseURL] = startDemo(t, demo.Options{Size: 20}).URL
		h.wantCompletion(t, "", "--workspace", "")
	})
	t.Run("rejected key", func(t *testing.T) {
		h := newHarness(t)
		h.useDemo(startDemo(t, demo.Options{Size: 20}), "tally_wrong_key_000000000")
		h.wantCompletion(t, "", "--workspace", "")
	})
	t.Run("locked keyring", func(t *testing.T) {
		h := newHarness(t)
		hk := hangingKeyring{block: make(chan struct{})}
		defer close(hk.block)
		h.e.Keyring = hk
		h.e.KeyringTimeout = time.Minute // completion uses its own, short bound
		start := time.Now()
		h.wantCompletion(t, "", "--workspace", "")
		if d := time.Since(start); d > 3*serverCompletionTimeout {
			t.Fatalf("completion waited %s on a locked keyring", d)
		}
	})
	t.Run("stalled server", func(t *testing.T) {
		block := make(chan struct{})
		defer close(block)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-block:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		h := newHarness(t)
		h.useDemo(srv, "tally_test_key_00000000")
		start := time.Now()
		h.wantCompletion(t, "", "--workspace", "")
		if d := time.Since(start); d > 3*serverCompletionTimeout {
			t.Fatalf("completion waited %s on a stalled server", d)
		}
	})
}

// Names from the server reach the shell only through the sanitiser: a
// hostile server's escape sequences and controls never get into the
// completion output (the shell would print them as typed).
func TestCompletionFromAHostileServerIsSanitised(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{Size: 20, Hostile: true}), demo.OwnerKey)
	for _, args := range [][]string{
		{"--workspace", ""},
		{"export", "mcp-calls", "--workspace", "ws_acme", "--api-key", ""},
		{"export", "conversations", "--workspace", "ws_acme", "--user", ""},
	} {
		out := h.mustRun(append([]string{"__complete"}, args...)...)
		if strings.Count(out, "\n") < 2 {
			t.Errorf("%v: nothing offered:\n%q", args, out)
		}
		for _, r := range strings.TrimSuffix(out, "\n") {
			if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)) {
				t.Fatalf("%v: control %U in the completion output:\n%q", args, r, out)
			}
		}
		if args[len(args)-2] == "--api-key" && !strings.Contains(out, "key_figma\tRED ALERT storyboard\n") {
			t.Errorf("the hostile key name (ESC[31m…) was not offered, cleaned:\n%q", out)
		}
	}
}
