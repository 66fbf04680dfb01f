package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func startDemoAPI(t *testing.T, api string) *demo.Running {
	t.Helper()
	run, err := demo.Start(demo.Options{Now: demoNow, Seed: 7, Size: 400, API: api}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return run
}

func TestGroupsAgainstDemo(t *testing.T) {
	run := startDemo(t, 400)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	to := demoNow.Truncate(24 * time.Hour)
	w := ListQuery{From: to.AddDate(0, 0, -90), To: to, Sort: "credits", Limit: 7, Cursor: "ignored"}

	// Every list and by: the identity holds and each categorical group is the
	// list filtered by its key, walked record by record.
	g, err := c.MCPCallGroups(ctx, ws, MCPCallGroupsQuery{List: MCPCallQuery{ListQuery: w}, GroupQuery: GroupQuery{By: model.GroupByAPIKey}})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Check(); err != nil || len(g.Data) < 3 {
		t.Fatalf("%d groups: %v", len(g.Data), err)
	}
	for _, d := range g.Data {
		s, recs := walk(t, func(ctx context.Context, cur string) (MCPCallPage, error) {
			return c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: ListQuery{From: w.From, To: w.To, Cursor: cur, Limit: 200}, APIKeyID: d.KeyString()})
		})
		if int64(len(recs)) != d.Count || exactSum(recs, func(r model.MCPCall) model.Credits { return r.Credits }) != d.Credits || s.Calls != d.Count {
			t.Errorf("%s: group %d %s, walk %d", d.KeyString(), d.Count, d.Credits, len(recs))
		}
	}
	// user groups and the user_id filter agree.
	u, err := c.ImportGroups(ctx, ws, ImportGroupsQuery{List: ImportQuery{ListQuery: w}, GroupQuery: GroupQuery{By: model.GroupByUser, Limit: 2}})
	if err != nil || u.Check() != nil || len(u.Data) != 2 || u.Other.Groups == 0 {
		t.Fatalf("user groups %+v %v", u, err)
	}
	for _, d := range u.Data {
		if d.Key == nil {
			continue
		}
		p, err := c.Imports(ctx, ws, ImportQuery{ListQuery: ListQuery{From: w.From, To: w.To, Limit: 1}, UserID: d.KeyString()})
		if err != nil || p.Summary.Imports != d.Count || p.Summary.Credits != d.Credits {
			t.Errorf("user %s: group %d %s, list %+v %v", d.KeyString(), d.Count, d.Credits, p.Summary, err)
		}
	}
	// Time groups in a zone; the drill-in window of each bucket is its list.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day, err := c.ConversationGroups(ctx, ws, ConversationGroupsQuery{List: ConversationQuery{ListQuery: w, BillingType: model.BillingImageGeneration},
		GroupQuery: GroupQuery{By: model.GroupByWeek, TZ: "Europe/Berlin"}})
	if err != nil || day.Check() != nil || len(day.Data) < 10 {
		t.Fatalf("weeks %d %v", len(day.Data), err)
	}
	for _, d := range day.Data[:3] {
		from, to, ok := d.Bucket(day.By, berlin)
		p, err := c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{From: latest(from, w.From), To: earliest(to, w.To), Limit: 1}, BillingType: model.BillingImageGeneration})
		if !ok || err != nil || p.Summary.Conversations != d.Count || p.Summary.Credits != d.Credits {
			t.Errorf("week %s: %d, list %+v %v", d.KeyString(), d.Count, p.Summary, err)
		}
	}
	a, err := c.AdjustmentGroups(ctx, ws, AdjustmentGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByType}})
	if err != nil || a.Check() != nil || a.Summary.Net != a.Data[0].Credits+sumCredits(a.Data[1:])+a.Other.Credits {
		t.Errorf("adjustment groups %v", err)
	}

	// Members: no user grouping (the server's 403, not a client guess), no user_id.
	member, _ := demoClient(t, run, demo.MemberKey)
	_, err = member.MCPCallGroups(ctx, ws, MCPCallGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByUser}})
	var ae *APIError
	if !IsPermission(err) || !errors.As(err, &ae) || ae.Param != "by" {
		t.Errorf("member by=user: %v", err)
	}
	if _, err := member.MCPCalls(ctx, ws, MCPCallQuery{UserID: "usr_1"}); !IsPermission(err) || !errors.As(err, &ae) || ae.Param != "user_id" {
		t.Errorf("member user_id: %v", err)
	}
	if mg, err := member.MCPCallGroups(ctx, ws, MCPCallGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByAPIKey}}); err != nil || mg.Check() != nil {
		t.Errorf("member by=api_key: %v", err)
	}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func sumCredits(gs []model.Group) model.Credits {
	var s model.Credits
	for _, g := range gs {
		s += g.Credits
	}
	return s
}

func TestGroupsValidatedBeforeSending(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, `{}`) })
	ctx := context.Background()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	win := ListQuery{From: from, To: from.AddDate(0, 1, 0)}
	cases := map[string]error{}
	_, cases["no by"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{})
	_, cases["by of another list"] = c.AdjustmentGroups(ctx, "ws", AdjustmentGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByUser}})
	_, cases["unknown by"] = c.ImportGroups(ctx, "ws", ImportGroupsQuery{GroupQuery: GroupQuery{By: "tool"}})
	_, cases["limit"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByTool, Limit: 1001}})
	_, cases["tz"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{List: MCPCallQuery{ListQuery: win}, GroupQuery: GroupQuery{By: model.GroupByDay, TZ: "Mars/Olympus"}})
	_, cases["Local"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByTool, TZ: "Local"}})
	_, cases["no window"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{List: MCPCallQuery{ListQuery: ListQuery{From: from}}, GroupQuery: GroupQuery{By: model.GroupByDay}})
	_, cases["1001 days"] = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{List: MCPCallQuery{ListQuery: ListQuery{From: from, To: from.AddDate(0, 0, 1001)}}, GroupQuery: GroupQuery{By: model.GroupByDay}})
	_, cases["bad filter"] = c.ConversationGroups(ctx, "ws", ConversationGroupsQuery{List: ConversationQuery{BillingType: "audio"}, GroupQuery: GroupQuery{By: model.GroupByUser}})
	_, cases["bad user id"] = c.ConversationGroups(ctx, "ws", ConversationGroupsQuery{List: ConversationQuery{UserID: "usr\n1"}, GroupQuery: GroupQuery{By: model.GroupByUser}})
	_, cases["bad list user id"] = c.MCPCalls(ctx, "ws", MCPCallQuery{UserID: "usr\x1b1"})
	for name, err := range cases {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent for invalid queries", rec.count())
	}
	if err := cases["by of another list"]; !strings.Contains(err.Error(), "use one of type, day, week, month") {
		t.Errorf("message: %v", err)
	}
	// What is sent: the list's filters, by/limit/tz; never the list's sort, order, limit or cursor.
	_, _ = c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{
		List:       MCPCallQuery{ListQuery: ListQuery{From: from, To: from.AddDate(0, 0, 999), Sort: "credits", Order: "asc", Limit: 5, Cursor: "c"}, APIKeyID: "key_ci", UserID: "usr_1"},
		GroupQuery: GroupQuery{By: model.GroupByDay, Limit: 3, TZ: "Europe/Berlin"}})
	r := rec.last(t)
	if got, want := r.URL.Path, "/api/v1/workspaces/ws/usage/mcp-calls/groups"; got != want {
		t.Errorf("path %s", got)
	}
	if got, want := r.URL.RawQuery, "api_key_id=key_ci&by=day&from=2026-01-01T00%3A00%3A00Z&limit=3&to=2028-09-26T00%3A00%3A00Z&tz=Europe%2FBerlin&user_id=usr_1"; got != want {
		t.Errorf("query\n %s\nwant\n %s", got, want)
	}
}

func TestGroupsDocumentMustMatchTheRequest(t *testing.T) {
	doc := func(by, tz string) string {
		return `{"by":"` + by + `","tz":"` + tz + `","data":[],"other":{"groups":0,"count":0,"credits":"0"},"summary":{"calls":0,"credits":"0"}}`
	}
	var body string
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 200, body) })
	ctx := context.Background()
	win := MCPCallQuery{ListQuery: ListQuery{From: demoNow.AddDate(0, 0, -3), To: demoNow}}
	for _, x := range []struct {
		body, by, tz, want string
	}{
		{doc("tool", "UTC"), "api_key", "", `grouped by "tool", not by "api_key"`},
		{doc("day", "UTC"), "day", "Asia/Tokyo", `time zone "UTC", not "Asia/Tokyo"`},
		{doc("day", "Asia/Tokyo"), "day", "", `time zone "Asia/Tokyo", not "UTC"`},
		{`{"by":"api_key","tz":"UTC","data":[{"key":"k","count":1,"credits":"1"}],"other":{"groups":0,"count":0,"credits":"0"},"summary":{}}`, "api_key", "", `field "label" is missing`},
		{doc("api_key", "Mars"), "api_key", "", ""},
	} {
		body = x.body
		_, err := c.MCPCallGroups(ctx, "ws", MCPCallGroupsQuery{List: win, GroupQuery: GroupQuery{By: model.GroupBy(x.by), TZ: x.tz}})
		if (x.want == "" && err != nil) || (x.want != "" && (err == nil || !strings.Contains(err.Error(), x.want))) {
			t.Errorf("%s: %v, want %q", x.body, err, x.want)
		}
	}
}

func TestGroupsOn10Server(t *testing.T) {
	run := startDemoAPI(t, demo.API10)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	win := ListQuery{From: demoNow.AddDate(0, 0, -7), To: demoNow}
	calls := []func() error{
		func() error {
			_, err := c.ConversationGroups(ctx, ws, ConversationGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByUser}})
			return err
		},
		func() error {
			_, err := c.MCPCallGroups(ctx, ws, MCPCallGroupsQuery{List: MCPCallQuery{ListQuery: win}, GroupQuery: GroupQuery{By: model.GroupByDay}})
			return err
		},
		func() error {
			_, err := c.ImportGroups(ctx, ws, ImportGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByImportType}})
			return err
		},
		func() error {
			_, err := c.AdjustmentGroups(ctx, ws, AdjustmentGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByType}})
			return err
		},
	}
	for i, f := range calls {
		err := f()
		if !IsCannotGroup(err) || !strings.HasPrefix(err.Error(), "this server cannot group") || RequestID(err) == "" {
			t.Errorf("call %d on a 1.0 server: %v", i, err)
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != 404 || ae.Code != "unknown_route" {
			t.Errorf("call %d: the API error is not reachable: %v", i, err)
		}
	}
	// Other 404s are not "cannot group".
	run11 := startDemo(t, 50)
	c11, _ := demoClient(t, run11, demo.OwnerKey)
	if _, err := c11.MCPCallGroups(ctx, "ws_nope", MCPCallGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByTool}}); IsCannotGroup(err) || statusOf(err) != 404 {
		t.Errorf("unknown workspace: %v", err)
	}
	// The billing document of a 1.0 server: limits and expiring unknown, not empty.
	b, err := c.Billing(ctx, ws)
	if err != nil || b.Plan.Limits.Known() || b.Credits.Expiring.Known() {
		t.Errorf("1.0 billing: %v %v %v", err, b.Plan.Limits.Known(), b.Credits.Expiring.Known())
	}
	b, err = c11.Billing(ctx, ws)
	if err != nil || !b.Plan.Limits.Known() || !b.Credits.Expiring.Known() || b.Credits.Expiring.Check(b.Credits.Remaining) != nil {
		t.Errorf("1.1 billing: %v %+v", err, b.Credits)
	}
}

// TestHostile11Text: limit names and group labels reach callers sanitised.
func TestHostile11Text(t *testing.T) {
	run, err := demo.Start(demo.Options{Now: demoNow, Seed: 3, Size: 300, Hostile: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	dirty := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e })
	}
	b, err := c.Billing(ctx, demo.WorkspaceAcme)
	if err != nil {
		t.Fatal(err)
	}
	hostile := false
	for _, l := range b.Plan.Limits.List() {
		hostile = hostile || strings.Contains(string(l.Name), "RED ALERT") || strings.Contains(string(l.Name), "refund")
		if dirty(string(l.Name)) || dirty(l.Line(demoNow, time.UTC)) {
			t.Errorf("limit name %q", l.Name)
		}
	}
	g, err := c.ConversationGroups(ctx, demo.WorkspaceAcme, ConversationGroupsQuery{GroupQuery: GroupQuery{By: model.GroupByUser}})
	if err != nil || g.Check() != nil {
		t.Fatal(err)
	}
	for _, d := range g.Data {
		hostile = hostile || strings.Contains(d.Display(g.By), "Ken")
		if dirty(d.Display(g.By)) {
			t.Errorf("group label %q", d.Display(g.By))
		}
	}
	if !hostile {
		t.Error("no hostile text reached the checks: they are vacuous")
	}
}

// A server that reflects the Authorization header into by or tz gets an
// error without the key in it, not even the part a 40-character cut keeps.
func TestGroupsMismatchNeverPrintsAReflectedKey(t *testing.T) {
	var field string
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		by, tz := "tool", "UTC"
		if field == "by" {
			by = r.Header.Get("Authorization")
		} else {
			tz = r.Header.Get("Authorization")
		}
		jsonReply(w, 200, `{"by":"`+by+`","tz":"`+tz+`","data":[],"other":{"groups":0,"count":0,"credits":"0"},"summary":{"calls":0,"credits":"0"}}`)
	}, func(o *Options) { o.APIKey = longKey })
	win := MCPCallQuery{ListQuery: ListQuery{From: demoNow.AddDate(0, 0, -3), To: demoNow}}
	for _, f := range []string{"by", "tz"} {
		field = f
		by := model.GroupByAPIKey
		if f == "tz" {
			by = model.GroupByDay
		}
		_, err := c.MCPCallGroups(context.Background(), "ws", MCPCallGroupsQuery{List: win, GroupQuery: GroupQuery{By: by}})
		if err == nil || longestKeyRun(err.Error(), longKey) >= 8 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
