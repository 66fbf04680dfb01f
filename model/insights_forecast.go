package model

import (
	"fmt"
	"math/big"
	"sort"
	"time"
)

// ForecastDays is how many complete days the pace averages: a week smooths
// weekday/weekend swings yet still follows a change of habit within days.
// With fewer complete days in the data (a new workspace) it uses those.
const ForecastDays = 7

// forecastHorizon bounds the projection; beyond it credits "last" (and a
// time.Duration cannot hold much more than 290 years anyway).
const forecastHorizon = 100 * 365 * 24 * time.Hour

// ForecastResult is the projection of the balance at the recent daily pace.
type ForecastResult struct {
	// Days is the number of complete days averaged (0..ForecastDays); WindowSpend
	// their total spend (conversations + MCP-HTTP calls + imports).
	Days        int
	WindowSpend Credits
	// Pace is WindowSpend / Days in credits per day, rounded half away from zero
	// to 0.0001 (the Credits precision). The run-out time is computed from the
	// exact quotient, not from the rounded pace.
	Pace Credits
	// Exhausted: remaining ≤ 0 already.
	Exhausted bool
	// RunsOut: the pace is positive and the credits end within 100 years.
	RunsOut  bool
	RunOutAt time.Time // in loc; zero unless RunsOut (now when Exhausted)
	// RefreshesAt is /billing's refresh time in loc; nil for free and one-time plans.
	RefreshesAt *time.Time
	// BeforeRefresh: the credits run out before the refresh (always true with
	// RunsOut and no refresh date). DaysBeforeRefresh counts calendar days in
	// loc from the run-out date to the refresh date (0 = the same day).
	BeforeRefresh     bool
	DaysBeforeRefresh int
	// Sentence is the one-line summary for people.
	Sentence string
}

// Forecast projects remaining at the average daily spend of the last complete
// days of daily (days before today in loc; today is partial and would pull the
// pace down). daily is /usage/daily fetched in loc's zone; order does not matter.
func Forecast(remaining Credits, refreshesAt *time.Time, daily []DailyUsage, now time.Time, loc *time.Location) ForecastResult {
	if loc == nil {
		loc = time.Local
	}
	now = now.In(loc)
	var f ForecastResult
	if refreshesAt != nil {
		r := refreshesAt.In(loc)
		f.RefreshesAt = &r
	}
	today := now.Format(time.DateOnly)
	first := now.AddDate(0, 0, -ForecastDays).Format(time.DateOnly)
	var days []DailyUsage
	seen := map[string]bool{}
	for _, d := range daily {
		if d.Date >= first && d.Date < today && !seen[d.Date] {
			seen[d.Date] = true
			days = append(days, d)
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	f.Days = len(days)
	var sum big.Int
	for _, d := range days {
		for _, v := range []Credits{d.Conversations, d.MCPCalls, d.Imports} {
			sum.Add(&sum, big.NewInt(v.Units()))
		}
	}
	if sum.IsInt64() {
		f.WindowSpend = Credits(sum.Int64())
	}
	if f.Days > 0 {
		f.Pace = Credits(divRoundHalfAway(&sum, big.NewInt(int64(f.Days))))
	}

	switch {
	case remaining.Sign() <= 0:
		f.Exhausted, f.RunsOut, f.RunOutAt, f.BeforeRefresh = true, true, now, true
	case f.Days > 0 && sum.Sign() > 0:
		// seconds = remaining × days × 86400 / sum, floored: exact, no float.
		secs := new(big.Int).Mul(big.NewInt(remaining.Units()), big.NewInt(int64(f.Days)*86400))
		secs.Quo(secs, &sum)
		if secs.IsInt64() && secs.Int64() <= int64(forecastHorizon/time.Second) {
			f.RunsOut = true
			f.RunOutAt = now.Add(time.Duration(secs.Int64()) * time.Second)
		}
	}
	if f.RunsOut && !f.Exhausted {
		if f.RefreshesAt == nil {
			f.BeforeRefresh = true
		} else if f.RunOutAt.Before(*f.RefreshesAt) {
			f.BeforeRefresh = true
			f.DaysBeforeRefresh = calendarDays(f.RunOutAt, *f.RefreshesAt, loc)
		}
	}
	f.Sentence = f.sentence(now, loc)
	return f
}

func (f ForecastResult) sentence(now time.Time, loc *time.Location) string {
	refresh := ""
	if f.RefreshesAt != nil {
		refresh = shortDate(*f.RefreshesAt, now, loc)
	}
	switch {
	case f.Exhausted && refresh != "":
		return fmt.Sprintf("No credits left; they refresh on %s.", refresh)
	case f.Exhausted:
		return "No credits left."
	case f.Days == 0:
		return "No complete day of usage yet to forecast from."
	case f.Pace.Sign() <= 0 && f.WindowSpend.Sign() <= 0:
		if f.Days == 1 {
			return "No spend in the last day."
		}
		return fmt.Sprintf("No spend in the last %d days.", f.Days)
	}
	pace := PaceLabel(f.Pace)
	switch {
	case f.RunsOut && refresh == "":
		return fmt.Sprintf("At %s credits/day you run out %s.", pace, runOutDay(f.RunOutAt, now, loc))
	case f.RunsOut && f.BeforeRefresh && f.DaysBeforeRefresh == 0:
		return fmt.Sprintf("At %s credits/day you run out %s, hours before the refresh.", pace, runOutDay(f.RunOutAt, now, loc))
	case f.RunsOut && f.BeforeRefresh:
		return fmt.Sprintf("At %s credits/day you run out %s, %s before the refresh on %s.",
			pace, runOutDay(f.RunOutAt, now, loc), plural(f.DaysBeforeRefresh, "day"), refresh)
	case refresh != "":
		return fmt.Sprintf("At this pace your credits last past the refresh on %s.", refresh)
	}
	return fmt.Sprintf("At %s credits/day your credits last more than 100 years.", pace)
}

// PaceLabel is a pace for a sentence: whole credits from 10/day up ("41"),
// else two decimals ("2.5", "0.07"), else the full precision ("0.0004").
func PaceLabel(p Credits) string {
	switch {
	case p.Units() >= 10*Scale || p.Units() <= -10*Scale:
		return RoundCredits(p, 0).Grouped()
	case RoundCredits(p, 2) != 0:
		return RoundCredits(p, 2).Grouped()
	}
	return p.Grouped()
}

// RoundCredits rounds c half away from zero to places (0..4) decimal places.
func RoundCredits(c Credits, places int) Credits {
	if places >= fracDigits {
		return c
	}
	step := int64(1)
	for i := places; i < fracDigits; i++ {
		step *= 10
	}
	q := divRoundHalfAway(big.NewInt(c.Units()), big.NewInt(step))
	r, err := Credits(q).Mul(step)
	if err != nil {
		return c
	}
	return r
}

// divRoundHalfAway is a/b rounded half away from zero (b > 0); the result is
// clamped to int64, which only matters for sums beyond any real balance.
func divRoundHalfAway(a, b *big.Int) int64 {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	twice := new(big.Int).Abs(m)
	twice.Lsh(twice, 1)
	if twice.Cmp(b) >= 0 {
		if a.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		if q.Sign() < 0 {
			return -1 << 63
		}
		return 1<<63 - 1
	}
	return q.Int64()
}

// calendarDays counts calendar days in loc from a's date to b's date.
func calendarDays(a, b time.Time, loc *time.Location) int {
	y1, m1, d1 := a.In(loc).Date()
	y2, m2, d2 := b.In(loc).Date()
	return int(time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)).Hours() / 24)
}

// shortDate is "Dec 3", with the year when it is not now's year ("Jan 4, 2027").
func shortDate(t, now time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Year() != now.In(loc).Year() {
		return t.Format("Jan 2, 2006")
	}
	return t.Format("Jan 2")
}

func runOutDay(t, now time.Time, loc *time.Location) string {
	switch calendarDays(now, t, loc) {
	case 0:
		return "today"
	case 1:
		return "tomorrow (" + shortDate(t, now, loc) + ")"
	}
	return shortDate(t, now, loc)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
