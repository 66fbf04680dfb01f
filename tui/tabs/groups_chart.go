package tabs

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The bar chart above a time grouping: one bar per calendar bucket of the
// window (the server lists only buckets with records; the empty ones are
// drawn empty so the time axis never skips), in the session's zone. It uses
// the Overview chart's axis (model.NiceAxis, model.Cells), bar geometry and
// eighth blocks; under NO_COLOR a cell shows when at least half full.

// chart is the chart block in n lines: title, bars, axis and dates.
func (g *Groups) chart(n int) []string {
	st := g.sess.Styles
	d := g.doc
	labels, vals := bucketSeries(d)
	title := " " + st.Strong.Render("Credits per "+byWords(d.by))
	if d.zone != "" {
		title += st.Muted.Render(" (" + d.zone + ")")
	}
	rows := max(1, n-3)
	bars, shown := renderBars(st, labels, vals, rows, g.w)
	right := ""
	if shown < len(vals) {
		right = st.Muted.Render("the last "+common.FmtCount(int64(shown))+" of "+common.FmtCount(int64(len(vals)))+" shown") + " "
	}
	out := []string{common.Spread(title, right, g.w)}
	return append(out, bars...)
}

// bucketSeries is every bucket of the grouped window with its credits (zero
// for buckets without records), oldest first.
func bucketSeries(d *groupDoc) (labels []string, vals []model.Credits) {
	byKey := make(map[string]model.Credits, len(d.data))
	for _, x := range d.data {
		byKey[x.KeyString()] = x.Credits
	}
	starts, ok := model.Buckets(d.by, d.from, d.to, d.loc, model.MaxBuckets)
	if !ok {
		// No window to lay out: the buckets the server named, as they came.
		for _, x := range d.data {
			labels = append(labels, x.KeyString())
			vals = append(vals, x.Credits)
		}
		return labels, vals
	}
	layout := "Jan 2"
	if d.by == model.GroupByMonth {
		layout = "Jan 2006"
	}
	for _, s := range starts[:len(starts)-1] {
		t := s.In(d.loc)
		labels = append(labels, t.Format(layout))
		vals = append(vals, byKey[t.Format(time.DateOnly)])
	}
	return labels, vals
}

// renderBars draws vals as bars in rows rows plus a baseline and a label
// line, every line width cells; when there are more bars than columns the
// newest that fit are drawn (shown says how many).
func renderBars(st *common.Styles, labels []string, vals []model.Credits, rows, width int) (lines []string, shown int) {
	var peak model.Credits
	for _, v := range vals {
		peak = max(peak, v)
	}
	top, _, ticks := model.NiceAxis(peak, 3)
	tl := make([]string, len(ticks))
	labelW := 1
	for i, t := range ticks {
		tl[i] = t.Grouped()
		labelW = max(labelW, ansi.StringWidth(tl[i]))
	}
	tickAt := make(map[int]string, len(ticks))
	for i, t := range ticks {
		if r := model.Cells(t, top, rows); r > 0 {
			tickAt[r] = tl[i]
		}
	}
	left := 1 + labelW + 2
	plotW := max(1, width-left-1)
	if len(vals) > plotW {
		labels, vals = labels[len(labels)-plotW:], vals[len(vals)-plotW:]
	}
	bar, gap := bucketGeometry(plotW, len(vals))
	heights := make([]int, len(vals))
	for i, v := range vals {
		heights[i] = model.Cells(v, top, rows*8)
	}
	style := st.ChartAPICalls
	var b strings.Builder
	for r := rows; r >= 1; r-- {
		b.Reset()
		axisLabel(&b, st, tickAt[r], labelW)
		lo := (r - 1) * 8
		for _, h := range heights {
			fill := min(8, h-lo)
			cell := ""
			switch {
			case fill <= 0:
			case st.NoColor && (fill >= 4 || (r == 1 && h > 0)):
				cell = "█"
			case !st.NoColor:
				cell = eighths[fill]
			}
			if cell == "" {
				b.WriteString(common.Spaces(bar + gap))
				continue
			}
			b.WriteString(style.Render(strings.Repeat(cell, bar)))
			b.WriteString(common.Spaces(gap))
		}
		lines = append(lines, common.PadRight(b.String(), width))
	}
	b.Reset()
	b.WriteByte(' ')
	b.WriteString(common.Spaces(labelW - 1))
	b.WriteString(st.Muted.Render("0 ┼" + strings.Repeat("─", len(vals)*(bar+gap))))
	lines = append(lines, common.PadRight(b.String(), width))
	step := 7
	if len(vals) <= 14 {
		step = 1 // few wide bars: label as many as fit
	}
	lines = append(lines, common.PadRight(bucketAxis(labels, left, bar, gap, step), width))
	return lines, len(vals)
}

// bucketGeometry fits n bars into plotW cells: slot = bar + gap. Bars are at
// most 6 wide so twelve months do not turn into slabs.
func bucketGeometry(plotW, n int) (bar, gap int) {
	slot := max(1, plotW/max(n, 1))
	switch {
	case slot >= 4:
		return min(slot-1, 6), 1
	case slot >= 2:
		return slot - 1, 1
	}
	return 1, 0
}

// bucketAxis labels the last bar and every step-th bar from the first,
// never overlapping (a label that would touch another is left out).
func bucketAxis(labels []string, left, bar, gap, step int) string {
	n := len(labels)
	if n == 0 {
		return ""
	}
	slot := bar + gap
	line := []rune(strings.Repeat(" ", left+n*slot+10))
	used := make([]bool, len(line))
	place := func(x int, s string) {
		w := ansi.StringWidth(s)
		if x < 0 || x+w > len(line) {
			return
		}
		for i := max(0, x-1); i < min(len(line), x+w+1); i++ {
			if used[i] {
				return
			}
		}
		for i, r := range []rune(s) {
			line[x+i], used[x+i] = r, true
		}
	}
	last := labels[n-1]
	place(max(left, left+(n-1)*slot+bar-ansi.StringWidth(last)), last)
	for d := 0; d < n-1; d += max(1, step) {
		place(left+d*slot, labels[d])
	}
	return strings.TrimRight(string(line), " ")
}
