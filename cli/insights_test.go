package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

type balanceDoc struct {
	SchemaVersion int `json:"schema_version"`
	Workspace     struct{ Name string }
	Wallets       []struct{ Kind, Name, Balance, Status string }
	Features      []struct{ Key, Name, Status string }
	Forecast      *struct {
		TZ                string  `json:"tz"`
		Days              int     `json:"days"`
		PacePerDay        string  `json:"pace_per_day"`
		RefreshesAt       *string `json:"refreshes_at"`
		DaysBeforeRefresh *int    `json:"days_before_refresh"`
		Sentence          string  `json:"sentence"`
	}
	Reconciliation *struct {
		AllTime     bool    `json:"all_time"`
		Opening     *string `json:"opening"`
		Remaining   string  `json:"remaining"`
		Reconciles  bool    `json:"reconciles"`
		Discrepancy string  `json:"discrepancy"`
		Explanation string  `json:"explanation"`
		Spent       []struct{ Key, Label, Amount string }
		Checks      []struct {
			Name string
			OK   bool
		}
	}
}

func TestBalanceInsightsAgainstDemo(t *testing.T) {
	h, b := ownerWithBilling(t, 400)
	out := h.mustRun("balance", "--workspace", "ws_acme", "--tz", "Europe/Berlin")
	for _, want := range []string{
		"Wallets      " + string(b.Wallets[0].Name) + " " + b.Wallets[0].Balance.Grouped() + " · " + b.Wallets[0].Status.Label(),
		string(b.Wallets[3].Name) + " 0 · Coming Soon",
		"Features     Image Generation · Active", "Team SSO · Locked",
		"Forecast     ", "credits",
		"Where the credits went (since " + b.Plan.CurrentPeriodStart.In(mustLoc(t, "Europe/Berlin")).Format("2006-01-02") + ")",
		"granted", "Subscription renewal", "Conversations", "MCP-HTTP Calls", "Imports", "expired",
		b.Credits.Remaining.Grouped() + "  ✓ reconciles",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("balance lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "⚠") {
		t.Fatalf("demo data must reconcile:\n%s", out)
	}

	var d balanceDoc
	if err := json.Unmarshal([]byte(h.mustRun("balance", "--workspace", "ws_acme", "--json", "--tz", "Europe/Berlin")), &d); err != nil {
		t.Fatal(err)
	}
	if d.SchemaVersion != 1 || len(d.Wallets) != len(b.Wallets) || d.Wallets[2].Status != "premium_beta" || len(d.Features) != len(b.Features) {
		t.Fatalf("wallets/features: %+v", d)
	}
	if d.Forecast == nil || d.Forecast.TZ != "Europe/Berlin" || d.Forecast.Days != 7 || d.Forecast.RefreshesAt == nil || d.Forecast.Sentence == "" {
		t.Fatalf("forecast: %+v", d.Forecast)
	}
	r := d.Reconciliation
	if r == nil || !r.Reconciles || r.AllTime || r.Opening == nil || len(r.Checks) != 3 || r.Remaining != b.Credits.Remaining.String() ||
		len(r.Spent) != 3 || r.Discrepancy != "0" {
		t.Fatalf("reconciliation: %+v", r)
	}

	// Free workspace: no refresh date, all-time breakdown, still reconciles.
	d = balanceDoc{}
	if err := json.Unmarshal([]byte(h.mustRun("balance", "--workspace", "ws_free", "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Forecast == nil || d.Forecast.RefreshesAt != nil || d.Forecast.DaysBeforeRefresh != nil ||
		d.Forecast.Sentence != "No spend in the last 7 days." || d.Reconciliation == nil || !d.Reconciliation.AllTime ||
		!d.Reconciliation.Reconciles || len(d.Reconciliation.Checks) != 1 {
		t.Fatalf("free: %+v %+v", d.Forecast, d.Reconciliation)
	}
	if out := h.mustRun("balance", "--workspace", "ws_free"); !strings.Contains(out, "Where the credits went (all time)") || strings.Contains(out, "Refreshes") {
		t.Fatalf("free text:\n%s", out)
	}

	// A member sees the same figures.
	h.env[config.EnvAPIKey] = demo.MemberKey
	if out := h.mustRun("balance"); !strings.Contains(out, "✓ reconciles") || !strings.Contains(out, "Forecast") {
		t.Fatalf("member:\n%s", out)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := model.LoadTZ(name)
	if err != nil {
		t.Skip("no tzdata")
	}
	return l
}

// tamperingServer serves the demo but adds delta to /billing's remaining, as a
// server whose balance disagrees with its own lists would.
func tamperingServer(t *testing.T, delta string, billingCalls *atomic.Int64) *httptest.Server {
	t.Helper()
	s, err := demo.New(demo.Options{Now: testNow, Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/billing") {
			s.ServeHTTP(w, r)
			return
		}
		billingCalls.Add(1)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Error(err)
			return
		}
		cr := doc["credits"].(map[string]any)
		rem := model.MustCredits(cr["remaining"].(string))
		cr["remaining"] = (rem + model.MustCredits(delta)).String()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBalanceWarnsWhenTheLedgerDoesNotReconcile(t *testing.T) {
	var calls atomic.Int64
	srv := tamperingServer(t, "12.5", &calls)
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("balance", "--workspace", "ws_acme", "--tz", "UTC")
	if !strings.Contains(out, "⚠ does not reconcile") || !strings.Contains(out, "off by +12.5") ||
		!strings.Contains(out, "all adjustments minus all spend") || strings.Contains(out, "✓") {
		t.Fatalf("no visible warning:\n%s", out)
	}
	if calls.Load() != 2 {
		t.Fatalf("a mismatch should be re-checked once: %d billing requests", calls.Load())
	}
	var d balanceDoc
	if err := json.Unmarshal([]byte(h.mustRun("balance", "--workspace", "ws_acme", "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Reconciliation.Reconciles || d.Reconciliation.Discrepancy != "12.5" || !strings.Contains(d.Reconciliation.Explanation, "off by +12.5") {
		t.Fatalf("%+v", d.Reconciliation)
	}
}

func TestBalanceRedactMasksTheWorkspaceName(t *testing.T) {
	srv := startDemo(t, demo.Options{})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("balance", "--workspace", "ws_acme", "--redact")
	if strings.Contains(out, "Acme Studio") || !regexp.MustCompile(`Workspace [0-9a-f]{6} \(ws_acme\)`).MatchString(out) {
		t.Fatalf("redact:\n%s", out)
	}
	// The profile can turn it on; the flag can turn it off again.
	writeProfile(t, h, "[profiles.default]\nredact = true\n")
	if out := h.mustRun("balance", "--workspace", "ws_acme", "--json"); strings.Contains(out, "Acme Studio") {
		t.Fatalf("profile redact ignored:\n%s", out)
	}
	if out := h.mustRun("balance", "--workspace", "ws_acme", "--redact=false"); !strings.Contains(out, "Acme Studio") {
		t.Fatalf("--redact=false should win over the profile:\n%s", out)
	}
}

func writeProfile(t *testing.T, h *harness, body string) {
	t.Helper()
	dir := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// sensitive collects every name, email, title, key name, URL and detail the
// demo serves for ws_acme, through the client.
func sensitive(t *testing.T, c *client.Client) map[string]bool {
	t.Helper()
	ctx := context.Background()
	seen, products := map[string]bool{}, map[string]bool{}
	add := func(s model.Text) {
		if len(s) >= 4 { // shorter strings match by accident (none in the demo)
			seen[string(s)] = true
		}
	}
	user := func(u *model.User) {
		if u != nil {
			add(u.Name)
			add(u.Email)
		}
	}
	if _, _, err := client.WalkAll(ctx, func(ctx context.Context, cur string) (client.ConversationPage, error) {
		return c.Conversations(ctx, "ws_acme", client.ConversationQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cur}})
	}, nil, func(r model.Conversation) error { add(r.Title); user(r.User); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WalkAll(ctx, func(ctx context.Context, cur string) (client.MCPCallPage, error) {
		return c.MCPCalls(ctx, "ws_acme", client.MCPCallQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cur}})
	}, nil, func(r model.MCPCall) error { add(r.APIKey.Name); user(r.User); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WalkAll(ctx, func(ctx context.Context, cur string) (client.ImportPage, error) {
		return c.Imports(ctx, "ws_acme", client.ImportQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cur}})
	}, nil, func(r model.Import) error { add(r.ImportURL); user(r.User); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WalkAll(ctx, func(ctx context.Context, cur string) (client.AdjustmentPage, error) {
		return c.Adjustments(ctx, "ws_acme", client.AdjustmentQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cur}})
	}, nil, func(r model.Adjustment) error { add(r.Detail); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WalkAll(ctx, func(ctx context.Context, cur string) (client.InvoicePage, error) {
		return c.Invoices(ctx, "ws_acme", client.InvoiceQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cur}})
	}, nil, func(r model.Invoice) error { add(r.PDFURL); products[string(r.Description)] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	// An adjustment detail such as "Creator Credit Pack × 1" is also an
	// invoice description: product vocabulary, kept on purpose.
	for p := range products {
		delete(seen, p)
	}
	return seen
}

func TestExportRedactLeaksNothing(t *testing.T) {
	for _, hostile := range []bool{false, true} {
		srv := startDemo(t, demo.Options{Size: 300, Hostile: hostile})
		h := newHarness(t)
		h.useDemo(srv, demo.OwnerKey)
		c, _ := client.New(client.Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
		secrets := sensitive(t, c)
		if len(secrets) < 50 {
			t.Fatalf("only %d sensitive values collected", len(secrets))
		}
		for _, list := range model.ExportNames() {
			for _, format := range []string{"csv", "json", "ndjson"} {
				path := filepath.Join(t.TempDir(), list+"."+format)
				h.mustRun("export", list, "--workspace", "ws_acme", "--format", format, "--redact", "-o", path)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				file := string(b)
				for s := range secrets {
					if strings.Contains(file, s) {
						t.Fatalf("hostile=%v %s %s leaks %q", hostile, list, format, s)
					}
				}
				if strings.Contains(file, "Deleted user") == false && list == "conversations" && format == "csv" && !strings.Contains(file, "User ") {
					t.Fatalf("%s %s: no masked users:\n%.500s", list, format, file)
				}
			}
		}
	}
}

// The same value masks to the same token everywhere in one export, and
// different users get different tokens.
func TestExportRedactIsConsistent(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 300})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--format", "ndjson", "--redact")
	byID := map[string]string{}
	keyByID := map[string]string{}
	tokens := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r model.MCPCall
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.User == nil {
			continue
		}
		if prev, ok := byID[string(r.User.ID)]; ok && prev != string(r.User.Name) {
			t.Fatalf("user %s masked as %q and %q", r.User.ID, prev, r.User.Name)
		}
		byID[string(r.User.ID)] = string(r.User.Name)
		tokens[string(r.User.Name)] = true
		if prev, ok := keyByID[string(r.APIKey.ID)]; ok && prev != string(r.APIKey.Name) {
			t.Fatalf("key %s masked as %q and %q", r.APIKey.ID, prev, r.APIKey.Name)
		}
		keyByID[string(r.APIKey.ID)] = string(r.APIKey.Name)
		if !strings.HasPrefix(string(r.APIKey.Name), "Key ") || !strings.HasSuffix(string(r.User.Email), "@redacted.invalid") {
			t.Fatalf("not masked: %+v", r)
		}
	}
	if len(byID) < 3 || len(tokens) != len(byID) {
		t.Fatalf("%d users, %d distinct tokens", len(byID), len(tokens))
	}
	// The search text a user typed is masked in the json query too.
	out = h.mustRun("export", "conversations", "--workspace", "ws_acme", "--format", "json", "--redact", "--search", "Lovelace")
	if strings.Contains(out, "Lovelace") || !strings.Contains(out, `"search":"Search `) {
		t.Fatalf("search not masked:\n%.400s", out)
	}
}

func TestRefreshFlagAndProfile(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 50})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for _, bad := range []string{"5s", "soon", "-1m"} {
		if code := h.run("--refresh", bad, "--workspace", "ws_acme"); code != ExitUsage || !strings.Contains(h.stderr.String(), "--refresh") ||
			!strings.Contains(h.stderr.String(), "10s") && !strings.Contains(h.stderr.String(), "60s") {
			t.Fatalf("--refresh %s: exit %d, %s", bad, code, h.stderr.String())
		}
	}
	for _, ok := range []string{"60s", "0", "off", "10s"} {
		h.tuiCfg = nil
		if code := h.run("--refresh", ok, "--redact", "--workspace", "ws_acme"); code != 0 || h.tuiCfg == nil {
			t.Fatalf("--refresh %s: exit %d %s", ok, code, h.stderr.String())
		}
	}
	// --refresh is only for the commands that open the TUI.
	if code := h.run("balance", "--refresh", "60s"); code != ExitUsage {
		t.Fatalf("balance --refresh: exit %d", code)
	}
	if code := h.run("demo", "--refresh", "3s"); code != ExitUsage || !strings.Contains(h.stderr.String(), "at least 10s") {
		t.Fatalf("demo --refresh 3s: exit %d %s", code, h.stderr.String())
	}
	writeProfile(t, h, "[profiles.default]\nrefresh = \"2s\"\n")
	if code := h.run("--workspace", "ws_acme"); code != ExitUsage || !strings.Contains(h.stderr.String(), `profile "default": refresh`) {
		t.Fatalf("profile refresh 2s: exit %d %s", code, h.stderr.String())
	}
	writeProfile(t, h, "[profiles.default]\nrefresh = \"90s\"\nredact = true\n")
	s, _, err := (&app{env: h.e}).settings()
	if err != nil || s.Refresh.String() != "1m30s" || !s.Redact {
		t.Fatalf("profile: %+v %v", s, err)
	}
	o, err := newTUIOptions(s)
	if err != nil || !o.Redactor.Enabled() || o.Refresh != s.Refresh {
		t.Fatalf("options: %+v %v", o, err)
	}
	if o, _ := demoTUIOptions(globals{}); o.Redactor.Enabled() || o.Refresh != 0 {
		t.Fatal("demo defaults")
	}
}
