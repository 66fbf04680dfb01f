package cli

import (
	"fmt"
	"time"

	"github.com/tallyhq/tally/model"
)

// Contract 1.1's plan.limits and credits.expiring in `tally balance`.
//
// A 1.0 server does not report them. The JSON then leaves the keys out
// (absent, as the API did), never [] (which says "none"); the text leaves
// the lines out rather than printing "not reported by this server" on every
// run against such a server: the absence is the server's normal state, not a
// problem the user can act on, and --help says what the lines mean.

// expiringSoon is how close an expiry must be to warn about it.
const expiringSoon = 7 * 24 * time.Hour

type limitJSON struct {
	Key      string         `json:"key"`
	Name     string         `json:"name"`
	Used     model.Credits  `json:"used"`
	Limit    *model.Credits `json:"limit"`
	ResetsAt *time.Time     `json:"resets_at"`
}

type expiringJSON struct {
	Amount    model.Credits `json:"amount"`
	ExpiresAt time.Time     `json:"expires_at"`
	Source    string        `json:"source"`
}

type expiryOutlookJSON struct {
	expiringJSON
	Used   *model.Credits `json:"used"`   // null when the pace is unknown
	Lapses *model.Credits `json:"lapses"` // null when the pace is unknown
}

type expiryForecastJSON struct {
	PacePerDay *model.Credits      `json:"pace_per_day"` // null: no complete day to average
	Lapse      *model.Credits      `json:"lapse"`        // null: unknown
	Entries    []expiryOutlookJSON `json:"entries"`
	Nearest    *expiringJSON       `json:"nearest"`
	Sentence   string              `json:"sentence"`
	Forecast   string              `json:"forecast_sentence"`
}

func toLimitsJSON(l model.PlanLimits) *[]limitJSON {
	if !l.Known() {
		return nil
	}
	out := make([]limitJSON, 0, len(l.List()))
	for _, x := range l.List() {
		out = append(out, limitJSON{string(x.Key), string(x.Name), x.Used, x.Limit, utcPtr(x.ResetsAt)})
	}
	return &out
}

func toExpiringJSON(e model.ExpiringCredits) *[]expiringJSON {
	if !e.Known() {
		return nil
	}
	out := make([]expiringJSON, 0, len(e.List()))
	for _, x := range e.List() {
		out = append(out, expiringEntryJSON(x))
	}
	return &out
}

func expiringEntryJSON(x model.ExpiringCredit) expiringJSON {
	return expiringJSON{x.Amount, x.ExpiresAt.UTC(), string(x.Source)}
}

// toExpiryForecastJSON is nil when the server does not report expiring
// credits or there is no forecast (its daily figures were refused).
func toExpiryForecastJSON(b model.Billing, f *model.ForecastResult, now time.Time, loc *time.Location) *expiryForecastJSON {
	if f == nil {
		return nil
	}
	x, ok := model.ForecastExpiry(b.Credits.Expiring, *f, now)
	if !ok {
		return nil
	}
	d := &expiryForecastJSON{Entries: []expiryOutlookJSON{}, Sentence: b.Credits.Expiring.Sentence(now, loc), Forecast: x.Sentence(now, loc)}
	if x.PaceKnown {
		p, l := x.Pace, x.Lapse
		d.PacePerDay, d.Lapse = &p, &l
	}
	for _, e := range x.Entries {
		o := expiryOutlookJSON{expiringJSON: expiringEntryJSON(e.ExpiringCredit)}
		if x.PaceKnown {
			u, l := e.Used, e.Lapses
			o.Used, o.Lapses = &u, &l
		}
		d.Entries = append(d.Entries, o)
	}
	if n, ok := b.Credits.Expiring.Nearest(now); ok {
		e := expiringEntryJSON(n)
		d.Nearest = &e
	}
	return d
}

// limitLines are the Limits lines; nil (no line) when the server does not say.
func limitLines(l model.PlanLimits, now time.Time, loc *time.Location) []string {
	if !l.Known() {
		return nil
	}
	if len(l.List()) == 0 {
		return []string{"none reported for this plan"}
	}
	out := make([]string, 0, len(l.List()))
	for _, x := range l.List() {
		out = append(out, x.Line(now, loc))
	}
	return out
}

// expiringLines are the Expiring lines: what lapses when, and what the
// forecast's pace leaves unused; nil when the server does not say.
func expiringLines(b model.Billing, f *model.ForecastResult, now time.Time, loc *time.Location) []string {
	e := b.Credits.Expiring
	if !e.Known() {
		return nil
	}
	s := e.Sentence(now, loc)
	if s == "" {
		return []string{"none: no credits expire"}
	}
	out := []string{s}
	if f != nil {
		if x, ok := model.ForecastExpiry(e, *f, now); ok {
			if fs := x.Sentence(now, loc); fs != "" {
				out = append(out, fs)
			}
		}
	}
	return out
}

// expiringWarnings: the nearest expiry within a week, and a document whose
// expiring credits exceed remaining (the contract says they cannot).
func expiringWarnings(b model.Billing, now time.Time, loc *time.Location) []string {
	var out []string
	e := b.Credits.Expiring
	if err := e.Check(b.Credits.Remaining); e.Known() && err != nil {
		out = append(out, err.Error())
	}
	if x, ok := e.Soon(now, expiringSoon); ok {
		out = append(out, fmt.Sprintf("%s (%s)", x.Phrase(now, loc), inDays(daysUntil(now, x.ExpiresAt, loc))))
	}
	return out
}
