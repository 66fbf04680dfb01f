package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

type exportFlags struct {
	format, output string
	pageSize       int
	groupBy        string // export LIST --group-by BY (contract 1.1)
	groupLimit     int
	parallel       int // 0 = automatic
}

func (a *app) exportCmd() *cobra.Command {
	var (
		vf viewFlags
		ef exportFlags
	)
	cmd := &cobra.Command{
		Use:   "export LIST",
		Short: "Stream every record a filter matches as csv, json or ndjson",
		Long: `Walks every page of LIST (` + strings.Join(exportNames(), ", ") + `)
and streams the records to stdout or -o FILE. Memory stays flat however many records match.

csv has a header row, exact decimal amounts, times in --tz, and text cells protected
against formula injection; user columns are left out for roles that do not see users.
json is {"schema_version": 1, "list", "query", "summary", "data": [...]}; ndjson is one
record per line; both keep the API's field names, decimal strings and UTC times.

--redact (or redact = true in the profile) masks names, emails, titles, key names,
URLs, adjustment details and the --search text with tokens that stay the same within
the file ("User 3f2a9c"); ids, amounts and times are kept.

With -o the file appears only when the export is complete. After the walk the count and
credit totals are compared with the first page's summary; a difference (data changed
during the export) is reported and tally exits 4, with the output still complete.

activity is every change to the balance, newest first: conversations, MCP-HTTP calls and
imports as negative amounts, credit adjustments with their sign, each with the balance
after it (fields at, kind, id, label, amount, balance_after; only the window applies).
Over all time the balance before the oldest change is 0; json's summary has the window's
changes, spent, added, removed and net, and the balance after its newest and before its
oldest change. A walk that does not add up to the lists' summaries exits 4.

--group-by BY exports the list's totals per group for the same filters (API 1.1):
conversations by user|billing_type, mcp-calls by api_key|user|tool, imports by
user|import_type, adjustments by type; day|week|month (in --tz, weeks from Monday) on all
four, with a window. Groups come by credits, largest first, at most --group-limit (1-1000,
default 100) with the rest folded into other. json is the server's document (by, tz,
data, other, summary) plus schema_version, list and query; csv and ndjson have one row per
group and then the other row. Groups that do not add up to the summary exit 4; a server
without groups (API 1.0) is an error: "this server cannot group" (exit 1).`,
		Example: `  tally export mcp-calls --last 30d --api-key "CI pipeline" -o calls.csv
  tally export conversations --from 2026-11-01 --to 2026-11-30 --format ndjson | jq .credits
  tally export activity --last 30d --format csv -o activity.csv
  tally export mcp-calls --group-by api_key --last 3m --format json
  tally export imports --month 2026-10 --user "Grace Hopper" --format ndjson
  tally export adjustments --year 2026 --timeout 2m -o adjustments.csv`,
		ValidArgs: exportNames(),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || (model.ExportList(args[0]) == nil && args[0] != activityList) {
				return usageErrorf("export takes one LIST: %s", strings.Join(exportNames(), ", "))
			}
			return nil
		},
		RunE: run(func(cmd *cobra.Command, args []string) error {
			ef.groupBy = vf.groupBy
			if err := checkGroupFlags(cmd, args[0], ef); err != nil {
				return err
			}
			format, err := exportFormat(ef.format, ef.output)
			if err != nil {
				return err
			}
			ef.format = format
			// --parallel splits a cursor walk; these two have none to split.
			// Say so once when it was asked for here (a profile's parallel is
			// a default for every export, not a request for this one).
			asked := cmd.Flags().Changed("parallel") && ef.parallel > 1
			switch {
			case args[0] == activityList:
				if asked {
					fmt.Fprintln(a.env.Stderr, "tally: activity is one merge of four walks, newest first, so --parallel does not apply")
				}
				return a.exportActivity(cmd, vf, ef)
			case ef.groupBy != "":
				if asked {
					fmt.Fprintln(a.env.Stderr, "tally: --group-by is one request, so --parallel does not apply")
				}
				return a.exportGroups(cmd, args[0], vf, ef)
			}
			return a.export(cmd, args[0], vf, ef)
		}),
	}
	addViewFlags(cmd.Flags(), &vf, false)
	cmd.Flags().StringVar(&ef.format, "format", "", "csv|json|ndjson (default: from -o's extension .csv, .json, .ndjson or .jsonl, else csv)")
	cmd.Flags().StringVarP(&ef.output, "output", "o", "", "write to FILE (atomically) instead of stdout")
	cmd.Flags().IntVar(&ef.pageSize, "page-size", 200, "records per request, 1-200")
	cmd.Flags().IntVar(&ef.parallel, "parallel", 0, fmt.Sprintf("requests at once for walks in time order, 1-%d (profile key parallel; 1 = one walk)", maxParallel))
	showDefault(cmd.Flags(), "parallel", strconv.Itoa(defaultParallel))
	addGroupFlags(cmd, &ef)
	return cmd
}

// exportJob is everything one export needs after flags and auth are resolved.
type exportJob struct {
	c        *client.Client
	ws       string
	list     ListName
	q        client.ListQuery
	view     model.View        // as typed (the json "query" shows the filters from it)
	sent     model.View        // view with reference filters resolved to ids: what is sent
	refIDs   map[string]string // resolved ids of the reference filters, by flag
	users    bool
	loc      *time.Location
	format   string
	progress *progress
	red      model.Redactor // zero = --redact off
	terminal bool           // stderr is a terminal
	parallel int            // requests at once; 0 = automatic
	explicit bool           // parallel was asked for (flag or profile)
	stderr   io.Writer      // one-line notes
}

// ListName is an export list ("mcp-calls").
type ListName = string

// queryJSON is the "query" object of json exports. Its filters come from
// the registry, in registry order, each under its JSON key and only when set.
type queryJSON struct {
	Workspace string
	From, To  *time.Time
	Last      string
	Filters   []queryFilter
	Sort      string
	Order     string
	AsRole    string
}

type queryFilter struct{ key, value string }

func (q queryJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	field := func(k string, v any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('{')
	field("workspace", q.Workspace)
	field("from", q.From)
	field("to", q.To)
	if q.Last != "" {
		field("last", q.Last)
	}
	for _, f := range q.Filters {
		field(f.key, f.value)
	}
	field("sort", q.Sort)
	field("order", q.Order)
	if q.AsRole != "" {
		field("as_role", q.AsRole)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (a *app) export(cmd *cobra.Command, list string, vf viewFlags, ef exportFlags) error {
	ctx := cmd.Context()
	format, err := exportFormat(ef.format, ef.output)
	if err != nil {
		return err
	}
	ef.format = format
	if ef.pageSize < 1 || ef.pageSize > 200 {
		return usageErrorf("--page-size must be between 1 and 200")
	}
	if ef.parallel < 0 || ef.parallel > maxParallel {
		return usageErrorf("--parallel must be between 1 and %d (0 = automatic)", maxParallel)
	}
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	// The list is named: the view flags are checked against it exactly as
	// the TUI checks them against --tab.
	vf.tab = string(model.ExportList(list).Tab)
	view, err := parseView(vf, s.Workspace, s.TZ, "")
	if err != nil {
		return err
	}
	view.Tab = ""
	if list == "invoices" && view.AsRole != "" && !view.AsRole.SeesInvoices() {
		return usageErrorf("a %s cannot see invoices", view.AsRole)
	}
	sess, err := a.connectWith(ctx, s, f)
	if err != nil {
		return err
	}
	ws, err := pickWorkspace(sess.me, view.Workspace, true)
	if err != nil {
		return err
	}
	if err := checkAsRole(ws, view.AsRole); err != nil {
		return err
	}
	// Whole seconds keep the query readable; the API's times have no fraction.
	from, to, err := view.Window(a.env.Now().Truncate(time.Second), sess.loc)
	if err != nil {
		return usageErrorf("%v", err)
	}
	job := exportJob{
		c: sess.c, ws: string(ws.ID), list: list, view: view, loc: sess.loc, format: ef.format,
		q:        client.ListQuery{From: from, To: to, Sort: view.Sort, Order: view.Order, Limit: ef.pageSize},
		users:    ws.Role.SeesUsers() && (view.AsRole == "" || view.AsRole.SeesUsers()),
		terminal: a.env.StderrIsTerminal(),
		parallel: ef.parallel, explicit: ef.parallel != 0, stderr: a.env.Stderr,
	}
	if !job.explicit && s.Parallel != 0 {
		job.parallel, job.explicit = s.Parallel, true
	}
	role := ws.Role
	if view.AsRole != "" {
		role = view.AsRole
	}
	if job.sent, job.refIDs, err = resolveRefs(ctx, sess.c, job.ws, model.ExportList(list), view, role); err != nil {
		return err
	}
	if s.Redact {
		if job.red, err = model.NewRandomRedactor(); err != nil {
			return err
		}
	}
	// Progress redraws its line with \r and erase-line, which would cut into
	// records printed on the same screen.
	toScreen := (ef.output == "" || ef.output == "-") && a.env.StdoutIsTerminal != nil && a.env.StdoutIsTerminal()
	if job.terminal && !toScreen {
		status := &client.WaitStatus{}
		ctx = client.WithObserver(ctx, status)
		job.progress = newProgress(a.env.Stderr, list, a.env.StderrWidth, status)
	}

	out, err := openOutput(ef.output, a.env.Stdout)
	if err != nil {
		job.progress.done()
		return err
	}
	res, err := job.run(ctx, out)
	job.progress.done()
	if err != nil {
		out.discard()
		if ctx.Err() != nil {
			if ef.output != "" && ef.output != "-" {
				return fmt.Errorf("export interrupted after %d records; %s was not written", res.n, ef.output)
			}
			return fmt.Errorf("export interrupted after %d records", res.n)
		}
		return exportError(err, ef.output, sess.keySource)
	}
	if err := out.commit(); err != nil {
		return err
	}
	if out.target != "" && job.terminal {
		fmt.Fprintf(a.env.Stderr, "wrote %s records to %s (%s)\n", model.GroupInt(res.n), out.target, byteSize(out.written))
	}
	if res.mismatch != "" {
		fmt.Fprintf(a.env.Stderr, "tally: export totals mismatch (data changed during the export; the output holds every record seen):\n  exported:      %s\n  first summary: %s\n",
			res.observed, res.expected)
		return silentExit{code: ExitMismatch}
	}
	return nil
}

func (j *exportJob) queryJSON() queryJSON {
	l := model.ExportList(j.list)
	q := queryJSON{Workspace: j.ws, Last: j.view.Last, Sort: j.q.Sort, Order: j.q.Order, AsRole: string(j.view.AsRole)}
	if q.Sort == "" {
		q.Sort = l.DefaultSort()
	}
	if q.Order == "" {
		q.Order = "desc"
	}
	q.From, q.To = utcPtr(nonZero(j.q.From)), utcPtr(nonZero(j.q.To))
	for _, f := range l.Filters {
		val := f.Get(j.view)
		switch {
		case f.Kind == model.FilterRef:
			val = j.refIDs[f.Flag] // the resolved id, not the name typed
		case f.Kind == model.FilterText:
			val = j.red.Search(val) // free text may be a name or an email
		}
		if val != "" {
			q.Filters = append(q.Filters, queryFilter{f.JSON, val})
		}
	}
	return q
}

func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
