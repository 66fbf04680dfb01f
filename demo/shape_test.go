package demo

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/tallyhq/tally/model"
)

// Every response decodes strictly into the model types the client uses: no
// field the contract does not name, and every amount a valid decimal string.
func TestResponsesMatchModelTypes(t *testing.T) {
	s := newTestServer(t, Options{Hostile: true})
	var conv model.Page[model.Conversation, model.ConversationSummary]
	ws := "/v1/workspaces/ws_acme/"
	cases := []struct {
		path string
		into any
	}{
		{"/v1/me", &model.Me{}},
		{ws + "billing", &model.Billing{}},
		{ws + "usage/conversations?limit=200", &conv},
		{ws + "usage/mcp-calls?limit=200", &model.Page[model.MCPCall, model.MCPSummary]{}},
		{ws + "api-keys", &struct{ Data []model.APIKey }{}},
		{ws + "usage/imports?limit=200", &model.Page[model.Import, model.ImportSummary]{}},
		{ws + "credit-adjustments?limit=200", &model.Page[model.Adjustment, model.AdjustmentSummary]{}},
		{ws + "usage/daily?from=2026-11-01T00:00:00Z&to=2026-11-21T00:00:00Z&tz=America/New_York", &model.Daily{}},
		{ws + "invoices?limit=200", &model.Page[model.Invoice, model.InvoiceSummary]{}},
		{ws + "plans", &struct{ Data []model.PlanOffer }{}},
		{ws + "credit-packs", &struct{ Data []model.CreditPack }{}},
		{"/v1/workspaces/ws_free/billing", &model.Billing{}},
	}
	for _, c := range cases {
		strict(t, get(t, s, OwnerKey, c.path), c.into)
	}
	strict(t, get(t, s, OwnerKey, ws+"usage/conversations/"+string(conv.Data[0].ID)), &model.ConversationDetail{})
	strict(t, do(t, s, http.MethodPost, OwnerKey, ws+"checkout-sessions", `{"credit_pack_id":"pack_2000","quantity":2}`), &model.Session{})
	strict(t, do(t, s, http.MethodPost, OwnerKey, ws+"subscription/cancel", `{}`), &model.Billing{})
	strict(t, get(t, s, OwnerKey, ws+"usage/mcp-calls?limit=0"), &model.ErrorBody{})
}

func strict(t *testing.T, r resp, v any) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", r.body[:min(len(r.body), 300)], err)
	}
}
