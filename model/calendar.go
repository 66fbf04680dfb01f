package model

import (
	"fmt"
	"strconv"
	"time"
)

// A calendar window: a month ("2026-10", --month) or a year ("2026",
// --year) in the view's zone. People think in billing months, so the TUI's
// "this month", "last month" and "this year" picks store one too: `Y` then
// prints the month that was on screen, which reproduces it next year.

// CalendarSpan is a parsed View.Calendar.
type CalendarSpan struct {
	Year  int
	Month time.Month // 0 = the whole year
}

// minCalendarYear keeps the window after the Unix epoch, where records are.
const minCalendarYear = 1970

// ParseCalendar reads "YYYY-MM" (a month) or "YYYY" (a year).
func ParseCalendar(s string) (CalendarSpan, error) {
	digits := func(x string) bool {
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return x != ""
	}
	switch {
	case len(s) == 4 && digits(s):
		y, _ := strconv.Atoi(s)
		if y < minCalendarYear {
			break
		}
		return CalendarSpan{Year: y}, nil
	case len(s) == 7 && s[4] == '-' && digits(s[:4]) && digits(s[5:]):
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:])
		if y < minCalendarYear || m < 1 || m > 12 {
			break
		}
		return CalendarSpan{Year: y, Month: time.Month(m)}, nil
	}
	if len(s) == 4 || (len(s) > 4 && s[4] != '-') {
		return CalendarSpan{}, fmt.Errorf("invalid --year %q: use four digits from %d, e.g. 2026", Sanitize(s), minCalendarYear)
	}
	return CalendarSpan{}, fmt.Errorf("invalid --month %q: use YYYY-MM, e.g. 2026-10", Sanitize(s))
}

// String is the View.Calendar spelling.
func (c CalendarSpan) String() string {
	if c.Month == 0 {
		return fmt.Sprintf("%04d", c.Year)
	}
	return fmt.Sprintf("%04d-%02d", c.Year, int(c.Month))
}

// Label names the span: "October 2026", "2026".
func (c CalendarSpan) Label() string {
	if c.Month == 0 {
		return strconv.Itoa(c.Year)
	}
	return c.Month.String() + " " + strconv.Itoa(c.Year)
}

// Window is [first day, first day of the next span) in loc, each the
// first instant of its calendar date (DayStart: midnight may not exist).
func (c CalendarSpan) Window(loc *time.Location) (from, to time.Time) {
	if loc == nil {
		loc = time.Local
	}
	if c.Month == 0 {
		return DayStart(c.Year, 1, 1, loc), DayStart(c.Year+1, 1, 1, loc)
	}
	return DayStart(c.Year, c.Month, 1, loc), DayStart(c.Year, c.Month+1, 1, loc)
}

// MonthOf is the calendar month of t in loc, shifted by delta months
// (−1 = last month); YearOf is its year.
func MonthOf(t time.Time, loc *time.Location, delta int) CalendarSpan {
	if loc == nil {
		loc = time.Local
	}
	y, m, _ := t.In(loc).Date()
	first := time.Date(y, m+time.Month(delta), 1, 12, 0, 0, 0, time.UTC)
	return CalendarSpan{Year: first.Year(), Month: first.Month()}
}

func YearOf(t time.Time, loc *time.Location) CalendarSpan {
	if loc == nil {
		loc = time.Local
	}
	return CalendarSpan{Year: t.In(loc).Year()}
}
