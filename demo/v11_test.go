package demo

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

// summaryOf is the list page's summary, raw, for the given filters.
func summaryOf(t *testing.T, s *Server, key, path string, q url.Values) json.RawMessage {
	t.Helper()
	qq := url.Values{"limit": {"1"}}
	for k, v := range q {
		qq[k] = v
	}
	r := get(t, s, key, path+"?"+qq.Encode())
	if r.status != 200 {
		t.Fatalf("%s?%s: %d %s", path, qq.Encode(), r.status, r.body)
	}
	var p struct{ Summary json.RawMessage }
	decode(t, r, &p)
	return p.Summary
}

func TestBillingLimitsAndExpiringAgreeWithTheLedger(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, c := range []struct{ ws, key string }{{"ws_acme", OwnerKey}, {"ws_side", SupportKey}, {"ws_free", OwnerKey}} {
		var b model.Billing
		decode(t, get(t, s, c.key, "/v1/workspaces/"+c.ws+"/billing"), &b)
		if !b.Plan.Limits.Known() || !b.Credits.Expiring.Known() || len(b.Plan.Limits.List()) == 0 {
			t.Fatalf("%s: limits %v expiring %v", c.ws, b.Plan.Limits.Known(), b.Credits.Expiring.Known())
		}
		if err := b.Credits.Expiring.Check(b.Credits.Remaining); err != nil {
			t.Errorf("%s: %v", c.ws, err)
		}
		exp := b.Credits.Expiring.List()
		for i := 1; i < len(exp); i++ {
			if exp[i].ExpiresAt.Before(exp[i-1].ExpiresAt) {
				t.Errorf("%s: expiring not ordered by expires_at: %+v", c.ws, exp)
			}
		}
		for _, l := range b.Plan.Limits.List() {
			if l.Limit != nil && *l.Limit != 0 && l.Used > *l.Limit {
				t.Errorf("%s: %s used %s of %s", c.ws, l.Key, l.Used, *l.Limit)
			}
			if l.Key != "image_generations" {
				continue
			}
			// The count is the image-generation conversations of the period.
			q := url.Values{"billing_type": {"image_generation"}}
			if p := b.Plan.CurrentPeriodStart; p != nil {
				q.Set("from", p.Format(time.RFC3339))
				q.Set("to", b.Plan.CurrentPeriodEnd.Format(time.RFC3339))
				if l.ResetsAt == nil || !l.ResetsAt.Equal(*b.Plan.CurrentPeriodEnd) {
					t.Errorf("%s: image generations reset at %v, period ends %v", c.ws, l.ResetsAt, b.Plan.CurrentPeriodEnd)
				}
			}
			var sum model.ConversationSummary
			_ = json.Unmarshal(summaryOf(t, s, c.key, "/v1/workspaces/"+c.ws+"/usage/conversations", q), &sum)
			if l.Used != model.NewCredits(sum.Conversations) {
				t.Errorf("%s: image generations used %s, list says %d", c.ws, l.Used, sum.Conversations)
			}
		}
	}
	// Exact figures at the test clock (Options.Now = 2026-11-21 12:00 UTC, seed 1).
	var acme, side, free model.Billing
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/billing"), &acme)
	decode(t, get(t, s, SupportKey, "/v1/workspaces/ws_side/billing"), &side)
	decode(t, get(t, s, OwnerKey, "/v1/workspaces/ws_free/billing"), &free)
	period := acme.Credits.GrantedThisPeriod - acme.Credits.UsedThisPeriod
	e := acme.Credits.Expiring.List()
	if len(e) != 2 || e[0].Source != model.ExpiryPeriod || e[0].Amount != period || !e[0].ExpiresAt.Equal(*acme.Plan.CurrentPeriodEnd) ||
		e[1].Source != model.ExpiryRollover || e[1].Amount != model.NewCredits(106) {
		t.Errorf("acme expiring %+v (period allowance left %s)", e, period)
	}
	e = side.Credits.Expiring.List()
	if len(e) != 2 || e[0].Source != model.ExpiryPromo || e[0].Amount != model.NewCredits(25) ||
		!e[0].ExpiresAt.Equal(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)) || e[1].Source != model.ExpiryPeriod {
		t.Errorf("side expiring %+v", e)
	}
	if len(free.Credits.Expiring.List()) != 0 || free.Plan.Limits.List()[0].ResetsAt != nil {
		t.Errorf("free: %+v %+v", free.Credits.Expiring.List(), free.Plan.Limits.List())
	}
	l := acme.Plan.Limits.List()
	if l[1].Key != "standard_video" || !l[1].Unlimited() || l[5].Included() || l[4].Used != model.NewCredits(12) {
		t.Errorf("acme limits %+v", l)
	}
}

func TestUserFilter(t *testing.T) {
	s := newTestServer(t, Options{})
	const ws = "/v1/workspaces/ws_acme/"
	counts := map[string]string{"usage/conversations": "conversations", "usage/mcp-calls": "calls", "usage/imports": "imports"}
	for list, noun := range counts {
		all, _ := walk(t, s, OwnerKey, ws+list, url.Values{"limit": {"200"}})
		var want []wireRec
		for _, r := range all {
			if r.User != nil && r.User.ID == "usr_1" {
				want = append(want, r)
			}
		}
		if len(want) == 0 || len(want) == len(all) {
			t.Fatalf("%s: %d of %d records are usr_1's: the test says nothing", list, len(want), len(all))
		}
		var wantCredits model.Credits
		for _, r := range want {
			wantCredits += r.Credits
		}
		for _, sort := range []string{"", "credits"} {
			q := url.Values{"limit": {"37"}, "user_id": {"usr_1"}}
			if sort != "" {
				q.Set("sort", sort)
			}
			recs, sum := walk(t, s, OwnerKey, ws+list, q)
			var credits model.Credits
			for i, r := range recs {
				credits += r.Credits
				if sort == "" && r.ID != want[i].ID {
					t.Fatalf("%s: record %d is %s, want %s", list, i, r.ID, want[i].ID)
				}
			}
			if len(recs) != len(want) || int(sum[noun].(float64)) != len(want) || credits != wantCredits ||
				model.MustCredits(sum["credits"].(string)) != wantCredits {
				t.Errorf("%s sort %q: %d records %s credits (summary %v), want %d %s", list, sort, len(recs), credits, sum, len(want), wantCredits)
			}
		}
		// Member: 403 naming user_id, after the presence check, before values.
		wantErr(t, get(t, s, MemberKey, ws+list+"?user_id=usr_1"), 403, "permission", "user_id")
		wantErr(t, get(t, s, MemberKey, ws+list+"?user_id=usr_nope&limit=0"), 403, "permission", "user_id")
		wantErr(t, get(t, s, MemberKey, ws+list+"?user_id=usr_1&bogus=1"), 400, "invalid_request", "bogus")
		wantErr(t, get(t, s, MemberKey, ws+list+"?user_id="), 400, "invalid_request", "user_id")
		for _, bad := range []string{"usr_nope", "usr_9" /* deleted */, "usr_13" /* not in ws_acme */} {
			wantErr(t, get(t, s, OwnerKey, ws+list+"?user_id="+bad), 400, "invalid_request", "user_id")
		}
		// A cursor is bound to the user filter too.
		var p wirePage
		decode(t, get(t, s, OwnerKey, ws+list+"?limit=5&user_id=usr_1"), &p)
		wantErr(t, get(t, s, OwnerKey, ws+list+"?limit=5&user_id=usr_2&cursor="+*p.NextCursor), 400, "invalid_request", "cursor")
	}
	// Admin and support may filter; the search still applies beside it.
	for _, key := range []string{AdminKey, SupportKey} {
		if r := get(t, s, key, ws+"usage/conversations?user_id=usr_2&q=a"); r.status != 200 {
			t.Errorf("%s: %d %s", key[:16], r.status, r.body)
		}
	}
}

func TestAPI10HasNoAdditions(t *testing.T) {
	s := newTestServer(t, Options{API: API10})
	const ws = "/v1/workspaces/ws_acme/"
	r := get(t, s, OwnerKey, ws+"billing")
	if r.status != 200 || bytes.Contains(r.body, []byte(`"limits"`)) || bytes.Contains(r.body, []byte(`"expiring"`)) {
		t.Fatalf("1.0 billing: %s", r.body)
	}
	for _, p := range []string{"usage/conversations/groups?by=user", "usage/mcp-calls/groups?by=api_key",
		"usage/imports/groups?by=user", "credit-adjustments/groups?by=type", "usage/conversations/groups"} {
		r := get(t, s, OwnerKey, ws+p)
		wantErr(t, r, 404, "not_found", "")
		if !bytes.Contains(r.body, []byte(`"code":"unknown_route"`)) {
			t.Errorf("%s: %s", p, r.body)
		}
	}
	wantErr(t, get(t, s, OwnerKey, ws+"usage/mcp-calls?user_id=usr_1"), 400, "invalid_request", "user_id")
	if r := get(t, s, OwnerKey, ws+"usage/mcp-calls?limit=3"); r.status != 200 {
		t.Errorf("1.0 list: %d", r.status)
	}
	if _, err := New(Options{API: "2.0"}); err == nil || !strings.Contains(err.Error(), "1.0 or 1.1") {
		t.Errorf("API 2.0: %v", err)
	}
	// 1.1 answers unknown paths with unknown_route too.
	if r := get(t, newTestServer(t, Options{}), OwnerKey, ws+"usage/nothing"); !bytes.Contains(r.body, []byte("unknown_route")) {
		t.Errorf("1.1 unknown path: %s", r.body)
	}
}
