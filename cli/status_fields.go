package cli

import (
	"io"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// The fields of `tally status --format`. Each optional figure has a type
// whose String() prints it sensibly ("?" when unknown) and whose Known()
// lets a template leave it out, so a prompt never shows a zero for a figure
// the server did not give.

// defaultStatusFormat is the line printed without --format.
const defaultStatusFormat = `{{.Workspace}} {{(round .Remaining 1).Grouped}} left` +
	`{{if .PercentUsed.Known}} · {{.PercentUsed}}% used{{end}}` +
	`{{if .DaysLeft.Known}} · refreshes in {{.DaysLeft}}d{{end}}` +
	`{{if .Stale}} · stale {{.Age}}{{end}}`

type statusFields struct {
	Workspace   string
	WorkspaceID string
	Role        string // the role's label, narrowed by --as-role
	Plan        string
	Status      string // the plan status's label: Active, Past due, …
	Remaining   model.Credits
	Granted     model.Credits
	Used        model.Credits
	PercentUsed Percent
	RefreshesAt When
	DaysLeft    Days
	Runway      Runway
	Expiring    Expiry
	Age         Age
	Stale       bool
}

// Percent is a whole percentage, floored.
type Percent struct {
	v  int64
	ok bool
}

func (p Percent) String() string {
	if !p.ok {
		return "?"
	}
	return strconv.FormatInt(p.v, 10)
}
func (p Percent) Known() bool  { return p.ok }
func (p Percent) Value() int64 { return p.v }

// When is a time shown in --tz; String() is its date, Format takes a Go layout.
type When struct {
	t   time.Time
	ok  bool
	loc *time.Location
}

func (w When) String() string { return w.Format(time.DateOnly) }
func (w When) Known() bool    { return w.ok }
func (w When) Format(layout string) string {
	if !w.ok {
		return "?"
	}
	return w.t.In(w.loc).Format(layout)
}

// Days is a count of calendar days.
type Days struct {
	n  int
	ok bool
}

func (d Days) String() string {
	if !d.ok {
		return "?"
	}
	return strconv.Itoa(d.n)
}
func (d Days) Known() bool { return d.ok }
func (d Days) Value() int  { return d.n }

// Runway is how long the credits last at the last 7 days' pace: whole days,
// "∞" when they do not run out, "?" when there is no pace to tell.
type Runway struct {
	ok, runsOut, before bool
	days                int
	at                  When
}

func (r Runway) String() string {
	switch {
	case !r.ok:
		return "?"
	case !r.runsOut:
		return "∞"
	}
	return strconv.Itoa(r.days)
}
func (r Runway) Known() bool         { return r.ok }
func (r Runway) RunsOut() bool       { return r.runsOut }
func (r Runway) BeforeRefresh() bool { return r.runsOut && r.before }
func (r Runway) Days() int           { return r.days }
func (r Runway) At() When            { return r.at }

// Expiry is the nearest expiring credits: "150 on Dec 3", "none", or "?"
// when the server does not report them (API 1.0).
type Expiry struct {
	ok, any bool
	x       model.ExpiringCredit
	days    Days
	at      When
}

func (e Expiry) String() string {
	switch {
	case !e.ok:
		return "?"
	case !e.any:
		return "none"
	}
	return e.x.Amount.Grouped() + " on " + e.at.Format("Jan 2")
}
func (e Expiry) Known() bool           { return e.ok }
func (e Expiry) Any() bool             { return e.any }
func (e Expiry) Amount() model.Credits { return e.x.Amount }
func (e Expiry) Source() string        { return string(e.x.Source) }
func (e Expiry) At() When              { return e.at }
func (e Expiry) Days() Days            { return e.days }

// Age is how old the figures are: "0s", "45s", "5m", "2h", "3d".
type Age time.Duration

func (a Age) String() string {
	d := time.Duration(a)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}
func (a Age) Seconds() int64 { return int64(time.Duration(a) / time.Second) }

func parseStatusTemplate(format string) (*template.Template, error) {
	if format == "" {
		format = defaultStatusFormat
	}
	t, err := template.New("status").Option("missingkey=error").Funcs(template.FuncMap{
		"round": func(c model.Credits, places int) model.Credits { return model.RoundCredits(c, min(max(places, 0), 4)) },
	}).Parse(format)
	if err == nil {
		// A field or method that does not exist fails only when executed: try
		// the template on sample fields now, so the mistake is a usage error
		// even when the answer would have come from a stale cache.
		err = t.Execute(io.Discard, sampleStatus())
	}
	if err != nil {
		return nil, usageErrorf("--format: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return t, nil
}

// statusOf builds the fields from a snapshot, as of now.
func statusOf(snap config.Snapshot, now time.Time, loc *time.Location, stale bool, as model.Role) statusFields {
	b := snap.Billing
	c := b.Credits
	age := max(now.Sub(snap.FetchedAt), 0)
	st := statusFields{
		Workspace: string(b.Workspace.Name), WorkspaceID: string(b.Workspace.ID),
		Role: effectiveRole(b.Role, as).Label(), Plan: string(b.Plan.Name), Status: b.Plan.Status.Label(),
		Remaining: c.Remaining, Granted: c.GrantedThisPeriod, Used: c.UsedThisPeriod,
		Age: Age(age.Truncate(time.Second)), Stale: stale,
	}
	if c.GrantedThisPeriod.Sign() > 0 {
		st.PercentUsed = Percent{v: floorTo(percentLeft(c.UsedThisPeriod, c.GrantedThisPeriod), 0).Units() / model.Scale, ok: true}
	}
	if r := c.RefreshesAt; r != nil {
		st.RefreshesAt = When{t: *r, ok: true, loc: loc}
		st.DaysLeft = Days{n: daysUntil(now, *r, loc), ok: true}
	}
	if f := forecastFromPace(b, snap.Pace, now, loc); f != nil && (f.Days > 0 || f.Exhausted) {
		st.Runway = Runway{ok: true, runsOut: f.RunsOut, before: f.BeforeRefresh}
		if f.RunsOut {
			st.Runway.days = int(max(f.RunOutAt.Sub(now), 0) / (24 * time.Hour))
			st.Runway.at = When{t: f.RunOutAt, ok: true, loc: loc}
		}
	}
	if e := c.Expiring; e.Known() {
		st.Expiring.ok = true
		if x, ok := e.Nearest(now); ok {
			st.Expiring = Expiry{ok: true, any: true, x: x, at: When{t: x.ExpiresAt, ok: true, loc: loc},
				days: Days{n: daysUntil(now, x.ExpiresAt, loc), ok: true}}
		}
	}
	return st
}

// sampleStatus is a status with every figure known, to try a --format on.
func sampleStatus() statusFields {
	at := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	w := When{t: at, ok: true, loc: time.UTC}
	return statusFields{Workspace: "Sample Workspace", WorkspaceID: "ws_sample", Role: "Owner", Plan: "Creator", Status: "Active",
		Remaining: model.NewCredits(1500), Granted: model.NewCredits(2000), Used: model.NewCredits(500),
		PercentUsed: Percent{v: 25, ok: true}, RefreshesAt: w, DaysLeft: Days{n: 12, ok: true},
		Runway:   Runway{ok: true, runsOut: true, before: true, days: 9, at: w},
		Expiring: Expiry{ok: true, any: true, x: model.ExpiringCredit{Amount: model.NewCredits(150), ExpiresAt: at, Source: model.ExpiryPeriod}, days: Days{n: 12, ok: true}, at: w},
		Age:      Age(5 * time.Minute)}
}
