// The demo's writes: checkout and portal sessions, cancel and resume, behind
// one POST guard (idempotency keys, body limits, owners only).

package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tallyhq/tally/model"
)

func readBody(rc *reqCtx, v any) *apiErr {
	data, err := io.ReadAll(io.LimitReader(rc.r.Body, 1<<16+1))
	if err != nil {
		return badParam("", "invalid_body", "could not read the request body")
	}
	if len(data) > 1<<16 {
		return badParam("", "invalid_body", "request body is too large")
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return badParam(ute.Field, "invalid_body", "field %s has the wrong type", ute.Field)
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return badParam(f, "invalid_body", "unknown field %q in the request body", f)
		}
		return badParam("", "invalid_body", "request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return badParam("", "invalid_body", "request body has data after the JSON object")
	}
	return nil
}

type checkoutBody struct {
	PlanID       *string `json:"plan_id"`
	Interval     *string `json:"interval"`
	CreditPackID *string `json:"credit_pack_id"`
	Quantity     *int    `json:"quantity"`
}

func (s *Server) sessionURL(kind string) string {
	s.sessN++
	return fmt.Sprintf("https://checkout.demo.tally.invalid/%s/cs_%s_%06x", kind, strings.TrimPrefix(fmt.Sprint(s.opts.Seed), "-"), s.sessN)
}

func (s *Server) checkout(rc *reqCtx) (int, []byte, *apiErr) {
	var body checkoutBody
	if e := readBody(rc, &body); e != nil {
		return 0, nil, e
	}
	plan, pack := body.PlanID != nil, body.CreditPackID != nil
	switch {
	case plan && pack:
		return 0, nil, badParam("credit_pack_id", "invalid_body", "give either plan_id (with interval) or credit_pack_id (with quantity), not both")
	case !plan && !pack:
		return 0, nil, badParam("plan_id", "invalid_body", "give plan_id (with interval) or credit_pack_id (with quantity)")
	}
	if plan {
		if body.Quantity != nil {
			return 0, nil, badParam("quantity", "invalid_body", "quantity goes with credit_pack_id, not plan_id")
		}
		found := false
		for _, o := range offers() {
			found = found || (o.id == *body.PlanID && o.id != "free")
		}
		if !found {
			return 0, nil, badParam("plan_id", "invalid_body", "unknown paid plan %q: see GET /plans", short(*body.PlanID))
		}
		if body.Interval == nil || (*body.Interval != "month" && *body.Interval != "year") {
			return 0, nil, badParam("interval", "invalid_body", "interval must be month or year")
		}
	} else {
		if body.Interval != nil {
			return 0, nil, badParam("interval", "invalid_body", "interval goes with plan_id, not credit_pack_id")
		}
		found := false
		for _, p := range packs() {
			found = found || p.id == *body.CreditPackID
		}
		if !found {
			return 0, nil, badParam("credit_pack_id", "invalid_body", "unknown credit pack %q: see GET /credit-packs", short(*body.CreditPackID))
		}
		if body.Quantity != nil && (*body.Quantity < 1 || *body.Quantity > 100) {
			return 0, nil, badParam("quantity", "invalid_body", "quantity must be from 1 to 100")
		}
		if rc.ws.plan.status == model.PlanFree {
			return 0, nil, &apiErr{status: 409, typ: "invalid_request", code: "paid_plan_required",
				msg: "credit packs need a paid plan: choose a plan first", param: "credit_pack_id"}
		}
	}
	exp := s.now().Add(30 * time.Minute).Unix()
	b := []byte(`{"url":`)
	b = appendStr(b, s.sessionURL("c"))
	b = append(b, `,"expires_at":`...)
	b = appendTime(b, exp)
	return 200, append(b, "}\n"...), nil
}

func (s *Server) portal(rc *reqCtx) (int, []byte, *apiErr) {
	var body struct{}
	if e := readBody(rc, &body); e != nil {
		return 0, nil, e
	}
	b := []byte(`{"url":`)
	b = appendStr(b, s.sessionURL("p"))
	return 200, append(b, "}\n"...), nil
}

func (s *Server) setCancel(rc *reqCtx, cancel bool) (int, []byte, *apiErr) {
	var body struct{}
	if e := readBody(rc, &body); e != nil {
		return 0, nil, e
	}
	if rc.ws.plan.status == model.PlanFree {
		return 0, nil, &apiErr{status: 409, typ: "invalid_request", code: "no_subscription", msg: "this workspace is on the free plan: there is no subscription to cancel or resume"}
	}
	rc.ws.plan.cancelAtPeriodEnd = cancel
	return 200, s.billingDoc(rc.ws, rc.role), nil
}

func (s *Server) cancel(rc *reqCtx) (int, []byte, *apiErr) { return s.setCancel(rc, true) }

func (s *Server) resume(rc *reqCtx) (int, []byte, *apiErr) { return s.setCancel(rc, false) }

// post enforces the owner rule, then replays or records the result under the
// caller's Idempotency-Key. The handler runs under s.mu, so concurrent retries
// with one key cannot both act.
func (s *Server) post(rc *reqCtx, route string, fn func(*reqCtx) (int, []byte, *apiErr)) (int, []byte, *apiErr) {
	if !rc.role.CanManagePlan() {
		return 0, nil, forbidden(fmt.Sprintf("only the workspace owner can do this; your role in %s is %s", rc.ws.id, rc.role))
	}
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	key := rc.r.Header.Get("Idempotency-Key")
	if len(key) > 255 {
		return 0, nil, badParam("Idempotency-Key", "invalid_idempotency_key", "Idempotency-Key must be at most 255 characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	store := rc.key + "\x00" + key
	full := rc.ws.id + "/" + route
	if key != "" {
		if prev, ok := s.idem[store]; ok {
			if prev.route != full {
				return 0, nil, badParam("Idempotency-Key", "idempotency_key_reused", "this Idempotency-Key was used for another request: use a fresh key")
			}
			return prev.status, prev.body, nil
		}
	}
	status, body, e := fn(rc)
	if e != nil {
		if e.status == 400 {
			// Like Stripe: a request that failed validation never ran, so the
			// key stays free for the corrected request.
			return 0, nil, e
		}
		status, body = e.status, errorBody(e)
	}
	if key != "" {
		s.idem[store] = storedResponse{route: full, status: status, body: body}
	}
	return status, body, nil
}
