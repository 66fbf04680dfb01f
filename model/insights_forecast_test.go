package model

import (
	"strings"
	"testing"
	"time"
)

var fcNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// daysOf builds /usage/daily entries ending the day before fcNow (Nov 20),
// oldest first, with the given conversation spend; today's entry is added
// with a big partial spend that must never count.
func daysOf(spend ...string) []DailyUsage {
	var out []DailyUsage
	last := fcNow.AddDate(0, 0, -1)
	for i, s := range spend {
		d := last.AddDate(0, 0, -(len(spend) - 1 - i))
		out = append(out, DailyUsage{Date: d.Format(time.DateOnly), Conversations: MustCredits(s)})
	}
	return append(out, DailyUsage{Date: fcNow.Format(time.DateOnly), Conversations: MustCredits("99999")})
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestForecast(t *testing.T) {
	dec3 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		remaining string
		refresh   *time.Time
		daily     []DailyUsage
		pace      string
		days      int
		runsOut   bool
		runOut    string // date, "" = none
		before    bool
		daysBef   int
		sentence  string
	}{
		{"runs out before refresh", "328", &dec3, daysOf(repeat("41", 10)...), "41", 7, true, "2026-11-29", true, 4,
			"At 41 credits/day you run out Nov 29, 4 days before the refresh on Dec 3."},
		{"zero pace never runs out", "328", &dec3, daysOf(repeat("0", 7)...), "0", 7, false, "", false, 0,
			"No spend in the last 7 days."},
		{"lasts past the refresh", "10000", &dec3, daysOf(repeat("41", 7)...), "41", 7, true, "2027-07-23", false, 0,
			"At this pace your credits last past the refresh on Dec 3."},
		{"no refresh date (free, one_time)", "328", nil, daysOf(repeat("41", 7)...), "41", 7, true, "2026-11-29", true, 0,
			"At 41 credits/day you run out Nov 29."},
		{"nothing left", "0", &dec3, daysOf(repeat("41", 7)...), "41", 7, true, "2026-11-21", true, 0,
			"No credits left; they refresh on Dec 3."},
		{"overdrawn without refresh", "-5", nil, daysOf(repeat("41", 7)...), "41", 7, true, "2026-11-21", true, 0,
			"No credits left."},
		{"fewer complete days than a week", "100", &dec3, daysOf("10", "20", "30"), "20", 3, true, "2026-11-26", true, 7,
			"At 20 credits/day you run out Nov 26, 7 days before the refresh on Dec 3."},
		{"no complete day yet", "100", &dec3, daysOf(), "0", 0, false, "", false, 0,
			"No complete day of usage yet to forecast from."},
		{"pace rounds half away from zero to 4 places", "1", &dec3, daysOf("0", "0", "0", "0", "0", "0", "0.0011"), "0.0002", 7, true, "2044-04-24", false, 0,
			"At this pace your credits last past the refresh on Dec 3."},
		{"exact quotient, not the rounded pace", "100", nil, daysOf(repeat("100", 7)...), "100", 7, true, "2026-11-22", true, 0,
			"At 100 credits/day you run out tomorrow (Nov 22)."},
		{"same day as the refresh", "1150", ptr(time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)), daysOf(repeat("100", 7)...), "100", 7, true, "2026-12-03", true, 0,
			"At 100 credits/day you run out Dec 3, hours before the refresh."},
		{"beyond the horizon", "1000000000", nil, daysOf(repeat("0.0001", 7)...), "0.0001", 7, false, "", false, 0,
			"At 0.0001 credits/day your credits last more than 100 years."},
		{"refunds outweigh spend", "100", &dec3, daysOf("-5", "1"), "-2", 2, false, "", false, 0,
			"No spend in the last 2 days."},
		{"run-out next year shows the year", "2000", nil, daysOf(repeat("41", 7)...), "41", 7, true, "2027-01-09", true, 0,
			"At 41 credits/day you run out Jan 9, 2027."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Forecast(MustCredits(tc.remaining), tc.refresh, tc.daily, fcNow, time.UTC)
			if f.Pace != MustCredits(tc.pace) || f.Days != tc.days || f.RunsOut != tc.runsOut || f.BeforeRefresh != tc.before ||
				f.DaysBeforeRefresh != tc.daysBef {
				t.Fatalf("got pace %s days %d runsOut %v before %v daysBefore %d", f.Pace, f.Days, f.RunsOut, f.BeforeRefresh, f.DaysBeforeRefresh)
			}
			got := ""
			if f.RunsOut {
				got = f.RunOutAt.Format(time.DateOnly)
			} else if !f.RunOutAt.IsZero() {
				t.Fatal("RunOutAt set without RunsOut")
			}
			if got != tc.runOut {
				t.Fatalf("run-out %q, want %q", got, tc.runOut)
			}
			if f.Sentence != tc.sentence {
				t.Fatalf("sentence\n got %q\nwant %q", f.Sentence, tc.sentence)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// In Berlin it is already Nov 22 at 23:30 UTC on Nov 21, so Nov 21 is a
// complete day there but today in UTC.
func TestForecastCompleteDaysFollowTheZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	now := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)
	daily := []DailyUsage{{Date: "2026-11-21", MCPCalls: MustCredits("70")}}
	if f := Forecast(NewCredits(10), nil, daily, now, berlin); f.Days != 1 || f.Pace != NewCredits(70) {
		t.Fatalf("berlin: %+v", f)
	}
	if f := Forecast(NewCredits(10), nil, daily, now, time.UTC); f.Days != 0 {
		t.Fatalf("utc: today is partial: %+v", f)
	}
}

func TestForecastSumsAllCategories(t *testing.T) {
	daily := []DailyUsage{{Date: "2026-11-20", Conversations: MustCredits("1.5"), MCPCalls: MustCredits("2.25"), Imports: MustCredits("0.25"),
		CreditsAdded: NewCredits(2000), CreditsRemoved: NewCredits(-300)}}
	f := Forecast(NewCredits(100), nil, daily, fcNow, time.UTC)
	if f.Pace != NewCredits(4) || f.WindowSpend != NewCredits(4) || !strings.Contains(f.Sentence, "At 4 credits/day") {
		t.Fatalf("%+v", f)
	}
}

func TestRoundCreditsAndPaceLabel(t *testing.T) {
	for _, tc := range []struct {
		in     string
		places int
		want   string
	}{
		{"14.2857", 0, "14"}, {"14.5", 0, "15"}, {"-14.5", 0, "-15"}, {"0.125", 2, "0.13"}, {"-0.125", 2, "-0.13"}, {"1.2345", 4, "1.2345"},
	} {
		if got := RoundCredits(MustCredits(tc.in), tc.places).String(); got != tc.want {
			t.Errorf("RoundCredits(%s, %d) = %s, want %s", tc.in, tc.places, got, tc.want)
		}
	}
	for in, want := range map[string]string{"41.2857": "41", "1234.5": "1,235", "2.499": "2.5", "0.0004": "0.0004", "0.07": "0.07"} {
		if got := PaceLabel(MustCredits(in)); got != want {
			t.Errorf("PaceLabel(%s) = %s, want %s", in, got, want)
		}
	}
}
