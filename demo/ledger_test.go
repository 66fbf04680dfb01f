package demo

import (
	"net/url"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

type billingDoc struct {
	Plan struct {
		Status             string
		Interval           *string
		CurrentPeriodStart *time.Time `json:"current_period_start"`
		CurrentPeriodEnd   *time.Time `json:"current_period_end"`
		CancelAtPeriodEnd  bool       `json:"cancel_at_period_end"`
	}
	Credits struct {
		Remaining   model.Credits `json:"remaining"`
		Granted     model.Credits `json:"granted_this_period"`
		Used        model.Credits `json:"used_this_period"`
		RefreshesAt *time.Time    `json:"refreshes_at"`
	}
}

func sumWalk(t *testing.T, s *Server, key, path string, q url.Values) model.Credits {
	t.Helper()
	q.Set("limit", "200")
	recs, _ := walk(t, s, key, path, q)
	var total model.Credits
	for _, r := range recs {
		total += r.Credits + r.Amount
	}
	return total
}

func TestLedgerIdentity(t *testing.T) {
	s := newTestServer(t, Options{Size: 3000})
	for _, c := range []struct{ ws, key string }{{"ws_acme", OwnerKey}, {"ws_side", SupportKey}, {"ws_free", OwnerKey}} {
		base := "/v1/workspaces/" + c.ws + "/"
		adj := sumWalk(t, s, c.key, base+"credit-adjustments", url.Values{})
		conv := sumWalk(t, s, c.key, base+"usage/conversations", url.Values{})
		calls := sumWalk(t, s, c.key, base+"usage/mcp-calls", url.Values{})
		imps := sumWalk(t, s, c.key, base+"usage/imports", url.Values{})
		var b billingDoc
		decode(t, get(t, s, c.key, base+"billing"), &b)
		if want := adj - conv - calls - imps; b.Credits.Remaining != want {
			t.Fatalf("%s: remaining %s, ledger says %s", c.ws, b.Credits.Remaining, want)
		}
		if b.Credits.Remaining <= 0 {
			t.Fatalf("%s: remaining %s should be positive", c.ws, b.Credits.Remaining)
		}
		if c.ws == "ws_free" {
			if b.Plan.Status != "free" || b.Plan.Interval != nil || b.Credits.RefreshesAt != nil || conv+calls+imps != 0 {
				t.Fatalf("ws_free should be a free plan with no usage: %+v", b)
			}
			continue
		}
		// This period's figures match the records in the period.
		q := url.Values{"from": {b.Plan.CurrentPeriodStart.Format(time.RFC3339)}, "to": {b.Plan.CurrentPeriodEnd.Format(time.RFC3339)}}
		used := sumWalk(t, s, c.key, base+"usage/conversations", q) + sumWalk(t, s, c.key, base+"usage/mcp-calls", q) + sumWalk(t, s, c.key, base+"usage/imports", q)
		if used != b.Credits.Used || used == 0 {
			t.Fatalf("%s: used_this_period %s, records say %s", c.ws, b.Credits.Used, used)
		}
		recs, _ := walk(t, s, c.key, base+"credit-adjustments", q)
		var granted model.Credits
		for _, r := range recs {
			if r.Amount > 0 {
				granted += r.Amount
			}
		}
		if granted != b.Credits.Granted {
			t.Fatalf("%s: granted_this_period %s, adjustments say %s", c.ws, b.Credits.Granted, granted)
		}
	}
}

func TestAdjustmentTypesAndFractionalAmounts(t *testing.T) {
	s := newTestServer(t, Options{Size: 200_000})
	recs, sum := walk(t, s, OwnerKey, "/v1/workspaces/ws_acme/credit-adjustments", url.Values{"limit": {"200"}})
	types := map[string]bool{}
	for _, r := range recs {
		types[r.Type] = true
	}
	for _, typ := range model.AdjustmentTypes {
		if !types[string(typ)] {
			t.Errorf("no %s adjustment in ws_acme", typ)
		}
	}
	if removed, _ := sum["credits_removed"].(string); removed == "0" || removed[0] != '-' {
		t.Errorf("credits_removed %q should be negative", removed)
	}
	var b billingDoc
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/billing"), &b)
	if b.Credits.Remaining <= 0 {
		t.Fatalf("remaining %s at a large size", b.Credits.Remaining)
	}
}

func TestConversationItemsSumToCredits(t *testing.T) {
	s := newTestServer(t, Options{})
	recs, _ := walk(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/conversations", url.Values{"limit": {"200"}})
	refunds := 0
	for i, r := range recs {
		if i%3 != 0 {
			continue
		}
		var d struct {
			Conversation struct {
				ID      string
				Credits model.Credits
			}
			Items []struct {
				Credits model.Credits
				Status  string
				At      time.Time
			}
		}
		decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/conversations/"+r.ID), &d)
		if d.Conversation.ID != r.ID {
			t.Fatalf("detail of %s is %s", r.ID, d.Conversation.ID)
		}
		var sum model.Credits
		for _, it := range d.Items {
			sum += it.Credits
			if it.Status == "refunded" {
				refunds++
				if it.Credits >= 0 {
					t.Fatalf("refund item with non-negative credits in %s", r.ID)
				}
			}
			if it.At.After(r.UpdatedAt) {
				t.Fatalf("item after the conversation's updated_at in %s", r.ID)
			}
		}
		if sum != d.Conversation.Credits || sum != r.Credits {
			t.Fatalf("%s: items sum %s, conversation %s", r.ID, sum, d.Conversation.Credits)
		}
	}
	if refunds == 0 {
		t.Fatal("no refunded failed generations in the data")
	}
}

func TestDailyZeroDaysAndTotals(t *testing.T) {
	s := newTestServer(t, Options{})
	from, to := "2026-10-20T00:00:00Z", "2026-11-21T12:00:00Z"
	var d struct {
		TZ   string
		Data []struct {
			Date           string
			Conversations  model.Credits
			MCPCalls       model.Credits `json:"mcp_calls"`
			Imports        model.Credits
			CreditsAdded   model.Credits `json:"credits_added"`
			CreditsRemoved model.Credits `json:"credits_removed"`
		}
	}
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/daily?from="+from+"&to="+to), &d)
	if d.TZ != "UTC" || len(d.Data) != 33 || d.Data[0].Date != "2026-10-20" || d.Data[32].Date != "2026-11-21" {
		t.Fatalf("tz %s, %d days from %s", d.TZ, len(d.Data), d.Data[0].Date)
	}
	var conv, calls, imps, added, removed model.Credits
	for _, x := range d.Data {
		conv += x.Conversations
		calls += x.MCPCalls
		imps += x.Imports
		added += x.CreditsAdded
		removed += x.CreditsRemoved
	}
	q := func() url.Values { return url.Values{"from": {from}, "to": {to}} }
	base := "/v1/workspaces/ws_acme/"
	if w := sumWalk(t, s, OwnerKey, base+"usage/conversations", q()); w != conv {
		t.Fatalf("daily conversations %s, list %s", conv, w)
	}
	if w := sumWalk(t, s, OwnerKey, base+"usage/mcp-calls", q()); w != calls {
		t.Fatalf("daily mcp %s, list %s", calls, w)
	}
	if w := sumWalk(t, s, OwnerKey, base+"usage/imports", q()); w != imps {
		t.Fatalf("daily imports %s, list %s", imps, w)
	}
	if w := sumWalk(t, s, OwnerKey, base+"credit-adjustments", q()); w != added+removed || removed >= 0 {
		t.Fatalf("daily adjustments %s%s, list %s", added, removed, w)
	}

	// ws_free: every day present and zero; Berlin days.
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_free/usage/daily?from=2026-10-01T00:00:00%2B02:00&to=2026-10-11T00:00:00%2B02:00&tz=Europe/Berlin"), &d)
	if d.TZ != "Europe/Berlin" || len(d.Data) != 10 || d.Data[0].Date != "2026-10-01" {
		t.Fatalf("berlin: %s %d %v", d.TZ, len(d.Data), d.Data)
	}
	for _, x := range d.Data {
		if x.Conversations != 0 || x.MCPCalls != 0 || x.Imports != 0 || x.CreditsAdded != 0 || x.CreditsRemoved != 0 {
			t.Fatalf("free workspace has usage on %s", x.Date)
		}
	}
}
