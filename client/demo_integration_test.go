package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// These tests run the client against the project's demo server: the whole
// contract, end to end, over a real loopback socket.

var demoNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// countingTransport counts requests per method, to prove what was retried.
type countingTransport struct {
	next       http.RoundTripper
	gets, post atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost {
		c.post.Add(1)
	} else {
		c.gets.Add(1)
	}
	return c.next.RoundTrip(r)
}

func startDemo(t *testing.T, size int) *demo.Running {
	t.Helper()
	run, err := demo.Start(demo.Options{Now: demoNow, Seed: 7, Size: size}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return run
}

func demoClient(t *testing.T, run *demo.Running, key string) (*Client, *countingTransport) {
	t.Helper()
	ct := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	c, err := New(Options{BaseURL: run.URL, APIKey: key, Version: "test", Transport: ct,
		RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond, MaxAttempts: 15})
	if err != nil {
		t.Fatal(err)
	}
	c.r.SetLogger(keyWatcher{t})
	return c, ct
}

// walk collects every record and checks the summary is the same on every page.
func walk[T model.Record, S cmpSummary](t *testing.T, fetch FetchFunc[T, S]) (S, []T) {
	t.Helper()
	var first S
	var all []T
	pages := 0
	for p, err := range Pages(context.Background(), fetch, nil) {
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
		if pages == 0 {
			first = p.Summary
		} else if p.Summary != first {
			t.Fatalf("summary changed on page %d: %+v vs %+v", pages+1, p.Summary, first)
		}
		pages++
		all = append(all, p.Data...)
	}
	return first, all
}

// listSpec describes one paginated list generically enough to test sorting,
// windows and totals the same way everywhere.
type listSpec[T model.Record, S cmpSummary] struct {
	name    string
	sorts   []string
	fetch   func(ListQuery) FetchFunc[T, S]
	id      func(T) string
	at      func(T) time.Time
	key     func(T, string) int64 // sort key for a sort field
	credits func(T) model.Credits
	count   func(S) int64
	total   func(S) model.Credits
}

func exactSum[T any](recs []T, f func(T) model.Credits) model.Credits {
	var s model.Credits
	for _, r := range recs {
		var err error
		if s, err = s.Add(f(r)); err != nil {
			panic(err)
		}
	}
	return s
}

// checkList walks every sort field in both directions with a small limit (so
// runs of equal keys straddle page boundaries) and a time window, and checks
// uniqueness, order, counts and exact credit sums. It returns all records.
func checkList[T model.Record, S cmpSummary](t *testing.T, sp listSpec[T, S]) []T {
	t.Helper()
	var ref []string
	var all []T
	for _, field := range sp.sorts {
		for _, order := range []string{"asc", "desc"} {
			s, recs := walk(t, sp.fetch(ListQuery{Sort: field, Order: order, Limit: 7}))
			ids := make([]string, len(recs))
			for i, r := range recs {
				ids[i] = sp.id(r)
			}
			sorted := slices.Clone(ids)
			slices.Sort(sorted)
			if len(slices.Compact(slices.Clone(sorted))) != len(ids) {
				t.Fatalf("%s by %s %s: a record was visited twice", sp.name, field, order)
			}
			if int64(len(recs)) != sp.count(s) {
				t.Errorf("%s by %s %s: walked %d records, summary says %d", sp.name, field, order, len(recs), sp.count(s))
			}
			if got := exactSum(recs, sp.credits); got != sp.total(s) {
				t.Errorf("%s by %s %s: records sum to %s, summary says %s", sp.name, field, order, got, sp.total(s))
			}
			for i := 1; i < len(recs); i++ {
				a, b := sp.key(recs[i-1], field), sp.key(recs[i], field)
				ia, ib := ids[i-1], ids[i]
				ok := a < b || (a == b && ia < ib)
				if order == "desc" {
					ok = a > b || (a == b && ia > ib)
				}
				if !ok {
					t.Fatalf("%s by %s %s: %s (%d) before %s (%d)", sp.name, field, order, ia, a, ib, b)
				}
			}
			if ref == nil {
				ref, all = sorted, recs
			} else if !slices.Equal(ref, sorted) {
				t.Errorf("%s by %s %s: a different set of records than by %s", sp.name, field, order, sp.sorts[0])
			}
		}
	}
	if len(all) < 10 {
		t.Fatalf("%s: only %d records: the test data is too small to mean anything", sp.name, len(all))
	}
	// A window from the 1/3 to the 2/3 record (time-ordered): from inclusive, to exclusive.
	times := make([]time.Time, len(all))
	for i, r := range all {
		times[i] = sp.at(r)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	from, to := times[len(times)/3], times[2*len(times)/3]
	if !from.Before(to) {
		to = from.Add(time.Hour)
	}
	want := 0
	for _, tm := range times {
		if !tm.Before(from) && tm.Before(to) {
			want++
		}
	}
	s, recs := walk(t, sp.fetch(ListQuery{From: from, To: to, Limit: 11}))
	if len(recs) != want || sp.count(s) != int64(want) {
		t.Errorf("%s window: %d records, summary %d, want %d", sp.name, len(recs), sp.count(s), want)
	}
	for _, r := range recs {
		if tm := sp.at(r); tm.Before(from) || !tm.Before(to) {
			t.Errorf("%s window: %s at %v outside [%v, %v)", sp.name, sp.id(r), tm, from, to)
		}
	}
	if got := exactSum(recs, sp.credits); got != sp.total(s) {
		t.Errorf("%s window: sum %s, summary %s", sp.name, got, sp.total(s))
	}
	return all
}

func TestDemoEveryListAndFilter(t *testing.T) {
	run := startDemo(t, 400)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme

	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(me.Workspaces) != 3 || me.User.Name == "" {
		t.Fatalf("me = %+v", me)
	}

	convSpec := listSpec[model.Conversation, model.ConversationSummary]{
		name: "conversations", sorts: ConversationSorts,
		fetch: func(lq ListQuery) FetchFunc[model.Conversation, model.ConversationSummary] {
			return func(ctx context.Context, cur string) (ConversationPage, error) {
				lq.Cursor = cur
				return c.Conversations(ctx, ws, ConversationQuery{ListQuery: lq})
			}
		},
		id: func(r model.Conversation) string { return string(r.ID) },
		at: func(r model.Conversation) time.Time { return r.UpdatedAt },
		key: func(r model.Conversation, f string) int64 {
			return map[string]int64{"updated_at": r.UpdatedAt.Unix(), "credits": int64(r.Credits), "message_count": r.MessageCount}[f]
		},
		credits: func(r model.Conversation) model.Credits { return r.Credits },
		count:   func(s model.ConversationSummary) int64 { return s.Conversations },
		total:   func(s model.ConversationSummary) model.Credits { return s.Credits },
	}
	convs := checkList(t, convSpec)

	calls := checkList(t, listSpec[model.MCPCall, model.MCPSummary]{
		name: "mcp calls", sorts: MCPCallSorts,
		fetch: func(lq ListQuery) FetchFunc[model.MCPCall, model.MCPSummary] {
			return func(ctx context.Context, cur string) (MCPCallPage, error) {
				lq.Cursor = cur
				return c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: lq})
			}
		},
		id: func(r model.MCPCall) string { return string(r.ID) },
		at: func(r model.MCPCall) time.Time { return r.CreatedAt },
		key: func(r model.MCPCall, f string) int64 {
			return pick(f == "credits", int64(r.Credits), r.CreatedAt.Unix())
		},
		credits: func(r model.MCPCall) model.Credits { return r.Credits },
		count:   func(s model.MCPSummary) int64 { return s.Calls },
		total:   func(s model.MCPSummary) model.Credits { return s.Credits },
	})

	imps := checkList(t, listSpec[model.Import, model.ImportSummary]{
		name: "imports", sorts: ImportSorts,
		fetch: func(lq ListQuery) FetchFunc[model.Import, model.ImportSummary] {
			return func(ctx context.Context, cur string) (ImportPage, error) {
				lq.Cursor = cur
				return c.Imports(ctx, ws, ImportQuery{ListQuery: lq})
			}
		},
		id: func(r model.Import) string { return string(r.ID) },
		at: func(r model.Import) time.Time { return r.CreatedAt },
		key: func(r model.Import, f string) int64 {
			return pick(f == "credits", int64(r.Credits), r.CreatedAt.Unix())
		},
		credits: func(r model.Import) model.Credits { return r.Credits },
		count:   func(s model.ImportSummary) int64 { return s.Imports },
		total:   func(s model.ImportSummary) model.Credits { return s.Credits },
	})

	adjs := checkList(t, listSpec[model.Adjustment, model.AdjustmentSummary]{
		name: "adjustments", sorts: AdjustmentSorts,
		fetch: func(lq ListQuery) FetchFunc[model.Adjustment, model.AdjustmentSummary] {
			return func(ctx context.Context, cur string) (AdjustmentPage, error) {
				lq.Cursor = cur
				return c.Adjustments(ctx, ws, AdjustmentQuery{ListQuery: lq})
			}
		},
		id: func(r model.Adjustment) string { return string(r.ID) },
		at: func(r model.Adjustment) time.Time { return r.CreatedAt },
		key: func(r model.Adjustment, f string) int64 {
			return pick(f == "amount", int64(r.Amount), r.CreatedAt.Unix())
		},
		credits: func(r model.Adjustment) model.Credits { return r.Amount },
		count:   func(s model.AdjustmentSummary) int64 { return s.Adjustments },
		total:   func(s model.AdjustmentSummary) model.Credits { return s.Net },
	})

	invs := checkList(t, listSpec[model.Invoice, model.InvoiceSummary]{
		name: "invoices", sorts: InvoiceSorts,
		fetch: func(lq ListQuery) FetchFunc[model.Invoice, model.InvoiceSummary] {
			return func(ctx context.Context, cur string) (InvoicePage, error) {
				lq.Cursor = cur
				return c.Invoices(ctx, ws, InvoiceQuery{lq})
			}
		},
		id:  func(r model.Invoice) string { return string(r.ID) },
		at:  func(r model.Invoice) time.Time { return r.CreatedAt },
		key: func(r model.Invoice, f string) int64 { return r.CreatedAt.Unix() },
		credits: func(r model.Invoice) model.Credits {
			return pick(r.Status == model.InvoicePaid, r.Amount, 0)
		},
		count: func(s model.InvoiceSummary) int64 { return s.Invoices },
		total: func(s model.InvoiceSummary) model.Credits { return s.AmountPaid },
	})
	_ = invs

	// Owners see users on records.
	if !slices.ContainsFunc(convs, func(r model.Conversation) bool { return r.User != nil && r.User.Name != "" }) {
		t.Error("owner sees no user on any conversation")
	}

	// Filters: every value partitions the list.
	t.Run("billing_type", func(t *testing.T) {
		var n int
		for _, bt := range model.BillingTypes {
			s, recs := walk(t, func(ctx context.Context, cur string) (ConversationPage, error) {
				return c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{Cursor: cur, Limit: 13}, BillingType: bt})
			})
			for _, r := range recs {
				if r.BillingType != bt {
					t.Errorf("%s filter returned %s", bt, r.BillingType)
				}
			}
			if int64(len(recs)) != s.Conversations || exactSum(recs, func(r model.Conversation) model.Credits { return r.Credits }) != s.Credits {
				t.Errorf("%s: totals do not match records", bt)
			}
			n += len(recs)
		}
		if n != len(convs) {
			t.Errorf("billing types cover %d of %d conversations", n, len(convs))
		}
	})
	t.Run("api_key_id", func(t *testing.T) {
		keys, err := c.APIKeys(ctx, ws)
		if err != nil || len(keys) == 0 {
			t.Fatalf("api keys: %v %v", keys, err)
		}
		var n int
		for _, k := range keys {
			_, recs := walk(t, func(ctx context.Context, cur string) (MCPCallPage, error) {
				return c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: ListQuery{Cursor: cur, Limit: 50, Sort: "credits"}, APIKeyID: string(k.ID)})
			})
			for _, r := range recs {
				if r.APIKey.ID != k.ID {
					t.Errorf("key %s filter returned %s", k.ID, r.APIKey.ID)
				}
			}
			n += len(recs)
		}
		if n != len(calls) {
			t.Errorf("keys cover %d of %d calls", n, len(calls))
		}
	})
	t.Run("import_type", func(t *testing.T) {
		var n int
		for _, it := range model.ImportTypes {
			_, recs := walk(t, func(ctx context.Context, cur string) (ImportPage, error) {
				return c.Imports(ctx, ws, ImportQuery{ListQuery: ListQuery{Cursor: cur, Order: "asc"}, ImportType: it})
			})
			for _, r := range recs {
				if r.ImportType != it {
					t.Errorf("%s filter returned %s", it, r.ImportType)
				}
			}
			n += len(recs)
		}
		if n != len(imps) {
			t.Errorf("import types cover %d of %d", n, len(imps))
		}
	})
	t.Run("adjustment type", func(t *testing.T) {
		var n int
		for _, at := range model.AdjustmentTypes {
			s, recs := walk(t, func(ctx context.Context, cur string) (AdjustmentPage, error) {
				return c.Adjustments(ctx, ws, AdjustmentQuery{ListQuery: ListQuery{Cursor: cur, Limit: 5}, Type: at})
			})
			for _, r := range recs {
				if r.Type != at {
					t.Errorf("%s filter returned %s", at, r.Type)
				}
			}
			if got := exactSum(recs, func(r model.Adjustment) model.Credits { return r.Amount }); got != s.Net {
				t.Errorf("%s: net %s vs records %s", at, s.Net, got)
			}
			n += len(recs)
		}
		if n != len(adjs) {
			t.Errorf("adjustment types cover %d of %d", n, len(adjs))
		}
	})
	t.Run("q", func(t *testing.T) {
		title := string(convs[len(convs)/2].Title)
		word := strings.Fields(title)[0]
		match := func(r model.Conversation, q string) bool {
			q = strings.ToLower(q)
			if strings.HasPrefix(strings.ToLower(string(r.ID)), q) || strings.Contains(strings.ToLower(string(r.Title)), q) {
				return true
			}
			return r.User != nil && (strings.Contains(strings.ToLower(string(r.User.Name)), q) || strings.Contains(strings.ToLower(string(r.User.Email)), q))
		}
		for _, q := range []string{strings.ToUpper(word), string(convs[3].ID), "grace@", "zz no such thing zz"} {
			want := 0
			for _, r := range convs {
				if match(r, q) {
					want++
				}
			}
			s, recs := walk(t, func(ctx context.Context, cur string) (ConversationPage, error) {
				return c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{Cursor: cur, Limit: 9, Sort: "credits"}, Q: q})
			})
			for _, r := range recs {
				if !match(r, q) {
					t.Errorf("q=%q returned %s %q", q, r.ID, r.Title)
				}
			}
			if len(recs) != want || s.Conversations != int64(want) {
				t.Errorf("q=%q: %d records (summary %d), want %d", q, len(recs), s.Conversations, want)
			}
		}
	})

	t.Run("detail", func(t *testing.T) {
		for _, r := range []model.Conversation{convs[0], convs[len(convs)-1]} {
			d, err := c.Conversation(ctx, ws, string(r.ID))
			if err != nil {
				t.Fatal(err)
			}
			if d.Conversation.ID != r.ID || exactSum(d.Items, func(i model.ConversationItem) model.Credits { return i.Credits }) != r.Credits {
				t.Errorf("%s: items do not add up to %s", r.ID, r.Credits)
			}
		}
		_, err := c.Conversation(ctx, ws, "conv_does_not_exist")
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != 404 || ae.RequestID == "" {
			t.Errorf("unknown conversation: %v", err)
		}
	})

	t.Run("ledger", func(t *testing.T) {
		b, err := c.Billing(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		net := exactSum(adjs, func(r model.Adjustment) model.Credits { return r.Amount })
		for _, spent := range []model.Credits{
			exactSum(convs, func(r model.Conversation) model.Credits { return r.Credits }),
			exactSum(calls, func(r model.MCPCall) model.Credits { return r.Credits }),
			exactSum(imps, func(r model.Import) model.Credits { return r.Credits }),
		} {
			net, _ = net.Sub(spent)
		}
		if net != b.Credits.Remaining {
			t.Errorf("ledger: adjustments − usage = %s, remaining = %s", net, b.Credits.Remaining)
		}
	})

	t.Run("daily", func(t *testing.T) {
		berlin, _ := time.LoadLocation("Europe/Berlin")
		to := time.Date(2026, 11, 20, 0, 0, 0, 0, berlin)
		from := to.AddDate(0, 0, -40)
		d, err := c.Daily(ctx, ws, DailyQuery{From: from, To: to, TZ: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Data) != 40 || d.Data[0].Date != "2026-10-11" || d.Data[39].Date != "2026-11-19" {
			t.Fatalf("daily: %d days, %+v", len(d.Data), d.Data[:min(2, len(d.Data))])
		}
		conv := exactSum(d.Data, func(u model.DailyUsage) model.Credits { return u.Conversations })
		s, _ := walk(t, func(ctx context.Context, cur string) (ConversationPage, error) {
			return c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{From: from, To: to, Cursor: cur, Limit: 200}})
		})
		if conv != s.Credits {
			t.Errorf("daily conversations sum %s, list summary over the same window %s", conv, s.Credits)
		}
	})

	t.Run("catalogue", func(t *testing.T) {
		plans, err := c.Plans(ctx, ws)
		if err != nil || len(plans) == 0 {
			t.Errorf("plans: %v %v", plans, err)
		}
		packs, err := c.CreditPacks(ctx, ws)
		if err != nil || len(packs) == 0 {
			t.Errorf("packs: %v %v", packs, err)
		}
		for _, w := range []string{demo.WorkspaceSide, demo.WorkspaceFree} {
			if _, err := c.Billing(ctx, w); err != nil {
				t.Errorf("billing %s: %v", w, err)
			}
		}
		if _, err := c.Billing(ctx, "ws_nope"); err == nil || statusOf(err) != 404 {
			t.Errorf("unknown workspace: %v", err)
		}
	})
}

func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

func TestDemoRoles(t *testing.T) {
	run := startDemo(t, 200)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme

	member, _ := demoClient(t, run, demo.MemberKey)
	me, err := member.Me(ctx)
	if err != nil || len(me.Workspaces) != 1 || me.Workspaces[0].Role != model.RoleMember {
		t.Fatalf("member me: %+v %v", me, err)
	}
	p, err := member.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{Limit: 50}})
	if err != nil || len(p.Data) == 0 {
		t.Fatal(err)
	}
	for _, r := range p.Data {
		if r.User != nil {
			t.Errorf("member sees user on %s", r.ID)
		}
	}
	// The key must be absent, not null, for members.
	req, _ := http.NewRequest("GET", run.URL+"/v1/workspaces/ws_acme/usage/mcp-calls?limit=20", nil)
	req.Header.Set("Authorization", "Bearer "+demo.MemberKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(raw, []byte(`"user"`)) {
		t.Error(`member page carries a "user" key`)
	}
	if _, err := member.Invoices(ctx, ws, InvoiceQuery{}); !IsPermission(err) || RequestID(err) == "" {
		t.Errorf("member invoices: %v", err)
	}

	for _, key := range []string{demo.MemberKey, demo.AdminKey, demo.SupportKey} {
		c, ct := demoClient(t, run, key)
		_, err1 := c.CreatePortal(ctx, ws, "")
		_, err2 := c.CreateCheckout(ctx, ws, model.CheckoutRequest{PlanID: "business", Interval: model.IntervalYear}, "")
		_, err3 := c.CancelSubscription(ctx, ws, "")
		_, err4 := c.ResumeSubscription(ctx, ws, "")
		for i, err := range []error{err1, err2, err3, err4} {
			if !IsPermission(err) {
				t.Errorf("%s POST %d: %v, want 403", key[:16], i, err)
			}
		}
		if ct.post.Load() != 4 {
			t.Errorf("%d POST requests for 4 calls", ct.post.Load())
		}
	}
	support, _ := demoClient(t, run, demo.SupportKey)
	if _, err := support.Invoices(ctx, ws, InvoiceQuery{}); err != nil {
		t.Errorf("support invoices: %v", err)
	}

	bad, _ := demoClient(t, run, "tally_not_a_real_key")
	if _, err := bad.Me(ctx); !IsAuth(err) || !strings.Contains(err.Error(), "tally login") {
		t.Errorf("bad key: %v", err)
	}
}

func TestDemoOwnerActions(t *testing.T) {
	run := startDemo(t, 200)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme

	s1, err := c.CreateCheckout(ctx, ws, model.CheckoutRequest{PlanID: "business", Interval: model.IntervalYear}, "idem-plan")
	if err != nil || !strings.HasPrefix(string(s1.URL), "https://") {
		t.Fatalf("checkout: %+v %v", s1, err)
	}
	s2, err := c.CreateCheckout(ctx, ws, model.CheckoutRequest{PlanID: "business", Interval: model.IntervalYear}, "idem-plan")
	if err != nil || s2.URL != s1.URL {
		t.Errorf("same idempotency key gave %q then %q (%v)", s1.URL, s2.URL, err)
	}
	packs, err := c.CreditPacks(ctx, ws)
	if err != nil || len(packs) == 0 {
		t.Fatal(err)
	}
	if _, err := c.CreateCheckout(ctx, ws, model.CheckoutRequest{CreditPackID: string(packs[0].ID), Quantity: 2}, ""); err != nil {
		t.Errorf("pack checkout: %v", err)
	}
	_, err = c.CreateCheckout(ctx, demo.WorkspaceFree, model.CheckoutRequest{CreditPackID: string(packs[0].ID), Quantity: 1}, "")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 409 || ae.Code != "paid_plan_required" {
		t.Errorf("pack on free workspace: %v", err)
	}
	if p, err := c.CreatePortal(ctx, ws, ""); err != nil || p.URL == "" {
		t.Errorf("portal: %+v %v", p, err)
	}
	b, err := c.CancelSubscription(ctx, ws, "")
	if err != nil || !b.Plan.CancelAtPeriodEnd {
		t.Errorf("cancel: %+v %v", b.Plan, err)
	}
	b, err = c.ResumeSubscription(ctx, ws, "")
	if err != nil || b.Plan.CancelAtPeriodEnd {
		t.Errorf("resume: %+v %v", b.Plan, err)
	}
}

// TestDemoFaults: under heavy injected 429/5xx/HTML faults, GET walks still
// return exactly the fault-free result, and POSTs go out exactly once each.
func TestDemoFaults(t *testing.T) {
	run := startDemo(t, 300)
	c, ct := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	fetch := func(ctx context.Context, cur string) (MCPCallPage, error) {
		return c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: ListQuery{Cursor: cur, Limit: 20, Sort: "credits"}})
	}
	clean, cleanRecs := walk(t, fetch)
	cleanGets := ct.gets.Load()

	run.Server.SetFaults(demo.Faults{Rate429: 0.2, Rate5xx: 0.2, RateHTML: 0.1, RetryAfter: 1})
	faulty, recs := walk(t, fetch)
	if faulty != clean || len(recs) != len(cleanRecs) {
		t.Errorf("under faults: %d records %+v, want %d %+v", len(recs), faulty, len(cleanRecs), clean)
	}
	for i := range recs {
		if recs[i].ID != cleanRecs[i].ID {
			t.Fatalf("record %d differs under faults", i)
		}
	}
	if extra := ct.gets.Load() - 2*cleanGets; extra <= 0 {
		t.Errorf("no retries happened (%d extra GETs): the faults were not injected", extra)
	}
	if _, err := c.Billing(ctx, ws); err != nil {
		t.Errorf("billing under faults: %v", err)
	}

	const posts = 20
	var failed int
	for range posts {
		if _, err := c.CreatePortal(ctx, ws, ""); err != nil {
			failed++
			if strings.Contains(err.Error(), "attempts") {
				t.Errorf("POST retried: %v", err)
			}
		}
	}
	if got := ct.post.Load(); got != posts {
		t.Errorf("%d POST requests for %d calls", got, posts)
	}
	if failed == 0 {
		t.Error("no POST failed under a 50% fault rate: faults not applied to POSTs?")
	}
}

// TestDemoHostileStrings: with hostile titles, names and URLs every decoded
// string is printable, and walks still add up.
func TestDemoHostileStrings(t *testing.T) {
	run, err := demo.Start(demo.Options{Now: demoNow, Seed: 3, Size: 200, Hostile: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	bad := func(s model.Text) bool {
		return strings.ContainsFunc(string(s), func(r rune) bool {
			return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		})
	}
	s, convs := walk(t, func(ctx context.Context, cur string) (ConversationPage, error) {
		return c.Conversations(ctx, demo.WorkspaceAcme, ConversationQuery{ListQuery: ListQuery{Cursor: cur, Limit: 200}})
	})
	if int64(len(convs)) != s.Conversations {
		t.Errorf("%d of %d conversations", len(convs), s.Conversations)
	}
	for _, r := range convs {
		if bad(r.Title) || (r.User != nil && (bad(r.User.Name) || bad(r.User.Email))) {
			t.Errorf("control characters survived decoding: %q", r.Title)
		}
	}
	if !slices.ContainsFunc(convs, func(r model.Conversation) bool { return strings.Contains(string(r.Title), "OVERWRITTEN LINE") }) {
		t.Error("no hostile title in the data: the check above is vacuous")
	}
	_, imps := walk(t, func(ctx context.Context, cur string) (ImportPage, error) {
		return c.Imports(ctx, demo.WorkspaceAcme, ImportQuery{ListQuery: ListQuery{Cursor: cur, Limit: 200}})
	})
	for _, r := range imps {
		if bad(r.ImportURL) {
			t.Errorf("control characters in import URL %q", r.ImportURL)
		}
	}
	keys, err := c.APIKeys(ctx, demo.WorkspaceAcme)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if bad(k.Name) {
			t.Errorf("control characters in key name %q", k.Name)
		}
	}
}

type cmpSummary interface {
	comparable
	model.Summary
}
