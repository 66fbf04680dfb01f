package model

import (
	"testing"
	"time"
)

func TestParseCalendar(t *testing.T) {
	for s, want := range map[string]CalendarSpan{"2026-10": {2026, time.October}, "2026": {2026, 0}, "1970-01": {1970, time.January}} {
		got, err := ParseCalendar(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("ParseCalendar(%q) = %+v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "26", "2026-13", "2026-00", "2026-1", "1969", "2026/10", "２０２６", "2026-10-01", "-2026"} {
		if _, err := ParseCalendar(s); err == nil {
			t.Errorf("ParseCalendar(%q) accepted", s)
		}
	}
	if _, err := ParseCalendar("2026-13"); err == nil || err.Error() != `invalid --month "2026-13": use YYYY-MM, e.g. 2026-10` {
		t.Errorf("month error: %v", err)
	}
	if _, err := ParseCalendar("20x6"); err == nil || err.Error() != `invalid --year "20x6": use four digits from 1970, e.g. 2026` {
		t.Errorf("year error: %v", err)
	}
}

func TestCalendarWindowInZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	v := View{Calendar: "2026-10"}
	from, to, err := v.Window(time.Now(), berlin)
	if err != nil || !from.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, berlin)) || !to.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)) {
		t.Fatalf("October in Berlin: %s .. %s (%v)", from, to, err)
	}
	// October 2026 in Berlin has 31 days and one extra hour (DST ends on the 25th).
	if got := to.Sub(from); got != 31*24*time.Hour+time.Hour {
		t.Errorf("October spans %s", got)
	}
	from, to, _ = View{Calendar: "2026"}.Window(time.Now(), time.UTC)
	if !from.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2026: %s .. %s", from, to)
	}
	if !(View{Calendar: "2026"}).Bounded() || !(View{Calendar: "2026"}).HasWindow() {
		t.Error("a calendar window is bounded")
	}
	// December rolls into the next year; "last month" in January is December.
	if _, to, _ := (View{Calendar: "2026-12"}).Window(time.Now(), time.UTC); !to.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("December ends %s", to)
	}
	jan := time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)
	if got := MonthOf(jan, time.UTC, -1); got.String() != "2026-12" {
		t.Errorf("last month in January: %s", got)
	}
	// 23:30 on Oct 31 in UTC is already November in Berlin.
	late := time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC)
	if got := MonthOf(late, berlin, 0); got.String() != "2026-11" || got.Label() != "November 2026" {
		t.Errorf("this month in Berlin: %s %s", got, got.Label())
	}
	if got := YearOf(late, berlin); got.String() != "2026" || got.Label() != "2026" {
		t.Errorf("this year: %s", got)
	}
}

func TestCalendarAndGroupByArgs(t *testing.T) {
	v := View{Tab: TabMCPCalls, Calendar: "2026-10", GroupBy: GroupByAPIKey, User: "usr_1"}
	got := v.CommandLine()
	want := "tally --tab mcp-calls --month 2026-10 --user usr_1 --group-by api_key"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := (View{Calendar: "2026"}).CommandLine(); got != "tally --year 2026" {
		t.Errorf("year: %s", got)
	}
}

func TestNormalizeGroupByAndCalendar(t *testing.T) {
	v := View{Calendar: "2026-10", GroupBy: GroupByAPIKey, User: "usr_1"}
	if got := ListFor(TabMCPCalls).Normalize(v); got.GroupBy != GroupByAPIKey || got.Calendar != "2026-10" || got.User != "usr_1" {
		t.Errorf("mcp keeps its grouping, window and user: %+v", got)
	}
	if got := ListFor(TabConversations).Normalize(v); got.GroupBy != "" || got.User != "usr_1" {
		t.Errorf("conversations has no api_key grouping: %+v", got)
	}
	if got := ListFor(TabAdjustments).Normalize(v); got.User != "" {
		t.Errorf("adjustments have no user: %+v", got)
	}
	l := ListFor(TabConversations)
	if c := l.Clear(l.Normalize(View{Calendar: "2026", GroupBy: GroupByDay})); c.Calendar != "" || c.GroupBy != GroupByDay {
		t.Errorf("clear drops the calendar window, keeps the grouping: %+v", c)
	}
}

func TestUserFilterIsForRolesThatSeeUsers(t *testing.T) {
	f := FilterByFlag("user")
	if f == nil || f.Param != "user_id" || f.Kind != FilterRef {
		t.Fatalf("user filter: %+v", f)
	}
	if f.UsableBy(RoleMember) || !f.UsableBy(RoleOwner) || !f.UsableBy(RoleAdmin) || !f.UsableBy(RoleSupport) {
		t.Error("the user filter is for owners, admins and support")
	}
	var names []Tab
	for _, l := range ListsWith(f) {
		names = append(names, l.Tab)
	}
	if len(names) != 3 || names[0] != TabConversations || names[1] != TabMCPCalls || names[2] != TabImports {
		t.Errorf("user filter on %v", names)
	}
	for by, flag := range map[GroupBy]string{GroupByUser: "user", GroupByAPIKey: "api-key", GroupByBillingType: "billing-type",
		GroupByImportType: "import-type", GroupByType: "type"} {
		found := false
		for _, l := range Lists() {
			if g := l.FilterFor(by); g != nil {
				found = found || g.Flag == flag
			}
		}
		if !found {
			t.Errorf("no filter drills into %s", by)
		}
	}
	if ListFor(TabMCPCalls).FilterFor(GroupByTool) != nil || ListFor(TabMCPCalls).FilterFor(GroupByDay) != nil {
		t.Error("tool and time groups have no filter")
	}
}
