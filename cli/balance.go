package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/model"
)

// lowBalanceShare: below this share of the period's grant the balance is low.
const lowBalancePercent = 10

// balanceJSON is the stable `tally balance --json` document (schema_version 1).
// Credits are exact decimal strings; times are RFC 3339 UTC; absent values are null.
type balanceJSON struct {
	SchemaVersion int `json:"schema_version"`
	Workspace     struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"workspace"`
	Role string `json:"role"`
	Plan struct {
		ID                 string     `json:"id"`
		Name               string     `json:"name"`
		Status             string     `json:"status"`
		Interval           *string    `json:"interval"`
		CurrentPeriodStart *time.Time `json:"current_period_start"`
		CurrentPeriodEnd   *time.Time `json:"current_period_end"`
		CancelAtPeriodEnd  bool       `json:"cancel_at_period_end"`
		ScheduledChange    *struct {
			PlanID      string    `json:"plan_id"`
			PlanName    string    `json:"plan_name"`
			EffectiveAt time.Time `json:"effective_at"`
		} `json:"scheduled_change"`
		Limits *[]limitJSON `json:"limits,omitempty"` // absent: not reported (contract 1.0)
	} `json:"plan"`
	Credits struct {
		Remaining         model.Credits   `json:"remaining"`
		GrantedThisPeriod model.Credits   `json:"granted_this_period"`
		UsedThisPeriod    model.Credits   `json:"used_this_period"`
		RefreshesAt       *time.Time      `json:"refreshes_at"`
		RefreshesInDays   *int            `json:"refreshes_in_days"`
		Expiring          *[]expiringJSON `json:"expiring,omitempty"` // absent: not reported (contract 1.0)
	} `json:"credits"`
	LowBalance bool `json:"low_balance"`
	// Additions (schema_version stays 1); see balanceCmd's help.
	Wallets        []walletJSON        `json:"wallets"`
	Features       []featureJSON       `json:"features"`
	Forecast       *forecastJSON       `json:"forecast"`
	Reconciliation *reconciliationJSON `json:"reconciliation"`
	// Absent when credits.expiring is not reported or there is no forecast.
	ExpiringForecast *expiryForecastJSON `json:"expiring_forecast,omitempty"`
}

func (a *app) balanceCmd() *cobra.Command {
	var asJSON, all, noCache bool
	var asRole string
	cmd := &cobra.Command{
		Use:   "balance",
		Short: "Show the plan and remaining credits of a workspace",
		Long: `Shows the workspace, your role, the plan, remaining credits, credits used and granted
this period, the refresh date (in --tz) and any scheduled change or cancellation.

--json prints a stable object: schema_version (1), workspace {id, name}, role,
plan {id, name, status, interval|null, current_period_start|null, current_period_end|null,
cancel_at_period_end, scheduled_change|null {plan_id, plan_name, effective_at},
limits [{key, name, used, limit|null, resets_at|null}]},
credits {remaining, granted_this_period, used_this_period, refreshes_at|null,
refreshes_in_days|null, expiring [{amount, expires_at, source}]}, low_balance,
wallets [{kind, name, balance, status}], features [{key, name, status}],
forecast|null {tz, days, window_spend, pace_per_day, exhausted, runs_out, run_out_at|null,
refreshes_at|null, before_refresh, days_before_refresh|null, sentence},
reconciliation|null {all_time, period_start|null, period_end|null, opening|null,
granted [{key, label, amount}], granted_total, spent [{key, label, amount}], spent_total,
expired, removed [{key, label, amount}], removed_total, remaining, reconciles,
discrepancy, explanation, checks [{name, reported, computed, ok}]},
expiring_forecast {pace_per_day|null, lapse|null, entries [{amount, expires_at, source,
used|null, lapses|null}], nearest|null {amount, expires_at, source}, sentence,
forecast_sentence}.
Credits are exact decimal strings, times RFC 3339 UTC; forecast or reconciliation is
null (with a warning on stderr) when the API refuses a figure they need.

Limits and expiring credits (API 1.1): limit null is unlimited, "0" not included,
resets_at null never resets; expiring credits lapse at expires_at unless spent first
(source period, rollover, pack or promo). A server that does not report them (API 1.0)
leaves plan.limits, credits.expiring and expiring_forecast out of the JSON and their
lines out of the text: absent means unknown, never none. expiring_forecast spends the
forecast's pace on the soonest-expiring credits first and says what lapses unused
(lapse null when there is no complete day of usage to average).

The forecast averages spend over the last 7 complete days (from /usage/daily in --tz).
The reconciliation checks, through the ledger identity, that remaining equals all
adjustments minus all spend, and that used/granted this period match the usage lists
and the period's positive adjustments; a mismatch is shown as a warning, not an error.

--redact masks the workspace name. --as-role ROLE shows the role as ROLE when it sees
less than yours (role in the JSON, ROLE column as "Owner→Member").

--all prints every workspace the key can see in one table (four requests at a time):
workspace, role, plan and status, remaining, % of this period's grant used, refresh
date, forecast and nearest expiry ("—" does not apply, "?" unknown). Columns are
abbreviated, then dropped, to fit the terminal; a row never wraps. A workspace that
fails shows its error in its row, the others still print, and tally exits 1.
--all --json prints {schema_version: 1, workspaces: [each exactly like balance
--json, or {id, name, error}]}.

Every billing document fetched refreshes the snapshot cache (see tally status);
--no-cache leaves it alone.`,
		Example: `  tally balance
  tally balance --workspace "Acme Studio" --tz Europe/Berlin
  tally balance --json | jq -r .credits.remaining
  tally balance --all                     # every workspace the key can see, one row each
  tally balance --timeout 5s --as-role member`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			as, err := parseAsRole(asRole)
			if err != nil {
				return err
			}
			if all {
				return a.runBalanceAll(cmd.Context(), asJSON, as, noCache)
			}
			sess, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			ws, err := pickWorkspace(sess.me, sess.s.Workspace, true)
			if err != nil {
				return err
			}
			now := a.env.Now()
			b, in, err := fetchBalance(cmd.Context(), sess.c, string(ws.ID), now, sess.loc, a.env.Getenv)
			if err != nil {
				return apiError(err, sess.keySource)
			}
			store, _ := a.snapshotStore(sess.s, noCache)
			a.remember(store, sess.s, snapshotNames(sess.s.Workspace, sess.me, ws), snapshotOf(b, in.forecast, in.tz, now))
			b.Role = effectiveRole(b.Role, as)
			if sess.s.Redact {
				red, err := model.NewRandomRedactor()
				if err != nil {
					return err
				}
				b = red.Billing(b)
			}
			if asJSON {
				for _, x := range []struct {
					what string
					err  error
				}{{"forecast", in.forecastErr}, {"reconciliation", in.ledgerErr}} {
					if x.err != nil {
						fmt.Fprintf(a.env.Stderr, "tally: warning: no %s: %s\n", x.what, insightError(x.err))
					}
				}
				if e := b.Credits.Expiring; e.Known() && e.Check(b.Credits.Remaining) != nil {
					fmt.Fprintf(a.env.Stderr, "tally: warning: %s\n", e.Check(b.Credits.Remaining))
				}
				return writeBalanceJSON(a.env.Stdout, b, in, now, sess.loc)
			}
			return writeBalance(a.env.Stdout, b, in, now, sess.loc)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a stable JSON object (schema_version 1)")
	cmd.Flags().BoolVar(&all, "all", false, "every workspace the key can see, in one table")
	cmd.Flags().StringVar(&asRole, "as-role", "", "show the role as this narrower one, e.g. member")
	cmd.Flags().BoolVar(&noCache, "no-cache", false, "do not refresh the snapshot cache")
	return cmd
}

// isLow: nothing left, or less than lowBalancePercent of this period's grant.
func isLow(c model.CreditBalance) bool {
	if c.Remaining.Sign() <= 0 {
		return true
	}
	if c.GrantedThisPeriod.Sign() <= 0 {
		return false
	}
	// remaining*100 < granted*percent, in exact units; overflow only beyond 9e10 credits.
	r, err1 := c.Remaining.Mul(100)
	g, err2 := c.GrantedThisPeriod.Mul(lowBalancePercent)
	return err1 == nil && err2 == nil && r.Units() < g.Units()
}

// daysUntil counts calendar days in loc from now to t (0 = today).
func daysUntil(now, t time.Time, loc *time.Location) int {
	y1, m1, d1 := now.In(loc).Date()
	y2, m2, d2 := t.In(loc).Date()
	a := time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

func inDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n < 0:
		return fmt.Sprintf("%d days ago", -n)
	}
	return fmt.Sprintf("in %d days", n)
}

func writeBalance(w io.Writer, b model.Billing, in insights, now time.Time, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Workspace\t%s (%s) · %s\n", b.Workspace.Name, b.Workspace.ID, b.Role.Label())
	plan := []string{string(b.Plan.Name)}
	if b.Plan.Interval != "" {
		plan = append(plan, b.Plan.Interval.Label())
	}
	// "Free · Free" says nothing twice: the status repeats a plan named after it.
	if !strings.EqualFold(b.Plan.Status.Label(), string(b.Plan.Name)) {
		plan = append(plan, b.Plan.Status.Label())
	}
	fmt.Fprintf(tw, "Plan\t%s\n", strings.Join(plan, " · "))
	fmt.Fprintf(tw, "Credits\t%s remaining\n", b.Credits.Remaining.Grouped())
	fmt.Fprintf(tw, "This period\t%s used of %s granted\n", b.Credits.UsedThisPeriod.Grouped(), b.Credits.GrantedThisPeriod.Grouped())
	if r := b.Credits.RefreshesAt; r != nil {
		fmt.Fprintf(tw, "Refreshes\t%s (%s)\n", r.In(loc).Format("2006-01-02 15:04 MST"), inDays(daysUntil(now, *r, loc)))
	}
	if sc := b.Plan.ScheduledChange; sc != nil {
		fmt.Fprintf(tw, "Scheduled\tchanges to %s on %s (%s)\n", sc.PlanName, sc.EffectiveAt.In(loc).Format("2006-01-02"), inDays(daysUntil(now, sc.EffectiveAt, loc)))
	}
	if b.Plan.CancelAtPeriodEnd {
		end := "the end of the period"
		if e := b.Plan.CurrentPeriodEnd; e != nil {
			end = e.In(loc).Format("2006-01-02") + " (" + inDays(daysUntil(now, *e, loc)) + ")"
		}
		fmt.Fprintf(tw, "Cancels\tat %s; the plan stays active until then\n", end)
	}
	list := func(label string, lines []string) {
		for i, l := range lines {
			if i > 0 {
				label = ""
			}
			fmt.Fprintf(tw, "%s\t%s\n", label, l)
		}
	}
	list("Limits", limitLines(b.Plan.Limits, now, loc))
	list("Expiring", expiringLines(b, in.forecast, now, loc))
	list("Wallets", walletLines(b.Wallets))
	list("Features", featureLines(b.Features))
	switch {
	case in.forecast != nil:
		fmt.Fprintf(tw, "Forecast\t%s\n", in.forecast.Sentence)
	case in.forecastErr != nil:
		fmt.Fprintf(tw, "Forecast\tunavailable: %s\n", insightError(in.forecastErr))
	}
	warnings := expiringWarnings(b, now, loc)
	if isLow(b.Credits) {
		warnings = append([]string{fmt.Sprintf("low balance: %s credits left", b.Credits.Remaining.Grouped())}, warnings...)
	}
	list("Warning", warnings)
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case in.ledger != nil:
		writeLedger(w, in.ledger, loc)
	case in.ledgerErr != nil:
		fmt.Fprintf(w, "\nWhere the credits went: unavailable: %s\n", insightError(in.ledgerErr))
	}
	return nil
}

func writeBalanceJSON(w io.Writer, b model.Billing, in insights, now time.Time, loc *time.Location) error {
	var d balanceJSON
	d.SchemaVersion = 1
	d.Workspace.ID, d.Workspace.Name = string(b.Workspace.ID), string(b.Workspace.Name)
	d.Role = string(b.Role)
	d.Plan.ID, d.Plan.Name, d.Plan.Status = string(b.Plan.ID), string(b.Plan.Name), string(b.Plan.Status)
	if b.Plan.Interval != "" {
		s := string(b.Plan.Interval)
		d.Plan.Interval = &s
	}
	d.Plan.CurrentPeriodStart = utcPtr(b.Plan.CurrentPeriodStart)
	d.Plan.CurrentPeriodEnd = utcPtr(b.Plan.CurrentPeriodEnd)
	d.Plan.CancelAtPeriodEnd = b.Plan.CancelAtPeriodEnd
	if sc := b.Plan.ScheduledChange; sc != nil {
		d.Plan.ScheduledChange = &struct {
			PlanID      string    `json:"plan_id"`
			PlanName    string    `json:"plan_name"`
			EffectiveAt time.Time `json:"effective_at"`
		}{string(sc.PlanID), string(sc.PlanName), sc.EffectiveAt.UTC()}
	}
	d.Credits.Remaining = b.Credits.Remaining
	d.Credits.GrantedThisPeriod = b.Credits.GrantedThisPeriod
	d.Credits.UsedThisPeriod = b.Credits.UsedThisPeriod
	if r := b.Credits.RefreshesAt; r != nil {
		d.Credits.RefreshesAt = utcPtr(r)
		n := daysUntil(now, *r, loc)
		d.Credits.RefreshesInDays = &n
	}
	d.LowBalance = isLow(b.Credits)
	d.Wallets, d.Features = walletsJSON(b.Wallets), featuresJSON(b.Features)
	d.Forecast, d.Reconciliation = toForecastJSON(in.forecast, in.tz), toReconciliationJSON(in.ledger)
	d.Plan.Limits, d.Credits.Expiring = toLimitsJSON(b.Plan.Limits), toExpiringJSON(b.Credits.Expiring)
	d.ExpiringForecast = toExpiryForecastJSON(b, in.forecast, now, loc)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
