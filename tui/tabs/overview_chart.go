package tabs

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The daily spend chart: stacked bars, one per day, bottom to top
// conversations, API calls, imports. In colour each category has its colour
// and the top of a bar has eighth-block resolution; under NO_COLOR each
// category has its own glyph (█ ▒ ░) and cells are whole, so the categories
// stay apart without colour.

var eighths = []string{"", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// chartGlyphs are the NO_COLOR glyphs per category, in stacking order.
var chartGlyphs = [3]string{"█", "▒", "░"}

// chartLegendNames are the legend's short names per category.
var chartLegendNames = [3]string{"conversations", "API calls", "imports"}

func chartStyles(st *common.Styles) [3]lipgloss.Style {
	return [3]lipgloss.Style{st.ChartConversations, st.ChartAPICalls, st.ChartImports}
}

// chartLegend is "█ conversations ▒ API calls ░ imports" (coloured squares in colour).
func chartLegend(st *common.Styles) string {
	cs := chartStyles(st)
	parts := make([]string, 3)
	for i := range parts {
		g := "■"
		if st.NoColor {
			g = chartGlyphs[i]
		}
		parts[i] = cs[i].Render(g) + " " + chartLegendNames[i]
	}
	return strings.Join(parts, "  ")
}

// chartGeometry fits 30 bars into width: slot = bar + gap cells per day.
func chartGeometry(plotW, days int) (bar, gap int) {
	slot := max(1, plotW/max(days, 1))
	switch {
	case slot >= 4:
		return slot - 1, 1
	case slot == 3:
		return 2, 1
	case slot == 2:
		return 1, 1
	}
	return 1, 0
}

// renderChart draws c in rows chart rows plus a baseline and a date line,
// every line exactly width cells.
func renderChart(st *common.Styles, c model.DailyChart, rows, width int) []string {
	days := len(c.Days)
	labels := make([]string, len(c.Ticks))
	labelW := 1
	for i, t := range c.Ticks {
		labels[i] = t.Grouped()
		labelW = max(labelW, ansi.StringWidth(labels[i]))
	}
	// Which chart row (1..rows, from the bottom) carries which tick label.
	tickAt := make(map[int]string, len(c.Ticks))
	for i, t := range c.Ticks {
		if r := model.Cells(t, c.Top, rows); r > 0 {
			tickAt[r] = labels[i]
		}
	}
	left := 1 + labelW + 2 // margin, label, space, axis
	bar, gap := chartGeometry(width-left-1, days)
	cs := chartStyles(st)

	// Cumulative stack boundaries per day, in eighths of a row.
	type stack struct{ b [3]int }
	stacks := make([]stack, days)
	for d, day := range c.Days {
		var cum model.Credits
		for k, cat := range c.Categories {
			if v := day.Spend.Of(cat); v > 0 {
				cum, _ = cum.Add(v)
			}
			stacks[d].b[k] = model.Cells(cum, c.Top, rows*8)
		}
	}

	out := make([]string, 0, rows+2)
	var b strings.Builder
	for r := rows; r >= 1; r-- {
		b.Reset()
		axisLabel(&b, st, tickAt[r], labelW)
		lo := (r - 1) * 8
		for d := range stacks {
			cell, style := chartCell(st.NoColor, stacks[d].b, lo, r == 1)
			if cell == "" {
				b.WriteString(common.Spaces(bar + gap))
				continue
			}
			b.WriteString(cs[style].Render(strings.Repeat(cell, bar)))
			b.WriteString(common.Spaces(gap))
		}
		out = append(out, common.PadRight(b.String(), width))
	}
	b.Reset()
	b.WriteByte(' ')
	b.WriteString(common.Spaces(labelW - 1))
	b.WriteString(st.Muted.Render("0 ┼" + strings.Repeat("─", days*(bar+gap))))
	out = append(out, common.PadRight(b.String(), width))
	out = append(out, common.PadRight(dateAxis(c, left, bar, gap), width))
	return out
}

// chartCell is the glyph and category of one cell whose eighths start at lo.
// The category is the one covering most of the cell's filled part; in colour
// the top cell of a bar is a partial block. Under NO_COLOR a cell shows when
// at least half full, and a bar with any spend shows at least one cell.
func chartCell(noColor bool, b [3]int, lo int, bottom bool) (string, int) {
	top := b[2]
	fill := min(8, top-lo)
	if fill <= 0 {
		return "", 0
	}
	best, bestCover, prev := 0, -1, 0
	for k := range 3 {
		cover := min(b[k], lo+fill) - max(prev, lo)
		if cover > bestCover {
			best, bestCover = k, cover
		}
		prev = b[k]
	}
	if noColor {
		if fill < 4 && !(bottom && top > 0) {
			return "", 0
		}
		return chartGlyphs[best], best
	}
	return eighths[fill], best
}

// dateAxis labels the first day, today and weekly days between, never overlapping:
// labels keep two cells apart, and no weekly label sits within three days of
// today's, where "Dec 2 Dec 3" would read as one crowded label at wide widths.
func dateAxis(c model.DailyChart, left, bar, gap int) string {
	days := len(c.Days)
	if days == 0 {
		return ""
	}
	slot := bar + gap
	end := left + days*slot
	line := []rune(strings.Repeat(" ", end+8))
	used := make([]bool, len(line))
	place := func(x int, s string) bool {
		w := ansi.StringWidth(s)
		if x < 0 || x+w > len(line) {
			return false
		}
		for i := max(0, x-2); i < min(len(line), x+w+2); i++ {
			if used[i] {
				return false
			}
		}
		for i, r := range []rune(s) {
			line[x+i] = r
			used[x+i] = true
		}
		return true
	}
	last := c.Days[days-1].Label
	place(max(left, left+(days-1)*slot+bar-ansi.StringWidth(last)), last)
	for d := 0; d < days-4; d += 7 {
		place(left+d*slot, c.Days[d].Label)
	}
	return strings.TrimRight(string(line), " ")
}

// axisLabel starts a chart row: the y-axis, with its tick label ("100 ┤")
// when the row has one. Both charts (the Overview's, the groups') use it.
func axisLabel(b *strings.Builder, st *common.Styles, tick string, labelW int) {
	b.WriteByte(' ')
	if tick != "" {
		b.WriteString(common.Spaces(labelW - ansi.StringWidth(tick)))
		b.WriteString(st.Muted.Render(tick + " ┤"))
		return
	}
	b.WriteString(common.Spaces(labelW + 1))
	b.WriteString(st.Muted.Render("│"))
}
