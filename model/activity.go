package model

import (
	"strings"
	"time"
)

// Activity is every change to the balance in one list, newest first:
// conversations (at updated_at), MCP-HTTP calls and imports (at created_at) as
// negative amounts, credit adjustments with their sign. This file is the pure
// part: rows, and the k-way merge of the four cursor walks as a value that is
// fed pages and gives rows. client.Activity does the fetching.

// ActivityKind is the list a row comes from; the string is export's "kind".
type ActivityKind string

const (
	ActivityConversation ActivityKind = "conversation"
	ActivityMCPCall      ActivityKind = "mcp_call"
	ActivityImport       ActivityKind = "import"
	ActivityAdjustment   ActivityKind = "adjustment"
)

// ActivityKinds are the four lists in product order (the merge's stream order).
var ActivityKinds = []ActivityKind{ActivityConversation, ActivityMCPCall, ActivityImport, ActivityAdjustment}

func (k ActivityKind) Label() string {
	return label(string(k), map[string]string{
		"conversation": "Conversation", "mcp_call": "MCP-HTTP call", "import": "Import", "adjustment": "Credit adjustment",
	})
}

// Tab is the usage tab that lists rows of this kind (where enter leads).
func (k ActivityKind) Tab() Tab {
	switch k {
	case ActivityConversation:
		return TabConversations
	case ActivityMCPCall:
		return TabMCPCalls
	case ActivityImport:
		return TabImports
	}
	return TabAdjustments
}

// ActivityRow is one change to the balance.
type ActivityRow struct {
	At   time.Time
	Kind ActivityKind
	ID   Text
	// Label says what it was: "MCP-HTTP call · CI pipeline", "Conversation ·
	// Image generation", "Subscription renewal · Creator plan, monthly renewal".
	Label string
	// Amount is signed: spending is negative, grants positive.
	Amount Credits
	// BalanceAfter is remaining right after this change (set by the merge).
	BalanceAfter Credits
	// User is who spent, when HasUser (roles that see users; nil = deleted
	// user). Adjustments and members' rows have no user.
	User    *User
	HasUser bool
	// Source is the record the row was made from (*Conversation, *MCPCall,
	// *Import or *Adjustment), for a detail view; nil when built otherwise.
	Source any
}

// UserName is the row's user for display, "" when the row has none.
func (r ActivityRow) UserName() string {
	if !r.HasUser {
		return ""
	}
	return DisplayName(r.User)
}

func joinLabel(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// ConversationActivity is a conversation as a row; users says whether the
// role sees users (for members the record has no user at all).
func ConversationActivity(c Conversation, users bool) ActivityRow {
	return ActivityRow{At: c.UpdatedAt, Kind: ActivityConversation, ID: c.ID,
		Label:  joinLabel(ActivityConversation.Label(), c.BillingType.Label()),
		Amount: c.Credits.Neg(), User: c.User, HasUser: users, Source: &c}
}

// MCPCallActivity is an MCP-HTTP call as a row, labelled with its key's name.
func MCPCallActivity(c MCPCall, users bool) ActivityRow {
	key := string(c.APIKey.Name)
	if key == "" {
		key = string(c.APIKey.ID)
	}
	return ActivityRow{At: c.CreatedAt, Kind: ActivityMCPCall, ID: c.ID,
		Label:  joinLabel(ActivityMCPCall.Label(), key),
		Amount: c.Credits.Neg(), User: c.User, HasUser: users, Source: &c}
}

// ImportActivity is an import as a row ("Import · Product").
func ImportActivity(i Import, users bool) ActivityRow {
	return ActivityRow{At: i.CreatedAt, Kind: ActivityImport, ID: i.ID,
		Label:  joinLabel(ActivityImport.Label(), i.ImportType.Label()),
		Amount: i.Credits.Neg(), User: i.User, HasUser: users, Source: &i}
}

// AdjustmentActivity is an adjustment as a row, with its own sign, labelled
// by its type and detail.
func AdjustmentActivity(a Adjustment) ActivityRow {
	return ActivityRow{At: a.CreatedAt, Kind: ActivityAdjustment, ID: a.ID,
		Label: joinLabel(a.Type.Label(), string(a.Detail)), Amount: a.Amount, Source: &a}
}

// ActivityNewer is the merge order: later first, and in a tie of times the
// greater id first (the lists' own tie order, descending).
func ActivityNewer(a, b ActivityRow) bool {
	if !a.At.Equal(b.At) {
		return a.At.After(b.At)
	}
	return a.ID > b.ID
}

// ActivityWindow is one list's share of the window, from its summary: how
// many records and what they did to the balance (negative for spending, net
// for adjustments), plus the adjustments' added and removed parts.
type ActivityWindow struct {
	Count   int64
	Amount  Credits
	Added   Credits // adjustments only: credits_added
	Removed Credits // adjustments only: credits_removed (<= 0)
}

// ActivityTotals are the window's figures over the four lists.
type ActivityTotals struct {
	Changes int64   // records in the window
	Spent   Credits // conversations + MCP-HTTP calls + imports, negative
	Added   Credits // positive adjustments
	Removed Credits // negative adjustments (expirations, corrections), <= 0
	Net     Credits // Spent + Added + Removed: the window's change of the balance
}
