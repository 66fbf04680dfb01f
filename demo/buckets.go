package demo

import (
	"time"

	"github.com/tallyhq/tally/model"
)

// maxBuckets bounds a time grouping: calendar buckets in tz overlapping the
// window, empty ones counted.
const maxBuckets = 1000

// buckets are the calendar buckets (day, Monday week or month in loc)
// overlapping [from, to): keys[i] is bucket i's first day (YYYY-MM-DD) and
// bounds[i] its first instant, with bounds[len(keys)] the start of the bucket
// after the last (>= to). ok is false beyond maxBuckets.
func buckets(by string, from, to int64, loc *time.Location) (keys []string, bounds []int64, ok bool) {
	y, m, d := time.Unix(from, 0).In(loc).Date()
	switch by {
	case "week":
		wd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()
		d -= (int(wd) + 6) % 7 // back to Monday
	case "month":
		d = 1
	}
	start := func(i int) time.Time {
		switch by {
		case "week":
			return model.DayStart(y, m, d+7*i, loc)
		case "month":
			return model.DayStart(y, m+time.Month(i), 1, loc)
		}
		return model.DayStart(y, m, d+i, loc)
	}
	for i := 0; ; i++ {
		s := start(i)
		bounds = append(bounds, s.Unix())
		if s.Unix() >= to {
			return keys, bounds, true
		}
		if i == maxBuckets {
			return nil, nil, false
		}
		keys = append(keys, s.In(loc).Format(time.DateOnly))
	}
}
