package tui

import (
	"context"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// The four usage tabs. Each is data: columns, its query, its summary line.

func listQuery(v model.View, w common.Window, cursor string) client.ListQuery {
	return client.ListQuery{From: w.From, To: w.To, Sort: v.Sort, Order: v.Order, Limit: PageLimit, Cursor: cursor}
}

func enumOpts[E interface {
	~string
	Label() string
}](all string, vals []E) []common.Option {
	o := []common.Option{{Label: all}}
	for _, v := range vals {
		o = append(o, common.Option{Label: v.Label(), Value: string(v)})
	}
	return o
}

const (
	wCredits = 15
	wTime    = 16
	wUser    = 16
)

func creditsCell(c model.Credits) string { return c.Grouped() }

// compactBillingType fits the known billing types in 9 cells; unknown values
// stay raw (and are truncated like any text).
func compactBillingType(b model.BillingType) string {
	switch b {
	case model.BillingImageGeneration:
		return "Image gen"
	case model.BillingVideoGeneration:
		return "Video gen"
	}
	return b.Label()
}

func conversationSpec() *tabSpec[model.Conversation, model.ConversationSummary] {
	type R = model.Conversation
	return &tabSpec[R, model.ConversationSummary]{
		id:       model.TabConversations,
		noun:     "conversations",
		sorts:    client.ConversationSorts,
		sortName: map[string]string{"updated_at": "Updated At", "credits": "Credits", "message_count": "Message Count"},
		columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Conversation ID", Min: 17, Max: 17, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "Title", Min: 12, Ideal: 28, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.Title) }},
				{Title: "Message Count", Short: "Msgs", Min: 6, Max: 13, Priority: 4, Align: common.AlignRight, Sort: "message_count",
					Text: func(r *R, _ *table.CellFmt) string { return common.FmtCount(r.MessageCount) }},
				{Title: "Credits", Min: 10, Max: wCredits, Priority: 0, Align: common.AlignRight, Sort: "credits",
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
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (client.ConversationPage, error) {
			return c.Conversations(ctx, ws, client.ConversationQuery{ListQuery: listQuery(v, w, cursor), Q: v.Search, BillingType: v.BillingType})
		},
		summary: func(s model.ConversationSummary) string {
			return common.Plural(s.Conversations, "conversation", "conversations") + " · " + common.Plural(s.Messages, "message", "messages") +
				" · " + s.Credits.Grouped() + " credits"
		},
		total:    func(s model.ConversationSummary) int64 { return s.Conversations },
		recordID: func(r *R) string { return string(r.ID) },
		fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
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
		redact:    func(rd model.Redactor, x R) R { return rd.Conversation(x) },
		typeName:  "Type",
		typeOpts:  enumOpts("All Types", model.BillingTypes),
		getType:   func(v model.View) string { return string(v.BillingType) },
		setType:   func(v *model.View, s string) { v.BillingType = model.BillingType(s) },
		hasSearch: true,
	}
}

func mcpSpec() *tabSpec[model.MCPCall, model.MCPSummary] {
	type R = model.MCPCall
	return &tabSpec[R, model.MCPSummary]{
		id:       model.TabMCPCalls,
		noun:     "MCP-HTTP calls",
		sorts:    client.MCPCallSorts,
		sortName: map[string]string{"created_at": "Created At", "credits": "Credits"},
		columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Call ID", Min: 17, Max: 17, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "API Key Name", Min: 10, Ideal: 20, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.APIKey.Name) }},
				{Title: "Credits", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Sort: "credits",
					Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.Credits) }, Negative: func(r *R) bool { return r.Credits < 0 }},
			}
			if seesUsers {
				cols = append(cols, table.Column[R]{Title: "User", Min: 8, Max: wUser + 4, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return common.UserName(r.User) }})
			}
			return append(cols, table.Column[R]{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
				Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }})
		},
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (client.MCPCallPage, error) {
			return c.MCPCalls(ctx, ws, client.MCPCallQuery{ListQuery: listQuery(v, w, cursor), APIKeyID: v.APIKey})
		},
		summary: func(s model.MCPSummary) string {
			return common.Plural(s.Calls, "call", "calls") + " · " + s.Credits.Grouped() + " credits"
		},
		total:    func(s model.MCPSummary) int64 { return s.Calls },
		recordID: func(r *R) string { return string(r.ID) },
		fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
			f := []common.Field{
				{Label: "Call ID", Value: string(r.ID)}, {Label: "API Key", Value: string(r.APIKey.Name) + " (" + string(r.APIKey.ID) + ")"},
				{Label: "Tool", Value: string(r.Tool)}, {Label: "Credits", Value: r.Credits.Grouped()}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
			if seesUsers {
				f = append(f, common.Field{Label: "User", Value: common.UserFull(r.User)})
			}
			return f
		},
		hasAPIKey: true,
		redact:    func(rd model.Redactor, x R) R { return rd.MCPCall(x) },
	}
}

func importSpec() *tabSpec[model.Import, model.ImportSummary] {
	type R = model.Import
	return &tabSpec[R, model.ImportSummary]{
		id:       model.TabImports,
		noun:     "imports",
		sorts:    client.ImportSorts,
		sortName: map[string]string{"created_at": "Created At", "credits": "Credits"},
		columns: func(seesUsers bool) []table.Column[R] {
			cols := []table.Column[R]{
				{Title: "Task ID", Min: 16, Max: 17, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.ID) }},
				{Title: "Import Type", Short: "Type", Min: 7, Max: 11, Priority: 2, Text: func(r *R, _ *table.CellFmt) string { return r.ImportType.Label() }},
				{Title: "Import URL", Min: 12, Ideal: 30, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return string(r.ImportURL) }},
				{Title: "Credits", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Sort: "credits",
					Text: func(r *R, _ *table.CellFmt) string { return creditsCell(r.Credits) }, Negative: func(r *R) bool { return r.Credits < 0 }},
			}
			if seesUsers {
				cols = append(cols, table.Column[R]{Title: "User", Min: 8, Max: wUser, Priority: 3, Text: func(r *R, _ *table.CellFmt) string { return common.UserName(r.User) }})
			}
			return append(cols, table.Column[R]{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
				Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }})
		},
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (client.ImportPage, error) {
			return c.Imports(ctx, ws, client.ImportQuery{ListQuery: listQuery(v, w, cursor), ImportType: v.ImportType})
		},
		summary: func(s model.ImportSummary) string {
			return common.Plural(s.Imports, "import", "imports") + " · " + s.Credits.Grouped() + " credits"
		},
		total:    func(s model.ImportSummary) int64 { return s.Imports },
		recordID: func(r *R) string { return string(r.ID) },
		url:      func(r *R) string { return string(r.ImportURL) },
		fields: func(r *R, loc *time.Location, seesUsers bool) []common.Field {
			f := []common.Field{
				{Label: "Task ID", Value: string(r.ID)}, {Label: "Import Type", Value: r.ImportType.Label()}, {Label: "Import URL", Value: string(r.ImportURL)},
				{Label: "Credits", Value: r.Credits.Grouped()}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
			if seesUsers {
				f = append(f, common.Field{Label: "User", Value: common.UserFull(r.User)})
			}
			return f
		},
		redact:   func(rd model.Redactor, x R) R { return rd.Import(x) },
		typeName: "Import type",
		typeOpts: enumOpts("All imports", model.ImportTypes),
		getType:  func(v model.View) string { return string(v.ImportType) },
		setType:  func(v *model.View, s string) { v.ImportType = model.ImportType(s) },
	}
}

func adjustmentSpec() *tabSpec[model.Adjustment, model.AdjustmentSummary] {
	type R = model.Adjustment
	return &tabSpec[R, model.AdjustmentSummary]{
		id:       model.TabAdjustments,
		noun:     "credit adjustments",
		sorts:    client.AdjustmentSorts,
		sortName: map[string]string{"created_at": "Created At", "amount": "Amount"},
		columns: func(bool) []table.Column[R] {
			return []table.Column[R]{
				{Title: "Type", Min: 12, Max: 32, Priority: 0, Text: func(r *R, _ *table.CellFmt) string { return r.Type.Label() }},
				{Title: "Amount", Min: 11, Max: wCredits, Priority: 0, Align: common.AlignRight, Sort: "amount",
					Text: func(r *R, _ *table.CellFmt) string { return r.Amount.Signed() }, Negative: func(r *R) bool { return r.Amount < 0 }},
				{Title: "Detail", Min: 10, Ideal: 30, Priority: 1, Text: func(r *R, _ *table.CellFmt) string { return string(r.Detail) }},
				{Title: "Created At", Min: wTime, Max: wTime, Priority: 0, Sort: "created_at",
					Text: func(r *R, f *table.CellFmt) string { return common.FmtTime(r.CreatedAt, f.Loc) }},
			}
		},
		fetch: func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (client.AdjustmentPage, error) {
			return c.Adjustments(ctx, ws, client.AdjustmentQuery{ListQuery: listQuery(v, w, cursor), Type: v.AdjType})
		},
		summary: func(s model.AdjustmentSummary) string {
			return common.Plural(s.Adjustments, "adjustment", "adjustments") + " · " + s.CreditsAdded.Signed() + " added · " +
				s.CreditsRemoved.Grouped() + " removed · net " + s.Net.Grouped()
		},
		total:    func(s model.AdjustmentSummary) int64 { return s.Adjustments },
		recordID: func(r *R) string { return string(r.ID) },
		fields: func(r *R, loc *time.Location, _ bool) []common.Field {
			return []common.Field{
				{Label: "Adjustment ID", Value: string(r.ID)}, {Label: "Type", Value: r.Type.Label() + " (" + string(r.Type) + ")"},
				{Label: "Amount", Value: r.Amount.Signed()}, {Label: "Detail", Value: string(r.Detail)}, {Label: "Created At", Value: common.FmtTime(r.CreatedAt, loc)},
			}
		},
		redact:   func(rd model.Redactor, x R) R { return rd.Adjustment(x) },
		typeName: "Type",
		typeOpts: enumOpts("All types", model.AdjustmentTypes),
		getType:  func(v model.View) string { return string(v.AdjType) },
		setType:  func(v *model.View, s string) { v.AdjType = model.AdjustmentType(s) },
	}
}
