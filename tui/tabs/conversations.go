package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// conversations is the Conversations tab; enter opens the billing sheet.
func conversations(l *model.List) *Spec[model.Conversation, model.ConversationSummary] {
	type R = model.Conversation
	return &Spec[R, model.ConversationSummary]{
		List: l,
		Columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Conversation ID", Min: 17, Max: 17, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "Title", Min: 12, Ideal: 28, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.Title) }},
				{Title: "Message Count", Short: "Msgs", Min: 6, Max: 13, Priority: 4, Align: common.AlignRight, Sort: "message_count",
					Text: func(r *R, _ *table.CellFmt) string { return common.FmtCount(r.MessageCount) }},
				{Title: "Credits", Min: 10, Max: wCredits, Priority: 0, Align: common.AlignRight, Decimal: true, Sort: "credits",
					Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.Credits) }, Negative: func(r *R) bool { return r.Credits < 0 }},
			}
			if seesUsers {
				cols = append(cols, table.Column[R]{Title: "User", Min: 10, Max: wUser, Priority: 3, Text: func(r *R, _ *table.CellFmt) string { return common.UserName(r.User) }})
			}
			return append(cols,
				table.Column[R]{Title: "Billing Type", Short: "Billing", Min: 9, Max: 16, Priority: 5,
					Text:    func(r *R, _ *table.CellFmt) string { return r.BillingType.Label() },
					Compact: func(r *R) string { return compactBillingType(r.BillingType) }, CompactBelow: 16},
				table.Column[R]{Title: "Updated At", Min: wTime, Max: wTime, Priority: 1, Sort: "updated_at",
					Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.UpdatedAt, f.Loc) }},
			)
		},
		Summary: func(s model.ConversationSummary) string {
			return common.Plural(s.Conversations, "conversation", "conversations") + " · " + common.Plural(s.Messages, "message", "messages") +
				" · " + s.Credits.Grouped() + " credits"
		},
		Total: func(s model.ConversationSummary) int64 { return s.Conversations },
		ID:    func(r *R) string { return string(r.ID) },
		Fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
			f := []common.Field{
				{Label: "Conversation ID", Value: string(r.ID)}, {Label: "Title", Value: string(r.Title)},
				{Label: "Billing Type", Value: r.BillingType.Label()}, {Label: "Message Count", Value: common.FmtCount(r.MessageCount)},
				{Label: "Credits", Value: r.Credits.Grouped()}, {Label: "Updated At", Value: common.FmtTime(r.UpdatedAt, loc)},
			}
			if seesUsers {
				f = append(f, common.Field{Label: "User", Value: common.UserFull(r.User)})
			}
			return f
		},
		Sheet: func(r *R) *model.Conversation {
			c := *r
			return &c
		},
		Redact: func(rd model.Redactor, x R) R { return rd.Conversation(x) },
		Refs:   refsFor(l),
		Groups: groupsOf[model.ConversationSummary],
	}
}
