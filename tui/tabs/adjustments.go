package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// adjustments is the Credit Adjustments tab.
func adjustments(l *model.List) *Spec[model.Adjustment, model.AdjustmentSummary] {
	type R = model.Adjustment
	return &Spec[R, model.AdjustmentSummary]{
		List: l,
		Columns: func(bool) []table.Column[R] {
			return []table.Column[R]{
				{Title: "Type", Min: 12, Max: 32, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return r.Type.Label() }},
				{Title: "Amount", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true, Sort: "amount",
					Text: func(r *R, _ *table.CellFmt) string { return r.Amount.Signed() }, Negative: func(r *R) bool { return r.Amount < 0 }},
				{Title: "Detail", Min: 10, Ideal: 30, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.Detail) }},
				{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
					Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }},
			}
		},
		Summary: func(s model.AdjustmentSummary) string {
			return common.Plural(s.Adjustments, "adjustment", "adjustments") + " · " + s.CreditsAdded.Signed() + " added · " +
				s.CreditsRemoved.Grouped() + " removed · net " + s.Net.Grouped()
		},
		Total: func(s model.AdjustmentSummary) int64 { return s.Adjustments },
		ID:    func(r *R) string { return string(r.ID) },
		Fields: func(r *R, loc *time.Location, _ bool) []common.Field {
			return []common.Field{
				{Label: "Adjustment ID", Value: string(r.ID)}, {Label: "Type", Value: r.Type.Label() + " (" + string(r.Type) + ")"},
				{Label: "Amount", Value: r.Amount.Signed()}, {Label: "Detail", Value: string(r.Detail)}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
		},
		Redact: func(rd model.Redactor, x R) R { return rd.Adjustment(x) },
		Groups: groupsOf[model.AdjustmentSummary],
	}
}
