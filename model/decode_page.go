package model

import (
	"encoding/json"
)

// Page decoding: one pass over the body, decoding and validating together,
// without reflection. A required field (per the contract: a record's id,
// amount and time, and its list's own fields that totals and filters rest
// on) that is missing or null, a null record, or a value of the wrong kind
// is a *DecodeError naming the list, the record's position and the field.
// Free text (titles, names, details, URLs) may be null or absent: it is
// shown empty, which is what the server said. Unknown fields are skipped.

// UnmarshalJSON decodes a page of one of the contract's lists with its
// strict decoder (other record types decode with encoding/json).
func (p *Page[T, S]) UnmarshalJSON(b []byte) error { return p.Decode(b) }

// Decode is UnmarshalJSON without encoding/json's validation pre-pass: the
// decoder validates as it goes. The client calls it directly.
func (p *Page[T, S]) Decode(b []byte) error {
	switch d := any(p).(type) {
	case *Page[Conversation, ConversationSummary]:
		return decodePage(b, "conversations", d, (*pageState).conversation, decodeConvSummary)
	case *Page[MCPCall, MCPSummary]:
		return decodePage(b, "mcp-calls", d, (*pageState).mcpCall, decodeMCPSummary)
	case *Page[Import, ImportSummary]:
		return decodePage(b, "imports", d, (*pageState).importRec, decodeImportSummary)
	case *Page[Adjustment, AdjustmentSummary]:
		return decodePage(b, "adjustments", d, (*pageState).adjustment, decodeAdjSummary)
	case *Page[Invoice, InvoiceSummary]:
		return decodePage(b, "invoices", d, (*pageState).invoice, decodeInvoiceSummary)
	}
	type plain Page[T, S] // no methods: encoding/json's own decoding
	return json.Unmarshal(b, (*plain)(p))
}

// pageState is what the records of one page share.
type pageState struct {
	r     reader
	list  string
	users map[string]*User
}

func decodePage[T, S any](b []byte, list string, p *Page[T, S],
	rec func(*pageState, *fields, *T) error, sum func(*fields, *S) error) error {
	st := &pageState{r: reader{b: b}, list: list, users: map[string]*User{}}
	r := &st.r
	*p = Page[T, S]{}
	var seenData, seenSummary bool
	top := fields{r: r, list: list}
	if err := top.object(func(key []byte) error {
		switch string(key) {
		case "data":
			seenData = true
			data, err := decodeData(st, rec)
			p.Data = data
			return err
		case "next_cursor":
			if r.null() {
				p.NextCursor = nil
				return nil
			}
			if r.peek() != '"' {
				return top.wrongKind("next_cursor", "a string or null")
			}
			s, err := r.str()
			p.NextCursor = &s
			return err
		case "summary":
			seenSummary = true
			if r.peek() != '{' {
				return top.wrongKind("summary", "an object")
			}
			f := fields{r: r, list: list, path: "summary."}
			return sum(&f, &p.Summary)
		}
		return r.skip()
	}); err != nil {
		return err
	}
	if err := r.end(); err != nil {
		return err
	}
	switch {
	case !seenData:
		return top.err("data", "is missing", "")
	case !seenSummary:
		return top.err("summary", "is missing", "")
	}
	return nil
}

func decodeData[T any](st *pageState, rec func(*pageState, *fields, *T) error) ([]T, error) {
	r := &st.r
	if r.peek() != '[' {
		f := fields{r: r, list: st.list}
		return nil, f.wrongKind("data", "an array")
	}
	r.i++
	out := make([]T, 0, 16)
	for first := true; ; {
		more, err := r.nextElem(&first)
		if err != nil {
			return out, err
		}
		if !more {
			break
		}
		f := fields{r: r, list: st.list, rec: len(out) + 1}
		if r.null() {
			return out, f.err("", "is null: a record must be an object", "")
		}
		if r.peek() != '{' {
			return out, f.err("", "must be an object, not "+r.kind(), "")
		}
		out = append(out, *new(T))
		if err := rec(st, &f, &out[len(out)-1]); err != nil {
			return out, err
		}
	}
	// Growth by doubling can leave a page's slice a third empty; pages are
	// kept by the TUI, so trim when the waste is worth a copy.
	if cap(out)-len(out) > len(out)/8 {
		out = append(make([]T, 0, len(out)), out...)
	}
	return out, nil
}

func (st *pageState) conversation(f *fields, c *Conversation) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return f.readID(1<<0, &c.ID)
		case "title":
			return f.text("title", &c.Title)
		case "message_count":
			return f.integer("message_count", 1<<1, &c.MessageCount)
		case "credits":
			return f.credits("credits", 1<<2, &c.Credits)
		case "billing_type":
			return reqEnum(f, "billing_type", 1<<3, &c.BillingType)
		case "user":
			return f.user(&c.User, st.users)
		case "updated_at":
			return f.instant("updated_at", 1<<4, &c.UpdatedAt)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"id", "message_count", "credits", "billing_type", "updated_at"})
}

func (st *pageState) mcpCall(f *fields, m *MCPCall) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return f.readID(1<<0, &m.ID)
		case "api_key":
			f.seen |= 1 << 1
			return f.apiKeyRef(&m.APIKey)
		case "tool":
			return f.reqText("tool", 1<<2, &m.Tool, true)
		case "credits":
			return f.credits("credits", 1<<3, &m.Credits)
		case "user":
			return f.user(&m.User, st.users)
		case "created_at":
			return f.instant("created_at", 1<<4, &m.CreatedAt)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"id", "api_key", "tool", "credits", "created_at"})
}

// apiKeyRef reads an MCP call's required api_key: its id is required, its
// name is free text.
func (f *fields) apiKeyRef(k *APIKeyRef) error {
	if f.r.peek() != '{' {
		return f.wrongKind("api_key", "an object")
	}
	sub := fields{r: f.r, list: f.list, rec: f.rec, id: f.id, path: f.path + "api_key."}
	*k = APIKeyRef{}
	if err := sub.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return sub.reqText("id", 1, &k.ID, true)
		case "name":
			if f.r.null() {
				k.Name = ""
				return nil
			}
			return sub.reqText("name", 0, &k.Name, true)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return sub.require([]string{"id"})
}

func (st *pageState) importRec(f *fields, m *Import) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return f.readID(1<<0, &m.ID)
		case "import_type":
			return reqEnum(f, "import_type", 1<<1, &m.ImportType)
		case "import_url":
			return f.text("import_url", &m.ImportURL)
		case "credits":
			return f.credits("credits", 1<<2, &m.Credits)
		case "user":
			return f.user(&m.User, st.users)
		case "created_at":
			return f.instant("created_at", 1<<3, &m.CreatedAt)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"id", "import_type", "credits", "created_at"})
}

func (st *pageState) adjustment(f *fields, a *Adjustment) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return f.readID(1<<0, &a.ID)
		case "type":
			return reqEnum(f, "type", 1<<1, &a.Type)
		case "amount":
			return f.credits("amount", 1<<2, &a.Amount)
		case "detail":
			return f.text("detail", &a.Detail)
		case "created_at":
			return f.instant("created_at", 1<<3, &a.CreatedAt)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"id", "type", "amount", "created_at"})
}

func (st *pageState) invoice(f *fields, v *Invoice) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return f.readID(1<<0, &v.ID)
		case "number":
			return f.text("number", &v.Number)
		case "description":
			return f.text("description", &v.Description)
		case "amount":
			return f.credits("amount", 1<<1, &v.Amount)
		case "currency":
			return f.reqText("currency", 1<<2, &v.Currency, true)
		case "status":
			return reqEnum(f, "status", 1<<3, &v.Status)
		case "provider":
			return reqEnum(f, "provider", 1<<4, &v.Provider)
		case "created_at":
			return f.instant("created_at", 1<<5, &v.CreatedAt)
		case "pdf_url":
			return f.text("pdf_url", &v.PDFURL)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"id", "amount", "currency", "status", "provider", "created_at"})
}

// Summaries: every figure is required; a walk checks its records against them.

func decodeConvSummary(f *fields, s *ConversationSummary) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "conversations":
			return f.integer("conversations", 1<<0, &s.Conversations)
		case "messages":
			return f.integer("messages", 1<<1, &s.Messages)
		case "credits":
			return f.credits("credits", 1<<2, &s.Credits)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"conversations", "messages", "credits"})
}

func decodeMCPSummary(f *fields, s *MCPSummary) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "calls":
			return f.integer("calls", 1<<0, &s.Calls)
		case "credits":
			return f.credits("credits", 1<<1, &s.Credits)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"calls", "credits"})
}

func decodeImportSummary(f *fields, s *ImportSummary) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "imports":
			return f.integer("imports", 1<<0, &s.Imports)
		case "credits":
			return f.credits("credits", 1<<1, &s.Credits)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"imports", "credits"})
}

func decodeAdjSummary(f *fields, s *AdjustmentSummary) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "adjustments":
			return f.integer("adjustments", 1<<0, &s.Adjustments)
		case "credits_added":
			return f.credits("credits_added", 1<<1, &s.CreditsAdded)
		case "credits_removed":
			return f.credits("credits_removed", 1<<2, &s.CreditsRemoved)
		case "net":
			return f.credits("net", 1<<3, &s.Net)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"adjustments", "credits_added", "credits_removed", "net"})
}

func decodeInvoiceSummary(f *fields, s *InvoiceSummary) error {
	if err := f.object(func(key []byte) error {
		switch string(key) {
		case "invoices":
			return f.integer("invoices", 1<<0, &s.Invoices)
		case "amount_paid":
			return f.credits("amount_paid", 1<<1, &s.AmountPaid)
		case "currency":
			return f.reqText("currency", 1<<2, &s.Currency, true)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	return f.require([]string{"invoices", "amount_paid", "currency"})
}
