package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"

	"github.com/tallyhq/tally/model"
)

// Me is GET /v1/me: the caller and their workspaces with roles.
func (c *Client) Me(ctx context.Context) (model.Me, error) {
	var out model.Me
	return out, c.get(ctx, "/v1/me", nil, &out)
}

// Billing is GET /v1/workspaces/{ws}/billing.
func (c *Client) Billing(ctx context.Context, ws string) (model.Billing, error) {
	var out model.Billing
	p, err := wsPath(ws, "/billing")
	if err != nil {
		return out, err
	}
	return out, c.get(ctx, p, nil, &out)
}

// Conversations is one page of GET /usage/conversations.
func (c *Client) Conversations(ctx context.Context, ws string, q ConversationQuery) (ConversationPage, error) {
	var out ConversationPage
	return out, c.list(ctx, ws, "/usage/conversations", q, &out)
}

// Conversation is GET /usage/conversations/{id}, the billing detail sheet.
func (c *Client) Conversation(ctx context.Context, ws, id string) (model.ConversationDetail, error) {
	var out model.ConversationDetail
	s, err := segment("conversation id", id)
	if err != nil {
		return out, err
	}
	p, err := wsPath(ws, "/usage/conversations/"+s)
	if err != nil {
		return out, err
	}
	return out, c.get(ctx, p, nil, &out)
}

// MCPCalls is one page of GET /usage/mcp-calls.
func (c *Client) MCPCalls(ctx context.Context, ws string, q MCPCallQuery) (MCPCallPage, error) {
	var out MCPCallPage
	return out, c.list(ctx, ws, "/usage/mcp-calls", q, &out)
}

// APIKeys is GET /api-keys (not paginated).
func (c *Client) APIKeys(ctx context.Context, ws string) ([]model.APIKey, error) {
	return getList[model.APIKey](ctx, c, ws, "/api-keys")
}

// Imports is one page of GET /usage/imports.
func (c *Client) Imports(ctx context.Context, ws string, q ImportQuery) (ImportPage, error) {
	var out ImportPage
	return out, c.list(ctx, ws, "/usage/imports", q, &out)
}

// Adjustments is one page of GET /credit-adjustments.
func (c *Client) Adjustments(ctx context.Context, ws string, q AdjustmentQuery) (AdjustmentPage, error) {
	var out AdjustmentPage
	return out, c.list(ctx, ws, "/credit-adjustments", q, &out)
}

// Daily is GET /usage/daily: credits per calendar day of the window.
func (c *Client) Daily(ctx context.Context, ws string, q DailyQuery) (model.Daily, error) {
	var out model.Daily
	return out, c.list(ctx, ws, "/usage/daily", q, &out)
}

// Invoices is one page of GET /invoices (owner, admin and support only).
func (c *Client) Invoices(ctx context.Context, ws string, q InvoiceQuery) (InvoicePage, error) {
	var out InvoicePage
	return out, c.list(ctx, ws, "/invoices", q, &out)
}

// Plans is GET /plans.
func (c *Client) Plans(ctx context.Context, ws string) ([]model.PlanOffer, error) {
	return getList[model.PlanOffer](ctx, c, ws, "/plans")
}

// CreditPacks is GET /credit-packs.
func (c *Client) CreditPacks(ctx context.Context, ws string) ([]model.CreditPack, error) {
	return getList[model.CreditPack](ctx, c, ws, "/credit-packs")
}

// CreateCheckout is POST /checkout-sessions for a plan or a credit pack. It
// is never retried; idemKey "" means a fresh key, so pass the same key when
// the user retries the same purchase.
func (c *Client) CreateCheckout(ctx context.Context, ws string, r model.CheckoutRequest, idemKey string) (model.Session, error) {
	var out model.Session
	if err := checkCheckout(r); err != nil {
		return out, err
	}
	p, err := wsPath(ws, "/checkout-sessions")
	if err != nil {
		return out, err
	}
	return out, c.post(ctx, p, r, idemKey, &out)
}

// CreatePortal is POST /portal-sessions: a hosted page to manage payment.
func (c *Client) CreatePortal(ctx context.Context, ws, idemKey string) (model.Session, error) {
	var out model.Session
	p, err := wsPath(ws, "/portal-sessions")
	if err != nil {
		return out, err
	}
	return out, c.post(ctx, p, struct{}{}, idemKey, &out)
}

// CancelSubscription is POST /subscription/cancel; the plan stays active
// until the period end.
func (c *Client) CancelSubscription(ctx context.Context, ws, idemKey string) (model.Billing, error) {
	var out model.Billing
	p, err := wsPath(ws, "/subscription/cancel")
	if err != nil {
		return out, err
	}
	return out, c.post(ctx, p, struct{}{}, idemKey, &out)
}

// ResumeSubscription is POST /subscription/resume.
func (c *Client) ResumeSubscription(ctx context.Context, ws, idemKey string) (model.Billing, error) {
	var out model.Billing
	p, err := wsPath(ws, "/subscription/resume")
	if err != nil {
		return out, err
	}
	return out, c.post(ctx, p, struct{}{}, idemKey, &out)
}

// NewIdempotencyKey returns a random key for one logical POST.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return "tally_" + hex.EncodeToString(b[:])
}

type validator interface {
	Validate() error
	values() url.Values
}

func (c *Client) list(ctx context.Context, ws, suffix string, q validator, out any) error {
	p, err := wsPath(ws, suffix)
	if err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return err
	}
	return c.get(ctx, p, q.values(), out)
}

func getList[T any](ctx context.Context, c *Client, ws, suffix string) ([]T, error) {
	p, err := wsPath(ws, suffix)
	if err != nil {
		return nil, err
	}
	var out listOf[T]
	if err := c.get(ctx, p, nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

func wsPath(ws, suffix string) (string, error) {
	s, err := segment("workspace id", ws)
	if err != nil {
		return "", err
	}
	return "/v1/workspaces/" + s + suffix, nil
}

// segment escapes an opaque id for one path segment. "." and ".." survive
// escaping and would be resolved as path steps by servers and proxies.
func segment(what, id string) (string, error) {
	switch id {
	case "":
		return "", fmt.Errorf("no %s given", what)
	case ".", "..":
		return "", fmt.Errorf("invalid %s %q", what, id)
	}
	if err := checkID(what, id); err != nil {
		return "", err
	}
	return url.PathEscape(id), nil
}

func checkCheckout(r model.CheckoutRequest) error {
	switch {
	case r.PlanID == "" && r.CreditPackID == "":
		return errors.New("checkout needs a plan or a credit pack")
	case r.PlanID != "" && r.CreditPackID != "":
		return errors.New("checkout takes a plan or a credit pack, not both")
	case r.PlanID != "" && r.Interval != "" && r.Interval != model.IntervalMonth && r.Interval != model.IntervalYear:
		return fmt.Errorf("unknown billing interval %q: use month or year", cleanSnippet(string(r.Interval), 40))
	case r.PlanID != "" && r.Interval == "":
		return errors.New("a plan checkout needs a billing interval: month or year")
	case r.CreditPackID != "" && r.Interval != "":
		return errors.New("a billing interval applies to plans only, not credit packs")
	case r.PlanID != "" && r.Quantity != 0:
		return errors.New("quantity applies to credit packs only")
	case r.Quantity < 0:
		return fmt.Errorf("quantity %d is out of range: use 1 or more", r.Quantity)
	}
	return nil
}
