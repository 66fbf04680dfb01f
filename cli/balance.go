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
	} `json:"plan"`
	Credits struct {
		Remaining         model.Credits `json:"remaining"`
		GrantedThisPeriod model.Credits `json:"granted_this_period"`
		UsedThisPeriod    model.Credits `json:"used_this_period"`
		RefreshesAt       *time.Time    `json:"refreshes_at"`
		RefreshesInDays   *int          `json:"refreshes_in_days"`
	} `json:"credits"`
	LowBalance bool `json:"low_balance"`
}

func (a *app) balanceCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "balance",
		Short: "Show the plan and remaining credits of a workspace",
		Long: `Shows the workspace, your role, the plan, remaining credits, credits used and granted
this period, the refresh date (in --tz) and any scheduled change or cancellation.

--json prints a stable object: schema_version (1), workspace {id, name}, role,
plan {id, name, status, interval|null, current_period_start|null, current_period_end|null,
cancel_at_period_end, scheduled_change|null {plan_id, plan_name, effective_at}},
credits {remaining, granted_this_period, used_this_period, refreshes_at|null,
refreshes_in_days|null}, low_balance. Credits are exact decimal strings, times RFC 3339 UTC.`,
		Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			sess, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			ws, err := pickWorkspace(sess.me, sess.s.Workspace, true)
			if err != nil {
				return err
			}
			b, err := sess.c.Billing(cmd.Context(), string(ws.ID))
			if err != nil {
				return apiError(err, sess.keySource)
			}
			now := a.env.Now()
			if asJSON {
				return writeBalanceJSON(a.env.Stdout, b, now, sess.loc)
			}
			return writeBalance(a.env.Stdout, b, now, sess.loc)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a stable JSON object (schema_version 1)")
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

func writeBalance(w io.Writer, b model.Billing, now time.Time, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Workspace\t%s (%s) · %s\n", b.Workspace.Name, b.Workspace.ID, b.Role.Label())
	plan := []string{string(b.Plan.Name)}
	if b.Plan.Interval != "" {
		plan = append(plan, b.Plan.Interval.Label())
	}
	plan = append(plan, b.Plan.Status.Label())
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
	if isLow(b.Credits) {
		fmt.Fprintf(tw, "Warning\tlow balance: %s credits left\n", b.Credits.Remaining.Grouped())
	}
	return tw.Flush()
}

func writeBalanceJSON(w io.Writer, b model.Billing, now time.Time, loc *time.Location) error {
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
