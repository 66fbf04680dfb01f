package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// insights are the balance's extras: reconciliation and forecast. Either may
// be missing (nil) with the reason in its error, so a server or role that
// refuses one list still gets its balance.
type insights struct {
	ledger      *model.Reconciliation
	ledgerErr   error
	forecast    *model.ForecastResult
	forecastErr error
	tz          string // zone the daily figures are in
}

// fetchBalance reads /billing and the insights. When the ledger does not
// reconcile, billing and ledger are read once more: a record that lands
// between the requests is a false alarm, a real mismatch persists.
func fetchBalance(ctx context.Context, c *client.Client, ws string, now time.Time, loc *time.Location, getenv func(string) string) (model.Billing, insights, error) {
	var in insights
	b, err := c.Billing(ctx, ws)
	if err != nil {
		return b, in, err
	}
	for attempt := 0; attempt < 2; attempt++ {
		li, err := c.LedgerInput(ctx, ws, b)
		if err != nil {
			in.ledger, in.ledgerErr = nil, err
			break
		}
		r := model.Reconcile(li)
		in.ledger, in.ledgerErr = &r, nil
		if r.Reconciles || attempt == 1 {
			break
		}
		nb, err := c.Billing(ctx, ws)
		if err != nil {
			break
		}
		b = nb
	}
	if ctx.Err() != nil {
		return b, in, ctx.Err()
	}

	// Days must be the user's days: ask the API in the zone's IANA name, or
	// in UTC (and compute in UTC) when the local zone has no usable name.
	in.tz = model.ZoneName(loc, getenv)
	dloc := loc
	if in.tz == "" {
		in.tz, dloc = "UTC", time.UTC
	}
	from, to := model.DailyWindow(now, dloc, model.ChartDays)
	d, err := c.Daily(ctx, ws, client.DailyQuery{From: from, To: to, TZ: in.tz})
	if err != nil {
		in.forecastErr = err
	} else {
		f := model.Forecast(b.Credits.Remaining, b.Credits.RefreshesAt, d.Data, now, dloc)
		in.forecast = &f
	}
	if ctx.Err() != nil {
		return b, in, ctx.Err()
	}
	return b, in, nil
}

// insightError is the one-line reason an insight is missing.
func insightError(err error) string {
	if client.IsPermission(err) {
		return "your role cannot read the figures it needs"
	}
	return strings.TrimSpace(err.Error())
}

func walletLines(ws []model.Wallet) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fmt.Sprintf("%s %s · %s", w.Name, w.Balance.Grouped(), w.Status.Label())
	}
	return out
}

func featureLines(fs []model.Feature) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s · %s", f.Name, f.Status.Label())
	}
	return out
}

// writeLedger prints "where the credits went" as an aligned block.
func writeLedger(w io.Writer, r *model.Reconciliation, loc *time.Location) {
	since := "all time"
	if r.PeriodStart != nil {
		since = "since " + r.PeriodStart.In(loc).Format("2006-01-02")
	}
	fmt.Fprintf(w, "\nWhere the credits went (%s)\n", since)
	type row struct{ label, amount, detail string }
	var rows []row
	if r.Opening != nil && !r.AllTime {
		rows = append(rows, row{"opening", r.Opening.Grouped(), "balance at the period start"})
	}
	rows = append(rows, row{"granted", r.GrantedTotal.Signed(), joinLines(r.Granted)})
	rows = append(rows, row{"spent", r.SpentTotal.Neg().Grouped(), joinLines(r.Spent)})
	rows = append(rows, row{"expired", r.Expired.Grouped(), ""})
	if len(r.Removed) > 0 {
		rows = append(rows, row{"removed", r.OtherRemoved.Grouped(), joinLines(r.Removed)})
	}
	status := "✓ reconciles"
	if !r.Reconciles {
		status = "⚠ does not reconcile"
	}
	rows = append(rows, row{"remaining", r.Remaining.Grouped(), status})
	lw, aw := 0, 0
	for _, x := range rows {
		lw = max(lw, ansi.StringWidth(x.label))
		aw = max(aw, ansi.StringWidth(x.amount))
	}
	for _, x := range rows {
		line := "  " + x.label + strings.Repeat(" ", lw-ansi.StringWidth(x.label)+2) +
			strings.Repeat(" ", aw-ansi.StringWidth(x.amount)) + x.amount
		if x.detail != "" {
			line += "  " + x.detail
		}
		fmt.Fprintln(w, line)
	}
	if !r.Reconciles {
		fmt.Fprintf(w, "  ⚠ %s\n", r.Explanation)
	}
}

func joinLines(ls []model.LedgerLine) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Label + " " + l.Amount.Grouped()
	}
	return strings.Join(parts, " · ")
}

// JSON shapes added to `tally balance --json` (schema_version stays 1: additions only).

type walletJSON struct {
	Kind    string        `json:"kind"`
	Name    string        `json:"name"`
	Balance model.Credits `json:"balance"`
	Status  string        `json:"status"`
}

type featureJSON struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

type forecastJSON struct {
	TZ                string        `json:"tz"`
	Days              int           `json:"days"`
	WindowSpend       model.Credits `json:"window_spend"`
	PacePerDay        model.Credits `json:"pace_per_day"`
	Exhausted         bool          `json:"exhausted"`
	RunsOut           bool          `json:"runs_out"`
	RunOutAt          *time.Time    `json:"run_out_at"`
	RefreshesAt       *time.Time    `json:"refreshes_at"`
	BeforeRefresh     bool          `json:"before_refresh"`
	DaysBeforeRefresh *int          `json:"days_before_refresh"`
	Sentence          string        `json:"sentence"`
}

type ledgerLineJSON struct {
	Key    string        `json:"key"`
	Label  string        `json:"label"`
	Amount model.Credits `json:"amount"`
}

type ledgerCheckJSON struct {
	Name     string        `json:"name"`
	Reported model.Credits `json:"reported"`
	Computed model.Credits `json:"computed"`
	OK       bool          `json:"ok"`
}

type reconciliationJSON struct {
	AllTime      bool              `json:"all_time"`
	PeriodStart  *time.Time        `json:"period_start"`
	PeriodEnd    *time.Time        `json:"period_end"`
	Opening      *model.Credits    `json:"opening"`
	Granted      []ledgerLineJSON  `json:"granted"`
	GrantedTotal model.Credits     `json:"granted_total"`
	Spent        []ledgerLineJSON  `json:"spent"`
	SpentTotal   model.Credits     `json:"spent_total"`
	Expired      model.Credits     `json:"expired"`
	Removed      []ledgerLineJSON  `json:"removed"`
	RemovedTotal model.Credits     `json:"removed_total"`
	Remaining    model.Credits     `json:"remaining"`
	Reconciles   bool              `json:"reconciles"`
	Discrepancy  model.Credits     `json:"discrepancy"`
	Explanation  string            `json:"explanation"`
	Checks       []ledgerCheckJSON `json:"checks"`
}

func walletsJSON(ws []model.Wallet) []walletJSON {
	out := make([]walletJSON, len(ws))
	for i, w := range ws {
		out[i] = walletJSON{string(w.Kind), string(w.Name), w.Balance, string(w.Status)}
	}
	return out
}

func featuresJSON(fs []model.Feature) []featureJSON {
	out := make([]featureJSON, len(fs))
	for i, f := range fs {
		out[i] = featureJSON{string(f.Key), string(f.Name), string(f.Status)}
	}
	return out
}

func toForecastJSON(f *model.ForecastResult, tz string) *forecastJSON {
	if f == nil {
		return nil
	}
	d := &forecastJSON{TZ: tz, Days: f.Days, WindowSpend: f.WindowSpend, PacePerDay: f.Pace, Exhausted: f.Exhausted,
		RunsOut: f.RunsOut, RefreshesAt: utcPtr(f.RefreshesAt), BeforeRefresh: f.BeforeRefresh, Sentence: f.Sentence}
	if f.RunsOut {
		t := f.RunOutAt.UTC().Truncate(time.Second)
		d.RunOutAt = &t
	}
	if f.RunsOut && f.BeforeRefresh && f.RefreshesAt != nil && !f.Exhausted {
		n := f.DaysBeforeRefresh
		d.DaysBeforeRefresh = &n
	}
	return d
}

func linesJSON(ls []model.LedgerLine) []ledgerLineJSON {
	out := make([]ledgerLineJSON, len(ls))
	for i, l := range ls {
		out[i] = ledgerLineJSON{l.Key, l.Label, l.Amount}
	}
	return out
}

func toReconciliationJSON(r *model.Reconciliation) *reconciliationJSON {
	if r == nil {
		return nil
	}
	d := &reconciliationJSON{AllTime: r.AllTime, PeriodStart: utcPtr(r.PeriodStart), PeriodEnd: utcPtr(r.PeriodEnd),
		Opening: r.Opening, Granted: linesJSON(r.Granted), GrantedTotal: r.GrantedTotal, Spent: linesJSON(r.Spent),
		SpentTotal: r.SpentTotal, Expired: r.Expired, Removed: linesJSON(r.Removed), RemovedTotal: r.OtherRemoved,
		Remaining: r.Remaining, Reconciles: r.Reconciles, Discrepancy: r.Discrepancy, Explanation: r.Explanation,
		Checks: make([]ledgerCheckJSON, len(r.Checks))}
	for i, c := range r.Checks {
		d.Checks[i] = ledgerCheckJSON{c.Name, c.Reported, c.Computed, c.OK}
	}
	return d
}
