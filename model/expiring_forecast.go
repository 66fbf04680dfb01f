package model

import (
	"fmt"
	"math/big"
	"strings"
	"time"
)

// ExpiryOutlook is what the current pace does to one expiring entry.
type ExpiryOutlook struct {
	ExpiringCredit
	Used   Credits // spent before it expires
	Lapses Credits // left when it expires: Amount − Used
}

// ExpiryForecast is how much of the expiring credits the recent pace uses
// up before each entry lapses. Spending takes the soonest-expiring credits
// first (the contract's rule), so each entry gets what is spent between the
// previous expiry and its own, plus what earlier entries could not take.
type ExpiryForecast struct {
	// PaceKnown is false when the forecast had no complete day to average:
	// Used, Lapses and Lapse are then unknown, not zero.
	PaceKnown bool
	Pace      Credits // credits/day (ForecastResult.Pace), for sentences
	Entries   []ExpiryOutlook
	Lapse     Credits // Σ Lapses: credits that expire unused at this pace
}

// ForecastExpiry projects e at the pace of f (its exact WindowSpend/Days,
// not the rounded Pace) from now. Spending from now to t is
// floor(WindowSpend × seconds / (Days × 86400)) in 0.0001 units, computed
// from now each time so rounding never accumulates; an entry that has
// already expired (at or before now) lapses whole. ok is false when e is
// unknown (a 1.0 server).
func ForecastExpiry(e ExpiringCredits, f ForecastResult, now time.Time) (ExpiryForecast, bool) {
	if !e.Known() {
		return ExpiryForecast{}, false
	}
	out := ExpiryForecast{PaceKnown: f.Days > 0, Pace: f.Pace}
	sorted := e.Sorted()
	out.Entries = make([]ExpiryOutlook, len(sorted))
	for i, x := range sorted {
		out.Entries[i] = ExpiryOutlook{ExpiringCredit: x}
	}
	if !out.PaceKnown {
		return out, true
	}
	spend := max(f.WindowSpend.Units(), 0)
	den := big.NewInt(int64(f.Days) * 86400)
	spentBy := func(t time.Time) int64 { // cumulative spend from now to t, floored
		secs := int64(t.Sub(now) / time.Second)
		if secs <= 0 || spend == 0 {
			return 0
		}
		v := new(big.Int).Mul(big.NewInt(spend), big.NewInt(secs))
		v.Quo(v, den)
		if !v.IsInt64() {
			return 1<<63 - 1
		}
		return v.Int64()
	}
	left := make([]int64, len(sorted))
	for i, x := range sorted {
		left[i] = x.Amount.Units()
	}
	var before int64 // spend up to the previous expiry
	p := 0           // first entry that may still take spending
	for i, x := range sorted {
		at := spentBy(x.ExpiresAt)
		budget := at - before
		before = max(before, at)
		for p = max(p, i); budget > 0 && p < len(left); {
			take := min(budget, left[p])
			left[p] -= take
			budget -= take
			if left[p] == 0 {
				p++
			}
		}
		out.Entries[i].Lapses = Credits(left[i])
		out.Entries[i].Used = x.Amount - Credits(left[i])
		out.Lapse += Credits(left[i])
	}
	return out, true
}

// Phrase is one entry for a sentence: "150 expire Dec 3 (this period)",
// "40.5 rollover expire Dec 19", "25 promo credits expire Nov 26".
func (x ExpiringCredit) Phrase(now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	amt, day := x.Amount.Grouped(), shortDate(x.ExpiresAt, now, loc)
	switch x.Source {
	case ExpiryPeriod:
		return amt + " expire " + day + " (this period)"
	case ExpiryRollover:
		return amt + " rollover expire " + day
	case ExpiryPack:
		return amt + " pack credits expire " + day
	case ExpiryPromo:
		return amt + " promo credits expire " + day
	}
	return fmt.Sprintf("%s expire %s (%s)", amt, day, x.Source)
}

// Sentence lists the entries that have not expired yet, soonest first:
// "150 expire Dec 3 (this period) · 40.5 rollover expire Dec 19"; "" when
// none is left.
func (e ExpiringCredits) Sentence(now time.Time, loc *time.Location) string {
	var parts []string
	for _, x := range e.Sorted() {
		if x.Amount.Sign() > 0 && x.ExpiresAt.After(now) {
			parts = append(parts, x.Phrase(now, loc))
		}
	}
	return strings.Join(parts, " · ")
}

// Soon is the nearest entry when it expires within d of now (the header
// shows it within seven days).
func (e ExpiringCredits) Soon(now time.Time, d time.Duration) (ExpiringCredit, bool) {
	x, ok := e.Nearest(now)
	if !ok || x.ExpiresAt.Sub(now) > d {
		return ExpiringCredit{}, false
	}
	return x, true
}

// Sentence is the forecast for people: "At 41 credits/day you use them all
// before they expire.", "At 41 credits/day 12.5 of them lapse unused.", "At
// 41 credits/day 109.5 of them lapse unused (70 on Dec 3, 39.5 on Dec 19).",
// or "" with nothing left to expire or no pace to tell.
func (f ExpiryForecast) Sentence(now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	var total, lapse Credits
	var lapsing []string
	for _, x := range f.Entries {
		if !x.ExpiresAt.After(now) {
			continue // already gone: the server's list was older than now
		}
		total += x.Amount
		if x.Lapses.Sign() > 0 {
			lapse += x.Lapses
			lapsing = append(lapsing, x.Lapses.Grouped()+" on "+shortDate(x.ExpiresAt, now, loc))
		}
	}
	switch {
	case !f.PaceKnown || total.Sign() <= 0:
		return ""
	case lapse.Sign() == 0:
		return fmt.Sprintf("At %s credits/day you use them all before they expire.", PaceLabel(f.Pace))
	case f.Pace.Sign() <= 0:
		return fmt.Sprintf("With no spend lately, all %s lapse unused.", lapse.Grouped())
	case len(lapsing) == 1:
		return fmt.Sprintf("At %s credits/day %s of them lapse unused.", PaceLabel(f.Pace), lapse.Grouped())
	}
	return fmt.Sprintf("At %s credits/day %s of them lapse unused (%s).", PaceLabel(f.Pace), lapse.Grouped(), strings.Join(lapsing, ", "))
}
