package cli

// The export writers before they were made reflection-free, kept as the
// reference the golden test compares the new ones with, byte for byte.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// Export record shapes. JSON keeps the API's field names, amounts as exact
// decimal strings and times in UTC; "user" is absent for roles that do not
// see users and null for a deleted user, as in the API.

type userOut struct {
	show bool
	u    *model.User
}

func (u userOut) IsZero() bool { return !u.show }
func (u userOut) MarshalJSON() ([]byte, error) {
	if u.u == nil {
		return []byte("null"), nil
	}
	return json.Marshal(u.u)
}

type convOut struct {
	ID           model.Text        `json:"id"`
	Title        model.Text        `json:"title"`
	MessageCount int64             `json:"message_count"`
	Credits      model.Credits     `json:"credits"`
	BillingType  model.BillingType `json:"billing_type"`
	User         userOut           `json:"user,omitzero"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

type callOut struct {
	ID        model.Text      `json:"id"`
	APIKey    model.APIKeyRef `json:"api_key"`
	Tool      model.Text      `json:"tool"`
	Credits   model.Credits   `json:"credits"`
	User      userOut         `json:"user,omitzero"`
	CreatedAt time.Time       `json:"created_at"`
}

type importOut struct {
	ID         model.Text       `json:"id"`
	ImportType model.ImportType `json:"import_type"`
	ImportURL  model.Text       `json:"import_url"`
	Credits    model.Credits    `json:"credits"`
	User       userOut          `json:"user,omitzero"`
	CreatedAt  time.Time        `json:"created_at"`
}

type invoiceOut struct {
	ID          model.Text          `json:"id"`
	Number      model.Text          `json:"number"`
	Description model.Text          `json:"description"`
	Amount      string              `json:"amount"`
	Currency    model.Text          `json:"currency"`
	Status      model.InvoiceStatus `json:"status"`
	Provider    model.Provider      `json:"provider"`
	CreatedAt   time.Time           `json:"created_at"`
	PDFURL      model.Text          `json:"pdf_url"`
}

// oldSink is the sink as it was: encoding/json for every record.
type oldSink struct {
	format  string
	w       *bufio.Writer
	csv     *csv.Writer
	enc     *json.Encoder
	header  []string
	list    string
	query   any
	begun   bool
	records int64
}

func newOldSink(w io.Writer, format, list string, header []string, query any) *oldSink {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &oldSink{format: format, w: bw, header: header, list: list, query: query}
	switch format {
	case "csv":
		s.csv = csv.NewWriter(bw)
	default:
		s.enc = json.NewEncoder(bw)
		s.enc.SetEscapeHTML(false)
	}
	return s
}

func (s *oldSink) begin(summary any) {
	if s.begun {
		return
	}
	s.begun = true
	switch s.format {
	case "csv":
		_ = s.csv.Write(s.header)
	case "json":
		head := struct {
			SchemaVersion int    `json:"schema_version"`
			List          string `json:"list"`
			Query         any    `json:"query"`
			Summary       any    `json:"summary"`
		}{1, s.list, s.query, summary}
		b, _ := json.Marshal(head)
		s.w.Write(b[:len(b)-1])
		s.w.WriteString(`,"data":[`)
	}
}

func (s *oldSink) record(v any) {
	if s.format == "json" {
		if s.records > 0 {
			s.w.WriteByte(',')
		}
		s.w.WriteByte('\n')
	}
	s.records++
	if s.format == "json" {
		b, _ := json.Marshal(v)
		s.w.Write(b)
		return
	}
	_ = s.enc.Encode(v)
}

func (s *oldSink) end(summary any) {
	s.begin(summary)
	switch s.format {
	case "csv":
		s.csv.Flush()
	case "json":
		if s.records > 0 {
			s.w.WriteByte('\n')
		}
		s.w.WriteString("]}\n")
	}
	s.w.Flush()
}

// oldExport writes recs the old way: csv rows as today, json and ndjson
// through the old record shapes and encoding/json.
func oldExport[T any, S any](j *exportJob, header []string, first S, recs []T, row func([]string, *T) []string, record func(*T) any) []byte {
	var buf bytes.Buffer
	s := newOldSink(&buf, j.format, j.list, header, j.queryJSON())
	var cells []string
	for i := range recs {
		s.begin(first)
		if j.format == "csv" {
			cells = row(cells[:0], &recs[i])
			s.records++
			_ = s.csv.Write(cells)
		} else {
			s.record(record(&recs[i]))
		}
	}
	s.end(first)
	return buf.Bytes()
}

// collect walks a list with the client.
func collect[T model.Record, S model.Summary](t *testing.T, fetch func(context.Context, client.ListQuery) (model.Page[T, S], error)) (S, []T) {
	t.Helper()
	var recs []T
	first, _, err := client.WalkAll(context.Background(), func(ctx context.Context, cur string) (model.Page[T, S], error) {
		return fetch(ctx, client.ListQuery{Limit: 200, Cursor: cur})
	}, nil, func(r T) error { recs = append(recs, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return first, recs
}

// oldOutput is what the old writers made of j's list.
func oldOutput(t *testing.T, j *exportJob) []byte {
	ctx := context.Background()
	switch j.list {
	case "conversations":
		first, recs := collect(t, func(ctx context.Context, q client.ListQuery) (client.ConversationPage, error) {
			return j.c.Conversations(ctx, j.ws, client.ConversationQuery{ListQuery: q})
		})
		return oldExport(j, convHeader(j.users), first, recs, func(c []string, r *model.Conversation) []string {
			x := j.red.Conversation(*r)
			return convRow(c, &x, j.users, j.loc)
		}, func(r *model.Conversation) any {
			x := j.red.Conversation(*r)
			return convOut{x.ID, x.Title, x.MessageCount, x.Credits, x.BillingType, userOut{j.users, x.User}, x.UpdatedAt.UTC()}
		})
	case "mcp-calls":
		first, recs := collect(t, func(ctx context.Context, q client.ListQuery) (client.MCPCallPage, error) {
			return j.c.MCPCalls(ctx, j.ws, client.MCPCallQuery{ListQuery: q})
		})
		return oldExport(j, callHeader(j.users), first, recs, func(c []string, r *model.MCPCall) []string {
			x := j.red.MCPCall(*r)
			return callRow(c, &x, j.users, j.loc)
		}, func(r *model.MCPCall) any {
			x := j.red.MCPCall(*r)
			return callOut{x.ID, x.APIKey, x.Tool, x.Credits, userOut{j.users, x.User}, x.CreatedAt.UTC()}
		})
	case "imports":
		first, recs := collect(t, func(ctx context.Context, q client.ListQuery) (client.ImportPage, error) {
			return j.c.Imports(ctx, j.ws, client.ImportQuery{ListQuery: q})
		})
		return oldExport(j, importHeader(j.users), first, recs, func(c []string, r *model.Import) []string {
			x := j.red.Import(*r)
			return importRow(c, &x, j.users, j.loc)
		}, func(r *model.Import) any {
			x := j.red.Import(*r)
			return importOut{x.ID, x.ImportType, x.ImportURL, x.Credits, userOut{j.users, x.User}, x.CreatedAt.UTC()}
		})
	case "adjustments":
		first, recs := collect(t, func(ctx context.Context, q client.ListQuery) (client.AdjustmentPage, error) {
			return j.c.Adjustments(ctx, j.ws, client.AdjustmentQuery{ListQuery: q})
		})
		return oldExport(j, adjHeader, first, recs, func(c []string, r *model.Adjustment) []string {
			x := j.red.Adjustment(*r)
			return adjRow(c, &x, j.loc)
		}, func(r *model.Adjustment) any {
			out := j.red.Adjustment(*r)
			out.CreatedAt = r.CreatedAt.UTC()
			return out
		})
	case "invoices":
		first, recs := collect(t, func(ctx context.Context, q client.ListQuery) (client.InvoicePage, error) {
			return j.c.Invoices(ctx, j.ws, client.InvoiceQuery{ListQuery: q})
		})
		return oldExport(j, invoiceHeader, first, recs, func(c []string, r *model.Invoice) []string {
			x := j.red.Invoice(*r)
			return invoiceRow(c, &x, j.loc)
		}, func(r *model.Invoice) any {
			x := j.red.Invoice(*r)
			return invoiceOut{x.ID, x.Number, x.Description, money(x.Amount), x.Currency, x.Status, x.Provider, x.CreatedAt.UTC(), x.PDFURL}
		})
	}
	_ = ctx
	t.Fatalf("unknown list %s", j.list)
	return nil
}

var _ = time.UTC
