package model

import (
	"encoding/json"
	"time"
)

func jsonUnmarshalString(b []byte, s *string) error { return json.Unmarshal(b, s) }

// User is a person in a workspace. On usage records it is absent for members;
// a nil *User where the role sees users means the user was deleted.
type User struct {
	ID    Text `json:"id"`
	Name  Text `json:"name"`
	Email Text `json:"email"`
}

// DisplayName is the name to show for a possibly deleted user.
func DisplayName(u *User) string {
	if u == nil || (u.Name == "" && u.Email == "") {
		return "Deleted user"
	}
	if u.Name == "" {
		return string(u.Email)
	}
	return string(u.Name)
}

// WorkspaceRef is a workspace as listed by /v1/me.
type WorkspaceRef struct {
	ID   Text `json:"id"`
	Name Text `json:"name"`
	Role Role `json:"role"`
}

// Me is GET /v1/me.
type Me struct {
	User       User           `json:"user"`
	Workspaces []WorkspaceRef `json:"workspaces"`
}

// Workspace is the short form inside /billing.
type Workspace struct {
	ID   Text `json:"id"`
	Name Text `json:"name"`
}

// ScheduledChange is a plan change waiting for the period end.
type ScheduledChange struct {
	PlanID      Text      `json:"plan_id"`
	PlanName    Text      `json:"plan_name"`
	EffectiveAt time.Time `json:"effective_at"`
}

// Plan is the workspace's current plan.
type Plan struct {
	ID                 Text             `json:"id"`
	Name               Text             `json:"name"`
	Status             PlanStatus       `json:"status"`
	Interval           Interval         `json:"interval"`
	CurrentPeriodStart *time.Time       `json:"current_period_start"`
	CurrentPeriodEnd   *time.Time       `json:"current_period_end"`
	CancelAtPeriodEnd  bool             `json:"cancel_at_period_end"`
	ScheduledChange    *ScheduledChange `json:"scheduled_change"`
	// Limits (contract 1.1): Known is false when the server did not send them.
	Limits PlanLimits `json:"limits,omitzero"`
}

// CreditBalance is the credits block of /billing.
type CreditBalance struct {
	Remaining         Credits    `json:"remaining"`
	GrantedThisPeriod Credits    `json:"granted_this_period"`
	UsedThisPeriod    Credits    `json:"used_this_period"`
	RefreshesAt       *time.Time `json:"refreshes_at"`
	// Expiring (contract 1.1): Known is false when the server did not send it.
	Expiring ExpiringCredits `json:"expiring,omitzero"`
}

// Wallet is a per-kind credit wallet.
type Wallet struct {
	Kind    Text          `json:"kind"`
	Name    Text          `json:"name"`
	Balance Credits       `json:"balance"`
	Status  FeatureStatus `json:"status"`
}

// Feature is a plan feature and its access state.
type Feature struct {
	Key    Text          `json:"key"`
	Name   Text          `json:"name"`
	Status FeatureStatus `json:"status"`
}

// Billing is GET /v1/workspaces/{ws}/billing.
type Billing struct {
	Workspace Workspace     `json:"workspace"`
	Role      Role          `json:"role"`
	Plan      Plan          `json:"plan"`
	Credits   CreditBalance `json:"credits"`
	Wallets   []Wallet      `json:"wallets"`
	Features  []Feature     `json:"features"`
}

// Conversation is one billed conversation.
type Conversation struct {
	ID           Text        `json:"id"`
	Title        Text        `json:"title"`
	MessageCount int64       `json:"message_count"`
	Credits      Credits     `json:"credits"`
	BillingType  BillingType `json:"billing_type"`
	User         *User       `json:"user,omitempty"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// ConversationItem is one line of a conversation's billing sheet.
type ConversationItem struct {
	ID          Text        `json:"id"`
	At          time.Time   `json:"at"`
	BillingType BillingType `json:"billing_type"`
	Description Text        `json:"description"`
	Credits     Credits     `json:"credits"`
	Status      ItemStatus  `json:"status"`
}

// ConversationDetail is GET /usage/conversations/{id}.
type ConversationDetail struct {
	Conversation Conversation       `json:"conversation"`
	Items        []ConversationItem `json:"items"`
}

// APIKeyRef is the key named on an MCP call.
type APIKeyRef struct {
	ID   Text `json:"id"`
	Name Text `json:"name"`
}

// MCPCall is one MCP-HTTP (API-key) call.
type MCPCall struct {
	ID        Text      `json:"id"`
	APIKey    APIKeyRef `json:"api_key"`
	Tool      Text      `json:"tool"`
	Credits   Credits   `json:"credits"`
	User      *User     `json:"user,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// APIKey is one entry of GET /api-keys.
type APIKey struct {
	ID         Text       `json:"id"`
	Name       Text       `json:"name"`
	Prefix     Text       `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// Revoked reports whether the key has been revoked.
func (k APIKey) Revoked() bool { return k.RevokedAt != nil }

// Import is one brand/product import.
type Import struct {
	ID         Text       `json:"id"`
	ImportType ImportType `json:"import_type"`
	ImportURL  Text       `json:"import_url"`
	Credits    Credits    `json:"credits"`
	User       *User      `json:"user,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Adjustment is one signed credit adjustment.
type Adjustment struct {
	ID        Text           `json:"id"`
	Type      AdjustmentType `json:"type"`
	Amount    Credits        `json:"amount"`
	Detail    Text           `json:"detail"`
	CreatedAt time.Time      `json:"created_at"`
}

// DailyUsage is one calendar day of GET /usage/daily.
type DailyUsage struct {
	Date           string  `json:"date"` // YYYY-MM-DD in the response's tz
	Conversations  Credits `json:"conversations"`
	MCPCalls       Credits `json:"mcp_calls"`
	Imports        Credits `json:"imports"`
	CreditsAdded   Credits `json:"credits_added"`
	CreditsRemoved Credits `json:"credits_removed"`
}

// UnmarshalJSON sanitises Date: it stays a plain string because it is
// compared and used as a map key, but it comes from the API like any Text.
func (d *DailyUsage) UnmarshalJSON(b []byte) error {
	type plain DailyUsage
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	p.Date = Sanitize(p.Date)
	*d = DailyUsage(p)
	return nil
}

// Daily is GET /usage/daily.
type Daily struct {
	TZ   Text         `json:"tz"`
	Data []DailyUsage `json:"data"`
}

// Invoice is one entry of the billing history.
type Invoice struct {
	ID          Text          `json:"id"`
	Number      Text          `json:"number"`
	Description Text          `json:"description"`
	Amount      Credits       `json:"amount"` // money, exact
	Currency    Text          `json:"currency"`
	Status      InvoiceStatus `json:"status"`
	Provider    Provider      `json:"provider"`
	CreatedAt   time.Time     `json:"created_at"`
	PDFURL      Text          `json:"pdf_url"`
}

// PlanOffer is one entry of GET /plans.
type PlanOffer struct {
	ID              Text    `json:"id"`
	Name            Text    `json:"name"`
	Currency        Text    `json:"currency"`
	MonthlyPrice    Credits `json:"monthly_price"`
	YearlyPrice     Credits `json:"yearly_price"`
	CreditsPerMonth Credits `json:"credits_per_month"`
	Highlights      []Text  `json:"highlights"`
}

// CreditPack is one entry of GET /credit-packs.
type CreditPack struct {
	ID       Text    `json:"id"`
	Name     Text    `json:"name"`
	Credits  Credits `json:"credits"`
	Price    Credits `json:"price"`
	Currency Text    `json:"currency"`
}

// CheckoutRequest is the body of POST /checkout-sessions: a plan or a pack.
type CheckoutRequest struct {
	PlanID       string   `json:"plan_id,omitempty"`
	Interval     Interval `json:"interval,omitempty"`
	CreditPackID string   `json:"credit_pack_id,omitempty"`
	Quantity     int      `json:"quantity,omitempty"`
}

// Session is the answer to a checkout or portal POST.
type Session struct {
	URL       Text       `json:"url"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// Summaries: totals over every record matching the filters.

type ConversationSummary struct {
	Conversations int64   `json:"conversations"`
	Messages      int64   `json:"messages"`
	Credits       Credits `json:"credits"`
}

type MCPSummary struct {
	Calls   int64   `json:"calls"`
	Credits Credits `json:"credits"`
}

type ImportSummary struct {
	Imports int64   `json:"imports"`
	Credits Credits `json:"credits"`
}

type AdjustmentSummary struct {
	Adjustments    int64   `json:"adjustments"`
	CreditsAdded   Credits `json:"credits_added"`
	CreditsRemoved Credits `json:"credits_removed"`
	Net            Credits `json:"net"`
}

type InvoiceSummary struct {
	Invoices   int64   `json:"invoices"`
	AmountPaid Credits `json:"amount_paid"`
	Currency   Text    `json:"currency"`
}

// Page is one page of a list. NextCursor is "" on the last page.
type Page[T any, S any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
	Summary    S       `json:"summary"`
}

// Cursor returns the next cursor or "" on the last page.
func (p Page[T, S]) Cursor() string {
	if p.NextCursor == nil {
		return ""
	}
	return *p.NextCursor
}

// ErrorBody is the contract's error envelope.
type ErrorBody struct {
	Error struct {
		Type    Text `json:"type"`
		Code    Text `json:"code"`
		Message Text `json:"message"`
		Param   Text `json:"param"`
	} `json:"error"`
}
