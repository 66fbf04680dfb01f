package model

import (
	"strings"
	"testing"
	"time"
)

// Lapsing credits bring the run-out forward by exactly what lapses; with
// nothing lapsing, or nothing reported, it is the plain forecast.
func TestForecastRunOutTakesLapsesOut(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, loc)
	var daily []DailyUsage
	for d := 1; d <= 7; d++ { // 10 credits a day
		daily = append(daily, DailyUsage{Date: now.AddDate(0, 0, -d).Format(time.DateOnly), Conversations: MustCredits("10")})
	}
	refresh := now.AddDate(0, 2, 0)
	remaining := MustCredits("100")
	// 80 expire tomorrow: 10 are spent by then, 70 lapse; 30 are left to spend.
	e := KnownExpiring([]ExpiringCredit{{Amount: MustCredits("80"), ExpiresAt: now.AddDate(0, 0, 1), Source: ExpiryPromo}})
	r := ForecastRunOut(remaining, &refresh, e, daily, now, loc)
	if !r.ExpiryKnown || r.Expiry.Lapse != MustCredits("70") {
		t.Fatalf("lapse %s known %v", r.Expiry.Lapse, r.ExpiryKnown)
	}
	if want := now.Add(3 * 24 * time.Hour); !r.RunOutAt.Equal(want) || !r.Plain.RunOutAt.Equal(now.Add(10*24*time.Hour)) {
		t.Errorf("run-out %v (plain %v), want %v", r.RunOutAt, r.Plain.RunOutAt, want)
	}
	if s := r.Short(now, loc); s != "runs out ~Dec 6" {
		t.Errorf("short %q", s)
	}
	if s := r.Because(now, loc); !strings.Contains(s, "70 lapse unused first") || !strings.Contains(s, "Dec 13") {
		t.Errorf("because %q", s)
	}
	// Not reported (a 1.0 server): the plain forecast, and no reason given.
	r = ForecastRunOut(remaining, &refresh, ExpiringCredits{}, daily, now, loc)
	if r.ExpiryKnown || !r.RunOutAt.Equal(r.Plain.RunOutAt) || r.Because(now, loc) != "" {
		t.Errorf("1.0: %+v", r)
	}
	// Far enough to be used up first: nothing lapses, nothing moves.
	e = KnownExpiring([]ExpiringCredit{{Amount: MustCredits("20"), ExpiresAt: now.AddDate(0, 0, 5), Source: ExpiryPeriod}})
	r = ForecastRunOut(remaining, &refresh, e, daily, now, loc)
	if r.Expiry.Lapse != 0 || !r.RunOutAt.Equal(r.Plain.RunOutAt) {
		t.Errorf("no lapse: %+v", r)
	}
	// Lasting past the refresh says so.
	r = ForecastRunOut(MustCredits("10000"), &refresh, e, daily, now, loc)
	if s := r.Short(now, loc); s != "lasts past the refresh on Feb 3, 2027" {
		t.Errorf("short %q", s)
	}
}
