package model

import (
	"strings"
	"testing"
	"time"
)

var xnow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func exp(amount string, in time.Duration, src ExpirySource) ExpiringCredit {
	return ExpiringCredit{Amount: MustCredits(amount), ExpiresAt: xnow.Add(in), Source: src}
}

// pace is a forecast spending `perDay` credits a day over one complete day.
func pace(perDay string) ForecastResult {
	return ForecastResult{Days: 1, WindowSpend: MustCredits(perDay), Pace: MustCredits(perDay)}
}

func lapses(f ExpiryForecast) string {
	var s []string
	for _, e := range f.Entries {
		s = append(s, e.Lapses.String())
	}
	return strings.Join(s, ",")
}

func TestForecastExpiryAtTheEdge(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		name    string
		entries []ExpiringCredit
		f       ForecastResult
		want    string // lapses per entry, by expiry
		total   string
	}{
		// 150/day for exactly a day spends exactly 150.
		{"exact", []ExpiringCredit{exp("150", day, ExpiryPeriod)}, pace("150"), "0", "0"},
		{"one unit more", []ExpiringCredit{exp("150.0001", day, ExpiryPeriod)}, pace("150"), "0.0001", "0.0001"},
		// A second short of a day: floor(1,500,000 × 86,399 / 86,400) = 1,499,982 units.
		{"a second early", []ExpiringCredit{exp("150", day-time.Second, ExpiryPeriod)}, pace("150"), "0.0018", "0.0018"},
		// The pace is the exact quotient: 0.0003 over 2 days is 0.00015/day,
		// rounded to 0.0002 for display; a day spends 0.00015, floored to 0.0001.
		{"exact quotient", []ExpiringCredit{exp("0.0002", day, ExpiryPromo)}, ForecastResult{Days: 2, WindowSpend: 3, Pace: 2}, "0.0001", "0.0001"},
		// Soonest first: the first entry takes 75 of its 100, the second gets the rest of the pace.
		{"two", []ExpiringCredit{exp("100", 48*time.Hour, ExpiryRollover), exp("100", 12*time.Hour, ExpiryPeriod)}, pace("150"), "25,0", "25"},
		// Spending past the first entry flows into the next before the first expires.
		{"overflow", []ExpiringCredit{exp("50", 12*time.Hour, ExpiryPeriod), exp("100", 12*time.Hour+30*time.Minute, ExpiryRollover)}, pace("150"), "0,71.875", "71.875"},
		{"no spend", []ExpiringCredit{exp("40.5", day, ExpiryRollover)}, ForecastResult{Days: 7}, "40.5", "40.5"},
		{"refunds only", []ExpiringCredit{exp("1", day, ExpiryPack)}, ForecastResult{Days: 7, WindowSpend: MustCredits("-3")}, "1", "1"},
		{"already expired", []ExpiringCredit{exp("9", -time.Hour, ExpiryPromo), exp("1", day, ExpiryPeriod)}, pace("150"), "9,0", "9"},
	}
	for _, c := range cases {
		f, ok := ForecastExpiry(KnownExpiring(c.entries), c.f, xnow)
		if !ok || !f.PaceKnown || lapses(f) != c.want || f.Lapse.String() != c.total {
			t.Errorf("%s: lapses %s (total %s), want %s (%s)", c.name, lapses(f), f.Lapse, c.want, c.total)
		}
		for _, e := range f.Entries {
			if e.Used+e.Lapses != e.Amount || e.Used < 0 {
				t.Errorf("%s: %+v does not add up", c.name, e)
			}
		}
	}
	if _, ok := ForecastExpiry(ExpiringCredits{}, pace("1"), xnow); ok {
		t.Error("unknown expiring credits forecast")
	}
	f, ok := ForecastExpiry(KnownExpiring([]ExpiringCredit{exp("5", day, ExpiryPeriod)}), ForecastResult{}, xnow)
	if !ok || f.PaceKnown || f.Sentence(xnow, time.UTC) != "" {
		t.Errorf("no pace: %+v %q", f, f.Sentence(xnow, time.UTC))
	}
}

func TestExpirySentences(t *testing.T) {
	e := KnownExpiring([]ExpiringCredit{
		{Amount: MustCredits("40.5"), ExpiresAt: time.Date(2026, 12, 19, 0, 0, 0, 0, time.UTC), Source: ExpiryRollover},
		{Amount: NewCredits(150), ExpiresAt: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), Source: ExpiryPeriod},
		{Amount: NewCredits(1200), ExpiresAt: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Source: ExpiryPack},
		{Amount: NewCredits(7), ExpiresAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Source: ExpiryPromo}, // gone
		{Amount: NewCredits(2), ExpiresAt: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC), Source: "gift"},
	})
	want := "150 expire Dec 3 (this period) · 40.5 rollover expire Dec 19 · 2 expire Dec 20 (gift) · 1,200 pack credits expire Jan 4, 2027"
	if got := e.Sentence(xnow, time.UTC); got != want {
		t.Errorf("sentence\n %s\nwant\n %s", got, want)
	}
	if x, ok := e.Soon(xnow, 7*24*time.Hour); ok {
		t.Errorf("Dec 3 is 12 days away, not soon: %+v", x)
	}
	if x, ok := e.Soon(xnow, 12*24*time.Hour); !ok || x.Amount != NewCredits(150) {
		t.Errorf("soon within 12 days: %+v %v", x, ok)
	}
	// 41/day from Nov 21 12:00: 11.5 days to Dec 3 spend 471.5, so the
	// period's 150 and the rollover go; the pack lapses in part.
	f, _ := ForecastExpiry(e, ForecastResult{Days: 7, WindowSpend: NewCredits(287), Pace: NewCredits(41)}, xnow)
	if got := f.Sentence(xnow, time.UTC); got != "At 41 credits/day you use them all before they expire." || lapses(f) != "7,0,0,0,0" {
		t.Errorf("%q %s", got, lapses(f))
	}
	f, _ = ForecastExpiry(e, ForecastResult{Days: 7, WindowSpend: NewCredits(7), Pace: NewCredits(1)}, xnow)
	if got := f.Sentence(xnow, time.UTC); got != "At 1 credits/day 1,349 of them lapse unused (138.5 on Dec 3, 24.5 on Dec 19, 1 on Dec 20, 1,185 on Jan 4, 2027)." {
		t.Errorf("%q (%s)", got, lapses(f))
	}
	one, _ := ForecastExpiry(KnownExpiring([]ExpiringCredit{exp("20", 24*time.Hour, ExpiryPromo)}), pace("7.5"), xnow)
	if got := one.Sentence(xnow, time.UTC); got != "At 7.5 credits/day 12.5 of them lapse unused." {
		t.Errorf("%q", got)
	}
	idle, _ := ForecastExpiry(KnownExpiring([]ExpiringCredit{exp("20", 24*time.Hour, ExpiryPromo)}), ForecastResult{Days: 3}, xnow)
	if got := idle.Sentence(xnow, time.UTC); got != "With no spend lately, all 20 lapse unused." {
		t.Errorf("%q", got)
	}
}

func TestLimitPercentAtTheEdge(t *testing.T) {
	lim := func(used, limit string) PlanLimit {
		l := MustCredits(limit)
		return PlanLimit{Name: "Images", Used: MustCredits(used), Limit: &l}
	}
	for _, c := range []struct {
		used, limit string
		pct         int64
		usage       string
	}{
		{"499.9999", "500", 99, "499.9999 of 500"}, {"500", "500", 100, "500 of 500"}, {"500.0001", "500", 100, "500.0001 of 500"},
		{"0.0001", "0.0001", 100, "0.0001 of 0.0001"}, {"0", "3", 0, "0 of 3"}, {"1200", "1000", 120, "1,200 of 1,000"},
	} {
		l := lim(c.used, c.limit)
		if p, ok := l.UsedPercent(); !ok || p != c.pct || l.Usage() != c.usage {
			t.Errorf("%s of %s: %d%% %q", c.used, c.limit, p, l.Usage())
		}
	}
	later := time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC)
	l := lim("1", "2")
	l.ResetsAt = &later
	if got := l.Line(xnow, time.UTC); got != "Images: 1 of 2 · resets Jan 3, 2027" {
		t.Errorf("%q", got)
	}
}
