package components

import (
	"strings"
	"testing"

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
