package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// oldPage is a page decoded the way tally did before the one-pass decoder:
// encoding/json into the same record types (their fields' own decoders).
type oldPage[T, S any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
	Summary    S       `json:"summary"`
}

func serve(t *testing.T, s *demo.Server, key, path string) []byte {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// sameAsEncodingJSON walks a list of the demo and checks that every page
// decodes to exactly what encoding/json made of it.
func sameAsEncodingJSON[T model.Record, S model.Summary](t *testing.T, s *demo.Server, key, path string) int {
	t.Helper()
	cursor, n := "", 0
	for range 40 {
		u := path + "?limit=200"
		if cursor != "" {
			u += "&cursor=" + cursor
		}
		body := serve(t, s, key, u)
		var got model.Page[T, S]
		if err := got.Decode(body); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		var want oldPage[T, S]
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Data, want.Data) || !reflect.DeepEqual(got.Summary, want.Summary) || got.Cursor() != deref(want.NextCursor) {
			t.Fatalf("%s: the one-pass decoder differs from encoding/json", u)
		}
		n += len(got.Data)
		if cursor = got.Cursor(); cursor == "" {
			break
		}
	}
	return n
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestPageDecoderMatchesEncodingJSON(t *testing.T) {
	s, err := demo.New(demo.Options{Now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Size: 3000, Hostile: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{demo.OwnerKey, demo.MemberKey} {
		ws := "/v1/workspaces/ws_acme/"
		n := sameAsEncodingJSON[model.Conversation, model.ConversationSummary](t, s, key, ws+"usage/conversations")
		n += sameAsEncodingJSON[model.MCPCall, model.MCPSummary](t, s, key, ws+"usage/mcp-calls")
		n += sameAsEncodingJSON[model.Import, model.ImportSummary](t, s, key, ws+"usage/imports")
		n += sameAsEncodingJSON[model.Adjustment, model.AdjustmentSummary](t, s, key, ws+"credit-adjustments")
		if key == demo.OwnerKey {
			n += sameAsEncodingJSON[model.Invoice, model.InvoiceSummary](t, s, key, ws+"invoices")
		}
		if n < 4000 {
			t.Errorf("only %d records compared", n)
		}
	}
}

// A record per list with every field, and which of them are required.
var records = []struct {
	list     string
	rec      map[string]any
	required []string
	optional []string
	summary  map[string]any
	decode   func([]byte) error
}{
	{"conversations",
		map[string]any{"id": "conv_1", "title": "T", "message_count": 3, "credits": "1.5", "billing_type": "message",
			"user": map[string]any{"id": "usr_1", "name": "Ada", "email": "a@x"}, "updated_at": "2026-11-20T14:03:22Z"},
		[]string{"id", "message_count", "credits", "billing_type", "updated_at"}, []string{"title", "user"},
		map[string]any{"conversations": 2, "messages": 6, "credits": "3"},
		func(b []byte) error {
			var p model.Page[model.Conversation, model.ConversationSummary]
			return p.Decode(b)
		}},
	{"mcp-calls",
		map[string]any{"id": "call_1", "api_key": map[string]any{"id": "key_1", "name": "CI"}, "tool": "gen", "credits": "0.5",
			"user": nil, "created_at": "2026-11-20T09:12:44Z"},
		[]string{"id", "api_key", "tool", "credits", "created_at"}, []string{"user"},
		map[string]any{"calls": 2, "credits": "1"},
		func(b []byte) error { var p model.Page[model.MCPCall, model.MCPSummary]; return p.Decode(b) }},
	{"imports",
		map[string]any{"id": "imp_1", "import_type": "brand", "import_url": "https://x", "credits": "5", "created_at": "2026-11-18T10:00:00Z"},
		[]string{"id", "import_type", "credits", "created_at"}, []string{"import_url", "user"},
		map[string]any{"imports": 2, "credits": "10"},
		func(b []byte) error { var p model.Page[model.Import, model.ImportSummary]; return p.Decode(b) }},
	{"adjustments",
		map[string]any{"id": "adj_1", "type": "admin_adjustment", "amount": "-2", "detail": "d", "created_at": "2026-11-03T00:00:00Z"},
		[]string{"id", "type", "amount", "created_at"}, []string{"detail"},
		map[string]any{"adjustments": 2, "credits_added": "0", "credits_removed": "-4", "net": "-4"},
		func(b []byte) error { var p model.Page[model.Adjustment, model.AdjustmentSummary]; return p.Decode(b) }},
	{"invoices",
		map[string]any{"id": "inv_1", "number": "A-1", "description": "Plan", "amount": "29.00", "currency": "USD", "status": "paid",
			"provider": "stripe", "created_at": "2026-11-03T00:00:05Z", "pdf_url": "https://x/i.pdf"},
		[]string{"id", "amount", "currency", "status", "provider", "created_at"}, []string{"number", "description", "pdf_url"},
		map[string]any{"invoices": 2, "amount_paid": "58.00", "currency": "USD"},
		func(b []byte) error { var p model.Page[model.Invoice, model.InvoiceSummary]; return p.Decode(b) }},
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// page puts second after a complete first record, so positions are tested.
func page(first, second any, summary any) []byte {
	b, _ := json.Marshal(map[string]any{"data": []any{first, second}, "next_cursor": nil, "summary": summary})
	return b
}

func decodeErr(t *testing.T, err error) *model.DecodeError {
	t.Helper()
	var de *model.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("want a *model.DecodeError, got %v", err)
	}
	return de
}

// Nothing made up: a required field missing or null is an error naming the
// list, the record's position and the field; optional text may be null.
func TestRequiredFieldsAreNeverMadeUp(t *testing.T) {
	for _, l := range records {
		if err := l.decode(page(l.rec, l.rec, l.summary)); err != nil {
			t.Fatalf("%s: a complete page: %v", l.list, err)
		}
		for _, f := range l.required {
			for _, how := range []string{"missing", "null"} {
				r := clone(l.rec)
				if how == "missing" {
					delete(r, f)
				} else {
					r[f] = nil
				}
				de := decodeErr(t, l.decode(page(l.rec, r, l.summary)))
				msg := de.Error()
				if de.List != l.list || de.Record != 2 || de.Field != f || !strings.Contains(msg, "is "+how) ||
					!strings.Contains(msg, fmt.Sprintf("%s record 2", l.list)) {
					t.Errorf("%s without %s (%s): %q %+v", l.list, f, how, msg, de)
				}
			}
		}
		for _, f := range l.optional {
			r := clone(l.rec)
			r[f] = nil
			if err := l.decode(page(l.rec, r, l.summary)); err != nil {
				t.Errorf("%s: null %s: %v", l.list, f, err)
			}
			delete(r, f)
			if err := l.decode(page(l.rec, r, l.summary)); err != nil {
				t.Errorf("%s: absent %s: %v", l.list, f, err)
			}
		}
		for f := range l.summary {
			s := clone(l.summary)
			delete(s, f)
			de := decodeErr(t, l.decode(page(l.rec, l.rec, s)))
			if de.Field != "summary."+f || !strings.Contains(de.Error(), l.list+" page: summary."+f+" is missing") {
				t.Errorf("%s: summary without %s: %v", l.list, f, de)
			}
		}
		de := decodeErr(t, l.decode(page(l.rec, nil, l.summary)))
		if de.Record != 2 || !strings.Contains(de.Error(), "record 2: is null") {
			t.Errorf("%s: null record: %v", l.list, de)
		}
	}
}

func TestNestedRequiredFieldsAndKinds(t *testing.T) {
	mcp := records[1]
	r := clone(mcp.rec)
	r["api_key"] = map[string]any{"name": "CI"}
	if de := decodeErr(t, mcp.decode(page(r, r, mcp.summary))); de.Field != "api_key.id" || de.Record != 1 {
		t.Errorf("api_key without id: %+v", de)
	}
	r = clone(mcp.rec)
	r["user"] = map[string]any{"name": "no id"}
	if de := decodeErr(t, mcp.decode(page(r, r, mcp.summary))); de.Field != "user.id" {
		t.Errorf("user without id: %+v", de)
	}
	for field, v := range map[string]any{"credits": 0.5, "created_at": 17, "tool": true, "id": ""} {
		r = clone(mcp.rec)
		r[field] = v
		de := decodeErr(t, mcp.decode(page(r, r, mcp.summary)))
		if de.Field != field {
			t.Errorf("%s = %v: %+v", field, v, de)
		}
	}
	conv := records[0]
	for _, v := range []any{1.5, "3", 1e30} {
		r = clone(conv.rec)
		r["message_count"] = v
		if de := decodeErr(t, conv.decode(page(r, r, conv.summary))); de.Field != "message_count" {
			t.Errorf("message_count %v: %+v", v, de)
		}
	}
	sum := `"summary":{"calls":0,"credits":"0"}`
	for _, body := range []string{`{"next_cursor":null,` + sum + `}`, `{"data":null,` + sum + `}`, `{"data":{},` + sum + `}`} {
		if de := decodeErr(t, mcp.decode([]byte(body))); de.Field != "data" {
			t.Errorf("%s: %+v", body, de)
		}
	}
}

// The value a server sent is kept whole for the client's key scrubber; the
// plain Error() shows it shortened and sanitised.
func TestDecodeErrorKeepsTheValueWhole(t *testing.T) {
	mcp := records[1]
	r := clone(mcp.rec)
	long := "Bearer " + strings.Repeat("k", 60) + "\x1b[31m"
	r["credits"] = long
	de := decodeErr(t, mcp.decode(page(r, r, mcp.summary)))
	if de.Value != long {
		t.Errorf("value %q", de.Value)
	}
	if msg := de.Error(); strings.Contains(msg, "\x1b") || strings.Contains(msg, strings.Repeat("k", 60)) {
		t.Errorf("Error() = %q", msg)
	}
}

func TestSyntaxErrorsAreRefused(t *testing.T) {
	mcp := records[1]
	good := string(page(mcp.rec, mcp.rec, mcp.summary))
	for _, body := range []string{
		good[:len(good)-1], good + "x", strings.Replace(good, `"tool":"gen"`, `"tool":"g`+"\x01"+`"`, 1),
		strings.Replace(good, `"gen"`, `"\x"`, 1), strings.Replace(good, `"gen"`, `"\u12"`, 1),
		strings.Replace(good, `,"next_cursor"`, `,,"next_cursor"`, 1), `{"data":[1,]}`, `{"data":[nul]}`,
		`{"data":[{"x":01}]}`, `{"data":[{"x":1.}]}`, `{"data":[{"x":-}]}`, strings.Repeat("[", 20000),
	} {
		var p model.Page[model.MCPCall, model.MCPSummary]
		err := p.Decode([]byte(body))
		var se *model.SyntaxError
		var de *model.DecodeError
		if err == nil || (!errors.As(err, &se) && !errors.As(err, &de)) {
			t.Errorf("%.60q: %v", body, err)
		}
		if json.Valid([]byte(body)) && se != nil {
			t.Errorf("%.60q is valid JSON but got a syntax error %v", body, err)
		}
	}
}

// Unknown fields are skipped whatever their shape; unknown enum values kept.
func TestUnknownFieldsAndValues(t *testing.T) {
	mcp := records[1]
	r := clone(mcp.rec)
	r["new_field"] = map[string]any{"nested": []any{1, "two", nil, true, map[string]any{}}}
	r["tool"] = "brand_new_tool\u202e"
	var p model.Page[model.MCPCall, model.MCPSummary]
	if err := p.Decode(page(r, r, mcp.summary)); err != nil {
		t.Fatal(err)
	}
	if p.Data[1].Tool != "brand_new_tool" {
		t.Errorf("tool %q (want the raw value, sanitised)", p.Data[1].Tool)
	}
	// Identical users share one value.
	conv := records[0]
	var cp model.Page[model.Conversation, model.ConversationSummary]
	if err := cp.Decode(page(conv.rec, conv.rec, conv.summary)); err != nil {
		t.Fatal(err)
	}
	if cp.Data[0].User == nil || cp.Data[0].User != cp.Data[1].User {
		t.Errorf("users not shared: %p %p", cp.Data[0].User, cp.Data[1].User)
	}
}
