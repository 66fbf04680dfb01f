package model

import (
	"strconv"
	"time"
)

// Record is one record of a paged list. The walk guard (client.Walk) reads
// ids to catch a record served twice; parallel export reads times to check
// that a record lies in the window it asked for.
type Record interface {
	RecordID() string
	// RecordTime is the list's time field: updated_at for conversations,
	// created_at for the other lists.
	RecordTime() time.Time
}

// Summary is a list's summary: totals over every record matching the
// filters. The contract says it is identical on every page of one walk.
type Summary interface {
	// Count is the number of records the summary covers.
	Count() int64
	// Figures are every figure of the summary in contract order, named by
	// their JSON keys, so a walk can say which figure changed.
	Figures() []Figure
}

// Figure is one named value of a summary, as the contract writes it.
type Figure struct {
	Name, Value string
}

func (r Conversation) RecordID() string      { return string(r.ID) }
func (r Conversation) RecordTime() time.Time { return r.UpdatedAt }
func (r MCPCall) RecordID() string           { return string(r.ID) }
func (r MCPCall) RecordTime() time.Time      { return r.CreatedAt }
func (r Import) RecordID() string            { return string(r.ID) }
func (r Import) RecordTime() time.Time       { return r.CreatedAt }
func (r Adjustment) RecordID() string        { return string(r.ID) }
func (r Adjustment) RecordTime() time.Time   { return r.CreatedAt }
func (r Invoice) RecordID() string           { return string(r.ID) }
func (r Invoice) RecordTime() time.Time      { return r.CreatedAt }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s ConversationSummary) Count() int64 { return s.Conversations }
func (s ConversationSummary) Figures() []Figure {
	return []Figure{{"conversations", itoa(s.Conversations)}, {"messages", itoa(s.Messages)}, {"credits", s.Credits.String()}}
}

func (s MCPSummary) Count() int64 { return s.Calls }
func (s MCPSummary) Figures() []Figure {
	return []Figure{{"calls", itoa(s.Calls)}, {"credits", s.Credits.String()}}
}

func (s ImportSummary) Count() int64 { return s.Imports }
func (s ImportSummary) Figures() []Figure {
	return []Figure{{"imports", itoa(s.Imports)}, {"credits", s.Credits.String()}}
}

func (s AdjustmentSummary) Count() int64 { return s.Adjustments }
func (s AdjustmentSummary) Figures() []Figure {
	return []Figure{{"adjustments", itoa(s.Adjustments)}, {"credits_added", s.CreditsAdded.String()},
		{"credits_removed", s.CreditsRemoved.String()}, {"net", s.Net.String()}}
}

func (s InvoiceSummary) Count() int64 { return s.Invoices }
func (s InvoiceSummary) Figures() []Figure {
	return []Figure{{"invoices", itoa(s.Invoices)}, {"amount_paid", s.AmountPaid.String()}, {"currency", string(s.Currency)}}
}
