package tui

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// invoiceMoney is an exact amount with its currency, always two decimals ("29.00 USD").
func invoiceMoney(a model.Credits, cur model.Text) string {
	s := a.Fixed(2)
	if cur != "" {
		s += " " + string(cur)
	}
	return s
}

func fmtDateOnly(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02")
}

// isHTTPS accepts only absolute https URLs: an invoice PDF carries an access
// token and must never be fetched in the clear.
func isHTTPS(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && u.Host != "" && strings.EqualFold(u.Scheme, "https")
}

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
				{title: "Amount", min: 10, max: 16, priority: 0, align: alignRight,
					text: func(r *R, _ *cellFmt) string { return invoiceMoney(r.Amount, r.Currency) }, negative: func(r *R) bool { return r.Amount < 0 }},
				{title: "Status", min: 6, max: 9, priority: 0, text: func(r *R, _ *cellFmt) string { return r.Status.Label() }},
				{title: "Provider", min: 6, max: 8, priority: 2, text: func(r *R, _ *cellFmt) string { return r.Provider.Label() }},
				{title: "Date", min: 10, max: 10, priority: 0, sort: "created_at",
					text: func(r *R, f *cellFmt) string { return fmtDateOnly(r.CreatedAt, f.loc) }},
			}
		},
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w window, cursor string) (client.InvoicePage, error) {
			return c.Invoices(ctx, ws, client.InvoiceQuery{ListQuery: listQuery(v, w, cursor)})
		},
		summary: func(s model.InvoiceSummary) string {
			return plural(s.Invoices, "invoice", "invoices") + " · " + invoiceMoney(s.AmountPaid, s.Currency) + " paid"
		},
		total:    func(s model.InvoiceSummary) int64 { return s.Invoices },
		recordID: func(r *R) string { return string(r.ID) },
		url:      func(r *R) string { return string(r.PDFURL) },
		fields: func(r *R, loc *time.Location, _ bool) []field {
			return []field{
				{"Invoice ID", string(r.ID)}, {"Number", string(r.Number)}, {"Description", string(r.Description)},
				{"Amount", invoiceMoney(r.Amount, r.Currency)}, {"Status", r.Status.Label()}, {"Provider", r.Provider.Label()},
				{"Date", fmtTime(r.CreatedAt, loc)}, {"PDF", string(r.PDFURL)},
			}
		},
		redact:    func(rd model.Redactor, x R) R { return rd.Invoice(x) },
		ownerOnly: true,
		httpsOnly: true,
	}
}
