package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// `tally export activity`: every change to the balance, newest first, with
// the balance after each, streamed from the lazy merge of the four lists.

// activityList is export's name for the Activity walk.
const activityList = "activity"

// activityBatch is how many rows one MoreActivity call returns: a few pages.
const activityBatch = 500

var activityHeader = []string{"At", "Kind", "ID", "Label", "Amount", "Balance After"}

type activityOut struct {
	At           time.Time          `json:"at"`
	Kind         model.ActivityKind `json:"kind"`
	ID           model.Text         `json:"id"`
	Label        string             `json:"label"`
	Amount       model.Credits      `json:"amount"`
	BalanceAfter model.Credits      `json:"balance_after"`
}

type activityQueryJSON struct {
	Workspace string     `json:"workspace"`
	From      *time.Time `json:"from"`
	To        *time.Time `json:"to"`
	Last      string     `json:"last,omitempty"`
}

// activitySummaryJSON is the json export's summary: the window's figures
// from the lists' summaries, the balance after its newest change (anchor)
// and before its oldest (opening; 0 over all time).
type activitySummaryJSON struct {
	Changes int64         `json:"changes"`
	Spent   model.Credits `json:"spent"`
	Added   model.Credits `json:"added"`
	Removed model.Credits `json:"removed"`
	Net     model.Credits `json:"net"`
	Anchor  model.Credits `json:"balance_after_newest"`
	Opening model.Credits `json:"balance_before_oldest"`
}

func (a *app) exportActivity(cmd *cobra.Command, vf viewFlags, ef exportFlags) error {
	for _, f := range model.AllFilters() {
		if vf.filter(f.Flag) != "" {
			return usageErrorf("--%s does not apply to activity: it takes only the window (--last, --from, --to)", f.Flag)
		}
	}
	if vf.sort != "" || vf.order != "" {
		return usageErrorf("activity is always newest first: --sort and --order do not apply")
	}
	if ef.pageSize < 1 || ef.pageSize > 200 {
		return usageErrorf("--page-size must be between 1 and 200")
	}
	x, err := a.exportSetup(cmd, vf, ef, "")
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	var prog *progress
	if a.env.StderrIsTerminal() && !((ef.output == "" || ef.output == "-") && a.env.StdoutIsTerminal != nil && a.env.StdoutIsTerminal()) {
		status := &client.WaitStatus{}
		ctx = client.WithObserver(ctx, status)
		prog = newProgress(a.env.Stderr, activityList, a.env.StderrWidth, status)
	}
	n, check, err := x.writeActivity(ctx, ef, prog)
	prog.done()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("export interrupted after %d changes", n)
		} else {
			// A walk the guard stopped exits 1 (broken server) or 4 (records
			// moved), like the lists' exports; finish names the unwritten -o.
			err = exportError(err, "", x.sess.keySource)
		}
	}
	if err := x.finish(ef, err); err != nil {
		return err
	}
	if check != nil {
		fmt.Fprintf(a.env.Stderr, "tally: export totals mismatch (data changed during the export; the output holds every change seen):\n  %s\n", check)
		return silentExit{code: ExitMismatch}
	}
	return nil
}

// writeActivity streams the walk; check is the walk's self-check (rows and
// balances against the summaries) once it is complete.
func (x *exportCtx) writeActivity(ctx context.Context, ef exportFlags, prog *progress) (n int64, check error, err error) {
	q := client.ActivityQuery{From: x.from, To: x.to, PageSize: ef.pageSize, Redact: x.red}
	act, err := x.sess.c.StartActivity(ctx, string(x.ws.ID), q)
	if err != nil {
		return 0, nil, err
	}
	qj := activityQueryJSON{Workspace: string(x.ws.ID), Last: x.view.Last}
	qj.From, qj.To = x.windowJSON()
	t := act.Totals()
	sum := activitySummaryJSON{t.Changes, t.Spent, t.Added, t.Removed, t.Net, act.Anchor(), act.Opening()}
	out := newSink(x.out, ef.format, activityList, activityHeader, qj)
	if err := out.begin(sum); err != nil {
		return 0, nil, err
	}
	prog.start(t.Changes)
	var cells []string
	for !act.Done() {
		var rows []model.ActivityRow
		if act, rows, err = x.sess.c.MoreActivity(ctx, act, activityBatch); err != nil {
			return n, nil, err
		}
		for _, r := range rows {
			if ef.format == "csv" {
				cells = append(cells[:0], csvTime(r.At, x.sess.loc), string(r.Kind), cell(string(r.ID)), cell(r.Label),
					r.Amount.String(), r.BalanceAfter.String())
				err = out.row(cells)
			} else {
				err = out.record(activityOut{r.At.UTC(), r.Kind, r.ID, r.Label, r.Amount, r.BalanceAfter})
			}
			if err != nil {
				return n, nil, err
			}
			n++
			prog.add(1)
		}
	}
	if err := out.end(sum); err != nil {
		return n, nil, err
	}
	if err := act.Check(); err != nil && errors.Is(err, model.ErrActivityMismatch) {
		return n, err, nil
	}
	return n, nil, nil
}
