package tabs

import (
	"github.com/tallyhq/tally/model"
)

const (
	wCredits = 15
	wTime    = 16
	wUser    = 28 // "Katherine Johnson" and the like, whole
)

func creditsCell(c model.Credits) string { return c.Grouped() }

// compactBillingType fits the known billing types in 9 cells; unknown values
// stay raw (and are truncated like any text).
func compactBillingType(b model.BillingType) string {
	switch b {
	case model.BillingImageGeneration:
		return "Image gen"
	case model.BillingVideoGeneration:
		return "Video gen"
	}
	return b.Label()
}
