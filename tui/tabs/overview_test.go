package tabs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// overview opens the Overview with the billing document the root would pass.
func overview(t testing.TB, w, ht int) (*harness, *Overview) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	ov := h.open(model.TabOverview, model.View{}, w, ht).(*Overview)
	b, err := h.c.Billing(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	h.run(ov.SetBilling(&b, nil, true))
	return h, ov
}

// The chart at fixed data, NO_COLOR: distinct glyphs per category, a
// labelled y axis, a baseline and date labels, at 80 columns.
func TestGoldenChart(t *testing.T) {
	loc := time.UTC
	var daily []model.DailyUsage
	from, _ := model.DailyWindow(fixedNow, loc, model.ChartDays)
	for i := range model.ChartDays {
		d := from.AddDate(0, 0, i)
		daily = append(daily, model.DailyUsage{
			Date:          d.Format(time.DateOnly),
			Conversations: model.NewCredits(int64(10 + (i*7)%40)),
			MCPCalls:      model.NewCredits(int64((i * 5) % 25)),
			Imports:       model.NewCredits(int64((i % 4) * 5)),
		})
	}
	c := model.NewDailyChart(daily, fixedNow, loc, model.ChartDays, 3)
	st := common.NewStyles(true, true)
	lines := renderChart(&st, c, ovChartRow, 80)
	golden(t, "chart_80_nocolor", strings.Join(lines, "\n"))
	for _, g := range chartGlyphs {
		if !strings.Contains(strings.Join(lines, ""), g) {
			t.Errorf("glyph %q missing: categories are not distinguishable without colour", g)
		}
	}
	if !strings.Contains(lines[0], "┤") || !strings.Contains(lines[len(lines)-2], "0 ┼") {
		t.Errorf("axis missing:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[len(lines)-1], "Nov 20") || !strings.Contains(lines[len(lines)-1], c.Days[0].Label) {
		t.Errorf("date labels missing: %q", lines[len(lines)-1])
	}
}

// A ledger that does not add up is said loudly, with the reason.
func TestOverviewSaysWhenTheLedgerDoesNotReconcile(t *testing.T) {
	h, ov := overview(t, 100, 21)
	if !strings.Contains(h.screen(), "✓ reconciles") {
		t.Fatalf("no reconciliation:\n%s", h.screen())
	}
	bad := *ov.ledger
	bad.Reconciles, bad.Explanation = false, "/billing reports 1 remaining, but the lists say 2"
	h.run(ov.Update(ledgerMsg{seq: ov.ledgerSeq, billing: *ov.billing, rec: bad, at: fixedNow}))
	s := h.screen()
	if !strings.Contains(s, "⚠ does not reconcile") || !strings.Contains(s, "⚠ /billing reports 1 remaining") {
		t.Fatalf("mismatch not shown:\n%s", s)
	}
}

func TestOverviewScrollsAndErrorsInPlace(t *testing.T) {
	h, ov := overview(t, 80, 15)
	h.screen()
	if ov.maxOff() == 0 {
		t.Fatal("the 80×24 overview should need scrolling")
	}
	h.key(press('j'))
	h.key(press('j'))
	if ov.off != 2 {
		t.Fatalf("j scrolled to %d", ov.off)
	}
	h.key(press('G'))
	if ov.off != ov.maxOff() || !strings.Contains(h.screen(), "Features") {
		t.Fatalf("G: off %d of %d", ov.off, ov.maxOff())
	}
	h.key(press('g'))
	if ov.off != 0 {
		t.Fatal("g did not return to the top")
	}
	// A failing /usage/daily shows in place; a refresh retries.
	h.srv.SetFaults(demo.Faults{Rate5xx: 1})
	ov.daily, ov.dailyErr = nil, nil
	h.run(ov.Refresh())
	h.key(press('G'))
	if !strings.Contains(h.screen(), "✗ Couldn't load daily usage") {
		t.Fatalf("no error in place:\n%s", h.screen())
	}
	h.srv.SetFaults(demo.Faults{})
	h.run(ov.Refresh())
	h.key(press('G'))
	if s := h.screen(); strings.Contains(s, "Couldn't load daily usage") || !strings.Contains(s, "0 ┼") {
		t.Fatalf("retry did not recover:\n%s", s)
	}
}

// BenchmarkOverviewView is the cost of View() on the Overview at 120×40: the
// cached path (every keystroke and tick) and a rebuild (new data or size).
func BenchmarkOverviewView(b *testing.B) {
	_, ov := overview(b, 120, 31)
	if ov.ledger == nil || ov.daily == nil {
		b.Fatal("overview not loaded")
	}
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			_ = ov.View()
		}
	})
	b.Run("rebuild", func(b *testing.B) {
		for b.Loop() {
			ov.gen++
			_ = ov.View()
		}
	})
}

// Stop (workspace switch, quit) must cancel every Overview fetch in flight,
// not only the first one made since the last Stop.
func TestOverviewStopCancelsEveryFetch(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	ov := NewOverview(h.sess, model.View{})
	a, b := ov.ctx(), ov.ctx()
	ov.Stop()
	if a.Err() == nil || b.Err() == nil {
		t.Fatalf("after Stop: first fetch ctx err %v, second %v; want both cancelled", a.Err(), b.Err())
	}
}

// A downgrade due at the period end replaces the renewal: the plan line must
// not say "renews Dec 1" beside "changes to Free on Dec 1".
func TestOverviewDoesNotRenewWhatChangesAtThePeriodEnd(t *testing.T) {
	h, ov := overview(t, 120, 30)
	b := *ov.billing
	end := *b.Plan.CurrentPeriodEnd
	b.Plan.ScheduledChange = &model.ScheduledChange{PlanName: "Free", EffectiveAt: end}
	h.run(ov.SetBilling(&b, nil, true))
	s := h.screen()
	if !strings.Contains(s, "changes to Free on") || strings.Contains(s, "renews") {
		t.Fatalf("plan line:\n%s", s)
	}
}
