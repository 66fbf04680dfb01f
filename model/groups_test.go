package model

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

const contractGroups = `{
  "by": "api_key", "tz": "UTC",
  "data": [
    {"key": "key_ci", "label": "CI pipeline", "count": 5211, "credits": "1234.5"},
    {"key": "key_zap", "label": "Zapier integration", "count": 310, "credits": "99.25"}
  ],
  "other": {"groups": 3, "count": 12, "credits": "4.5"},
  "summary": {"calls": 5533, "credits": "1338.25"}
}`

func TestGroupsDecodeAndIdentity(t *testing.T) {
	var g Groups[MCPSummary]
	if err := json.Unmarshal([]byte(contractGroups), &g); err != nil {
		t.Fatal(err)
	}
	if g.By != GroupByAPIKey || g.TZ != "UTC" || len(g.Data) != 2 || g.Data[0].KeyString() != "key_ci" ||
		g.Data[1].Display(g.By) != "Zapier integration" || g.Other != (GroupOther{3, 12, MustCredits("4.5")}) {
		t.Fatalf("decoded %+v", g)
	}
	if err := g.Check(); err != nil {
		t.Errorf("identity: %v", err)
	}
	g.Summary.Credits = MustCredits("1338.2501")
	if err := g.Check(); err == nil || !strings.Contains(err.Error(), "groups + other = 5,533 records, 1,338.25 credits; summary = 5,533 records, 1,338.2501 credits") {
		t.Errorf("off by 0.0001: %v", err)
	}
	g.Summary.Credits, g.Summary.Calls = MustCredits("1338.25"), 5534
	if err := g.Check(); err == nil {
		t.Error("off by one record passes")
	}
	// Round trip: what export writes is the server's document.
	out, _ := json.Marshal(g)
	var back Groups[MCPSummary]
	if err := json.Unmarshal(out, &back); err != nil || back.Summary.Calls != 5534 {
		t.Errorf("round trip: %v %s", err, out)
	}
}

func TestGroupsNullKeyAndAdjustmentNet(t *testing.T) {
	doc := `{"by":"user","tz":"UTC","data":[{"key":null,"label":null,"count":2,"credits":"3"},
	  {"key":"usr_1","label":"Ada Lovelace","count":1,"credits":"3"}],
	  "other":{"groups":0,"count":0,"credits":"0"},"summary":{"conversations":3,"messages":9,"credits":"6"}}`
	var g Groups[ConversationSummary]
	if err := json.Unmarshal([]byte(doc), &g); err != nil {
		t.Fatal(err)
	}
	if g.Data[0].Key != nil || g.Data[0].Label != nil || g.Data[0].Display(g.By) != "Deleted user" || g.Check() != nil {
		t.Errorf("null user group: %+v %v", g.Data[0], g.Check())
	}
	adj := `{"by":"type","tz":"UTC","data":[{"key":"subscription_renewal","label":"subscription_renewal","count":2,"credits":"4000"},
	  {"key":"credit_expiration","label":"credit_expiration","count":1,"credits":"-300"}],
	  "other":{"groups":0,"count":0,"credits":"0"},
	  "summary":{"adjustments":3,"credits_added":"4000","credits_removed":"-300","net":"3700"}}`
	var a Groups[AdjustmentSummary]
	if err := json.Unmarshal([]byte(adj), &a); err != nil || a.Check() != nil {
		t.Errorf("adjustments identity is on net: %v %v", err, a.Check())
	}
}

func TestGroupsStrict(t *testing.T) {
	base := func(r ...string) string {
		s := contractGroups
		for i := 0; i+1 < len(r); i += 2 {
			s = strings.Replace(s, r[i], r[i+1], 1)
		}
		return s
	}
	cases := map[string]string{
		base(`"by": "api_key", `, ``): `field "by" is missing`,
		base(`"tz": "UTC",`, ``):      `field "tz" is missing`,
		base(`"other": {"groups": 3, "count": 12, "credits": "4.5"},`, ``): `field "other" is missing`,
		base(`"count": 5211, `, ``):                                        `data[0]: field "count" is missing`,
		base(`"label": "Zapier integration", `, ``):                        `data[1]: field "label" is missing`,
		base(`"key": "key_ci", `, ``):                                      `data[0]: field "key" is missing`,
		base(`"credits": "99.25"`, `"credits": 99.25`):                     `data[1]: field "credits"`,
		base(`"count": 310`, `"count": -1`):                                `negative`,
		base(`"groups": 3`, `"groups": null`):                              `other: field "groups" is null`,
		base(`"data": [`, `"data": null, "x": [`):                          `data: want an array`,
		`null`: `want an object`,
		`[]`:   `want an object`,
	}
	for doc, want := range cases {
		var g Groups[MCPSummary]
		err := json.Unmarshal([]byte(doc), &g)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want %q in\n%s", err, want, doc)
		}
	}
	timeDoc := func(keys ...string) string {
		var d []string
		for _, k := range keys {
			d = append(d, `{"key":`+k+`,"label":null,"count":1,"credits":"1"}`)
		}
		return `{"by":"day","tz":"Europe/Berlin","data":[` + strings.Join(d, ",") + `],"other":{"groups":0,"count":0,"credits":"0"},"summary":{"calls":2,"credits":"2"}}`
	}
	var g Groups[MCPSummary]
	if err := json.Unmarshal([]byte(timeDoc(`"2026-11-01"`, `"2026-11-03"`)), &g); err != nil || g.Check() != nil {
		t.Errorf("day groups: %v", err)
	}
	for _, bad := range [][]string{{`"2026-11-03"`, `"2026-11-01"`}, {`"2026-11-01"`, `"2026-11-01"`}, {`null`, `"2026-11-01"`}, {`"Nov 1"`}} {
		if err := json.Unmarshal([]byte(timeDoc(bad...)), &g); err == nil {
			t.Errorf("time keys %v accepted", bad)
		}
	}
}

func TestGroupBysForRole(t *testing.T) {
	if got := GroupBysForRole(TabMCPCalls, RoleMember); slices.Contains(got, GroupByUser) || len(got) != 5 {
		t.Errorf("member mcp-calls: %v", got)
	}
	if got := GroupBysForRole(TabMCPCalls, RoleSupport); !slices.Contains(got, GroupByUser) {
		t.Errorf("support: %v", got)
	}
	if !slices.Contains(GroupBysFor(TabMCPCalls), GroupByUser) {
		t.Error("GroupBysForRole changed the shared list")
	}
	if GroupBysFor(TabBilling) != nil || GroupBysFor(TabOverview) != nil {
		t.Error("tabs without a groups endpoint have by values")
	}
	for _, tab := range []Tab{TabConversations, TabMCPCalls, TabImports, TabAdjustments} {
		for _, by := range GroupBysFor(tab) {
			if !Known(by, GroupBys) || by.Label() == string(by) {
				t.Errorf("%s: %q unknown or unlabelled", tab, by)
			}
		}
	}
}

func TestDayStartAcrossMidnightDST(t *testing.T) {
	havana, _ := time.LoadLocation("America/Havana")
	// 2026-03-08: clocks jump from 00:00 to 01:00; time.Date(…0:00…) is 23:00 the day before.
	d := DayStart(2026, 3, 8, havana)
	if got := d.In(havana).Format("2006-01-02 15:04"); got != "2026-03-08 01:00" {
		t.Errorf("Havana day start %s", got)
	}
	if prev := d.Add(-time.Second).In(havana); prev.Day() != 7 {
		t.Errorf("the second before the start is on day %d", prev.Day())
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got := DayStart(2026, 3, 29, berlin); !got.Equal(time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Berlin %s", got)
	}
	if got := DayStart(2026, 12, 32, time.UTC); !got.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("overflowing day %s", got)
	}
	key := Text("2026-03-02")
	g := Group{Key: &key}
	from, to, ok := g.Bucket(GroupByWeek, havana)
	if !ok || from.In(havana).Format(time.DateTime) != "2026-03-02 00:00:00" || to.In(havana).Format(time.DateTime) != "2026-03-09 00:00:00" {
		t.Errorf("week bucket %s – %s", from.In(havana), to.In(havana))
	}
	if f, to, ok := g.Bucket(GroupByMonth, time.UTC); !ok || f.Day() != 2 || to.Month() != 4 {
		t.Errorf("month bucket %s %s", f, to)
	}
	if _, _, ok := g.Bucket(GroupByUser, time.UTC); ok {
		t.Error("a categorical group has a bucket")
	}
}

func TestShareTenths(t *testing.T) {
	cases := []struct {
		part, total string
		want        int64
	}{{"1234.5", "1734.25", 712}, {"4.5", "1734.25", 3}, {"0.0001", "1", 0}, {"0.0005", "1", 1}, {"1", "1", 1000}, {"-300", "-600", 500}}
	for _, c := range cases {
		if got, ok := ShareTenths(MustCredits(c.part), MustCredits(c.total)); !ok || got != c.want {
			t.Errorf("%s of %s = %d, want %d", c.part, c.total, got, c.want)
		}
	}
	if _, ok := ShareTenths(1, 0); ok {
		t.Error("share of zero")
	}
}

func TestBuckets(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if s, ok := Buckets(GroupByDay, from, from.AddDate(0, 0, 1000), time.UTC, MaxBuckets); !ok || len(s) != 1001 {
		t.Errorf("1,000 days: %d starts %v", len(s), ok)
	}
	if _, ok := Buckets(GroupByDay, from, from.AddDate(0, 0, 1000).Add(time.Second), time.UTC, MaxBuckets); ok {
		t.Error("a second into day 1,001 is allowed")
	}
	// Wed 2026-11-18 10:00 to Tue 2026-12-01: weeks of Nov 16, 23 and 30.
	s, ok := Buckets(GroupByWeek, time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.UTC, MaxBuckets)
	if !ok || len(s) != 4 || s[0].Format(time.DateOnly) != "2026-11-16" || s[3].Format(time.DateOnly) != "2026-12-07" {
		t.Errorf("weeks %v", s)
	}
	// A month in Berlin starts at local midnight; the window ends exactly at a bucket start.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	s, ok = Buckets(GroupByMonth, time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC), berlin, MaxBuckets)
	if !ok || len(s) != 2 || !s[0].Equal(time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)) || !s[1].Equal(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Berlin months %v", s)
	}
	for _, bad := range []struct {
		by       GroupBy
		from, to time.Time
	}{{GroupByUser, from, from.Add(time.Hour)}, {GroupByDay, from, from}, {GroupByDay, from.Add(time.Hour), from}} {
		if _, ok := Buckets(bad.by, bad.from, bad.to, time.UTC, MaxBuckets); ok {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, ok := Buckets(GroupByMonth, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC, MaxBuckets); ok {
		t.Error("8,000 years of months accepted")
	}
}
