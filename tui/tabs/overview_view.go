package tabs

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// ovLabelW is the width of the Overview's label column ("Features  ").
const (
	ovLabelW   = 10
	ovChartRow = 6
)

// build lays out every line of the Overview for the current width, data and
// palette; it is a no-op when none of them changed since the last build.
func (t *Overview) build() {
	st := t.sess.Styles
	key := strconv.Itoa(t.w) + "x" + strconv.Itoa(t.h) + "/" + strconv.FormatUint(t.gen, 10) + "/" + strconv.FormatBool(st.NoColor) + "/" + st.Title.Render("·")
	if key == t.builtFor && t.lines != nil {
		return
	}
	t.builtFor = key
	w := max(t.w, 20)
	var out []string
	add := func(ls ...string) {
		for _, l := range ls {
			out = append(out, common.PadRight(l, w))
		}
	}
	if err := t.staleErr(); err != nil {
		// Said first, in place: the figures below are older than they look.
		add(wrapIndent(st.Error.Render, "✗ Couldn't refresh: "+insightErr(err)+" · showing what was loaded earlier · r retry", 1, w)...)
		add("")
	}
	add(t.planLines(w)...)
	add(t.insightLines(w)...) // overview_limits.go: limits, expiring credits, run-out
	add("")
	add(t.ledgerLines(w)...)
	add("")
	add(t.chartLines(w)...)
	add("")
	add(t.featureLines(w)...)
	t.lines = out
}

// ovRow is " Label     value" with value wrapped at " · " boundaries onto
// indented continuation lines.
func ovRow(st *common.Styles, label string, parts []string, w int) []string {
	head := " " + st.Muted.Render(label) + common.Spaces(ovLabelW-ansi.StringWidth(label))
	indent := common.Spaces(1 + ovLabelW)
	avail := max(10, w-1-ovLabelW)
	var out []string
	cur, curW := "", 0
	sep := st.Muted.Render(" · ")
	for _, p := range parts {
		pw := ansi.StringWidth(p)
		if curW > 0 && curW+3+pw > avail {
			out = append(out, cur)
			cur, curW = "", 0
		}
		if curW > 0 {
			cur += sep
			curW += 3
		}
		cur += p
		curW += pw
	}
	out = append(out, cur)
	for i := range out {
		if i == 0 {
			out[i] = head + out[i]
		} else {
			out[i] = indent + out[i]
		}
	}
	return out
}

func (t *Overview) chartLines(w int) []string {
	st := t.sess.Styles
	title := " " + st.Strong.Render("Daily spend, last 30 days")
	if t.dailyZone != "" {
		title += st.Muted.Render(" (" + t.dailyZone + ")")
	}
	switch {
	case t.daily == nil && t.dailyErr != nil:
		return append([]string{title}, wrapIndent(st.Error.Render, "✗ Couldn't load daily usage: "+insightErr(t.dailyErr)+" · r retry", 3, w)...)
	case t.daily == nil:
		return []string{title, "   " + st.Muted.Render("Loading daily usage…")}
	}
	now := t.sess.Now()
	c := model.NewDailyChart(t.daily, now, t.dailyLoc, model.ChartDays, 3)
	legend := chartLegend(st)
	var out []string
	if ansi.StringWidth(title)+ansi.StringWidth(legend)+3 <= w {
		out = append(out, common.Spread(title, legend+" ", w))
	} else {
		out = append(out, title, "   "+legend)
	}
	// Taller screens get a taller chart; 100×30 shows all of it unscrolled.
	out = append(out, renderChart(st, c, min(ovChartRow+2, max(4, t.h-16)), w)...)
	total, _ := c.Total.Total()
	out = append(out, ovRow(st, "30 days", []string{
		total.Grouped() + " credits",
		"conversations " + c.Total.Conversations.Grouped(),
		"API calls " + c.Total.MCPCalls.Grouped(),
		"imports " + c.Total.Imports.Grouped(),
	}, w)...)
	// The forecast is on the summary bar, in view whatever the scroll; a
	// second copy here read as two different forecasts.
	return out
}

// staleErr is why shown figures could not be refreshed: the first fetch
// that failed while its older answer stays on screen (with no answer at
// all, each section says so in its own place).
func (t *Overview) staleErr() error {
	switch {
	case t.billErr != nil && t.billing != nil:
		return t.billErr
	case t.ledgerErr != nil && t.ledger != nil:
		return t.ledgerErr
	case t.dailyErr != nil && t.daily != nil:
		return t.dailyErr
	}
	return nil
}

// forecast is the summary bar's: the run-out with expiring credits taken
// out (runOut), so it agrees with the Overview's Run-out row.
func (t *Overview) forecast() (model.ForecastResult, bool) {
	r, ok := t.runOut()
	return r.ForecastResult, ok
}

// Status puts the forecast on the summary bar, visible whatever the scroll,
// and says in the toolbar what the Overview covers.
func (t *Overview) Status() Status {
	s := Status{View: t.view, FetchedAt: t.fetchedAt(), Busy: t.ledgerBusy || t.dailyBusy, Toolbar: t.toolbar(), RefreshErr: t.staleErr()}
	s.Summary = Summary{Label: "Forecast", Text: "…", Known: true}
	if f, ok := t.forecast(); ok {
		s.Summary.Text = f.Sentence
		if f.RunsOut && f.BeforeRefresh {
			s.Summary.Text = t.sess.Styles.Warn.Render(f.Sentence)
		}
	}
	return s
}

// Toolbar says what the Overview covers, and whether there is more below.
func (t *Overview) toolbar() []string {
	if t.sess.WS == "" {
		return nil
	}
	t.build()
	var parts []string
	if b := t.billing; b != nil {
		if s, e := b.Plan.CurrentPeriodStart, b.Plan.CurrentPeriodEnd; s != nil && e != nil {
			parts = append(parts, "Period: "+common.FmtDay(*s, t.sess.Loc)+" – "+e.In(t.sess.Loc).Format("Jan 2, 2006"))
		} else {
			parts = append(parts, "Period: none (all time)")
		}
	}
	more := ""
	switch {
	case t.off < t.maxOff():
		more = "↓ more below (j/k)"
	case t.off > 0:
		more = "↑ more above"
	}
	// One toolbar line: the chart note goes first when space is short.
	fits := func(ps ...string) bool {
		n := 1
		for _, p := range ps {
			if p != "" {
				n += ansi.StringWidth(p) + 3
			}
		}
		return n <= t.w
	}
	if fits(append(parts, "Chart: last 30 days", more)...) {
		parts = append(parts, "Chart: last 30 days")
	}
	if more != "" && !fits(append(parts, more)...) {
		more = strings.Fields(more)[0] + " more"
	}
	return common.AppendNonEmpty(parts, more)
}
