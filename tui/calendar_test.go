package tui

import (
	"strings"
	"testing"

	"github.com/tallyhq/tally/model"
)

// "This month" filters the list to the calendar month and Y prints it back.
func TestThisMonthPick(t *testing.T) {
	h := newHarness(t, onTab(model.TabAdjustments))
	h.keys("d", "g")
	for i := 0; i < 10 && !strings.Contains(h.screen(), "▸ This month"); i++ {
		h.keys("j")
	}
	h.keys("enter")
	if v := h.view(); v.Calendar != "2026-11" || v.Last != "" {
		t.Fatalf("view %+v", v)
	}
	mustContain(t, h.screen(), "Date: November 2026", "Filtered")
	if got := h.m.CommandLine(); !strings.Contains(got, "--month 2026-11") {
		t.Errorf("Y: %s", got)
	}
	// Every row is in November (UTC, the session's zone).
	lt := list[model.Adjustment, model.AdjustmentSummary](h, model.TabAdjustments)
	n := 0
	for r := range lt.Table().All() {
		if r.CreatedAt.UTC().Format("2006-01") != "2026-11" {
			t.Fatalf("row of %s", r.CreatedAt)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no adjustments in November")
	}
	h.keys("esc")
	if v := h.view(); v.Calendar != "" {
		t.Errorf("esc kept the month: %+v", v)
	}
}
