package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// imports is the Import Usage tab; o opens the import URL.
func imports(l *model.List) *Spec[model.Import, model.ImportSummary] {
	type R = model.Import
	return &Spec[R, model.ImportSummary]{
		List: l,
		Columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Task ID", Min: 16, Max: 17, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "Import Type", Short: "Type", Min: 7, Max: 11, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return r.ImportType.Label() }},
				{Title: "Import URL", Min: 12, Ideal: 30, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.ImportURL) }},
				{Title: "Credits", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true, Sort: "credits",
					Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.Credits) }, Negative: func(r *R) bool { return r.Credits < 0 }},
			}
			if seesUsers {
				cols = append(cols, table.Column[R]{Title: "User", Min: 8, Max: wUser, Priority: 3, Text: func(r *R, _ *table.CellFmt) string { return common.UserName(r.User) }})
			}
			return append(cols, table.Column[R]{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
				Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }})
		},
		Summary: func(s model.ImportSummary) string {
			return common.Plural(s.Imports, "import", "imports") + " · " + s.Credits.Grouped() + " credits"
		},
		Total: func(s model.ImportSummary) int64 { return s.Imports },
		ID:    func(r *R) string { return string(r.ID) },
		URL:   func(r *R) string { return string(r.ImportURL) },
		Fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
			f := []common.Field{
				{Label: "Task ID", Value: string(r.ID)}, {Label: "Import Type", Value: r.ImportType.Label()}, {Label: "Import URL", Value: string(r.ImportURL)},
				{Label: "Credits", Value: r.Credits.Grouped()}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
			if seesUsers {
				f = append(f, common.Field{Label: "User", Value: common.UserFull(r.User)})
			}
			return f
		},
		Redact: func(rd model.Redactor, x R) R { return rd.Import(x) },
		Refs:   refsFor(l),
		Groups: groupsOf[model.ImportSummary],
	}
}
