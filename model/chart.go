package model

import (
	"math/big"
	"time"
)

// ChartDays is the Overview chart's window: the last 30 calendar days, today included.
const ChartDays = 30

// ChartDay is one bar of the daily spend chart.
type ChartDay struct {
	Date  time.Time // midnight in the chart's zone
	Key   string    // YYYY-MM-DD, as /usage/daily spells it
	Label string    // "Nov 6"
	Spend Spend     // per category, exact, as the API reports it
	Total Credits   // Σ categories
}

// DailyChart is the data of a stacked daily-spend chart: one ChartDay per
// calendar day of the window (days missing from the response are zero, so
// the x axis never shifts), the tallest bar and a "nice" y axis.
type DailyChart struct {
	Days       []ChartDay
	Categories []SpendCategory // stacking order, bottom first; legend order
	Total      Spend           // Σ over the window
	// Max is the tallest stack. Negative categories (a day of refunds) stack
	// as zero: bars show spend, Total keeps the exact figure.
	Max Credits
	// Top is the axis maximum (≥ Max, > 0); Ticks run 0, Step, 2·Step … Top.
	Top, Step Credits
	Ticks     []Credits
}

// DailyWindow is the /usage/daily query for the last days calendar days in
// loc, today included: from midnight days−1 days ago to the next midnight.
func DailyWindow(now time.Time, loc *time.Location, days int) (from, to time.Time) {
	if loc == nil {
		loc = time.Local
	}
	if days < 1 {
		days = 1
	}
	y, m, d := now.In(loc).Date()
	to = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	from = time.Date(y, m, d-(days-1), 0, 0, 0, 0, loc)
	return from, to
}

// NewDailyChart lays out daily (fetched in loc's zone) over the window of
// DailyWindow(now, loc, days), with at most maxIntervals y-axis intervals
// (≤ 0 → 4). Entries outside the window are ignored.
func NewDailyChart(daily []DailyUsage, now time.Time, loc *time.Location, days, maxIntervals int) DailyChart {
	if loc == nil {
		loc = time.Local
	}
	if days < 1 {
		days = ChartDays
	}
	byDate := make(map[string]DailyUsage, len(daily))
	for _, d := range daily {
		byDate[d.Date] = d
	}
	from, _ := DailyWindow(now, loc, days)
	c := DailyChart{Categories: SpendCategories, Days: make([]ChartDay, 0, days)}
	for i := range days {
		y, m, d := from.Date()
		day := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		cd := ChartDay{Date: day, Key: day.Format(time.DateOnly), Label: day.Format("Jan 2")}
		if u, ok := byDate[cd.Key]; ok {
			cd.Spend = Spend{Conversations: u.Conversations, MCPCalls: u.MCPCalls, Imports: u.Imports}
			cd.Total = saturatingSum(u.Conversations, u.MCPCalls, u.Imports)
			c.Total.Conversations = saturatingSum(c.Total.Conversations, u.Conversations)
			c.Total.MCPCalls = saturatingSum(c.Total.MCPCalls, u.MCPCalls)
			c.Total.Imports = saturatingSum(c.Total.Imports, u.Imports)
		}
		if h := cd.StackHeight(); h > c.Max {
			c.Max = h
		}
		c.Days = append(c.Days, cd)
	}
	c.Top, c.Step, c.Ticks = NiceAxis(c.Max, maxIntervals)
	return c
}

// StackHeight is the bar's height: the sum of its non-negative categories.
func (d ChartDay) StackHeight() Credits {
	var h Credits
	for _, cat := range SpendCategories {
		if v := d.Spend.Of(cat); v > 0 {
			h = saturatingSum(h, v)
		}
	}
	return h
}

// Cells maps v onto 0..cells for an axis reaching top, rounding half up
// (exact; negatives are 0, values above top are cells). With eighth-block
// characters pass cells = rows×8.
func Cells(v, top Credits, cells int) int {
	if v <= 0 || top <= 0 || cells <= 0 {
		return 0
	}
	if v >= top {
		return cells
	}
	n := new(big.Int).Mul(big.NewInt(v.Units()), big.NewInt(int64(cells)))
	return int(divRoundHalfAway(n, big.NewInt(top.Units())))
}

// NiceAxis picks a y axis for max: a step of 1, 2 or 5 × 10^k (k ≥ −4, so
// steps are exact Credits) giving at most maxIntervals intervals (≤ 0 → 4),
// Top the first multiple of the step ≥ max, and the ticks 0..Top. max ≤ 0
// gives an axis 0..1 so an empty chart still has a scale.
func NiceAxis(max Credits, maxIntervals int) (top, step Credits, ticks []Credits) {
	if maxIntervals <= 0 {
		maxIntervals = 4
	}
	if max <= 0 {
		return NewCredits(1), NewCredits(1), []Credits{0, NewCredits(1)}
	}
	m := max.Units()
	for mag := int64(1); ; mag *= 10 {
		for _, f := range []int64{1, 2, 5} {
			s := f * mag
			n := m / s
			if m%s != 0 {
				n++
			}
			if n <= int64(maxIntervals) {
				for i := int64(0); i <= n; i++ {
					ticks = append(ticks, Credits(i*s))
				}
				return Credits(n * s), Credits(s), ticks
			}
		}
		if mag > (1<<62)/10 {
			// Unreachable for real balances; keep a usable axis.
			return max, max, []Credits{0, max}
		}
	}
}

// saturatingSum adds without wrapping; a chart only needs to stay sane.
func saturatingSum(vs ...Credits) Credits {
	var s Credits
	for _, v := range vs {
		r, err := s.Add(v)
		if err != nil {
			if v > 0 {
				return Credits(1<<63 - 1)
			}
			return Credits(-1 << 63)
		}
		s = r
	}
	return s
}
