package cli

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// noKeyring fails the test on any use: the warm path must not touch it.
type noKeyring struct{ t *testing.T }

func (k noKeyring) Get(string, string) (string, error) {
	k.t.Error("the keyring was asked for a key")
	return "", errors.New("no")
}
func (k noKeyring) Set(string, string, string) error { k.t.Error("keyring Set"); return nil }
func (k noKeyring) Delete(string, string) error      { k.t.Error("keyring Delete"); return nil }

// stuckKeyring never answers, like a locked collection waiting for a prompt.
type stuckKeyring struct{ release chan struct{} }

func (k stuckKeyring) Get(string, string) (string, error) { <-k.release; return "", errors.New("late") }
func (k stuckKeyring) Set(string, string, string) error   { <-k.release; return nil }
func (k stuckKeyring) Delete(string, string) error        { <-k.release; return nil }

// clock is the harness's fake time.
func (h *harness) clock(at time.Time) { h.e.Now = func() time.Time { return at } }

func statusHarness(t *testing.T) (*harness, *proxy, model.Billing) {
	t.Helper()
	p := startProxy(t, demo.Options{}, "")
	h := newHarness(t)
	h.useDemo(p.srv, demo.OwnerKey)
	raw := h.mustRun("balance", "--workspace", "ws_acme", "--json", "--no-cache")
	var doc struct {
		Credits struct{ Remaining model.Credits }
	}
	if err := jsonUnmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return h, p, model.Billing{Credits: model.CreditBalance{Remaining: doc.Credits.Remaining}}
}

func TestStatusWarmCacheStaleAndOffline(t *testing.T) {
	h, p, b := statusHarness(t)
	fmtRem := "--format={{.Remaining}}|{{.Age}}|{{.Stale}}|{{.Runway.Known}}"
	// Cold: fetched, printed and cached.
	if out := h.mustRun("status", "--workspace", "Acme Studio", "--tz", "UTC"); !strings.HasPrefix(out, "Acme Studio "+model.RoundCredits(b.Credits.Remaining, 1).Grouped()+" left · ") ||
		!strings.Contains(out, "% used · refreshes in 11d") || strings.Contains(out, "stale") {
		t.Fatalf("cold: %q", out)
	}
	// Warm, 59 s later: from the cache alone, no keyring, no request.
	delete(h.env, config.EnvAPIKey)
	h.e.Keyring = noKeyring{t}
	before := p.requests.Load()
	h.clock(testNow.Add(59 * time.Second))
	if out := h.mustRun("status", "--workspace", "Acme Studio", fmtRem); out != b.Credits.Remaining.String()+"|59s|false|true\n" {
		t.Fatalf("warm: %q", out)
	}
	if p.requests.Load() != before {
		t.Fatal("the warm path made a request")
	}
	// 60 s: too old. The key is gone and the server down: stale, exit 0.
	p.srv.Close()
	h.env[config.EnvAPIKey] = demo.OwnerKey
	h.clock(testNow.Add(61 * time.Second))
	if out := h.mustRun("status", "--workspace", "Acme Studio", fmtRem); out != b.Credits.Remaining.String()+"|1m|true|true\n" ||
		!strings.Contains(h.stderr.String(), "warning: showing figures from 1m ago") {
		t.Fatalf("stale: %q %s", out, h.stderr.String())
	}
	if out := h.mustRun("status", "--workspace", "Acme Studio", "--tz", "UTC"); !strings.HasSuffix(out, " · stale 1m\n") {
		t.Fatalf("stale default: %q", out)
	}
	h.clock(testNow.Add(3 * time.Hour))
	if out := h.mustRun("status", "--workspace", "Acme Studio", "--max-age", "5h", fmtRem); out != b.Credits.Remaining.String()+"|3h|false|true\n" {
		t.Fatalf("--max-age 5h: %q", out)
	}
	// Nothing cached for this workspace and no server: a marker, exit 0.
	if out := h.mustRun("status", "--workspace", "ws_side"); out != "tally: offline\n" || !strings.Contains(h.stderr.String(), "connection refused") {
		t.Fatalf("offline: %q %s", out, h.stderr.String())
	}
	// --no-cache neither reads nor writes.
	if out := h.mustRun("status", "--workspace", "Acme Studio", "--no-cache"); out != "tally: offline\n" {
		t.Fatalf("--no-cache: %q", out)
	}
	// A fetch time in the future (the clock went back) is not fresh.
	h.clock(testNow.Add(-time.Hour))
	if out := h.mustRun("status", "--workspace", "Acme Studio", fmtRem); !strings.HasSuffix(out, "|true|true\n") {
		t.Fatalf("future snapshot: %q", out)
	}
	// Usage mistakes stay exit 2, even when the cache could answer.
	for _, args := range [][]string{{"--format", "{{.Nope}}"}, {"--format", "{{"}, {"--max-age", "-1s"}, {"--timeout", "0s"}, {"--as-role", "boss"}} {
		if code := h.run(append([]string{"status", "--workspace", "Acme Studio"}, args...)...); code != ExitUsage || h.stdout.String() != "" {
			t.Errorf("%v: exit %d %q", args, code, h.stdout.String())
		}
	}
}

func TestStatusRefreshesAndSharesTheCache(t *testing.T) {
	h, p, _ := statusHarness(t)
	// balance warms status: under the id and under the name that chose it.
	h.mustRun("balance", "--workspace", "Acme Studio")
	before := p.requests.Load()
	for _, ws := range []string{"Acme Studio", "ws_acme"} {
		h.mustRun("status", "--workspace", ws)
	}
	if p.requests.Load() != before {
		t.Fatal("status after balance fetched again")
	}
	// Older than --max-age with the server up: fetched again (no /v1/me: the
	// snapshot names the workspace), age back to 0.
	h.clock(testNow.Add(2 * time.Minute))
	if out := h.mustRun("status", "--workspace", "ws_acme", "--format", "{{.Age}} {{.Stale}} {{.Role}} {{.Expiring}}", "--as-role", "member"); out != "0s false Member 427.4895 on Dec 2\n" &&
		!strings.HasPrefix(out, "0s false Member ") {
		t.Fatalf("refetch: %q", out)
	}
	if n := p.requests.Load() - before; n != 2 {
		t.Errorf("a stale status made %d requests, want 2 (billing and daily)", n)
	}
	// The profile's cache = false turns it off.
	cfg := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")
	_ = os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte("[profiles.default]\ncache = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before = p.requests.Load()
	h.mustRun("status", "--workspace", "ws_acme")
	if p.requests.Load() == before {
		t.Fatal("cache = false still answered from the cache")
	}
	// --redact masks the name.
	_ = os.Remove(cfg)
	if out := h.mustRun("status", "--workspace", "ws_acme", "--redact"); strings.Contains(out, "Acme") || !strings.HasPrefix(out, "Workspace ") {
		t.Fatalf("--redact: %q", out)
	}
}

func TestStatusNeverHangs(t *testing.T) {
	h, p, _ := statusHarness(t)
	h.mustRun("status", "--workspace", "ws_acme")
	h.clock(testNow.Add(time.Hour))
	// A keyring that never answers: bounded by --timeout, the cache answers.
	delete(h.env, config.EnvAPIKey)
	release := make(chan struct{})
	defer close(release)
	h.e.Keyring, h.e.KeyringTimeout = stuckKeyring{release}, time.Hour
	done := make(chan string, 1)
	go func() {
		h.run("status", "--workspace", "ws_acme", "--timeout", "100ms", "--format", "{{.Stale}}") // not mustRun: no Fatal off the test goroutine
		done <- h.stdout.String()
	}()
	select {
	case out := <-done:
		if out != "true\n" || !strings.Contains(h.stderr.String(), "keyring") {
			t.Fatalf("stuck keyring: %q %s", out, h.stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("status hung on the keyring")
	}
	// A server that never answers.
	h.env[config.EnvAPIKey] = demo.OwnerKey
	hang := make(chan struct{})
	defer close(hang)
	f := func(*http.Request) bool { <-hang; return true }
	p.fail.Store(&f)
	go func() {
		h.run("status", "--workspace", "ws_acme", "--timeout", "100ms", "--format", "{{.Stale}}") // not mustRun: no Fatal off the test goroutine
		done <- h.stdout.String()
	}()
	select {
	case out := <-done:
		if out != "true\n" {
			t.Fatalf("hung server: %q %s", out, h.stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("status hung on the server")
	}
	// No key at all and no cache: a marker, exit 0.
	delete(h.env, config.EnvAPIKey)
	h.e.Keyring = config.SystemKeyring{}
	if out := h.mustRun("status", "--workspace", "ws_side"); out != "tally: not logged in\n" {
		t.Fatalf("no key: %q", out)
	}
}

func TestNoKeyInTheCache(t *testing.T) {
	const key = "tk_QZXWVYUTSRQPONMLKJIHGQZXW_secret"
	p := startProxy(t, demo.Options{}, key)
	h := newHarness(t)
	h.useDemo(p.srv, key)
	h.mustRun("status", "--workspace", "ws_acme")
	h.mustRun("balance", "--all")
	h.mustRun("check", "--all", "--min-remaining", "0", "--runway", "7")
	dir := filepath.Join(h.env["HOME"], ".cache", "tally")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < 3 {
		t.Fatalf("cache %v %v", entries, err)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", st.Mode())
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		st, _ := os.Stat(path)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", e.Name(), st.Mode())
		}
		raw, _ := os.ReadFile(path)
		for n := 4; n <= len(key); n++ {
			if strings.Contains(string(raw), key[:n]) || strings.Contains(e.Name(), key[:n]) {
				t.Fatalf("%s holds the key's first %d characters", e.Name(), n)
			}
		}
		if strings.Contains(string(raw), key[len(key)-4:]) || strings.Contains(string(raw), "Bearer") {
			t.Fatalf("%s holds the key's last characters", e.Name())
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
