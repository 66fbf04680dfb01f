package model

import "time"

// Tab names a list view; the strings are the values of --tab.
type Tab string

const (
	TabOverview      Tab = "overview"
	TabActivity      Tab = "activity"
	TabConversations Tab = "conversations"
	TabMCPCalls      Tab = "mcp-calls"
	TabImports       Tab = "imports"
	TabAdjustments   Tab = "adjustments"
	TabBilling       Tab = "billing"
)

// Title is the tab's label in the product (from the registry).
func (t Tab) Title() string {
	if l := ListFor(t); l != nil {
		return l.Title
	}
	return string(t)
}

// View is everything that decides what a user sees: the flags parse into it,
// the TUI edits it, the client turns it into a query, and `Y` prints it back
// as flags. Printing and parsing must round-trip exactly.
type View struct {
	Workspace string // id or exact name; "" = the only one / ask
	Tab       Tab
	// Window: Last ("7d", "30d", "3m", "2w", …) is relative to now and wins
	// over From/To; Calendar is a calendar month ("2026-10", --month) or year
	// ("2026", --year) in TZ. At most one of Last, Calendar and From/To is set.
	Last     string
	Calendar string
	From, To time.Time // zero = unbounded; To is exclusive
	// Per-list filters.
	Search      string
	BillingType BillingType
	APIKey      string // key id (TUI) or name/id as typed (flags); resolved via /api-keys
	ImportType  ImportType
	AdjType     AdjustmentType
	User        string // user id (TUI) or id, name or email as typed (flags); resolved via the groups endpoints
	// GroupBy shows the list's groups instead of its records (contract 1.1).
	GroupBy GroupBy
	// Sort is the API's sort field ("" = the list's default); Order "asc"/"desc" ("" = desc).
	Sort  string
	Order string
	TZ    string // IANA zone; "" = local
	// AsRole narrows what is shown (support reproducing a member's screen).
	AsRole Role
}
