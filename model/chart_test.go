package model

import (
	"testing"
	"time"
)

func TestDailyWindowAndChartLayout(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	now := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC) // Nov 22 in Berlin
	from, to := DailyWindow(now, berlin, 30)
	if got := from.In(berlin).Format(time.RFC3339); got != "2026-10-24T00:00:00+02:00" {
		t.Fatalf("from %s (30 days incl. today, across the DST change)", got)
	}
	if got := to.In(berlin).Format(time.RFC3339); got != "2026-11-23T00:00:00+01:00" {
		t.Fatalf("to %s", got)
	}
	daily := []DailyUsage{
		{Date: "2026-10-23", Conversations: NewCredits(999)}, // outside the window
		{Date: "2026-10-24", Conversations: MustCredits("10.5"), MCPCalls: NewCredits(2), Imports: NewCredits(5)},
		{Date: "2026-11-22", MCPCalls: MustCredits("120.25")},
		{Date: "2026-11-10", Conversations: NewCredits(-4), Imports: NewCredits(3)}, // refunds
	}
	c := NewDailyChart(daily, now, berlin, 30, 4)
	if len(c.Days) != 30 || c.Days[0].Key != "2026-10-24" || c.Days[29].Key != "2026-11-22" || c.Days[29].Label != "Nov 22" {
		t.Fatalf("window: %d days, %s..%s", len(c.Days), c.Days[0].Key, c.Days[len(c.Days)-1].Key)
	}
	if c.Days[0].Total != MustCredits("17.5") || c.Days[1].Total != 0 {
		t.Fatalf("totals %s %s", c.Days[0].Total, c.Days[1].Total)
	}
	if c.Max != MustCredits("120.25") || c.Top != NewCredits(150) || c.Step != NewCredits(50) || len(c.Ticks) != 4 {
		t.Fatalf("axis max %s top %s step %s ticks %v", c.Max, c.Top, c.Step, c.Ticks)
	}
	if c.Total.Conversations != MustCredits("6.5") || c.Total.Imports != NewCredits(8) {
		t.Fatalf("window totals %+v", c.Total)
	}
	refund := c.Days[17] // Nov 10
	if refund.Key != "2026-11-10" || refund.Total != NewCredits(-1) || refund.StackHeight() != NewCredits(3) {
		t.Fatalf("refund day %+v height %s", refund, refund.StackHeight())
	}
	for i, d := range c.Days {
		if d.Date.Location() != berlin || d.Date.Hour() != 0 {
			t.Fatalf("day %d not midnight in the zone: %v", i, d.Date)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	for _, tc := range []struct {
		max, top, step string
		n              int
	}{
		{"120.25", "150", "50", 4},
		{"120", "150", "50", 4}, // 1-2-5 steps only: the finest step that fits wins
		{"0.0003", "0.0003", "0.0001", 4},
		{"7", "8", "2", 4},
		{"1000", "1000", "500", 2},
		{"41", "50", "10", 6},
		{"0", "1", "1", 4},
	} {
		top, step, ticks := NiceAxis(MustCredits(tc.max), tc.n)
		if top != MustCredits(tc.top) || step != MustCredits(tc.step) {
			t.Errorf("NiceAxis(%s, %d) = top %s step %s, want %s %s", tc.max, tc.n, top, step, tc.top, tc.step)
		}
		if ticks[0] != 0 || ticks[len(ticks)-1] != top || len(ticks)-1 > max(tc.n, 1) {
			t.Errorf("ticks %v", ticks)
		}
		if top < MustCredits(tc.max) {
			t.Errorf("top %s below max %s", top, tc.max)
		}
	}
}

func TestCells(t *testing.T) {
	top := NewCredits(150)
	for _, tc := range []struct {
		v    string
		want int
	}{{"0", 0}, {"-3", 0}, {"150", 8}, {"999", 8}, {"75", 4}, {"9.375", 1}, {"9.3749", 0}, {"120.25", 6}} {
		if got := Cells(MustCredits(tc.v), top, 8); got != tc.want {
			t.Errorf("Cells(%s) = %d, want %d", tc.v, got, tc.want)
		}
	}
}

func TestZoneName(t *testing.T) {
	if _, err := time.LoadLocation("Europe/Berlin"); err != nil {
		t.Skip("no tzdata")
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "TZ" {
				return v
			}
			return ""
		}
	}
	if got := ZoneName(berlin, env("")); got != "Europe/Berlin" {
		t.Fatal(got)
	}
	if got := ZoneName(time.UTC, env("")); got != "UTC" {
		t.Fatal(got)
	}
	if got := ZoneName(time.Local, env("America/New_York")); got != "America/New_York" {
		t.Fatal(got)
	}
	if got := ZoneName(time.Local, env("/etc/passwd")); got == "/etc/passwd" || got == "Local" {
		t.Fatal(got)
	}
}
