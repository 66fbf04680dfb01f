package demo

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheckoutIdempotentAndValidated(t *testing.T) {
	s := newTestServer(t, Options{})
	const path = "/v1/workspaces/ws_acme/checkout-sessions"
	body := `{"plan_id":"business","interval":"year"}`
	a := do(t, s, http.MethodPost, OwnerKey, path, body, "Idempotency-Key", "k1")
	b := do(t, s, http.MethodPost, OwnerKey, path, body, "Idempotency-Key", "k1")
	c := do(t, s, http.MethodPost, OwnerKey, path, body, "Idempotency-Key", "k2")
	if a.status != 200 || !bytes.Equal(a.body, b.body) {
		t.Fatalf("repeated key should replay: %s vs %s", a.body, b.body)
	}
	if bytes.Equal(a.body, c.body) {
		t.Fatal("a new key should create a new session")
	}
	var sess struct {
		URL       string
		ExpiresAt time.Time `json:"expires_at"`
	}
	decode(t, a, &sess)
	if !strings.HasPrefix(sess.URL, "https://checkout.demo.tally.invalid/c/") || sess.ExpiresAt.IsZero() {
		t.Fatalf("session %s", a.body)
	}
	wantErr(t, do(t, s, http.MethodPost, OwnerKey, path, `{"plan_id":"pro"}`, "Idempotency-Key", "k3"), 400, "invalid_request", "interval")
	if r := do(t, s, http.MethodPost, OwnerKey, path, `{"plan_id":"pro","interval":"month"}`, "Idempotency-Key", "k3"); r.status != 200 {
		t.Fatalf("a key whose request failed validation is reusable: %d %s", r.status, r.body)
	}
	pack := do(t, s, http.MethodPost, OwnerKey, path, `{"credit_pack_id":"pack_500","quantity":3}`)
	if pack.status != 200 {
		t.Fatalf("pack on paid plan: %d %s", pack.status, pack.body)
	}
	for _, c := range []struct{ body, param string }{
		{`{"plan_id":"business"}`, "interval"},
		{`{"plan_id":"business","interval":"week"}`, "interval"},
		{`{"plan_id":"gold","interval":"month"}`, "plan_id"},
		{`{"credit_pack_id":"pack_7"}`, "credit_pack_id"},
		{`{"credit_pack_id":"pack_500","quantity":0}`, "quantity"},
		{`{"credit_pack_id":"pack_500","plan_id":"pro"}`, "credit_pack_id"},
		{`{}`, "plan_id"},
		{`{"plan_id":"pro","interval":"month","coupon":"x"}`, "coupon"},
		{`{"plan_id":`, ""},
	} {
		wantErr(t, do(t, s, http.MethodPost, OwnerKey, path, c.body), 400, "invalid_request", c.param)
	}
	free := do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_free/checkout-sessions", `{"credit_pack_id":"pack_500","quantity":1}`)
	wantErr(t, free, 409, "invalid_request", "credit_pack_id")
	if !strings.Contains(string(free.body), `"code":"paid_plan_required"`) {
		t.Fatalf("409 code: %s", free.body)
	}
	if r := do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_free/checkout-sessions", `{"plan_id":"creator","interval":"month"}`); r.status != 200 {
		t.Fatalf("plan checkout on free: %d", r.status)
	}
}

func TestCancelResumePersist(t *testing.T) {
	s := newTestServer(t, Options{})
	var b billingDoc
	r := do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/subscription/cancel", "{}", "Idempotency-Key", "c1")
	decode(t, r, &b)
	if !b.Plan.CancelAtPeriodEnd || b.Credits.RefreshesAt != nil {
		t.Fatalf("cancel: %s", r.body)
	}
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/billing"), &b)
	if !b.Plan.CancelAtPeriodEnd || b.Plan.Status != "active" {
		t.Fatal("cancel did not persist or ended the plan early")
	}
	r = do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/subscription/resume", "", "Idempotency-Key", "r1")
	decode(t, r, &b)
	if b.Plan.CancelAtPeriodEnd || b.Credits.RefreshesAt == nil {
		t.Fatalf("resume: %s", r.body)
	}
	// Replaying the cancel key returns the first answer and does not act again.
	r = do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/subscription/cancel", "{}", "Idempotency-Key", "c1")
	decode(t, r, &b)
	if !b.Plan.CancelAtPeriodEnd {
		t.Fatal("replay should return the stored answer")
	}
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/billing"), &b)
	if b.Plan.CancelAtPeriodEnd {
		t.Fatal("replay must not cancel again")
	}
	wantErr(t, do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/portal-sessions", "{}", "Idempotency-Key", "c1"), 400, "invalid_request", "Idempotency-Key")
	wantErr(t, do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_free/subscription/cancel", "{}"), 409, "invalid_request", "")
	r = do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/portal-sessions", "{}")
	if r.status != 200 || !strings.Contains(string(r.body), `"url":"https://`) {
		t.Fatalf("portal: %d %s", r.status, r.body)
	}
}

func TestDeterministic(t *testing.T) {
	paths := []string{
		"/v1/workspaces/ws_acme/billing", "/v1/workspaces/ws_acme/usage/conversations?limit=200&sort=credits",
		"/v1/workspaces/ws_acme/usage/mcp-calls?limit=200", "/v1/workspaces/ws_acme/usage/imports?limit=200",
		"/v1/workspaces/ws_acme/credit-adjustments?limit=200", "/v1/workspaces/ws_acme/invoices?limit=200",
		"/v1/workspaces/ws_side/usage/mcp-calls?limit=200", "/v1/workspaces/ws_acme/api-keys",
	}
	a, b := newTestServer(t, Options{Seed: 7}), newTestServer(t, Options{Seed: 7})
	c := newTestServer(t, Options{Seed: 8})
	differs := false
	for _, p := range paths {
		ra, rb, rc := get(t, a, OwnerKey, p), get(t, b, OwnerKey, p), get(t, c, OwnerKey, p)
		if !bytes.Equal(ra.body, rb.body) {
			t.Fatalf("%s differs between two servers with one seed", p)
		}
		differs = differs || !bytes.Equal(ra.body, rc.body)
	}
	if !differs {
		t.Fatal("another seed should give other data")
	}
}

func TestHostileOption(t *testing.T) {
	paths := []string{
		"/v1/workspaces/ws_acme/usage/conversations?limit=200", "/v1/workspaces/ws_acme/usage/imports?limit=200",
		"/v1/workspaces/ws_acme/credit-adjustments?limit=200", "/v1/workspaces/ws_acme/invoices?limit=200",
		"/v1/workspaces/ws_acme/api-keys", "/v1/workspaces/ws_acme/usage/mcp-calls?limit=200&api_key_id=key_figma",
		"/v1/workspaces/ws_acme/usage/conversations/conv_" + "", // filled below
	}
	bad := []string{`\u001b`, `\u0007`, "\u009b", "\u202e", "\u2066", `\u000d`, "👍🏽", "日本語"}
	for _, hostile := range []bool{false, true} {
		s := newTestServer(t, Options{Hostile: hostile})
		var page wirePage
		decode(t, get(t, s, OwnerKey, paths[0]), &page)
		paths[len(paths)-1] = "/v1/workspaces/ws_acme/usage/conversations/" + page.Data[2].ID
		var all strings.Builder
		for _, p := range paths {
			r := get(t, s, OwnerKey, p)
			if r.status != 200 {
				t.Fatalf("%s: %d", p, r.status)
			}
			all.Write(r.body)
		}
		for _, m := range bad {
			if got := strings.Contains(all.String(), m); got != hostile {
				t.Errorf("hostile=%v: contains %q = %v", hostile, m, got)
			}
		}
	}
	// Hostile text does not move money: the ledger is the same either way.
	var a, b billingDoc
	decode(t, get(t, newTestServer(t, Options{}), OwnerKey, "/v1/workspaces/ws_acme/billing"), &a)
	decode(t, get(t, newTestServer(t, Options{Hostile: true}), OwnerKey, "/v1/workspaces/ws_acme/billing"), &b)
	if a.Credits.Remaining != b.Credits.Remaining || a.Credits.Used != b.Credits.Used {
		t.Fatal("hostile option changed the credits")
	}
}

func TestFaults(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SetFaults(Faults{Rate429: 1, RetryAfter: 3})
	r := get(t, s, OwnerKey, "/v1/me")
	wantErr(t, r, 429, "rate_limit", "")
	if r.header.Get("Retry-After") != "3" || r.header.Get("X-Request-Id") == "" {
		t.Fatalf("429 headers %v", r.header)
	}
	s.SetFaults(Faults{Rate5xx: 1})
	seen := map[int]bool{}
	for range 40 {
		r := do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/portal-sessions", "{}")
		wantErr(t, r, r.status, "api", "")
		seen[r.status] = true
	}
	if !seen[500] || !seen[502] || !seen[503] || !seen[504] {
		t.Fatalf("5xx statuses seen %v", seen)
	}
	s.SetFaults(Faults{RateHTML: 1})
	r = get(t, s, OwnerKey, "/v1/me")
	if r.status != 502 || !strings.Contains(string(r.body), "<html>") {
		t.Fatalf("html fault: %d %s", r.status, r.body)
	}
	// Latency gives way to a cancelled request instead of sleeping.
	s.SetFaults(Faults{Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/v1/me", nil).WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+OwnerKey)
	s.ServeHTTP(httptest.NewRecorder(), req)
	s.SetFaults(Faults{})
	if r := get(t, s, OwnerKey, "/v1/me"); r.status != 200 {
		t.Fatalf("faults off: %d", r.status)
	}
	if _, err := New(Options{Faults: "medium"}); err == nil {
		t.Fatal("unknown preset should be an error")
	}
	h, _ := New(Options{Faults: "heavy", Now: testNow})
	if f := h.Faults(); f.Rate429 != 0.15 || f.Latency != 300*time.Millisecond {
		t.Fatalf("heavy preset %+v", f)
	}
}

func TestStartClose(t *testing.T) {
	r, err := Start(Options{Now: testNow}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") || strings.HasSuffix(r.URL, "/") || r.Key != OwnerKey {
		t.Fatalf("url %q", r.URL)
	}
	req, _ := http.NewRequest(http.MethodGet, r.URL+"/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+r.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}
