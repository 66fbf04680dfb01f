package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

func TestNewChecksURLAndKey(t *testing.T) {
	ok := []string{
		"https://billing.example.com/api",
		"https://billing.example.com/api/",
		"http://localhost:8080",
		"http://LOCALHOST:8080/x",
		"http://127.0.0.1:1",
		"http://127.10.0.3:1",
		"http://[::1]:9000",
	}
	for _, u := range ok {
		if _, err := New(Options{BaseURL: u, APIKey: "k"}); err != nil {
			t.Errorf("New(%q) = %v, want ok", u, err)
		}
	}
	bad := map[string]string{
		"http://billing.example.com":      "plain http",
		"http://10.0.0.1:8080":            "plain http",
		"http://localhost.evil.com":       "plain http",
		"http://[::2]:80":                 "plain http",
		"ftp://example.com":               "invalid API base URL",
		"billing.example.com":             "invalid API base URL",
		"":                                "no API base URL",
		"https://u:p@billing.example.com": "user name or password",
		"https://billing.example.com?x=1": "query",
	}
	for u, want := range bad {
		_, err := New(Options{BaseURL: u, APIKey: "k"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%q) = %v, want error containing %q", u, err, want)
		}
	}
	if _, err := New(Options{BaseURL: "https://x.example"}); err == nil || !strings.Contains(err.Error(), "tally login") {
		t.Errorf("empty key: %v", err)
	}
	_, err := New(Options{BaseURL: "https://x.example", APIKey: "abc\r\nX-Evil: 1"})
	if err == nil || strings.Contains(err.Error(), "abc") {
		t.Errorf("key with CRLF: %v (must fail without echoing the key)", err)
	}
	c, _ := New(Options{BaseURL: "https://x.example/api/", APIKey: "k"})
	if c.BaseURL() != "https://x.example/api" {
		t.Errorf("BaseURL() = %q", c.BaseURL())
	}
}

func TestRequestHeadersAndPath(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, `{"conversation":{"id":"conv/1"},"items":[]}`)
	})
	if _, err := c.Conversation(context.Background(), "ws a/b?c", "conv/1#x"); err != nil {
		t.Fatal(err)
	}
	r := rec.last(t)
	if got, want := r.URL.EscapedPath(), "/api/v1/workspaces/ws%20a%2Fb%3Fc/usage/conversations/conv%2F1%23x"; got != want {
		t.Errorf("path = %s, want %s", got, want)
	}
	if r.Method != http.MethodGet || r.URL.RawQuery != "" {
		t.Errorf("method %s query %q", r.Method, r.URL.RawQuery)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
	if got := r.Header.Get("User-Agent"); got != "tally/1.2.3" {
		t.Errorf("User-Agent = %q", got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	if r.Header.Get("Idempotency-Key") != "" {
		t.Error("GET carries an Idempotency-Key")
	}
}

func TestDefaultVersionIsDev(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, `{}`) },
		func(o *Options) { o.Version = "" })
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t).Header.Get("User-Agent"); got != "tally/dev" {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestDotSegmentsAndEmptyIDsRejected(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, `{}`) })
	ctx := context.Background()
	for _, ws := range []string{"", ".", ".."} {
		if _, err := c.Billing(ctx, ws); err == nil {
			t.Errorf("Billing(%q) succeeded", ws)
		}
	}
	if _, err := c.Conversation(ctx, "ws", ""); err == nil || !strings.Contains(err.Error(), "conversation id") {
		t.Errorf("empty conversation id: %v", err)
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent for invalid ids", rec.count())
	}
}

func TestEveryEndpointPathAndMethod(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/billing"), strings.Contains(r.URL.Path, "/subscription/"):
			jsonReply(w, 200, `{"role":"owner","credits":{"remaining":"1.5"}}`)
		case strings.HasSuffix(r.URL.Path, "-sessions"):
			jsonReply(w, 200, `{"url":"https://pay.example.com/s"}`)
		case strings.HasSuffix(r.URL.Path, "/daily"):
			jsonReply(w, 200, `{"tz":"UTC","data":[]}`)
		default:
			jsonReply(w, 200, emptyPage)
		}
	})
	ctx := context.Background()
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	steps := []struct {
		method, path string
		run          func() error
	}{
		{"GET", "/v1/me", func() error { _, err := c.Me(ctx); return err }},
		{"GET", "/v1/workspaces/ws/billing", func() error { _, err := c.Billing(ctx, "ws"); return err }},
		{"GET", "/v1/workspaces/ws/usage/conversations", func() error { _, err := c.Conversations(ctx, "ws", ConversationQuery{}); return err }},
		{"GET", "/v1/workspaces/ws/usage/conversations/c1", func() error { _, err := c.Conversation(ctx, "ws", "c1"); return err }},
		{"GET", "/v1/workspaces/ws/usage/mcp-calls", func() error { _, err := c.MCPCalls(ctx, "ws", MCPCallQuery{}); return err }},
		{"GET", "/v1/workspaces/ws/api-keys", func() error { _, err := c.APIKeys(ctx, "ws"); return err }},
		{"GET", "/v1/workspaces/ws/usage/imports", func() error { _, err := c.Imports(ctx, "ws", ImportQuery{}); return err }},
		{"GET", "/v1/workspaces/ws/credit-adjustments", func() error { _, err := c.Adjustments(ctx, "ws", AdjustmentQuery{}); return err }},
		{"GET", "/v1/workspaces/ws/usage/daily", func() error { _, err := c.Daily(ctx, "ws", DailyQuery{From: from, To: to}); return err }},
		{"GET", "/v1/workspaces/ws/invoices", func() error { _, err := c.Invoices(ctx, "ws", InvoiceQuery{}); return err }},
		{"GET", "/v1/workspaces/ws/plans", func() error { _, err := c.Plans(ctx, "ws"); return err }},
		{"GET", "/v1/workspaces/ws/credit-packs", func() error { _, err := c.CreditPacks(ctx, "ws"); return err }},
		{"POST", "/v1/workspaces/ws/checkout-sessions", func() error {
			_, err := c.CreateCheckout(ctx, "ws", model.CheckoutRequest{PlanID: "business", Interval: model.IntervalYear}, "")
			return err
		}},
		{"POST", "/v1/workspaces/ws/portal-sessions", func() error { _, err := c.CreatePortal(ctx, "ws", ""); return err }},
		{"POST", "/v1/workspaces/ws/subscription/cancel", func() error { _, err := c.CancelSubscription(ctx, "ws", ""); return err }},
		{"POST", "/v1/workspaces/ws/subscription/resume", func() error { _, err := c.ResumeSubscription(ctx, "ws", ""); return err }},
	}
	keys := map[string]bool{}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Errorf("%s %s: %v", s.method, s.path, err)
			continue
		}
		r := rec.last(t)
		if r.Method != s.method || r.URL.Path != "/api"+s.path {
			t.Errorf("sent %s %s, want %s /api%s", r.Method, r.URL.Path, s.method, s.path)
		}
		if s.method == "POST" {
			k := r.Header.Get("Idempotency-Key")
			if k == "" || keys[k] {
				t.Errorf("%s: Idempotency-Key %q missing or reused", s.path, k)
			}
			keys[k] = true
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s: Content-Type %q", s.path, ct)
			}
		}
	}
}

func TestPOSTBodiesAndGivenIdempotencyKey(t *testing.T) {
	var bodies []string
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		jsonReply(w, 200, `{"url":"https://pay.example.com/s","expires_at":"2026-11-20T15:00:00Z"}`)
	})
	ctx := context.Background()
	s, err := c.CreateCheckout(ctx, "ws", model.CheckoutRequest{CreditPackID: "pack_500", Quantity: 3}, "idem-1")
	if err != nil {
		t.Fatal(err)
	}
	if s.URL != "https://pay.example.com/s" || s.ExpiresAt == nil {
		t.Errorf("session = %+v", s)
	}
	if got := rec.last(t).Header.Get("Idempotency-Key"); got != "idem-1" {
		t.Errorf("Idempotency-Key = %q, want the caller's", got)
	}
	if _, err := c.CreatePortal(ctx, "ws", ""); err != nil {
		t.Fatal(err)
	}
	want := []string{`{"credit_pack_id":"pack_500","quantity":3}`, `{}`}
	for i := range want {
		if bodies[i] != want[i] {
			t.Errorf("body %d = %s, want %s", i, bodies[i], want[i])
		}
	}
	for _, bad := range []model.CheckoutRequest{
		{},
		{PlanID: "a", CreditPackID: "b"},
		{PlanID: "a", Interval: "weekly"},
		{PlanID: "a", Quantity: 2},
		{PlanID: "a"}, // the contract always names the interval of a plan
		{CreditPackID: "b", Quantity: -1},
		{CreditPackID: "b", Quantity: 1, Interval: model.IntervalMonth},
	} {
		if _, err := c.CreateCheckout(ctx, "ws", bad, ""); err == nil {
			t.Errorf("checkout %+v accepted", bad)
		}
	}
	if rec.count() != 2 {
		t.Errorf("%d requests, want 2 (invalid checkouts must not be sent)", rec.count())
	}
}

func TestNewIdempotencyKeyIsRandom(t *testing.T) {
	a, b := NewIdempotencyKey(), NewIdempotencyKey()
	if a == b || len(a) < 32 {
		t.Errorf("keys %q %q", a, b)
	}
}

func TestDecodeKeepsUnknownsAndSanitises(t *testing.T) {
	body := `{"data":[
	  {"id":"conv_1","title":"ok\u001b[31mred\rEVIL","message_count":3,"credits":"128.5","billing_type":"music_generation","user":null,"updated_at":"2026-11-20T14:03:22Z","new_field":{"x":1}},
	  {"id":"conv_2","title":"t","message_count":1,"credits":"0.0001","billing_type":"message","updated_at":"2026-11-20T14:03:22Z"}],
	 "next_cursor":"abc","summary":{"conversations":2,"messages":4,"credits":"128.5001","extra":true}}`
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, body) })
	p, err := c.Conversations(context.Background(), "ws", ConversationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 2 || p.Cursor() != "abc" {
		t.Fatalf("page = %+v", p)
	}
	if p.Data[0].BillingType != "music_generation" {
		t.Errorf("unknown enum value dropped: %q", p.Data[0].BillingType)
	}
	if strings.ContainsAny(string(p.Data[0].Title), "\x1b\r") {
		t.Errorf("title not sanitised: %q", p.Data[0].Title)
	}
	if p.Summary.Credits != model.MustCredits("128.5001") || p.Data[0].Credits != model.MustCredits("128.5") {
		t.Errorf("credits %v %v", p.Summary.Credits, p.Data[0].Credits)
	}
}

func TestQueryEncoding(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/daily") {
			jsonReply(w, 200, `{"tz":"Europe/Berlin","data":[]}`)
			return
		}
		jsonReply(w, 200, emptyPage)
	})
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	from := time.Date(2026, 11, 1, 0, 59, 59, 500, berlin) // rounded up: records carry whole seconds
	to := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	lq := ListQuery{From: from, To: to, Sort: "credits", Order: "asc", Limit: 25, Cursor: "cur+/="}

	check := func(name string, want url.Values) {
		t.Helper()
		got := rec.last(t).URL.Query()
		if !equalValues(got, want) {
			t.Errorf("%s: query %v, want %v", name, got, want)
		}
	}
	base := url.Values{"from": {"2026-11-01T00:00:00Z"}, "to": {"2026-11-20T00:00:00Z"}, "sort": {"credits"}, "order": {"asc"}, "limit": {"25"}, "cursor": {"cur+/="}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for a, b := range base {
			out[a] = b
		}
		out.Set(k, v)
		return out
	}

	if _, err := c.Conversations(ctx, "ws", ConversationQuery{ListQuery: lq, Q: "ada & co", BillingType: model.BillingVideoGeneration}); err != nil {
		t.Fatal(err)
	}
	want := with("q", "ada & co")
	want.Set("billing_type", "video_generation")
	check("conversations", want)

	if _, err := c.MCPCalls(ctx, "ws", MCPCallQuery{ListQuery: lq, APIKeyID: "key_ci"}); err != nil {
		t.Fatal(err)
	}
	check("mcp", with("api_key_id", "key_ci"))

	if _, err := c.Imports(ctx, "ws", ImportQuery{ListQuery: lq, ImportType: model.ImportBrand}); err != nil {
		t.Fatal(err)
	}
	check("imports", with("import_type", "brand"))

	alq := lq
	alq.Sort = "amount"
	if _, err := c.Adjustments(ctx, "ws", AdjustmentQuery{ListQuery: alq, Type: model.AdjCreditExpiration}); err != nil {
		t.Fatal(err)
	}
	want = with("type", "credit_expiration")
	want.Set("sort", "amount")
	check("adjustments", want)

	if _, err := c.Daily(ctx, "ws", DailyQuery{From: from, To: to, TZ: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	check("daily", url.Values{"from": {"2026-11-01T00:00:00Z"}, "to": {"2026-11-20T00:00:00Z"}, "tz": {"Europe/Berlin"}})

	// Empty values are omitted entirely: the server 400s on empty parameters.
	if _, err := c.Invoices(ctx, "ws", InvoiceQuery{}); err != nil {
		t.Fatal(err)
	}
	if q := rec.last(t).URL.RawQuery; q != "" {
		t.Errorf("empty query sent %q", q)
	}
	if _, err := c.Daily(ctx, "ws", DailyQuery{From: from, To: to}); err != nil {
		t.Fatal(err)
	}
	if rec.last(t).URL.Query().Has("tz") {
		t.Error("empty tz sent")
	}
}

func equalValues(a, b url.Values) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestValidationSendsNothing(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, emptyPage) })
	ctx := context.Background()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"sort", func() error {
			_, err := c.MCPCalls(ctx, "ws", MCPCallQuery{ListQuery: ListQuery{Sort: "message_count"}})
			return err
		}, "use one of created_at, credits"},
		{"order", func() error {
			_, err := c.Imports(ctx, "ws", ImportQuery{ListQuery: ListQuery{Order: "up"}})
			return err
		}, "use asc or desc"},
		{"from=to", func() error {
			_, err := c.Invoices(ctx, "ws", InvoiceQuery{ListQuery{From: t0, To: t0}})
			return err
		}, "must be before"},
		{"from>to", func() error {
			_, err := c.Conversations(ctx, "ws", ConversationQuery{ListQuery: ListQuery{From: t0.Add(time.Hour), To: t0}})
			return err
		}, "must be before"},
		{"same second", func() error {
			_, err := c.Conversations(ctx, "ws", ConversationQuery{ListQuery: ListQuery{From: t0.Add(time.Millisecond), To: t0.Add(2 * time.Millisecond)}})
			return err
		}, "must be before"},
		{"limit 201", func() error {
			_, err := c.Adjustments(ctx, "ws", AdjustmentQuery{ListQuery: ListQuery{Limit: 201}})
			return err
		}, "1 to 200"},
		{"limit -1", func() error {
			_, err := c.Adjustments(ctx, "ws", AdjustmentQuery{ListQuery: ListQuery{Limit: -1}})
			return err
		}, "1 to 200"},
		{"billing type", func() error {
			_, err := c.Conversations(ctx, "ws", ConversationQuery{BillingType: "music"})
			return err
		}, "use one of message, image_generation, video_generation"},
		{"import type", func() error {
			_, err := c.Imports(ctx, "ws", ImportQuery{ImportType: "Brand"})
			return err
		}, "use one of brand, product"},
		{"adjustment type", func() error {
			_, err := c.Adjustments(ctx, "ws", AdjustmentQuery{Type: "bonus"})
			return err
		}, "admin_adjustment, credit_expiration"},
		{"q too long", func() error {
			_, err := c.Conversations(ctx, "ws", ConversationQuery{Q: strings.Repeat("é", 201)})
			return err
		}, "at most 200"},
		{"daily no from", func() error { _, err := c.Daily(ctx, "ws", DailyQuery{To: t0}); return err }, "both from and to"},
		{"daily 367 days", func() error {
			_, err := c.Daily(ctx, "ws", DailyQuery{From: t0, To: t0.Add(366*24*time.Hour + time.Second)})
			return err
		}, "at most 366 days"},
		{"daily reversed", func() error { _, err := c.Daily(ctx, "ws", DailyQuery{From: t0, To: t0.Add(-time.Hour)}); return err }, "must be before"},
		{"daily tz", func() error {
			_, err := c.Daily(ctx, "ws", DailyQuery{From: t0, To: t0.Add(time.Hour), TZ: "Mars/Olympus"})
			return err
		}, "unknown time zone"},
		{"daily Local", func() error {
			_, err := c.Daily(ctx, "ws", DailyQuery{From: t0, To: t0.Add(time.Hour), TZ: "Local"})
			return err
		}, "IANA"},
	}
	for _, tc := range cases {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent for invalid queries", rec.count())
	}
	// Boundaries that must pass.
	if err := (DailyQuery{From: t0, To: t0.Add(366 * 24 * time.Hour)}).Validate(); err != nil {
		t.Errorf("366 days rejected: %v", err)
	}
	if err := (ConversationQuery{Q: strings.Repeat("é", 200), ListQuery: ListQuery{Limit: 200}}).Validate(); err != nil {
		t.Errorf("200-char q / limit 200 rejected: %v", err)
	}
	if err := (ListQuery{Limit: 1}).validate("x", InvoiceSorts); err != nil {
		t.Errorf("limit 1 rejected: %v", err)
	}
}
