package tabs

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

var axisLabelRE = regexp.MustCompile(`[A-Z][a-z]{2} \d+`)

// TestDateAxisLabelsNeverCrowd draws the 30-day axis at every width from 40
// to 220 cells: labels stay two cells apart, today's label is always there,
// and no weekly label stands within three days of it ("Dec 2 Dec 3").
func TestDateAxisLabelsNeverCrowd(t *testing.T) {
	var c model.DailyChart
	start := time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)
	for d := range 30 {
		day := start.AddDate(0, 0, d)
		c.Days = append(c.Days, model.ChartDay{Date: day, Label: day.Format("Jan 2")})
	}
	for width := 40; width <= 220; width++ {
		bar, gap := chartGeometry(width-8, len(c.Days))
		axis := dateAxis(c, 8, bar, gap)
		if !strings.HasSuffix(axis, "Dec 3") {
			t.Fatalf("width %d: today's label missing: %q", width, axis)
		}
		for _, near := range []string{"Nov 30", "Dec 1", "Dec 2"} {
			if strings.Contains(axis, near) {
				t.Errorf("width %d: %q crowds today's label: %q", width, near, axis)
			}
		}
		locs := axisLabelRE.FindAllStringIndex(axis, -1)
		if width >= 80 && len(locs) < 3 {
			t.Errorf("width %d: only %d labels on the axis: %q", width, len(locs), axis)
		}
		for i := 1; i < len(locs); i++ {
			if gap := locs[i][0] - locs[i-1][1]; gap < 2 {
				t.Errorf("width %d: labels %d cells apart: %q", width, gap, axis)
			}
		}
	}
}
