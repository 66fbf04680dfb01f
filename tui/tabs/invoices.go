package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// invoices is the Billing History tab: newest first, date filter only;
// o opens the PDF over https only.
func invoices(l *model.List) *Spec[model.Invoice, model.InvoiceSummary] {
	type R = model.Invoice
	return &Spec[R, model.InvoiceSummary]{
		List: l,
		Columns: func(bool) []table.Column[R] {
			return []table.Column[R]{
				{Title: "Number", Min: 9, Max: 14, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.Number) }},
				{Title: "Description", Min: 12, Ideal: 28, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.Description) }},
				{Title: "Amount", Min: 10, Max: 16, Priority: 0, Align: common.AlignRight,
					Text: func(r *R, _ *table.CellFmt) string { return common.Money(r.Amount, r.Currency) }, Negative: func(r *R) bool { return r.Amount < 0 }},
				{Title: "Status", Min: 6, Max: 9, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return r.Status.Label() }},
				{Title: "Provider", Min: 6, Max: 8, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return r.Provider.Label() }},
				{Title: "Date", Min: 10, Max: 10, Priority: 0, Sort: "created_at",
					Text: func(r *R, f *table.CellFmt) string { return common.FmtDateOnly(r.CreatedAt, f.Loc) }},
			}
		},
		Summary: func(s model.InvoiceSummary) string {
			return common.Plural(s.Invoices, "invoice", "invoices") + " · " + common.Money(s.AmountPaid, s.Currency) + " paid"
		},
		Total: func(s model.InvoiceSummary) int64 { return s.Invoices },
		ID:    func(r *R) string { return string(r.ID) },
		URL:   func(r *R) string { return string(r.PDFURL) },
		Fields: func(r *R, loc *time.Location, _ bool) []common.Field {
			return []common.Field{
				{Label: "Invoice ID", Value: string(r.ID)}, {Label: "Number", Value: string(r.Number)}, {Label: "Description", Value: string(r.Description)},
				{Label: "Amount", Value: common.Money(r.Amount, r.Currency)}, {Label: "Status", Value: r.Status.Label()}, {Label: "Provider", Value: r.Provider.Label()},
				{Label: "Date", Value: common.FmtTime(r.CreatedAt, loc)}, {Label: "PDF", Value: string(r.PDFURL)},
			}
		},
		Redact:    func(rd model.Redactor, x R) R { return rd.Invoice(x) },
		HTTPSOnly: true,
	}
}
