package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/tallyhq/tally/model"
)

// `tally balance --all`: every workspace the key can see, in one table.

type balanceRow struct {
	ref model.WorkspaceRef
	b   model.Billing
	in  insights
	err error
}

// balanceAllJSON is `tally balance --all --json`: each entry is exactly a
// `tally balance --json` document, or {id, name, error} for a workspace that
// failed.
type balanceAllJSON struct {
	SchemaVersion int               `json:"schema_version"`
	Workspaces    []json.RawMessage `json:"workspaces"`
}

type balanceErrorJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Error string `json:"error"`
}

func (a *app) runBalanceAll(ctx context.Context, asJSON bool, as model.Role, noCache bool) error {
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	if err := allConflict(s, true); err != nil {
		return err
	}
	sess, err := a.connectWith(ctx, s, f)
	if err != nil {
		return err
	}
	wss, err := targetWorkspaces(sess.me, s, true)
	if err != nil {
		return err
	}
	now := a.env.Now()
	store, _ := a.snapshotStore(s, noCache)
	rows := make([]balanceRow, len(wss))
	eachWorkspace(ctx, wss, func(ctx context.Context, i int, ws model.WorkspaceRef) {
		r := balanceRow{ref: ws}
		id := string(ws.ID)
		if asJSON {
			// Each entry must equal `tally balance --json`, reconciliation included.
			r.b, r.in, r.err = fetchBalance(ctx, sess.c, id, now, sess.loc, a.env.Getenv)
		} else if r.b, r.err = sess.c.Billing(ctx, id); r.err == nil {
			r.in.forecast, r.in.tz, r.in.forecastErr = fetchForecast(ctx, sess.c, id, r.b, now, sess.loc, a.env.Getenv)
		}
		if r.err != nil {
			r.err = apiError(r.err, sess.keySource)
		} else {
			a.remember(store, s, snapshotNames(s.Workspace, sess.me, ws), snapshotOf(r.b, r.in.forecast, r.in.tz, now))
		}
		rows[i] = r
	})
	if ctx.Err() != nil {
		return withCode(ExitError, fmt.Errorf("interrupted"))
	}
	if s.Redact {
		red, err := model.NewRandomRedactor()
		if err != nil {
			return err
		}
		for i := range rows {
			rows[i].ref = red.WorkspaceRef(rows[i].ref)
			rows[i].b = red.Billing(rows[i].b)
		}
	}
	failed := 0
	for i := range rows {
		rows[i].b.Role = effectiveRole(rows[i].b.Role, as)
		if rows[i].err != nil {
			failed++
		} else if rows[i].in.forecastErr != nil {
			fmt.Fprintf(a.env.Stderr, "tally: warning: %s: no forecast: %s\n", rows[i].b.Workspace.Name, insightError(rows[i].in.forecastErr))
		}
	}
	if asJSON {
		err = a.writeBalanceAllJSON(rows, now, sess.loc)
	} else {
		err = writeBalanceAll(a, rows, now, sess.loc, as)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		for _, r := range rows {
			if r.err != nil {
				fmt.Fprintf(a.env.Stderr, "tally: %s: %s\n", r.ref.Name, oneLine(r.err))
			}
		}
		fmt.Fprintf(a.env.Stderr, "tally: %d of %d workspaces could not be read\n", failed, len(rows))
		return silentExit{ExitError}
	}
	return nil
}

func (a *app) writeBalanceAllJSON(rows []balanceRow, now time.Time, loc *time.Location) error {
	doc := balanceAllJSON{SchemaVersion: 1, Workspaces: make([]json.RawMessage, 0, len(rows))}
	for _, r := range rows {
		var buf bytes.Buffer
		if r.err != nil {
			raw, err := json.Marshal(balanceErrorJSON{ID: string(r.ref.ID), Name: string(r.ref.Name), Error: oneLine(r.err)})
			if err != nil {
				return err
			}
			doc.Workspaces = append(doc.Workspaces, raw)
			continue
		}
		if r.in.ledgerErr != nil {
			fmt.Fprintf(a.env.Stderr, "tally: warning: %s: no reconciliation: %s\n", r.b.Workspace.Name, insightError(r.in.ledgerErr))
		}
		if err := writeBalanceJSON(&buf, r.b, r.in, now, loc); err != nil {
			return err
		}
		doc.Workspaces = append(doc.Workspaces, json.RawMessage(buf.Bytes()))
	}
	return writeJSON(a.env.Stdout, doc)
}

// The table's cells. "—" is "does not apply" (nothing granted, no refresh),
// "?" is "unknown" (not reported, or its request failed).

func writeBalanceAll(a *app, rows []balanceRow, now time.Time, loc *time.Location, as model.Role) error {
	cols := []fitColumn{
		{head: "WORKSPACE", prio: 100},
		{head: "ROLE", prio: 30},
		{head: "PLAN", prio: 60, short: []string{}},
		{head: "REMAINING", prio: 95, right: true},
		{head: "USED", prio: 80, right: true},
		{head: "REFRESHES", prio: 70, short: []string{}},
		{head: "FORECAST", prio: 50, short: []string{}},
		{head: "EXPIRING", prio: 40, short: []string{}},
	}
	var spans []spanRow
	for i, r := range rows {
		name := string(r.ref.Name)
		if r.err == nil {
			name = string(r.b.Workspace.Name)
		}
		cells := []string{name, "", "", "", "", "", "", ""}
		short := []string{"", "", "", "", "", "", "", ""}
		if r.err != nil {
			spans = append(spans, spanRow{row: i, text: "error: " + oneLine(r.err)})
		} else {
			b := r.b
			cells[1] = roleCell(r.ref.Role, b.Role, as)
			cells[2], short[2] = planCells(b)
			cells[3] = b.Credits.Remaining.Grouped()
			cells[4] = usedCell(b.Credits)
			cells[5], short[5] = refreshCells(b, now, loc)
			cells[6], short[6] = forecastCells(r.in.forecast, now, loc)
			cells[7], short[7] = expiringCells(b, now, loc)
		}
		for c := range cols {
			cols[c].cells = append(cols[c].cells, cells[c])
			if cols[c].short != nil {
				cols[c].short = append(cols[c].short, short[c])
			}
		}
	}
	width := 0
	if a.env.StdoutWidth != nil {
		width = a.env.StdoutWidth()
	}
	return writeFitTable(a.env.Stdout, cols, len(rows), spans, width)
}

// roleCell is the role; narrowed by --as-role it shows both, "Owner→Member".
func roleCell(real, shown, as model.Role) string {
	if as != "" && shown != real {
		return real.Label() + "→" + shown.Label()
	}
	return shown.Label()
}

func planCells(b model.Billing) (string, string) {
	name := string(b.Plan.Name)
	if st := b.Plan.Status.Label(); st != name && st != "" {
		return name + " · " + st, name
	}
	return name, name
}

// usedCell is the share of this period's grant used, floored to a whole percent.
func usedCell(c model.CreditBalance) string {
	if c.GrantedThisPeriod.Sign() <= 0 {
		return "—"
	}
	p := percentLeft(c.UsedThisPeriod, c.GrantedThisPeriod) // same arithmetic: used/granted
	return strconv.FormatInt(floorTo(p, 0).Units()/model.Scale, 10) + "%"
}

func dayLabel(t, now time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Year() != now.In(loc).Year() {
		return t.Format("Jan 2 2006")
	}
	return t.Format("Jan 2")
}

func refreshCells(b model.Billing, now time.Time, loc *time.Location) (string, string) {
	r := b.Credits.RefreshesAt
	if r == nil {
		return "—", "—"
	}
	d := dayLabel(*r, now, loc)
	return fmt.Sprintf("%s (%dd)", d, daysUntil(now, *r, loc)), d
}

func forecastCells(f *model.ForecastResult, now time.Time, loc *time.Location) (string, string) {
	switch {
	case f == nil || (f.Days == 0 && !f.Exhausted):
		return "?", "?"
	case f.Exhausted:
		return "out of credits", "out"
	case !f.RunsOut:
		return "lasts", "ok"
	case !f.BeforeRefresh:
		return "lasts past refresh", "ok"
	}
	d := dayLabel(f.RunOutAt, now, loc)
	return "runs out " + d, d
}

func expiringCells(b model.Billing, now time.Time, loc *time.Location) (string, string) {
	e := b.Credits.Expiring
	if !e.Known() {
		return "?", "?"
	}
	x, ok := e.Nearest(now)
	if !ok {
		return "none", "none"
	}
	d := dayLabel(x.ExpiresAt, now, loc)
	return x.Amount.Grouped() + " on " + d, d
}
