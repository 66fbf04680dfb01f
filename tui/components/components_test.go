package components

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The tab bar shortens titles, then scrolls: the active tab is always
// visible and every line is exactly the width.
func TestTabBarShortensThenScrolls(t *testing.T) {
	st := common.NewStyles(true, true)
	bar := NewTabBar(model.Lists())
	for _, w := range []int{120, 80, 60, 40, 25} {
		bar.SetSize(w)
		for active := range model.Lists() {
			line := ansi.Strip(bar.View(&st, active))
			if ansi.StringWidth(line) != w {
				t.Fatalf("width %d: line is %d wide: %q", w, ansi.StringWidth(line), line)
			}
			if !strings.Contains(line, "[") {
				t.Fatalf("width %d, active %d: the active tab is off screen: %q", w, active, line)
			}
			if i := bar.At(active, bar.Items(active)[0].X); i < 0 {
				t.Fatalf("width %d: the first item is not clickable", w)
			}
		}
	}
	bar.SetSize(120)
	if line := bar.View(&st, 0); !strings.Contains(line, "Credit Adjustments") {
		t.Fatalf("full titles at 120: %q", line)
	}
	bar.SetSize(40)
	if line := ansi.Strip(bar.View(&st, 5)); !strings.HasPrefix(line, "‹") {
		t.Fatalf("scrolled bar without the ‹ marker: %q", line)
	}
}

// The footer keeps the tail keys and drops the others from the end.
func TestFooterKeepsTheTail(t *testing.T) {
	st := common.NewStyles(true, true)
	b := func(k, d string) *common.Binding {
		return &common.Binding{Binding: key.NewBinding(key.WithKeys(k), key.WithHelp(k, d)), Footer: true}
	}
	f := Footer{
		Keys: []common.Key{common.On(b("a", "alpha")), common.On(b("b", "bravo")), common.OffIf(b("c", "charlie"), "not now"), common.On(b("d", "delta"))},
		Tail: []common.Key{common.On(b("?", "help")), common.On(b("q", "quit"))},
	}
	wide := ansi.Strip(f.View(&st, 80))
	if !strings.Contains(wide, "a alpha  b bravo  d delta  ? help  q quit") || strings.Contains(wide, "charlie") {
		t.Fatalf("wide footer %q", wide)
	}
	narrow := ansi.Strip(f.View(&st, 30))
	if !strings.Contains(narrow, "? help  q quit") || strings.Contains(narrow, "delta") {
		t.Fatalf("narrow footer %q", narrow)
	}
	f.Flash = "Copied ID x"
	if got := ansi.Strip(f.View(&st, 30)); !strings.HasPrefix(got, " Copied ID x") {
		t.Fatalf("flash %q", got)
	}
}

// The header says what the figures are: what is left, and what was used of
// the grant (not a percentage of the grant next to a balance it does not
// explain); the gauge is the used share of used + left. Words go first as
// the width shrinks, figures never.
func TestHeaderFiguresAddUp(t *testing.T) {
	st := common.NewStyles(true, true)
	refresh := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	b := &model.Billing{Plan: model.Plan{Name: "Creator", Status: model.PlanActive, Interval: model.IntervalMonth},
		Credits: model.CreditBalance{Remaining: model.MustCredits("960.33"), GrantedThisPeriod: model.MustCredits("2000"),
			UsedThisPeriod: model.MustCredits("1571.26"), RefreshesAt: &refresh}}
	h := Header{Chosen: true, Workspace: "Acme", Role: "owner", Billing: b, Now: refresh.AddDate(0, 0, -11), Loc: time.UTC}
	wide := ansi.Strip(h.View(&st, 140)[1])
	if !strings.Contains(wide, "960.33 left") || !strings.Contains(wide, "1,571.26 of 2,000 granted used this period") ||
		!strings.Contains(wide, "refreshes Dec 1 · in 11 days") {
		t.Fatalf("wide: %q", wide)
	}
	// 1,571.26 of 2,531.59 available is 62%: 12 of 20 cells.
	if strings.Count(wide, "█") != 12 {
		t.Fatalf("gauge %q: want 12 full cells", wide)
	}
	for _, w := range []int{100, 80, 60} {
		line := ansi.Strip(h.View(&st, w)[1])
		if ansi.StringWidth(line) != w || !strings.Contains(line, "960.33") || !strings.Contains(line, "1,571.26") {
			t.Fatalf("at %d: %q", w, line)
		}
	}
}

// The compact header (short terminals) keeps the workspace, the role and
// what is left at every width, and a failed refresh is never dropped for
// the used figures.
func TestCompactHeaderKeepsWhatMatters(t *testing.T) {
	st := common.NewStyles(true, true)
	b := &model.Billing{}
	b.Credits.Remaining, _ = model.ParseCredits("951.6144")
	b.Credits.GrantedThisPeriod, _ = model.ParseCredits("2000")
	b.Credits.UsedThisPeriod, _ = model.ParseCredits("1585.273")
	h := Header{Chosen: true, Workspace: "Acme Studio", Role: "owner", Billing: b}
	for _, w := range []int{50, 60, 80, 120} {
		line := ansi.Strip(h.Compact(&st, w))
		if ansi.StringWidth(line) != w {
			t.Fatalf("width %d: %d wide: %q", w, ansi.StringWidth(line), line)
		}
		for _, want := range []string{"Acme Studio", "owner", "951.6144 left"} {
			if !strings.Contains(line, want) {
				t.Errorf("width %d: %q lacks %q", w, line, want)
			}
		}
		if w >= 60 && !strings.Contains(line, "1,585.273/2,000") {
			t.Errorf("width %d: used of granted dropped with room for it: %q", w, line)
		}
	}
	h.Fresh, h.FreshIsErr = "refresh failed · r retry", true
	for _, w := range []int{50, 60, 80} {
		line := ansi.Strip(h.Compact(&st, w))
		if !strings.Contains(line, "refresh failed") && !strings.Contains(line, "✗ 951.6144 left") {
			t.Errorf("width %d: a failed refresh is not shown: %q", w, line)
		}
	}
}

// On a wide screen the summary bar keeps the position: figures and "row N
// of M" on one line when they fit, else on two (the figures broken between
// parts, never inside one), never the position dropped for long figures.
func TestSummaryKeepsThePosition(t *testing.T) {
	st := common.NewStyles(true, true)
	short := Summary{Label: "Total", Text: "12 changes · net +3", Showing: "row 1 of 12", Known: true}
	long := Summary{Label: "Total", Known: true, Showing: "row 3,284 of 3,284",
		Text: "3,284 changes · spent −14,625.8275 · added +21,908.3333 · removed −6,334.3627 · net +948.1431 · opens at 0 ✓"}
	for _, c := range []struct {
		s    Summary
		w    int
		rows int
	}{{short, 120, 1}, {short, 100, 1}, {long, 200, 1}, {long, 120, 2}, {long, 100, 2}} {
		lines := c.s.View(&st, c.w)
		if c.s.Rows(c.w) != c.rows || len(lines) != c.rows {
			t.Errorf("%d wide: %d rows (%d drawn), want %d", c.w, c.s.Rows(c.w), len(lines), c.rows)
		}
		all := ansi.Strip(strings.Join(lines, "\n"))
		if !strings.Contains(all, c.s.Showing) || !strings.Contains(all, "net +") {
			t.Errorf("%d wide:\n%s", c.w, all)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) != c.w {
				t.Errorf("%d wide: a line of %d", c.w, ansi.StringWidth(l))
			}
		}
	}
}
