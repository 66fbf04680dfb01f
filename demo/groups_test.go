package demo

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

const acme = "/v1/workspaces/ws_acme/"

// groupsOf fetches a groups document, checks the contract's identity and
// that its summary is byte for byte the list's summary for the same filters.
func groupsOf[S model.GroupSummary](t *testing.T, s *Server, key, list string, q url.Values) model.Groups[S] {
	t.Helper()
	r := get(t, s, key, acme+list+"/groups?"+q.Encode())
	if r.status != 200 {
		t.Fatalf("%s/groups?%s: %d %s", list, q.Encode(), r.status, r.body)
	}
	var g model.Groups[S]
	decode(t, r, &g)
	if err := g.Check(); err != nil {
		t.Fatalf("%s/groups?%s: %v", list, q.Encode(), err)
	}
	var raw struct{ Summary json.RawMessage }
	decode(t, r, &raw)
	lq := url.Values{}
	for k, v := range q {
		if k != "by" && k != "limit" && k != "tz" {
			lq[k] = v
		}
	}
	if want := summaryOf(t, s, key, acme+list, lq); !bytes.Equal(raw.Summary, want) {
		t.Fatalf("%s/groups?%s: summary %s, list says %s", list, q.Encode(), raw.Summary, want)
	}
	return g
}

func TestGroupsIdentityEveryListAndBy(t *testing.T) {
	s := newTestServer(t, Options{})
	window := url.Values{"from": {"2026-08-23T00:00:00Z"}, "to": {"2026-11-21T00:00:00Z"}}
	with := func(extra ...string) url.Values {
		q := url.Values{}
		for k, v := range window {
			q[k] = v
		}
		for i := 0; i+1 < len(extra); i += 2 {
			q.Set(extra[i], extra[i+1])
		}
		return q
	}
	filters := map[string][]url.Values{
		"usage/conversations": {with(), with("billing_type", "image_generation"), with("user_id", "usr_2"), with("q", "video"), with("q", "ada", "billing_type", "message")},
		"usage/mcp-calls":     {with(), with("api_key_id", "key_ci"), with("user_id", "usr_1"), with("api_key_id", "key_zapier", "user_id", "usr_1")},
		"usage/imports":       {with(), with("import_type", "brand"), with("user_id", "usr_3")},
		"credit-adjustments":  {with(), with("type", "subscription_renewal")},
	}
	bys := map[string][]string{
		"usage/conversations": {"user", "billing_type", "day", "week", "month"},
		"usage/mcp-calls":     {"api_key", "user", "tool", "day", "week", "month"},
		"usage/imports":       {"user", "import_type", "day", "week", "month"},
		"credit-adjustments":  {"type", "day", "week", "month"},
	}
	n := 0
	for list, qs := range filters {
		for _, base := range qs {
			for _, by := range bys[list] {
				for _, tz := range []string{"", "Asia/Kolkata"} {
					q := url.Values{"by": {by}}
					for k, v := range base {
						q[k] = v
					}
					if tz != "" {
						q.Set("tz", tz)
					}
					var g interface{ Check() error }
					switch list {
					case "usage/conversations":
						g = groupsOf[model.ConversationSummary](t, s, OwnerKey, list, q)
					case "usage/mcp-calls":
						g = groupsOf[model.MCPSummary](t, s, OwnerKey, list, q)
					case "usage/imports":
						g = groupsOf[model.ImportSummary](t, s, OwnerKey, list, q)
					default:
						g = groupsOf[model.AdjustmentSummary](t, s, OwnerKey, list, q)
					}
					_ = g
					n++
				}
			}
		}
	}
	// All time, categorical, as a member (no user groupings, no user_id).
	groupsOf[model.MCPSummary](t, s, MemberKey, "usage/mcp-calls", url.Values{"by": {"api_key"}})
	groupsOf[model.ConversationSummary](t, s, MemberKey, "usage/conversations", url.Values{"by": {"billing_type"}, "q": {"ada"}})
	if n < 100 {
		t.Fatalf("only %d combinations checked", n)
	}
}

func TestGroupsExactFiguresOrderAndOther(t *testing.T) {
	s := newTestServer(t, Options{})
	g := groupsOf[model.MCPSummary](t, s, OwnerKey, "usage/mcp-calls", url.Values{"by": {"api_key"}, "limit": {"3"}})
	type row struct {
		key, label string
		count      int64
		credits    string
	}
	want := []row{{"key_ci", "CI pipeline", 788, "846.2805"}, {"key_zapier", "Zapier integration", 438, "465.5095"}, {"key_figma", "Figma plugin", 332, "361.237"}}
	for i, w := range want {
		d := g.Data[i]
		if d.KeyString() != w.key || string(*d.Label) != w.label || d.Count != w.count || d.Credits != model.MustCredits(w.credits) {
			t.Errorf("group %d = %s %q %d %s, want %+v", i, d.KeyString(), *d.Label, d.Count, d.Credits, w)
		}
	}
	if g.Other != (model.GroupOther{Groups: 4, Count: 442, Credits: model.MustCredits("511.42")}) || g.Summary.Calls != 2000 || g.Summary.Credits != model.MustCredits("2184.447") {
		t.Errorf("other %+v summary %+v", g.Other, g.Summary)
	}
	// Without a limit every used key is a group (key_unused has no calls) and other is zero.
	all := groupsOf[model.MCPSummary](t, s, OwnerKey, "usage/mcp-calls", url.Values{"by": {"api_key"}})
	if len(all.Data) != 7 || all.Other != (model.GroupOther{}) || !slices.EqualFunc(all.Data[:3], g.Data, func(a, b model.Group) bool { return a.KeyString() == b.KeyString() }) {
		t.Errorf("unlimited: %d groups, other %+v", len(all.Data), all.Other)
	}
	// Each group is exactly the list filtered by its key; credits descending.
	for i, d := range all.Data {
		var sum model.MCPSummary
		_ = json.Unmarshal(summaryOf(t, s, OwnerKey, acme+"usage/mcp-calls", url.Values{"api_key_id": {d.KeyString()}}), &sum)
		if sum.Calls != d.Count || sum.Credits != d.Credits {
			t.Errorf("%s: group %d %s, list %d %s", d.KeyString(), d.Count, d.Credits, sum.Calls, sum.Credits)
		}
		if i > 0 && all.Data[i-1].Credits < d.Credits {
			t.Errorf("not ordered by credits at %d", i)
		}
	}
	// Users: the deleted user's records form the null group (key and label null).
	u := groupsOf[model.MCPSummary](t, s, OwnerKey, "usage/mcp-calls", url.Values{"by": {"user"}})
	last := u.Data[len(u.Data)-1]
	if last.Key != nil || last.Label != nil || last.Count != 10 || last.Credits != model.MustCredits("8.797") || last.Display(u.By) != "Deleted user" {
		t.Errorf("null user group %+v", last)
	}
	for _, d := range u.Data[:len(u.Data)-1] {
		var sum model.MCPSummary
		_ = json.Unmarshal(summaryOf(t, s, OwnerKey, acme+"usage/mcp-calls", url.Values{"user_id": {d.KeyString()}}), &sum)
		if sum.Calls != d.Count || sum.Credits != d.Credits {
			t.Errorf("user %s: group %d %s, list %d %s", d.KeyString(), d.Count, d.Credits, sum.Calls, sum.Credits)
		}
	}
	// Adjustments group on the signed amount: expirations sort last.
	a := groupsOf[model.AdjustmentSummary](t, s, OwnerKey, "credit-adjustments", url.Values{"by": {"type"}, "limit": {"1"}})
	if a.Data[0].KeyString() != "subscription_renewal" || *a.Data[0].Label != "subscription_renewal" || a.Data[0].Credits != model.NewCredits(20000) ||
		a.Other.Groups != 8 || a.Other.Credits != model.MustCredits("-4419.0829") {
		t.Errorf("adjustments %+v other %+v", a.Data, a.Other)
	}
}

// TestGroupsTieOrder: equal credits sort by key ascending, the null key first.
func TestGroupsTieOrder(t *testing.T) {
	tb := table{time: []int64{1, 2, 3, 4, 5, 6}, val: []int64{5, 5, 5, 7, 1, 1}}
	tb.keys = [][]int64{tb.time}
	tb.build()
	users := []uint8{2, 0, 1, 3, 4, 4} // person 0 is "deleted"
	ids := []string{"", "usr_b", "usr_a", "usr_c", "usr_d"}
	gr := grouping{n: len(ids), key: func(r int32) int { return int(users[r]) }, name: func(k int) (*string, *string) {
		if k == 0 {
			return nil, nil
		}
		return &ids[k], &ids[k]
	}}
	from, to := unbounded()
	s := &Server{}
	var g model.Groups[model.MCPSummary]
	body := s.groupsDoc(&tb, groupReq{by: "user", tz: "UTC", limit: 3, from: from, to: to}, 0, nil, gr, callSummary)
	if err := json.Unmarshal(body, &g); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, d := range g.Data {
		order = append(order, d.Display(model.GroupByUser))
	}
	if strings.Join(order, ",") != "usr_c,Deleted user,usr_a" || g.Other != (model.GroupOther{Groups: 2, Count: 3, Credits: 7}) || g.Check() != nil {
		t.Errorf("order %v other %+v: %s", order, g.Other, body)
	}
}

func TestGroupsTimeBuckets(t *testing.T) {
	s := newTestServer(t, Options{})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	to := time.Date(2026, 11, 21, 0, 0, 0, 0, berlin)
	from := to.AddDate(0, 0, -90)
	q := url.Values{"by": {"day"}, "tz": {"Europe/Berlin"}, "from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}
	g := groupsOf[model.ConversationSummary](t, s, OwnerKey, "usage/conversations", q)
	if len(g.Data) < 60 || g.TZ != "Europe/Berlin" || g.Other != (model.GroupOther{}) {
		t.Fatalf("%d day groups, tz %s other %+v", len(g.Data), g.TZ, g.Other)
	}
	// Each bucket is the list over that local day; the daily endpoint agrees.
	var daily model.Daily
	decode(t, get(t, s, OwnerKey, acme+"usage/daily?"+url.Values{"from": q["from"], "to": q["to"], "tz": q["tz"]}.Encode()), &daily)
	perDay := map[string]model.Credits{}
	for _, d := range daily.Data {
		perDay[d.Date] = d.Conversations
	}
	for i, d := range g.Data {
		a, b, ok := d.Bucket(g.By, berlin)
		if !ok || (i > 0 && d.KeyString() <= g.Data[i-1].KeyString()) || d.Count == 0 || d.Label != nil {
			t.Fatalf("bucket %d %+v", i, d)
		}
		var sum model.ConversationSummary
		_ = json.Unmarshal(summaryOf(t, s, OwnerKey, acme+"usage/conversations", url.Values{"from": {a.Format(time.RFC3339)}, "to": {b.Format(time.RFC3339)}}), &sum)
		if sum.Conversations != d.Count || sum.Credits != d.Credits || perDay[d.KeyString()] != d.Credits {
			t.Errorf("%s: group %d %s, list %d %s, daily %s", d.KeyString(), d.Count, d.Credits, sum.Conversations, sum.Credits, perDay[d.KeyString()])
		}
	}
	// Weeks start on Monday, months on the 1st; the first bucket may start before from.
	for by, check := range map[string]func(time.Time) bool{
		"week":  func(d time.Time) bool { return d.Weekday() == time.Monday },
		"month": func(d time.Time) bool { return d.Day() == 1 },
	} {
		q.Set("by", by)
		w := groupsOf[model.MCPSummary](t, s, OwnerKey, "usage/mcp-calls", q)
		for _, d := range w.Data {
			k, _ := time.Parse(time.DateOnly, d.KeyString())
			if !check(k) {
				t.Errorf("%s key %s", by, d.KeyString())
			}
		}
		if by == "week" && (len(w.Data) != 14 || w.Data[0].KeyString() != "2026-08-17") {
			t.Errorf("%d weeks from %s", len(w.Data), w.Data[0].KeyString())
		}
	}
	// Where DST skips midnight (Havana, 2026-03-08) the day starts at 01:00 local.
	havana, _ := time.LoadLocation("America/Havana")
	hq := url.Values{"by": {"day"}, "tz": {"America/Havana"}, "from": {"2026-03-01T05:00:00Z"}, "to": {"2026-03-15T04:00:00Z"}}
	h := groupsOf[model.MCPSummary](t, s, OwnerKey, "usage/mcp-calls", hq)
	var seen bool
	for _, d := range h.Data {
		a, b, _ := d.Bucket(h.By, havana)
		var sum model.MCPSummary
		_ = json.Unmarshal(summaryOf(t, s, OwnerKey, acme+"usage/mcp-calls", url.Values{"from": {a.Format(time.RFC3339)}, "to": {b.Format(time.RFC3339)}}), &sum)
		if sum.Calls != d.Count || sum.Credits != d.Credits {
			t.Errorf("Havana %s: group %d, list %d", d.KeyString(), d.Count, sum.Calls)
		}
		seen = seen || d.KeyString() == "2026-03-08" || d.KeyString() == "2026-03-07"
	}
	if !seen {
		t.Error("no record around the DST change: the check above is vacuous")
	}
}

func TestGroupsValidationOrder(t *testing.T) {
	s := newTestServer(t, Options{})
	const calls = acme + "usage/mcp-calls/groups?"
	day := "&from=2026-01-01T00:00:00Z&to="
	cases := []struct {
		key, path  string
		status     int
		typ, param string
	}{
		{OwnerKey, calls, 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=bogus", 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=api_key&by=user", 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=", 400, "invalid_request", "by"},
		{OwnerKey, acme + "credit-adjustments/groups?by=user", 400, "invalid_request", "by"},
		{OwnerKey, acme + "credit-adjustments/groups?by=type&user_id=usr_1", 400, "invalid_request", "user_id"},
		{OwnerKey, calls + "by=day&from=2026-01-01T00:00:00Z", 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=week&to=2026-01-01T00:00:00Z", 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=day" + day + "2028-09-28T00:00:00Z", 400, "invalid_request", "by"}, // 1,001 days
		{OwnerKey, calls + "by=month" + day + "2110-01-01T00:00:00Z", 400, "invalid_request", "by"},
		{OwnerKey, calls + "by=api_key&limit=0", 400, "invalid_request", "limit"},
		{OwnerKey, calls + "by=api_key&limit=1001", 400, "invalid_request", "limit"},
		{OwnerKey, calls + "by=api_key&limit=all", 400, "invalid_request", "limit"},
		{OwnerKey, calls + "by=api_key&tz=Mars/Olympus", 400, "invalid_request", "tz"},
		{OwnerKey, calls + "by=api_key&tz=Local", 400, "invalid_request", "tz"},
		{OwnerKey, calls + "by=api_key&sort=credits", 400, "invalid_request", "sort"},
		{OwnerKey, calls + "by=api_key&cursor=abc", 400, "invalid_request", "cursor"},
		{OwnerKey, calls + "by=api_key&api_key_id=key_nope", 400, "invalid_request", "api_key_id"},
		{OwnerKey, calls + "by=api_key&user_id=usr_nope", 400, "invalid_request", "user_id"},
		{OwnerKey, calls + "by=api_key&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", 400, "invalid_request", "from"},
		{OwnerKey, acme + "usage/conversations/groups?by=user&q=" + strings.Repeat("x", 201), 400, "invalid_request", "q"},
		// Role after presence, before values.
		{MemberKey, calls + "by=user", 403, "permission", "by"},
		{MemberKey, calls + "by=user&limit=0", 403, "permission", "by"},
		{MemberKey, calls + "by=api_key&user_id=usr_nope", 403, "permission", "user_id"},
		{MemberKey, calls + "by=user&bogus=1", 400, "invalid_request", "bogus"},
		{MemberKey, calls + "by=user&limit=5&limit=6", 400, "invalid_request", "limit"},
		{MemberKey, acme + "usage/conversations/groups?by=user", 403, "permission", "by"},
		{MemberKey, acme + "usage/imports/groups?by=user", 403, "permission", "by"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) { wantErr(t, get(t, s, c.key, c.path), c.status, c.typ, c.param) })
	}
	// Exactly 1,000 days is allowed; limit is ignored for time groups; limit 1000 is allowed.
	for _, ok := range []string{calls + "by=day" + day + "2028-09-27T00:00:00Z&limit=1", calls + "by=api_key&limit=1000", calls + "by=user&tz=Europe/Berlin"} {
		if r := get(t, s, OwnerKey, ok); r.status != 200 {
			t.Errorf("%s: %d %s", ok, r.status, r.body)
		}
	}
	var g model.Groups[model.MCPSummary]
	decode(t, get(t, s, OwnerKey, calls+"by=day"+day+"2028-09-27T00:00:00Z&limit=1"), &g)
	if len(g.Data) < 2 || g.Other != (model.GroupOther{}) {
		t.Errorf("limit applied to time groups: %d groups, other %+v", len(g.Data), g.Other)
	}
}
