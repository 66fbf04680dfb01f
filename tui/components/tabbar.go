// Package components holds the parts of the screen around the active tab:
// the tab bar, the header, the toolbar, the summary bar, the search box and
// the footer. Each draws exactly one width; none does I/O or knows a tab's
// insides.
package components

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// TabBar is the row of tab titles. It picks the full titles, else the short,
// else the tiny ones from the registry; when even those do not fit it
// scrolls so the active tab is always on screen, with ‹ › saying that more
// are off to the side.
type TabBar struct {
	lists []*model.List
	width int
}

// Item is one tab's place on the bar; rendering and mouse hits share it.
type Item struct {
	Label string
	X, W  int
	Index int // the tab's index
}

// NewTabBar is the bar over the registry's tabs.
func NewTabBar(lists []*model.List) TabBar { return TabBar{lists: lists} }

func (b *TabBar) SetSize(w int) { b.width = w }

func (b TabBar) labels(kind int) []string {
	out := make([]string, len(b.lists))
	for i, l := range b.lists {
		out[i] = [3]string{l.Title, l.Short, l.Tiny}[kind]
	}
	return out
}

func barWidth(labels []string) int {
	w := 1
	for _, l := range labels {
		w += ansi.StringWidth(l) + 3
	}
	return w
}

// Items lays the tabs out for the active one: every tab when they fit, else
// a window of them around the active tab.
func (b TabBar) Items(active int) []Item {
	labels := b.labels(0)
	for kind := 1; kind < 3 && barWidth(labels) > b.width; kind++ {
		labels = b.labels(kind)
	}
	first, last := 0, len(labels)-1
	// Scroll: drop tabs from the far side of the active one until it fits
	// (one cell each side is kept for the ‹ › markers).
	for barWidth(labels) > b.width && barWidth(labels[first:last+1])+2 > b.width && last > first {
		if active-first > last-active {
			first++
		} else {
			last--
		}
	}
	items := make([]Item, 0, last-first+1)
	x := 1
	if first > 0 {
		x = 2
	}
	for i := first; i <= last; i++ {
		w := ansi.StringWidth(labels[i]) + 2
		items = append(items, Item{Label: labels[i], X: x, W: w, Index: i})
		x += w + 1
	}
	return items
}

// At is the tab at screen column x, or -1.
func (b TabBar) At(active, x int) int {
	for _, it := range b.Items(active) {
		if x >= it.X && x < it.X+it.W {
			return it.Index
		}
	}
	return -1
}

// View draws the bar. The active tab is reverse video (brackets too under
// NO_COLOR and on dumb terminals, where reverse may not show).
func (b TabBar) View(st *common.Styles, active int) string {
	items := b.Items(active)
	var s strings.Builder
	if len(items) > 0 && items[0].Index > 0 {
		s.WriteString(st.Muted.Render("‹"))
	}
	s.WriteString(" ")
	for i, it := range items {
		if i > 0 {
			s.WriteString(" ")
		}
		switch {
		case it.Index == active && st.NoColor:
			s.WriteString(st.TabActive.Render("[" + it.Label + "]"))
		case it.Index == active:
			s.WriteString(st.TabActive.Render(" " + it.Label + " "))
		default:
			s.WriteString(st.TabIdle.Render(" " + it.Label + " "))
		}
	}
	line := s.String()
	if len(items) > 0 && items[len(items)-1].Index < len(b.lists)-1 {
		return common.PadRight(line, b.width-1) + st.Muted.Render("›")
	}
	return common.PadRight(line, b.width)
}
