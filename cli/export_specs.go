package cli

import (
	"context"
	"io"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// listSpec binds one list's types to the export walk: how to fetch a page
// of any window, how to write a record, and how to total the records so
// the result can be checked against the server's summary.
type listSpec[T model.Record, S model.Summary] struct {
	fetch  func(ctx context.Context, q client.ListQuery) (model.Page[T, S], error)
	header []string
	row    func(cells []string, r *T) []string       // csv
	json   func(b []byte, r *T, o recordJSON) []byte // json, ndjson
	add    func(s *S, r *T) error                    // accumulates the observed summary
	merge  func(s *S, part S) error                  // adds a page's partial totals
	fix    func(observed *S, first S)                // copies fields that are not totals (currency)
	at     func(r *T) time.Time                      // the time field from/to apply to (parallel walks split on it)
}

func (j *exportJob) run(ctx context.Context, w io.Writer) (exportResult, error) {
	switch j.list {
	case "conversations":
		return runList(ctx, j, w, listSpec[model.Conversation, model.ConversationSummary]{
			fetch:  viewFetch[model.Conversation, model.ConversationSummary](j),
			at:     func(r *model.Conversation) time.Time { return r.UpdatedAt },
			header: convHeader(j.users),
			row: func(c []string, r *model.Conversation) []string {
				x := j.red.Conversation(*r)
				return convRow(c, &x, j.users, j.loc)
			},
			json: func(b []byte, r *model.Conversation, o recordJSON) []byte {
				x := j.red.Conversation(*r)
				return o.conversation(b, &x)
			},
			add: func(s *model.ConversationSummary, r *model.Conversation) (err error) {
				s.Conversations++
				s.Messages += r.MessageCount
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			merge: func(s *model.ConversationSummary, p model.ConversationSummary) (err error) {
				s.Conversations += p.Conversations
				s.Messages += p.Messages
				s.Credits, err = s.Credits.Add(p.Credits)
				return err
			},
		})
	case "mcp-calls":
		return runList(ctx, j, w, listSpec[model.MCPCall, model.MCPSummary]{
			fetch:  viewFetch[model.MCPCall, model.MCPSummary](j),
			at:     func(r *model.MCPCall) time.Time { return r.CreatedAt },
			header: callHeader(j.users),
			row: func(c []string, r *model.MCPCall) []string {
				x := j.red.MCPCall(*r)
				return callRow(c, &x, j.users, j.loc)
			},
			json: func(b []byte, r *model.MCPCall, o recordJSON) []byte {
				x := j.red.MCPCall(*r)
				return o.mcpCall(b, &x)
			},
			add: func(s *model.MCPSummary, r *model.MCPCall) (err error) {
				s.Calls++
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			merge: func(s *model.MCPSummary, p model.MCPSummary) (err error) {
				s.Calls += p.Calls
				s.Credits, err = s.Credits.Add(p.Credits)
				return err
			},
		})
	case "imports":
		return runList(ctx, j, w, listSpec[model.Import, model.ImportSummary]{
			fetch:  viewFetch[model.Import, model.ImportSummary](j),
			at:     func(r *model.Import) time.Time { return r.CreatedAt },
			header: importHeader(j.users),
			row: func(c []string, r *model.Import) []string {
				x := j.red.Import(*r)
				return importRow(c, &x, j.users, j.loc)
			},
			json: func(b []byte, r *model.Import, o recordJSON) []byte {
				x := j.red.Import(*r)
				return o.importRec(b, &x)
			},
			add: func(s *model.ImportSummary, r *model.Import) (err error) {
				s.Imports++
				s.Credits, err = s.Credits.Add(r.Credits)
				return err
			},
			merge: func(s *model.ImportSummary, p model.ImportSummary) (err error) {
				s.Imports += p.Imports
				s.Credits, err = s.Credits.Add(p.Credits)
				return err
			},
		})
	case "adjustments":
		return runList(ctx, j, w, listSpec[model.Adjustment, model.AdjustmentSummary]{
			fetch:  viewFetch[model.Adjustment, model.AdjustmentSummary](j),
			at:     func(r *model.Adjustment) time.Time { return r.CreatedAt },
			header: adjHeader,
			row: func(c []string, r *model.Adjustment) []string {
				x := j.red.Adjustment(*r)
				return adjRow(c, &x, j.loc)
			},
			json: func(b []byte, r *model.Adjustment, o recordJSON) []byte {
				x := j.red.Adjustment(*r)
				return o.adjustment(b, &x)
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
			merge: func(s *model.AdjustmentSummary, p model.AdjustmentSummary) (err error) {
				s.Adjustments += p.Adjustments
				if s.CreditsAdded, err = s.CreditsAdded.Add(p.CreditsAdded); err != nil {
					return err
				}
				if s.CreditsRemoved, err = s.CreditsRemoved.Add(p.CreditsRemoved); err != nil {
					return err
				}
				s.Net, err = s.Net.Add(p.Net)
				return err
			},
		})
	case "invoices":
		return runList(ctx, j, w, listSpec[model.Invoice, model.InvoiceSummary]{
			fetch:  viewFetch[model.Invoice, model.InvoiceSummary](j),
			at:     func(r *model.Invoice) time.Time { return r.CreatedAt },
			header: invoiceHeader,
			row: func(c []string, r *model.Invoice) []string {
				x := j.red.Invoice(*r)
				return invoiceRow(c, &x, j.loc)
			},
			json: func(b []byte, r *model.Invoice, o recordJSON) []byte {
				x := j.red.Invoice(*r)
				return o.invoice(b, &x)
			},
			add: func(s *model.InvoiceSummary, r *model.Invoice) (err error) {
				s.Invoices++
				if r.Status == model.InvoicePaid {
					s.AmountPaid, err = s.AmountPaid.Add(r.Amount)
				}
				return err
			},
			merge: func(s *model.InvoiceSummary, p model.InvoiceSummary) (err error) {
				s.Invoices += p.Invoices
				s.AmountPaid, err = s.AmountPaid.Add(p.AmountPaid)
				return err
			},
			fix: func(o *model.InvoiceSummary, first model.InvoiceSummary) { o.Currency = first.Currency },
		})
	}
	return exportResult{}, usageErrorf("unknown list %q", j.list)
}

// viewFetch fetches pages of the job's list with the registry's query
// (client.ViewQuery): every filter of the list is sent as the registry names
// it, reference filters as the ids resolved into j.sent.
func viewFetch[T, S any](j *exportJob) func(ctx context.Context, lq client.ListQuery) (model.Page[T, S], error) {
	list := model.ExportList(j.list)
	return func(ctx context.Context, lq client.ListQuery) (model.Page[T, S], error) {
		return client.FetchPage[T, S](ctx, j.c, j.ws, client.ViewQuery{List: list, View: j.sent, ListQuery: lq})
	}
}
