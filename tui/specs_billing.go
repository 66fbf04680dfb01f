package tui

import (
	"context"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// invoiceSpec is the Billing History tab: invoices, newest first, date filter only.
func invoiceSpec() *tabSpec[model.Invoice, model.InvoiceSummary] {
	type R = model.Invoice
	return &tabSpec[R, model.InvoiceSummary]{
		id:       model.TabBilling,
		noun:     "invoices",
		sorts:    client.InvoiceSorts,
		sortName: map[string]string{"created_at": "Date"},
		columns: func(bool) []column[R] {
			return []column[R]{
				{title: "Number", min: 9, max: 14, priority: 1, text: func(r *R, _ *cellFmt) string { return string(r.Number) }},
				{title: "Description", min: 12, ideal: 28, priority: 0, text: func(r *R, _ *cellFmt) string { return string(r.Description) }},
				{title: "Amount", min: 10, max: 16, priority: 0, align: common.AlignRight,
					text: func(r *R, _ *cellFmt) string { return common.Money(r.Amount, r.Currency) }, negative: func(r *R) bool { return r.Amount < 0 }},
				{title: "Status", min: 6, max: 9, priority: 0, text: func(r *R, _ *cellFmt) string { return r.Status.Label() }},
				{title: "Provider", min: 6, max: 8, priority: 2, text: func(r *R, _ *cellFmt) string { return r.Provider.Label() }},
				{title: "Date", min: 10, max: 10, priority: 0, sort: "created_at",
					text: func(r *R, f *cellFmt) string { return common.FmtDateOnly(r.CreatedAt, f.loc) }},
			}
		},
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (client.InvoicePage, error) {
			return c.Invoices(ctx, ws, client.InvoiceQuery{ListQuery: listQuery(v, w, cursor)})
		},
		summary: func(s model.InvoiceSummary) string {
			return common.Plural(s.Invoices, "invoice", "invoices") + " · " + common.Money(s.AmountPaid, s.Currency) + " paid"
		},
		total:    func(s model.InvoiceSummary) int64 { return s.Invoices },
		recordID: func(r *R) string { return string(r.ID) },
		url:      func(r *R) string { return string(r.PDFURL) },
		fields: func(r *R, loc *time.Location, _ bool) []common.Field {
			return []common.Field{
				{Label: "Invoice ID", Value: string(r.ID)}, {Label: "Number", Value: string(r.Number)}, {Label: "Description", Value: string(r.Description)},
				{Label: "Amount", Value: common.Money(r.Amount, r.Currency)}, {Label: "Status", Value: r.Status.Label()}, {Label: "Provider", Value: r.Provider.Label()},
				{Label: "Date", Value: common.FmtTime(r.CreatedAt, loc)}, {Label: "PDF", Value: string(r.PDFURL)},
			}
		},
		redact:    func(rd model.Redactor, x R) R { return rd.Invoice(x) },
		ownerOnly: true,
		httpsOnly: true,
	}
}
