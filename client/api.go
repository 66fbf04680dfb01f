package client

// This file fixes the client's public surface so that cli/ and tui/ can be
// written against it. Bodies live in the other files of the package.

import (
	"time"

	"github.com/tallyhq/tally/model"
)

// ListQuery holds the parameters every usage list shares.
type ListQuery struct {
	From, To time.Time // zero = unbounded; From inclusive, To exclusive
	Sort     string    // "" = the list's default time field
	Order    string    // "asc" | "desc" | "" (= desc)
	Limit    int       // 0 = server default (50); else 1..200
	Cursor   string
}

// ConversationQuery is GET /usage/conversations. Sort: updated_at, credits, message_count.
type ConversationQuery struct {
	ListQuery
	Q           string
	BillingType model.BillingType
	UserID      string // contract 1.1; roles that see users only (403 otherwise)
}

// MCPCallQuery is GET /usage/mcp-calls. Sort: created_at, credits.
type MCPCallQuery struct {
	ListQuery
	APIKeyID string
	UserID   string // contract 1.1; roles that see users only (403 otherwise)
}

// ImportQuery is GET /usage/imports. Sort: created_at, credits.
type ImportQuery struct {
	ListQuery
	ImportType model.ImportType
	UserID     string // contract 1.1; roles that see users only (403 otherwise)
}

// AdjustmentQuery is GET /credit-adjustments. Sort: created_at, amount.
type AdjustmentQuery struct {
	ListQuery
	Type model.AdjustmentType
}

// InvoiceQuery is GET /invoices (from/to only; sort created_at).
type InvoiceQuery struct {
	ListQuery
}

// DailyQuery is GET /usage/daily: From/To required, at most 366 days apart.
type DailyQuery struct {
	From, To time.Time
	TZ       string
}

// Sort fields per list, default first.
var (
	ConversationSorts = []string{"updated_at", "credits", "message_count"}
	MCPCallSorts      = []string{"created_at", "credits"}
	ImportSorts       = []string{"created_at", "credits"}
	AdjustmentSorts   = []string{"created_at", "amount"}
	InvoiceSorts      = []string{"created_at"}
)

// Page aliases for readability at call sites.
type (
	ConversationPage = model.Page[model.Conversation, model.ConversationSummary]
	MCPCallPage      = model.Page[model.MCPCall, model.MCPSummary]
	ImportPage       = model.Page[model.Import, model.ImportSummary]
	AdjustmentPage   = model.Page[model.Adjustment, model.AdjustmentSummary]
	InvoicePage      = model.Page[model.Invoice, model.InvoiceSummary]
)
