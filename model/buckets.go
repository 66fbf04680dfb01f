package model

import "time"

// MaxBuckets is the contract's bound on a time grouping: calendar buckets in
// tz overlapping the window, empty ones counted.
const MaxBuckets = 1000

// Buckets are the calendar buckets of a time grouping (a day, a Monday week
// or a month in loc) overlapping [from, to): starts[i] is bucket i's first
// instant, and starts[len-1] the start of the bucket after the last one (at
// or after to), so bucket i is [starts[i], starts[i+1]). ok is false for a
// grouping that is not a time grouping, an empty window, or more than max
// buckets; the walk stops at max+1, so any window costs at most that.
func Buckets(by GroupBy, from, to time.Time, loc *time.Location, max int) (starts []time.Time, ok bool) {
	if !by.IsTime() || !from.Before(to) {
		return nil, false
	}
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := from.In(loc).Date()
	switch by {
	case GroupByWeek:
		wd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()
		d -= (int(wd) + 6) % 7 // back to Monday
	case GroupByMonth:
		d = 1
	}
	for i := 0; ; i++ {
		var s time.Time
		switch by {
		case GroupByWeek:
			s = DayStart(y, m, d+7*i, loc)
		case GroupByMonth:
			s = DayStart(y, m+time.Month(i), 1, loc)
		default:
			s = DayStart(y, m, d+i, loc)
		}
		starts = append(starts, s)
		if !s.Before(to) {
			return starts, true
		}
		if i == max {
			return nil, false
		}
	}
}
