package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// Lists `tally export` knows, in product order.
var exportLists = []string{"conversations", "mcp-calls", "imports", "adjustments", "invoices"}

// filterLists says which lists take each list-specific view flag.
var filterLists = map[string][]string{
	"search":       {"conversations"},
	"billing-type": {"conversations"},
	"api-key":      {"mcp-calls"},
	"import-type":  {"imports"},
	"type":         {"adjustments"},
}

type exportFlags struct {
	format, output string
	pageSize       int
}

func (a *app) exportCmd() *cobra.Command {
	var (
		vf viewFlags
		ef exportFlags
	)
	cmd := &cobra.Command{
		Use:   "export LIST",
		Short: "Stream every record a filter matches as csv, json or ndjson",
		Long: `Walks every page of LIST (conversations, mcp-calls, imports, adjustments, invoices)
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
during the export) is reported and tally exits 4, with the output still complete.`,
		Example: `  tally export mcp-calls --last 30d --api-key "CI pipeline" -o calls.csv
  tally export conversations --from 2026-11-01 --to 2026-11-30 --format ndjson | jq .credits`,
		ValidArgs: exportLists,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || !contains(exportLists, args[0]) {
				return usageErrorf("export takes one LIST: %s", strings.Join(exportLists, ", "))
			}
			return nil
		},
		RunE: run(func(cmd *cobra.Command, args []string) error {
			return a.export(cmd, args[0], vf, ef)
		}),
	}
	addViewFlags(cmd.Flags(), &vf, false)
	cmd.Flags().StringVar(&ef.format, "format", "csv", "csv|json|ndjson")
	cmd.Flags().StringVarP(&ef.output, "output", "o", "", "write to FILE (atomically) instead of stdout")
	cmd.Flags().IntVar(&ef.pageSize, "page-size", 200, "records per request, 1-200")
	return cmd
}

// exportJob is everything one export needs after flags and auth are resolved.
type exportJob struct {
	c        *client.Client
	ws       string
	list     ListName
	q        client.ListQuery
	view     model.View
	apiKeyID string
	users    bool
	loc      *time.Location
	format   string
	progress *progress
	red      model.Redactor // zero = --redact off
}

// ListName is an export list ("mcp-calls").
type ListName = string

// queryJSON is the "query" object of json exports.
type queryJSON struct {
	Workspace   string     `json:"workspace"`
	From        *time.Time `json:"from"`
	To          *time.Time `json:"to"`
	Last        string     `json:"last,omitempty"`
	Search      string     `json:"search,omitempty"`
	BillingType string     `json:"billing_type,omitempty"`
	APIKeyID    string     `json:"api_key_id,omitempty"`
	ImportType  string     `json:"import_type,omitempty"`
	Type        string     `json:"type,omitempty"`
	Sort        string     `json:"sort"`
	Order       string     `json:"order"`
	AsRole      string     `json:"as_role,omitempty"`
}

func (a *app) export(cmd *cobra.Command, list string, vf viewFlags, ef exportFlags) error {
	ctx := cmd.Context()
	fs := cmd.Flags()
	for flag, lists := range filterLists {
		if changed(fs, flag) && !contains(lists, list) {
			return usageErrorf("--%s does not apply to %s; it filters %s", flag, list, strings.Join(lists, ", "))
		}
	}
	switch ef.format {
	case "csv", "json", "ndjson":
	default:
		return usageErrorf("--format must be csv, json or ndjson, not %q", ef.format)
	}
	if ef.pageSize < 1 || ef.pageSize > 200 {
		return usageErrorf("--page-size must be between 1 and 200")
	}
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	view, err := parseView(vf, s.Workspace, s.TZ)
	if err != nil {
		return err
	}
	sorts := listSorts(list)
	if view.Sort != "" && !contains(sorts, view.Sort) {
		return usageErrorf("--sort %s does not apply to %s; use one of %s", view.Sort, list, strings.Join(sorts, ", "))
	}
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
	// Whole seconds keep the query readable; the API's times have no fraction.
	from, to, err := view.Window(a.env.Now().Truncate(time.Second), sess.loc)
	if err != nil {
		return usageErrorf("%v", err)
	}
	job := exportJob{
		c: sess.c, ws: string(ws.ID), list: list, view: view, loc: sess.loc, format: ef.format,
		q:     client.ListQuery{From: from, To: to, Sort: view.Sort, Order: view.Order, Limit: ef.pageSize},
		users: ws.Role.SeesUsers() && (view.AsRole == "" || view.AsRole.SeesUsers()),
	}
	if view.APIKey != "" {
		k, err := resolveAPIKey(ctx, sess.c, job.ws, view.APIKey)
		if err != nil {
			return err
		}
		job.apiKeyID = k
	}
	if s.Redact {
		if job.red, err = model.NewRandomRedactor(); err != nil {
			return err
		}
	}
	// Progress redraws its line with \r and erase-line, which would cut into
	// records printed on the same screen.
	toScreen := (ef.output == "" || ef.output == "-") && a.env.StdoutIsTerminal != nil && a.env.StdoutIsTerminal()
	if a.env.StderrIsTerminal() && !toScreen {
		job.progress = newProgress(a.env.Stderr, list)
	}

	out, err := openOutput(ef.output, a.env.Stdout)
	if err != nil {
		return err
	}
	res, err := job.run(ctx, out)
	if job.progress != nil {
		job.progress.done()
	}
	if err != nil {
		out.discard()
		if ctx.Err() != nil {
			if ef.output != "" && ef.output != "-" {
				return fmt.Errorf("export interrupted after %d records; %s was not written", res.n, ef.output)
			}
			return fmt.Errorf("export interrupted after %d records", res.n)
		}
		return apiError(err, sess.keySource)
	}
	if err := out.commit(); err != nil {
		return err
	}
	if res.mismatch != "" {
		fmt.Fprintf(a.env.Stderr, "tally: export totals mismatch (data changed during the export; the output holds every record seen):\n  exported:      %s\n  first summary: %s\n",
			res.observed, res.expected)
		return silentExit{code: ExitMismatch}
	}
	return nil
}

func listSorts(list string) []string {
	switch list {
	case "mcp-calls":
		return client.MCPCallSorts
	case "imports":
		return client.ImportSorts
	case "adjustments":
		return client.AdjustmentSorts
	case "invoices":
		return client.InvoiceSorts
	}
	return client.ConversationSorts
}

func (j *exportJob) queryJSON() queryJSON {
	q := queryJSON{Workspace: j.ws, Last: j.view.Last, Sort: j.q.Sort, Order: j.q.Order, AsRole: string(j.view.AsRole)}
	if q.Sort == "" {
		q.Sort = listSorts(j.list)[0]
	}
	if q.Order == "" {
		q.Order = "desc"
	}
	q.From, q.To = utcPtr(nonZero(j.q.From)), utcPtr(nonZero(j.q.To))
	switch j.list {
	case "conversations":
		q.Search, q.BillingType = j.red.Search(j.view.Search), string(j.view.BillingType)
	case "mcp-calls":
		q.APIKeyID = j.apiKeyID
	case "imports":
		q.ImportType = string(j.view.ImportType)
	case "adjustments":
		q.Type = string(j.view.AdjType)
	}
	return q
}

func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// resolveAPIKey finds a key by id, then by exact name, then by a unique
// case-insensitive name.
func resolveAPIKey(ctx context.Context, c *client.Client, ws, want string) (string, error) {
	keys, err := c.APIKeys(ctx, ws)
	if err != nil {
		return "", apiError(err, "")
	}
	for _, k := range keys {
		if string(k.ID) == want {
			return want, nil
		}
	}
	var exact, fold []model.APIKey
	for _, k := range keys {
		if string(k.Name) == want {
			exact = append(exact, k)
		} else if strings.EqualFold(string(k.Name), want) {
			fold = append(fold, k)
		}
	}
	if len(exact) == 0 {
		exact = fold
	}
	list := func(ks []model.APIKey) string {
		parts := make([]string, len(ks))
		for i, k := range ks {
			parts[i] = fmt.Sprintf("%q (%s)", string(k.Name), k.ID)
			if k.Revoked() {
				parts[i] += " revoked"
			}
		}
		return strings.Join(parts, ", ")
	}
	switch len(exact) {
	case 1:
		return string(exact[0].ID), nil
	case 0:
		if len(keys) == 0 {
			return "", usageErrorf("no API key %q: this workspace has no API keys", want)
		}
		return "", usageErrorf("no API key %q; the workspace's keys are: %s", want, list(keys))
	}
	return "", usageErrorf("API key name %q is ambiguous; use an id: %s", want, list(exact))
}

// result of one walk.
type exportResult struct {
	n                  int64
	mismatch           string
	observed, expected string
}

// walkSpec binds a list's types to the generic walk.
type walkSpec[T, S any] struct {
	fetch  client.FetchFunc[T, S]
	header []string
	row    func([]string, *T) []string
	record func(*T) any
	add    func(*S, *T) error // accumulates the observed summary
	count  func(S) int64
	fix    func(observed *S, first S) // copies fields that are not totals (currency)
}

func (j *exportJob) run(ctx context.Context, w io.Writer) (exportResult, error) {
	switch j.list {
	case "conversations":
		q := client.ConversationQuery{ListQuery: j.q, Q: j.view.Search, BillingType: j.view.BillingType}
		return walk(ctx, j, w, walkSpec[model.Conversation, model.ConversationSummary]{
			fetch: func(ctx context.Context, cur string) (client.ConversationPage, error) {
				q.Cursor = cur
				return j.c.Conversations(ctx, j.ws, q)
			},
			header: convHeader(j.users),
			row: func(c []string, r *model.Conversation) []string {
				x := j.red.Conversation(*r)
				return convRow(c, &x, j.users, j.loc)
			},
			record: func(r *model.Conversation) any {
				x := j.red.Conversation(*r)
				return convOut{x.ID, x.Title, x.MessageCount, x.Credits, x.BillingType, userOut{j.users, x.User}, x.UpdatedAt.UTC()}
			},
			add: func(s *model.ConversationSummary, r *model.Conversation) (err error) {
				s.Conversations++
				s.Messages += r.MessageCount
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			count: func(s model.ConversationSummary) int64 { return s.Conversations },
		})
	case "mcp-calls":
		q := client.MCPCallQuery{ListQuery: j.q, APIKeyID: j.apiKeyID}
		return walk(ctx, j, w, walkSpec[model.MCPCall, model.MCPSummary]{
			fetch: func(ctx context.Context, cur string) (client.MCPCallPage, error) {
				q.Cursor = cur
				return j.c.MCPCalls(ctx, j.ws, q)
			},
			header: callHeader(j.users),
			row: func(c []string, r *model.MCPCall) []string {
				x := j.red.MCPCall(*r)
				return callRow(c, &x, j.users, j.loc)
			},
			record: func(r *model.MCPCall) any {
				x := j.red.MCPCall(*r)
				return callOut{x.ID, x.APIKey, x.Tool, x.Credits, userOut{j.users, x.User}, x.CreatedAt.UTC()}
			},
			add: func(s *model.MCPSummary, r *model.MCPCall) (err error) {
				s.Calls++
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			count: func(s model.MCPSummary) int64 { return s.Calls },
		})
	case "imports":
		q := client.ImportQuery{ListQuery: j.q, ImportType: j.view.ImportType}
		return walk(ctx, j, w, walkSpec[model.Import, model.ImportSummary]{
			fetch: func(ctx context.Context, cur string) (client.ImportPage, error) {
				q.Cursor = cur
				return j.c.Imports(ctx, j.ws, q)
			},
			header: importHeader(j.users),
			row: func(c []string, r *model.Import) []string {
				x := j.red.Import(*r)
				return importRow(c, &x, j.users, j.loc)
			},
			record: func(r *model.Import) any {
				x := j.red.Import(*r)
				return importOut{x.ID, x.ImportType, x.ImportURL, x.Credits, userOut{j.users, x.User}, x.CreatedAt.UTC()}
			},
			add: func(s *model.ImportSummary, r *model.Import) (err error) {
				s.Imports++
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			count: func(s model.ImportSummary) int64 { return s.Imports },
		})
	case "adjustments":
		q := client.AdjustmentQuery{ListQuery: j.q, Type: j.view.AdjType}
		return walk(ctx, j, w, walkSpec[model.Adjustment, model.AdjustmentSummary]{
			fetch: func(ctx context.Context, cur string) (client.AdjustmentPage, error) {
				q.Cursor = cur
				return j.c.Adjustments(ctx, j.ws, q)
			},
			header: adjHeader,
			row: func(c []string, r *model.Adjustment) []string {
				x := j.red.Adjustment(*r)
				return adjRow(c, &x, j.loc)
			},
			record: func(r *model.Adjustment) any {
				out := j.red.Adjustment(*r)
				out.CreatedAt = r.CreatedAt.UTC()
				return out
			},
			add: func(s *model.AdjustmentSummary, r *model.Adjustment) (err error) {
				s.Adjustments++
				if r.Amount.Sign() >= 0 {
					s.CreditsAdded, err = s.CreditsAdded.Add(r.Amount)
				} else {
					s.CreditsRemoved, err = s.CreditsRemoved.Add(r.Amount)
				}
				if err == nil {
					s.Net, err = s.Net.Add(r.Amount)
				}
				return err
			},
			count: func(s model.AdjustmentSummary) int64 { return s.Adjustments },
		})
	case "invoices":
		q := client.InvoiceQuery{ListQuery: j.q}
		return walk(ctx, j, w, walkSpec[model.Invoice, model.InvoiceSummary]{
			fetch: func(ctx context.Context, cur string) (client.InvoicePage, error) {
				q.Cursor = cur
				return j.c.Invoices(ctx, j.ws, q)
			},
			header: invoiceHeader,
			row: func(c []string, r *model.Invoice) []string {
				x := j.red.Invoice(*r)
				return invoiceRow(c, &x, j.loc)
			},
			record: func(r *model.Invoice) any {
				x := j.red.Invoice(*r)
				return invoiceOut{x.ID, x.Number, x.Description, money(x.Amount), x.Currency, x.Status, x.Provider, x.CreatedAt.UTC(), x.PDFURL}
			},
			add: func(s *model.InvoiceSummary, r *model.Invoice) (err error) {
				s.Invoices++
				if r.Status == model.InvoicePaid {
					s.AmountPaid, err = s.AmountPaid.Add(r.Amount)
				}
				return err
			},
			count: func(s model.InvoiceSummary) int64 { return s.Invoices },
			fix:   func(o *model.InvoiceSummary, first model.InvoiceSummary) { o.Currency = first.Currency },
		})
	}
	return exportResult{}, usageErrorf("unknown list %q", j.list)
}

// walk streams every record of one list into w and checks the totals
// against the first page's summary.
func walk[T, S any](ctx context.Context, j *exportJob, w io.Writer, spec walkSpec[T, S]) (exportResult, error) {
	var (
		first    S
		gotFirst bool
		observed S
		cells    []string
	)
	out := newSink(w, j.format, j.list, spec.header, j.queryJSON())
	fetch := func(ctx context.Context, cur string) (model.Page[T, S], error) {
		p, err := spec.fetch(ctx, cur)
		if err == nil && !gotFirst {
			first, gotFirst = p.Summary, true
			if j.progress != nil {
				// Draw at once: a slow walk should not look stalled.
				j.progress.total = spec.count(first)
				j.progress.draw(time.Now())
			}
		}
		return p, err
	}
	_, n, err := client.WalkAll(ctx, fetch, func(r T) error {
		if err := out.begin(first); err != nil {
			return err
		}
		if err := spec.add(&observed, &r); err != nil {
			return err
		}
		var err error
		if j.format == "csv" {
			cells = spec.row(cells[:0], &r)
			err = out.row(cells)
		} else {
			err = out.record(spec.record(&r))
		}
		if j.progress != nil {
			j.progress.tick()
		}
		return err
	})
	res := exportResult{n: n}
	if err != nil {
		return res, err
	}
	if err := out.end(first); err != nil {
		return res, err
	}
	if spec.fix != nil {
		spec.fix(&observed, first)
	}
	if !reflect.DeepEqual(observed, first) {
		o, _ := json.Marshal(observed)
		e, _ := json.Marshal(first)
		res.mismatch = "totals differ"
		res.observed, res.expected = string(o), string(e)
	}
	return res, nil
}
