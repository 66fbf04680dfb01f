package common

import (
	"strconv"
	"time"

	"github.com/tallyhq/tally/model"
)

// LongDay is the day of a period end in the user's zone ("Dec 3, 2026").
func LongDay(t time.Time, loc *time.Location) string { return t.In(loc).Format("Jan 2, 2006") }

// Ago is a coarse age: "just now", "1 min Ago", "5 min Ago", "2 h Ago", "3 d Ago".
func Ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " d ago"
}

func FmtDateOnly(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02")
}

// DateWindow is a window chosen in the date picker: one of a relative span
// (Last), a calendar month or year (Calendar) or From/To; all zero = all time.
type DateWindow struct {
	Last, Calendar string
	From, To       time.Time
}

// Apply puts the window in v, replacing the one it had.
func (w DateWindow) Apply(v model.View) model.View {
	v.Last, v.Calendar, v.From, v.To = w.Last, w.Calendar, w.From, w.To
	return v
}

// DateLabel names the window in words ("Last 30 days", "October 2026",
// "Nov 1 – Nov 20 2026").
func DateLabel(v model.View, loc *time.Location) string {
	if c, err := model.ParseCalendar(v.Calendar); err == nil {
		return c.Label()
	}
	switch v.Last {
	case "":
	case "7d":
		return "Last 7 days"
	case "30d":
		return "Last 30 days"
	case "3m":
		return "Last 3 months"
	default:
		return "Last " + v.Last
	}
	if v.From.IsZero() && v.To.IsZero() {
		return "All time"
	}
	from, to := "…", "…"
	if !v.From.IsZero() {
		from = FmtDate(v.From, loc)
	}
	if !v.To.IsZero() {
		to = FmtDate(InclusiveEnd(v.To, loc), loc)
	}
	return from + " – " + to
}

func FmtDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(TimeLayout)
}

// InclusiveEnd shows an exclusive midnight end as the day before ("to 2026-11-20"
// means through that day); other ends are shown as they are.
func InclusiveEnd(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.AddDate(0, 0, -1)
	}
	return l
}
