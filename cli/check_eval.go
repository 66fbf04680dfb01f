package cli

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// `tally check`'s thresholds and their verdicts, kept free of I/O so every
// edge can be tested exactly.

// maxCheckDays bounds --runway and --expiring-within: ten years is already
// beyond any plan period, and keeps the arithmetic far from overflow.
const maxCheckDays = 3660

// thresholds are the checks asked for; nil = not checked.
type thresholds struct {
	minRemaining   *model.Credits // credits
	minPercent     *model.Credits // percent of this period's grant, 0 < P <= 100
	runway         *int           // days
	expiringWithin *int           // days
}

func (t thresholds) any() bool {
	return t.minRemaining != nil || t.minPercent != nil || t.runway != nil || t.expiringWithin != nil
}

// checkFlags are the raw threshold flags; "" = not given, "off" = not checked
// even when the profile sets it.
type checkFlags struct {
	minRemaining, minPercent, runway, expiringWithin string
}

// resolveThresholds applies flag > profile [check] table, and validates.
func resolveThresholds(fl checkFlags, d config.CheckDefaults, profile, path string) (thresholds, error) {
	var t thresholds
	pick := func(flag string, def config.Number, name string, set func(string) error) error {
		v, where := flag, "--"+name
		if v == "" {
			v, where = string(def), fmt.Sprintf("config %s, profile %q, [check] %s", path, profile, strings.ReplaceAll(name, "-", "_"))
		}
		v = strings.TrimSpace(v)
		if v == "" || strings.EqualFold(v, "off") {
			return nil
		}
		if err := set(v); err != nil {
			return usageErrorf("%s: %v", where, err)
		}
		return nil
	}
	err := pick(fl.minRemaining, d.MinRemaining, "min-remaining", func(v string) error {
		c, err := model.ParseCredits(v)
		if err != nil {
			return fmt.Errorf("%q is not a credit amount: write digits with up to 4 decimals, e.g. 2000 or 1999.5 (no thousands separators)", v)
		}
		t.minRemaining = &c
		return nil
	})
	if err == nil {
		err = pick(fl.minPercent, d.MinPercent, "min-percent", func(v string) error {
			c, err := model.ParseCredits(strings.TrimSuffix(v, "%"))
			if err != nil || c.Sign() <= 0 || c > model.NewCredits(100) {
				return fmt.Errorf("%q is not a percentage: use a number above 0 and at most 100, e.g. 10 or 12.5", v)
			}
			t.minPercent = &c
			return nil
		})
	}
	for _, x := range []struct {
		flag string
		def  config.Number
		name string
		dst  **int
	}{{fl.runway, d.Runway, "runway", &t.runway}, {fl.expiringWithin, d.ExpiringWithin, "expiring-within", &t.expiringWithin}} {
		if err != nil {
			break
		}
		err = pick(x.flag, x.def, x.name, func(v string) error {
			n, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
			if err != nil || n < 1 || n > maxCheckDays {
				return fmt.Errorf("%q is not a number of days: use a whole number from 1 to %d, e.g. 7 or 7d", v, maxCheckDays)
			}
			*x.dst = &n
			return nil
		})
	}
	return t, err
}

// verdicts of one threshold.
const (
	verdictPass          = "pass"
	verdictBreach        = "breach"
	verdictUnknown       = "unknown"        // cannot be evaluated: an error unless --fail-open
	verdictNotApplicable = "not_applicable" // --min-percent with nothing granted
)

// checkResult is one threshold's outcome for one workspace.
type checkResult struct {
	Name    string     `json:"name"` // min_remaining, min_percent, runway, expiring_within
	Value   *string    `json:"value"`
	Limit   string     `json:"limit"`
	Unit    string     `json:"unit"` // credits, percent, days
	Verdict string     `json:"verdict"`
	At      *time.Time `json:"at,omitempty"` // runway: when credits run out; expiring: the first expiry
	Message string     `json:"message"`
}

// checkInput is what the thresholds look at for one workspace.
type checkInput struct {
	name        string // as shown (redacted when asked)
	billing     model.Billing
	forecast    *model.ForecastResult // nil with forecastErr, or when runway is not checked
	forecastErr error
	now         time.Time
	loc         *time.Location
}

// evaluate checks every threshold asked for, in a fixed order.
func evaluate(in checkInput, t thresholds) []checkResult {
	var out []checkResult
	if t.minRemaining != nil {
		out = append(out, checkMinRemaining(in, *t.minRemaining))
	}
	if t.minPercent != nil {
		out = append(out, checkMinPercent(in, *t.minPercent))
	}
	if t.runway != nil {
		out = append(out, checkRunway(in, *t.runway))
	}
	if t.expiringWithin != nil {
		out = append(out, checkExpiring(in, *t.expiringWithin))
	}
	return out
}

func strPtr(s string) *string { return &s }

func checkMinRemaining(in checkInput, limit model.Credits) checkResult {
	rem := in.billing.Credits.Remaining
	r := checkResult{Name: "min_remaining", Value: strPtr(rem.String()), Limit: limit.String(), Unit: "credits", Verdict: verdictPass}
	if rem < limit {
		r.Verdict = verdictBreach
		r.Message = fmt.Sprintf("%s: %s credits left, below %s", in.name, rem.Grouped(), limit.Grouped())
	} else {
		r.Message = fmt.Sprintf("%s: %s credits left, not below %s", in.name, rem.Grouped(), limit.Grouped())
	}
	return r
}

// percentLeft is remaining as a percentage of granted, floored to 0.0001:
// flooring keeps the shown value below the limit exactly when it breaches.
func percentLeft(remaining, granted model.Credits) model.Credits {
	num := new(big.Int).Mul(big.NewInt(remaining.Units()), big.NewInt(100*model.Scale))
	q := new(big.Int).Div(num, big.NewInt(granted.Units())) // Euclidean: floors for a positive divisor
	if !q.IsInt64() {
		if q.Sign() < 0 {
			return model.Credits(-1 << 63)
		}
		return model.Credits(1<<63 - 1)
	}
	return model.Credits(q.Int64())
}

// floorTo cuts c to places decimals, toward minus infinity.
func floorTo(c model.Credits, places int) model.Credits {
	step := int64(1)
	for i := places; i < 4; i++ {
		step *= 10
	}
	u := c.Units()
	q := u / step
	if u%step != 0 && u < 0 {
		q--
	}
	return model.Credits(q * step)
}

// decimals is how many decimals c is written with.
func decimals(c model.Credits) int {
	s := c.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func checkMinPercent(in checkInput, limit model.Credits) checkResult {
	c := in.billing.Credits
	r := checkResult{Name: "min_percent", Limit: limit.String(), Unit: "percent"}
	if c.GrantedThisPeriod.Sign() <= 0 {
		r.Verdict = verdictNotApplicable
		r.Message = fmt.Sprintf("%s: nothing granted this period, so --min-percent does not apply (--min-remaining does)", in.name)
		return r
	}
	p := percentLeft(c.Remaining, c.GrantedThisPeriod)
	r.Value = strPtr(p.String())
	// Shown to the limit's precision (at least one decimal), floored like p.
	places := max(1, decimals(limit))
	shown := floorTo(p, places).Fixed(places)
	if p < limit {
		r.Verdict = verdictBreach
		r.Message = fmt.Sprintf("%s: %s%% of this period's %s credits left, below %s%%", in.name, shown, c.GrantedThisPeriod.Grouped(), limit.Grouped())
	} else {
		r.Verdict = verdictPass
		r.Message = fmt.Sprintf("%s: %s%% of this period's %s credits left, not below %s%%", in.name, shown, c.GrantedThisPeriod.Grouped(), limit.Grouped())
	}
	return r
}

// daysBetween is b−a in days, floored to 0.1 (so a breach never reads as
// exactly the limit).
func daysBetween(a, b time.Time) model.Credits {
	tenths := int64(b.Sub(a) / (144 * time.Minute))
	if b.Before(a) {
		tenths = 0
	}
	return model.Credits(tenths * 1000)
}

func checkRunway(in checkInput, days int) checkResult {
	r := checkResult{Name: "runway", Limit: strconv.Itoa(days), Unit: "days"}
	f := in.forecast
	switch {
	case f == nil:
		r.Verdict = verdictUnknown
		reason := "no forecast"
		if in.forecastErr != nil {
			reason = "the daily usage could not be read: " + oneLine(in.forecastErr)
		}
		r.Message = fmt.Sprintf("%s: runway unknown: %s", in.name, reason)
		return r
	case f.Exhausted:
		r.Value, r.Verdict = strPtr("0"), verdictBreach
		at := in.now.UTC()
		r.At = &at
		r.Message = fmt.Sprintf("%s: no credits left, runway below %d days", in.name, days)
		return r
	case f.Days == 0:
		r.Verdict = verdictUnknown
		r.Message = fmt.Sprintf("%s: runway unknown: no complete day of usage yet to forecast from", in.name)
		return r
	case !f.RunsOut:
		r.Verdict = verdictPass
		r.Message = fmt.Sprintf("%s: no spend in the last %s, so the credits do not run out", in.name, plural(f.Days, "day"))
		if f.Pace.Sign() > 0 {
			r.Message = fmt.Sprintf("%s: at %s credits/day the credits last more than 100 years", in.name, model.PaceLabel(f.Pace))
		}
		return r
	}
	left := daysBetween(in.now, f.RunOutAt)
	at := f.RunOutAt.UTC()
	r.Value, r.At = strPtr(left.String()), &at
	day := f.RunOutAt.In(in.loc).Format("Jan 2")
	refresh := ""
	if f.RefreshesAt != nil {
		refresh = f.RefreshesAt.In(in.loc).Format("Jan 2")
	}
	within := !f.RunOutAt.After(in.now.Add(time.Duration(days) * 24 * time.Hour))
	switch {
	case !f.BeforeRefresh:
		r.Verdict = verdictPass
		r.Message = fmt.Sprintf("%s: at %s credits/day the credits last past the refresh on %s", in.name, model.PaceLabel(f.Pace), refresh)
	case within && refresh != "":
		r.Verdict = verdictBreach
		r.Message = fmt.Sprintf("%s: credits run out in %s days (%s), before the refresh on %s; runway below %d days", in.name, left.Grouped(), day, refresh, days)
	case within:
		r.Verdict = verdictBreach
		r.Message = fmt.Sprintf("%s: credits run out in %s days (%s); runway below %d days", in.name, left.Grouped(), day, days)
	default:
		r.Verdict = verdictPass
		r.Message = fmt.Sprintf("%s: credits run out in %s days (%s), not within %d days", in.name, left.Grouped(), day, days)
	}
	return r
}

func checkExpiring(in checkInput, days int) checkResult {
	r := checkResult{Name: "expiring_within", Limit: strconv.Itoa(days), Unit: "days"}
	e := in.billing.Credits.Expiring
	if !e.Known() {
		r.Verdict = verdictUnknown
		r.Message = fmt.Sprintf("%s: expiring credits unknown: this server does not report credits.expiring (API 1.0)", in.name)
		return r
	}
	end := in.now.Add(time.Duration(days) * 24 * time.Hour)
	var sum model.Credits
	var first *model.ExpiringCredit
	for _, x := range e.Sorted() {
		if x.Amount.Sign() <= 0 || !x.ExpiresAt.After(in.now) || x.ExpiresAt.After(end) {
			continue
		}
		if first == nil {
			x := x
			first = &x
		}
		var err error
		if sum, err = sum.Add(x.Amount); err != nil {
			r.Verdict = verdictUnknown
			r.Message = fmt.Sprintf("%s: expiring credits unknown: %v", in.name, err)
			return r
		}
	}
	r.Value = strPtr(sum.String())
	if first == nil {
		r.Verdict = verdictPass
		r.Message = fmt.Sprintf("%s: no credits expire within %d days", in.name, days)
		return r
	}
	at := first.ExpiresAt.UTC()
	r.At, r.Verdict = &at, verdictBreach
	when := fmt.Sprintf("%s (%s)", first.ExpiresAt.In(in.loc).Format("Jan 2"), inDays(daysUntil(in.now, first.ExpiresAt, in.loc)))
	if sum == first.Amount {
		r.Message = fmt.Sprintf("%s: %s credits expire %s, within %d days", in.name, sum.Grouped(), when, days)
	} else {
		r.Message = fmt.Sprintf("%s: %s credits expire within %d days, the first %s on %s", in.name, sum.Grouped(), days, first.Amount.Grouped(), when)
	}
	return r
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
