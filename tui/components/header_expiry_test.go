package components

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The header names the nearest expiry when it is within a week, and only
// then; a server that does not report expiring credits shows nothing.
func TestHeaderShowsTheNearestExpiryWithinAWeek(t *testing.T) {
	st := common.NewStyles(true, true)
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	refresh := now.AddDate(0, 0, 21)
	line := func(e model.ExpiringCredits, w int) string {
		b := &model.Billing{Plan: model.Plan{Name: "Starter", Status: model.PlanActive},
			Credits: model.CreditBalance{Remaining: model.MustCredits("557.7196"), GrantedThisPeriod: model.MustCredits("500"),
				UsedThisPeriod: model.MustCredits("222.1785"), RefreshesAt: &refresh, Expiring: e}}
		h := Header{Chosen: true, Workspace: "Side", Role: "member", Billing: b, Now: now, Loc: time.UTC}
		return ansi.Strip(h.View(&st, w)[1])
	}
	soon := model.KnownExpiring([]model.ExpiringCredit{
		{Amount: model.MustCredits("277.8215"), ExpiresAt: refresh, Source: model.ExpiryPeriod},
		{Amount: model.MustCredits("25"), ExpiresAt: now.AddDate(0, 0, 5), Source: model.ExpiryPromo},
	})
	if got := line(soon, 160); !strings.Contains(got, "⚠ 25 promo credits expire Dec 8 · in 5 days") || strings.Contains(got, "277") {
		t.Errorf("wide: %q", got)
	}
	if got := line(soon, 100); !strings.Contains(got, "⚠ 25 expire in 5 days") || ansi.StringWidth(got) != 100 {
		t.Errorf("100: %q", got)
	}
	late := model.KnownExpiring([]model.ExpiringCredit{{Amount: model.MustCredits("25"), ExpiresAt: now.AddDate(0, 0, 8), Source: model.ExpiryPromo}})
	for name, e := range map[string]model.ExpiringCredits{"in 8 days": late, "1.0 server": {}} {
		if got := line(e, 160); strings.Contains(got, "expire") {
			t.Errorf("%s: %q", name, got)
		}
	}
}
