package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func billingWith(remaining, granted string) model.Billing {
	end := testNow.Add(12 * 24 * time.Hour)
	return model.Billing{Workspace: model.Workspace{ID: "ws_1", Name: "Acme Studio"}, Role: model.RoleOwner,
		Credits: model.CreditBalance{Remaining: model.MustCredits(remaining), GrantedThisPeriod: model.MustCredits(granted), RefreshesAt: &end}}
}

func credits(s string) *model.Credits { c := model.MustCredits(s); return &c }
func days(n int) *int                 { return &n }

func TestCheckEdgesExactTo00001(t *testing.T) {
	in := func(rem, granted string) checkInput {
		return checkInput{name: "Acme Studio", billing: billingWith(rem, granted), now: testNow, loc: time.UTC}
	}
	cases := []struct {
		rem, granted string
		th           thresholds
		verdict      string
		msg          string
	}{
		{"1999.9999", "3000", thresholds{minRemaining: credits("2000")}, verdictBreach, "Acme Studio: 1,999.9999 credits left, below 2,000"},
		{"2000", "3000", thresholds{minRemaining: credits("2000")}, verdictPass, "Acme Studio: 2,000 credits left, not below 2,000"},
		{"1529.686", "3000", thresholds{minRemaining: credits("2000")}, verdictBreach, "Acme Studio: 1,529.686 credits left, below 2,000"},
		{"-5", "3000", thresholds{minRemaining: credits("0")}, verdictBreach, "Acme Studio: −5 credits left, below 0"},
		// 199.9999 of 2000 is 9.999995%: floored, shown and compared below 10.
		{"199.9999", "2000", thresholds{minPercent: credits("10")}, verdictBreach, "Acme Studio: 9.9% of this period's 2,000 credits left, below 10%"},
		{"200", "2000", thresholds{minPercent: credits("10")}, verdictPass, "Acme Studio: 10.0% of this period's 2,000 credits left, not below 10%"},
		{"200.002", "2000", thresholds{minPercent: credits("10.0001")}, verdictPass, "Acme Studio: 10.0001% of this period's 2,000 credits left, not below 10.0001%"},
		{"200.0019", "2000", thresholds{minPercent: credits("10.0001")}, verdictBreach, "Acme Studio: 10.0000% of this period's 2,000 credits left, below 10.0001%"},
		{"0", "0", thresholds{minPercent: credits("10")}, verdictNotApplicable, "Acme Studio: nothing granted this period, so --min-percent does not apply (--min-remaining does)"},
	}
	for _, c := range cases {
		got := evaluate(in(c.rem, c.granted), c.th)
		if len(got) != 1 || got[0].Verdict != c.verdict || got[0].Message != c.msg {
			t.Errorf("%s of %s %+v:\n got %+v\nwant %s %q", c.rem, c.granted, c.th, got, c.verdict, c.msg)
		}
	}
	// The JSON value is the exact percentage, floored to 0.0001.
	if r := evaluate(in("199.9999", "2000"), thresholds{minPercent: credits("10")}); *r[0].Value != "9.9999" || r[0].Limit != "10" {
		t.Errorf("percent value %s", *r[0].Value)
	}
}

func TestCheckRunwayAndExpiringEdges(t *testing.T) {
	refresh := testNow.Add(20 * 24 * time.Hour)
	f := func(runOut time.Time, before bool) *model.ForecastResult {
		return &model.ForecastResult{Days: 7, WindowSpend: model.NewCredits(70), Pace: model.NewCredits(10), RunsOut: true,
			RunOutAt: runOut, RefreshesAt: &refresh, BeforeRefresh: before}
	}
	week := testNow.Add(7 * 24 * time.Hour)
	for _, c := range []struct {
		f       *model.ForecastResult
		verdict string
		value   string
	}{
		{f(week, true), verdictBreach, "7"},
		{f(week.Add(time.Second), true), verdictPass, "7"},
		{f(week.Add(-time.Minute), true), verdictBreach, "6.9"},
		{f(testNow.Add(3*24*time.Hour), false), verdictPass, ""},
		{&model.ForecastResult{Exhausted: true, RunsOut: true}, verdictBreach, "0"},
		{&model.ForecastResult{Days: 0}, verdictUnknown, ""},
		{&model.ForecastResult{Days: 7}, verdictPass, ""},
		{nil, verdictUnknown, ""},
	} {
		r := evaluate(checkInput{name: "A", billing: billingWith("100", "100"), forecast: c.f, now: testNow, loc: time.UTC}, thresholds{runway: days(7)})[0]
		if r.Verdict != c.verdict || (c.value != "" && (r.Value == nil || *r.Value != c.value)) {
			t.Errorf("runway %+v: %+v", c.f, r)
		}
	}
	b := billingWith("500", "500")
	at := testNow.Add(14 * 24 * time.Hour)
	b.Credits.Expiring = model.KnownExpiring([]model.ExpiringCredit{
		{Amount: model.MustCredits("40.5"), ExpiresAt: at.Add(time.Second), Source: model.ExpiryRollover},
		{Amount: model.MustCredits("150"), ExpiresAt: at, Source: model.ExpiryPeriod},
		{Amount: model.MustCredits("9"), ExpiresAt: testNow, Source: model.ExpiryPromo}, // already gone
	})
	in := checkInput{name: "A", billing: b, now: testNow, loc: time.UTC}
	if r := evaluate(in, thresholds{expiringWithin: days(14)})[0]; r.Verdict != verdictBreach || *r.Value != "150" || r.Message != "A: 150 credits expire Dec 5 (in 14 days), within 14 days" {
		t.Errorf("14 days: %+v", r)
	}
	if r := evaluate(in, thresholds{expiringWithin: days(15)})[0]; *r.Value != "190.5" || r.Message != "A: 190.5 credits expire within 15 days, the first 150 on Dec 5 (in 14 days)" {
		t.Errorf("15 days: %+v", r)
	}
	if r := evaluate(in, thresholds{expiringWithin: days(13)})[0]; r.Verdict != verdictPass || *r.Value != "0" {
		t.Errorf("13 days: %+v", r)
	}
	in.billing.Credits.Expiring = model.ExpiringCredits{}
	if r := evaluate(in, thresholds{expiringWithin: days(13)})[0]; r.Verdict != verdictUnknown || !strings.Contains(r.Message, "API 1.0") {
		t.Errorf("1.0: %+v", r)
	}
}

func TestCheckAgainstDemo(t *testing.T) {
	h, b := ownerWithBilling(t, 400)
	rem := b.Credits.Remaining
	above := rem + 1 // one 0.0001 above what is left
	code := h.run("check", "--workspace", "ws_acme", "--min-remaining", above.String())
	want := "Acme Studio: " + rem.Grouped() + " credits left, below " + above.Grouped() + "\n"
	if code != ExitBreach || h.stdout.String() != want || h.stderr.String() != "" {
		t.Fatalf("exit %d\nstdout %q\nwant   %q\nstderr %s", code, h.stdout.String(), want, h.stderr.String())
	}
	if code := h.run("check", "--workspace", "ws_acme", "--min-remaining", rem.String()); code != 0 || h.stdout.String() != "" {
		t.Fatalf("exactly the remaining: exit %d %q", code, h.stdout.String())
	}
	out := h.mustRun("check", "--workspace", "ws_acme", "--min-remaining", rem.String(), "--runway", "1", "-v", "--tz", "UTC")
	if !strings.HasPrefix(out, "ok      Acme Studio: "+rem.Grouped()+" credits left, not below") || strings.Count(out, "\n") != 2 {
		t.Fatalf("-v:\n%s", out)
	}
	// A check refreshes the snapshot cache, under the id.
	if _, _, ok := (config.Snapshots{Dir: filepath.Join(h.env["HOME"], ".cache", "tally")}).Load("default", h.env[config.EnvBaseURL], "ws_acme"); !ok {
		t.Fatal("check left no snapshot")
	}
	// JSON: every threshold with value, limit and verdict.
	code = h.run("check", "--all", "--min-remaining", above.String(), "--min-percent", "1", "--expiring-within", "5", "--json")
	var doc checkJSON
	if err := json.Unmarshal([]byte(h.stdout.String()), &doc); err != nil {
		t.Fatal(err, h.stdout.String())
	}
	if code != ExitBreach || doc.SchemaVersion != 1 || doc.Verdict != verdictBreach || doc.ExitCode != ExitBreach || len(doc.Workspaces) != 3 {
		t.Fatalf("exit %d %+v", code, doc)
	}
	acme, side := doc.Workspaces[0], doc.Workspaces[1]
	if acme.ID != "ws_acme" || len(acme.Thresholds) != 3 || acme.Thresholds[0].Name != "min_remaining" || *acme.Thresholds[0].Value != rem.String() ||
		acme.Thresholds[0].Limit != above.String() || acme.Thresholds[0].Verdict != verdictBreach {
		t.Errorf("acme %+v", acme)
	}
	// Side Project's 25 promo credits lapse in 4.5 days.
	if e := side.Thresholds[2]; e.Name != "expiring_within" || e.Verdict != verdictBreach || *e.Value != "25" || e.At == nil {
		t.Errorf("side expiring %+v", e)
	}
	if code := h.run("check", "--workspace", "ws_side", "--expiring-within", "4"); code != 0 {
		t.Errorf("4 days: exit %d %s", code, h.stdout.String())
	}
}

func TestCheckFailuresAndFailOpen(t *testing.T) {
	p := startProxy(t, demo.Options{}, "")
	h := newHarness(t)
	h.useDemo(p.srv, demo.OwnerKey)
	// One workspace failing: the others are still checked; exit 1 when none breaches.
	p.failWorkspace("ws_side")
	code := h.run("check", "--all", "--min-remaining", "0")
	if code != ExitError || h.stdout.String() != "" || !strings.Contains(h.stderr.String(), "tally: Side Project: ") ||
		!strings.Contains(h.stderr.String(), "injected failure") || strings.Contains(h.stderr.String(), "\x1b") {
		t.Fatalf("exit %d\nstdout %s\nstderr %q", code, h.stdout.String(), h.stderr.String())
	}
	// A breach elsewhere still says 5.
	if code := h.run("check", "--all", "--min-remaining", "1000000"); code != ExitBreach || strings.Count(h.stdout.String(), "\n") != 2 {
		t.Fatalf("breach beside a failure: exit %d\n%s", code, h.stdout.String())
	}
	if code := h.run("check", "--all", "--min-remaining", "0", "--fail-open"); code != 0 || !strings.Contains(h.stderr.String(), "warning: --fail-open: Side Project") {
		t.Fatalf("fail-open: exit %d %s", code, h.stderr.String())
	}
	// A dead server is an error, never a pass.
	p.srv.Close()
	if code := h.run("check", "--min-remaining", "0", "--workspace", "ws_acme"); code != ExitError || !strings.HasPrefix(h.stderr.String(), "tally: ") {
		t.Fatalf("dead server: exit %d %s", code, h.stderr.String())
	}
	code = h.run("check", "--min-remaining", "0", "--workspace", "ws_acme", "--json", "--fail-open")
	var doc checkJSON
	if err := json.Unmarshal([]byte(h.stdout.String()), &doc); err != nil || code != 0 || doc.Verdict != "error" || doc.Error == "" || doc.ExitCode != 0 ||
		!strings.Contains(h.stderr.String(), "warning: --fail-open: nothing was checked") {
		t.Fatalf("dead server, fail-open: exit %d %v %+v %s", code, err, doc, h.stderr.String())
	}
	// Usage errors stay 2, even with --fail-open.
	for _, args := range [][]string{
		{"check"},
		{"check", "--min-remaining", "2,000"},
		{"check", "--min-percent", "0"},
		{"check", "--runway", "0"},
		{"check", "--expiring-within", "1.5", "--fail-open"},
		{"check", "--all", "--workspace", "ws_acme", "--min-remaining", "1"},
	} {
		if code := h.run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d %s", args, code, h.stderr.String())
		}
	}
}

func TestCheckUnknownOn10ServerAndProfileDefaults(t *testing.T) {
	srv := startDemo(t, demo.Options{API: demo.API10})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	code := h.run("check", "--workspace", "ws_acme", "--expiring-within", "14")
	if code != ExitError || !strings.Contains(h.stderr.String(), "expiring credits unknown: this server does not report credits.expiring (API 1.0)") {
		t.Fatalf("1.0: exit %d %s", code, h.stderr.String())
	}
	if code := h.run("check", "--workspace", "ws_acme", "--expiring-within", "14", "--fail-open"); code != 0 {
		t.Fatalf("1.0 fail-open: exit %d", code)
	}
	// The profile's [check] table; a flag overrides it, "off" drops it.
	cfg := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")
	_ = os.MkdirAll(filepath.Dir(cfg), 0o700)
	toml := "[profiles.default]\nworkspace = \"Acme Studio\"\n[profiles.default.check]\nmin_remaining = 100000000\nmin_percent = 1\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := h.run("check"); code != ExitBreach || !strings.Contains(h.stdout.String(), "below 100,000,000") {
		t.Fatalf("profile defaults: exit %d %s %s", code, h.stdout.String(), h.stderr.String())
	}
	if code := h.run("check", "--min-remaining", "off"); code != 0 {
		t.Fatalf("off: exit %d %s", code, h.stdout.String())
	}
	// --all ignores the profile's workspace.
	if code := h.run("check", "--all", "--min-remaining", "0"); code != 0 {
		t.Fatalf("--all with a profile workspace: exit %d %s", code, h.stderr.String())
	}
	if err := os.WriteFile(cfg, []byte("[profiles.default.check]\nrunway = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := h.run("check"); code != ExitUsage || !strings.Contains(h.stderr.String(), "[check] runway") {
		t.Fatalf("bad profile value: exit %d %s", code, h.stderr.String())
	}
}
