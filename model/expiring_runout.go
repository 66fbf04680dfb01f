package model

import (
	"fmt"
	"time"
)

// RunOut is the balance forecast once expiring credits are taken into
// account: credits that lapse unused at the current pace are not there to
// spend, so the credits run out earlier than remaining alone says.
type RunOut struct {
	ForecastResult                // the projection of what can be spent (remaining − Lapse)
	Plain          ForecastResult // remaining alone, as if nothing expired
	Expiry         ExpiryForecast
	// ExpiryKnown is false when the server does not report expiring
	// credits (1.0): the forecast is then Plain, not "nothing expires".
	ExpiryKnown bool
}

// ForecastRunOut projects remaining at the recent pace with e's lapses
// taken out. Every lapse happens before the credits run out (an entry lapses
// only while unspent credits are left), so the run-out is that of
// remaining − Lapse at the same pace: exact, in 0.0001 units.
func ForecastRunOut(remaining Credits, refreshesAt *time.Time, e ExpiringCredits, daily []DailyUsage, now time.Time, loc *time.Location) RunOut {
	plain := Forecast(remaining, refreshesAt, daily, now, loc)
	out := RunOut{ForecastResult: plain, Plain: plain}
	x, ok := ForecastExpiry(e, plain, now)
	if !ok {
		return out
	}
	out.Expiry, out.ExpiryKnown = x, true
	if !x.PaceKnown || x.Lapse.Sign() <= 0 || remaining.Sign() <= 0 {
		return out
	}
	spendable, err := remaining.Sub(x.Lapse)
	if err != nil {
		return out
	}
	out.ForecastResult = Forecast(max(spendable, 0), refreshesAt, daily, now, loc)
	return out
}

// Short is the run-out in a few words for a narrow row: "runs out ~Jan 12",
// "lasts past the refresh on Dec 14", "no credits left"; "" with no pace.
func (r RunOut) Short(now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	f := r.ForecastResult
	switch {
	case f.Exhausted:
		return "no credits left"
	case f.Days == 0:
		return ""
	case f.RunsOut && f.BeforeRefresh: // always so without a refresh date
		return "runs out ~" + runOutDay(f.RunOutAt, now, loc)
	case f.RefreshesAt != nil:
		return "lasts past the refresh on " + shortDate(*f.RefreshesAt, now, loc)
	case f.Pace.Sign() <= 0:
		return "no spend lately"
	}
	return "lasts more than 100 years at this pace"
}

// Because says why the run-out moved, when lapsing credits moved it:
// "12.5 of the expiring credits lapse first (Plain: Jan 20)".
func (r RunOut) Because(now time.Time, loc *time.Location) string {
	if !r.ExpiryKnown || r.Expiry.Lapse.Sign() <= 0 || !r.Expiry.PaceKnown {
		return ""
	}
	s := fmt.Sprintf("%s lapse unused first", r.Expiry.Lapse.Grouped())
	if p := r.Plain; p.RunsOut && !p.Exhausted {
		s += ", without them it would be ~" + runOutDay(p.RunOutAt, now, loc)
	}
	return s
}
