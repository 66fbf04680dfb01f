package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// mcpCalls is the MCP-HTTP Calls tab; its API-key filter names keys.
func mcpCalls(l *model.List) *Spec[model.MCPCall, model.MCPSummary] {
	type R = model.MCPCall
	return &Spec[R, model.MCPSummary]{
		List: l,
		Columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Call ID", Min: 17, Max: 17, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "API Key Name", Min: 10, Ideal: 20, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.APIKey.Name) }},
				{Title: "Credits", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true, Sort: "credits",
					Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.Credits) }, Negative: func(r *R) bool { return r.Credits < 0 }},
			}
			if seesUsers {
				cols = append(cols, table.Column[R]{Title: "User", Min: 8, Max: wUser, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return common.UserName(r.User) }})
			}
			return append(cols, table.Column[R]{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
				Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }})
		},
		Summary: func(s model.MCPSummary) string {
			return common.Plural(s.Calls, "call", "calls") + " · " + s.Credits.Grouped() + " credits"
		},
		Total: func(s model.MCPSummary) int64 { return s.Calls },
		ID:    func(r *R) string { return string(r.ID) },
		Fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
			f := []common.Field{
				{Label: "Call ID", Value: string(r.ID)}, {Label: "API Key", Value: string(r.APIKey.Name) + " (" + string(r.APIKey.ID) + ")"},
				{Label: "Tool", Value: string(r.Tool)}, {Label: "Credits", Value: r.Credits.Grouped()}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
			if seesUsers {
				f = append(f, common.Field{Label: "User", Value: common.UserFull(r.User)})
			}
			return f
		},
		Redact: func(rd model.Redactor, x R) R { return rd.MCPCall(x) },
		Refs:   refsFor(l),
		Groups: groupsOf[model.MCPSummary],
	}
}
