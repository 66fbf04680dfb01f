package demo

import (
	"time"

	"github.com/tallyhq/tally/model"
)

// buckets are the calendar buckets (day, Monday week or month in loc)
// overlapping [from, to): keys[i] is bucket i's first day (YYYY-MM-DD) and
// bounds[i] its first instant, with bounds[len(keys)] the start of the bucket
// after the last (>= to). ok is false beyond model.MaxBuckets.
func buckets(by string, from, to int64, loc *time.Location) (keys []string, bounds []int64, ok bool) {
	starts, ok := model.Buckets(model.GroupBy(by), time.Unix(from, 0), time.Unix(to, 0), loc, model.MaxBuckets)
	if !ok {
		return nil, nil, false
	}
	for i, s := range starts {
		bounds = append(bounds, s.Unix())
		if i < len(starts)-1 {
			keys = append(keys, s.In(loc).Format(time.DateOnly))
		}
	}
	return keys, bounds, true
}
