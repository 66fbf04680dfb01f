package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tallyhq/tally/model"
)

// Server is an http.Handler for the whole contract. It is safe for concurrent use.
type Server struct {
	opts    Options
	world   *world
	callers map[string]caller
	started time.Time // wall clock at New, so POST expiry times move forward from Options.Now
	reqSeq  atomic.Uint64

	mu     sync.Mutex // guards plan state, idempotency store, faults and their RNG
	idem   map[string]storedResponse
	faults Faults
	rng    *rand.Rand
	sessN  uint64
}

type caller struct {
	person uint8
	roles  []wsRole
}

type wsRole struct {
	ws   string
	role model.Role
}

type storedResponse struct {
	route  string
	status int
	body   []byte
}

// New generates the data set and returns a ready server.
func New(o Options) (*Server, error) {
	o, err := o.normalized()
	if err != nil {
		return nil, err
	}
	f, _ := FaultPreset(o.Faults)
	s := &Server{
		opts:    o,
		world:   generate(o),
		started: time.Now(),
		idem:    map[string]storedResponse{},
		faults:  f,
		rng:     rand.New(rand.NewPCG(uint64(o.Seed), 0xfa17)),
		callers: map[string]caller{
			OwnerKey:   {0, []wsRole{{WorkspaceAcme, model.RoleOwner}, {WorkspaceSide, model.RoleMember}, {WorkspaceFree, model.RoleOwner}}},
			AdminKey:   {1, []wsRole{{WorkspaceAcme, model.RoleAdmin}}},
			MemberKey:  {2, []wsRole{{WorkspaceAcme, model.RoleMember}}},
			SupportKey: {13, []wsRole{{WorkspaceAcme, model.RoleSupport}, {WorkspaceSide, model.RoleSupport}}},
		},
	}
	if o.Hostile {
		s.world.makeHostile()
	}
	return s, nil
}

// SetFaults replaces the fault injection settings.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	s.faults = f
	s.mu.Unlock()
}

// Faults returns the current fault injection settings.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// now is Options.Now advanced by the time the server has been running.
func (s *Server) now() time.Time {
	return s.opts.Now.Add(time.Since(s.started)).UTC().Truncate(time.Second)
}

type apiErr struct {
	status           int
	typ, code, param string
	msg              string
}

func (e *apiErr) Error() string { return e.msg }

func badParam(param, code, format string, a ...any) *apiErr {
	return &apiErr{status: 400, typ: "invalid_request", code: code, param: param, msg: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) *apiErr {
	return &apiErr{status: 404, typ: "not_found", code: "not_found", msg: fmt.Sprintf(format, a...)}
}

// unknownRoute is the contract 1.1 answer for a path the server does not
// serve; from a groups endpoint it tells clients "this server cannot group".
func unknownRoute(format string, a ...any) *apiErr {
	return &apiErr{status: 404, typ: "not_found", code: "unknown_route", msg: fmt.Sprintf(format, a...)}
}

func forbidden(msg string) *apiErr {
	return &apiErr{status: 403, typ: "permission", code: "forbidden", msg: msg}
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func errorBody(e *apiErr) []byte {
	b := []byte(`{"error":{"type":`)
	b = appendStr(b, e.typ)
	b = append(b, `,"code":`...)
	b = appendStr(b, e.code)
	b = append(b, `,"message":`...)
	b = appendStr(b, e.msg)
	b = append(b, `,"param":`...)
	if e.param == "" {
		b = append(b, "null"...)
	} else {
		b = appendStr(b, e.param)
	}
	return append(b, "}}\n"...)
}

func writeErr(w http.ResponseWriter, e *apiErr) { writeJSON(w, e.status, errorBody(e)) }

// ServeHTTP answers one request of the contract.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", fmt.Sprintf("req_%012x", s.reqSeq.Add(1)))
	if !s.injectFaults(w, r) {
		return
	}
	c, ok := s.authenticate(r)
	if !ok {
		code, msg := "invalid_api_key", "the API key is not valid: log in again with a valid key"
		if r.Header.Get("Authorization") == "" {
			code, msg = "missing_api_key", "missing API key: send Authorization: Bearer <key>"
		}
		writeErr(w, &apiErr{status: 401, typ: "authentication", code: code, msg: msg})
		return
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeErr(w, badParam("", "invalid_query", "malformed query string: %v", err))
		return
	}
	status, body, aerr := s.route(r, c, vals)
	if aerr != nil {
		writeErr(w, aerr)
		return
	}
	writeJSON(w, status, body)
}

func (s *Server) authenticate(r *http.Request) (caller, bool) {
	h := r.Header.Get("Authorization")
	key, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return caller{}, false
	}
	c, ok := s.callers[strings.TrimSpace(key)]
	return c, ok
}

func (c caller) role(ws string) (model.Role, bool) {
	for _, x := range c.roles {
		if x.ws == ws {
			return x.role, true
		}
	}
	return "", false
}

type reqCtx struct {
	r    *http.Request
	c    caller
	key  string
	ws   *workspace
	role model.Role
	vals url.Values
}

func (s *Server) route(r *http.Request, c caller, vals url.Values) (int, []byte, *apiErr) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	if !ok {
		return 0, nil, unknownRoute("no such endpoint %s: paths start with /v1/", r.URL.Path)
	}
	parts := strings.Split(rest, "/")
	if len(parts) == 1 && parts[0] == "me" {
		if e := methodIs(r, http.MethodGet); e != nil {
			return 0, nil, e
		}
		if e := checkParams(vals); e != nil {
			return 0, nil, e
		}
		return 200, s.me(c), nil
	}
	if len(parts) < 3 || parts[0] != "workspaces" {
		return 0, nil, unknownRoute("no such endpoint /v1/%s", rest)
	}
	wsID := parts[1]
	role, ok := c.role(wsID)
	ws := s.world.workspaces[wsID]
	if !ok || ws == nil {
		return 0, nil, notFound("workspace %q not found (or not visible to this key)", wsID)
	}
	rc := &reqCtx{r: r, c: c, key: strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")), ws: ws, role: role, vals: vals}
	sub := strings.Join(parts[2:], "/")
	type handler struct {
		method string
		fn     func(*reqCtx) (int, []byte, *apiErr)
	}
	routes := map[string]handler{
		"billing":             {http.MethodGet, s.billing},
		"usage/conversations": {http.MethodGet, s.conversations},
		"usage/mcp-calls":     {http.MethodGet, s.mcpCalls},
		"api-keys":            {http.MethodGet, s.apiKeys},
		"usage/imports":       {http.MethodGet, s.imports},
		"credit-adjustments":  {http.MethodGet, s.adjustments},
		"usage/daily":         {http.MethodGet, s.daily},
		"invoices":            {http.MethodGet, s.invoices},
		"plans":               {http.MethodGet, s.plans},
		"credit-packs":        {http.MethodGet, s.creditPacks},
		"checkout-sessions":   {http.MethodPost, s.checkout},
		"portal-sessions":     {http.MethodPost, s.portal},
		"subscription/cancel": {http.MethodPost, s.cancel},
		"subscription/resume": {http.MethodPost, s.resume},
	}
	for path, fn := range s.groupRoutes() {
		if s.opts.v11() {
			routes[path] = handler{http.MethodGet, fn}
		} else if sub == path {
			// A 1.0 server has no groups; without this the conversations
			// path would be read as the conversation "groups".
			return 0, nil, unknownRoute("no such endpoint /v1/%s: this server does not serve groups (contract 1.1)", rest)
		}
	}
	h, ok := routes[sub]
	if !ok {
		if len(parts) == 5 && parts[2] == "usage" && parts[3] == "conversations" && parts[4] != "" {
			if e := methodIs(r, http.MethodGet); e != nil {
				return 0, nil, e
			}
			return s.conversation(rc, parts[4])
		}
		return 0, nil, unknownRoute("no such endpoint /v1/%s", rest)
	}
	if e := methodIs(r, h.method); e != nil {
		return 0, nil, e
	}
	if h.method == http.MethodPost {
		return s.post(rc, sub, h.fn)
	}
	return h.fn(rc)
}

func methodIs(r *http.Request, m string) *apiErr {
	if r.Method == m || (m == http.MethodGet && r.Method == http.MethodHead) {
		return nil
	}
	return &apiErr{status: 405, typ: "invalid_request", code: "method_not_allowed", msg: fmt.Sprintf("method %s not allowed here: use %s", r.Method, m)}
}

// checkParams rejects unknown, repeated and empty parameters (names sorted so
// the reported param is deterministic).
func checkParams(vals url.Values, allowed ...string) *apiErr {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if !slices.Contains(allowed, k) {
			if len(allowed) == 0 {
				return badParam(k, "unknown_parameter", "unknown parameter %q: this endpoint takes no parameters", k)
			}
			return badParam(k, "unknown_parameter", "unknown parameter %q: allowed are %s", k, strings.Join(allowed, ", "))
		}
		if len(vals[k]) > 1 {
			return badParam(k, "repeated_parameter", "parameter %q given %d times: give it once", k, len(vals[k]))
		}
		if vals[k][0] == "" {
			return badParam(k, "empty_parameter", "parameter %q is empty: give a value or leave it out", k)
		}
	}
	return nil
}

func (s *Server) me(c caller) []byte {
	p := s.world.cat.people[c.person]
	b := []byte(`{"user":`)
	b = s.appendPerson(b, c.person)
	_ = p
	b = append(b, `,"workspaces":[`...)
	for i, x := range c.roles {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendStr(b, x.ws)
		b = append(b, `,"name":`...)
		b = appendStr(b, s.world.workspaces[x.ws].name)
		b = append(b, `,"role":`...)
		b = appendStr(b, string(x.role))
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

func (s *Server) appendPerson(b []byte, i uint8) []byte {
	p := s.world.cat.people[i]
	b = append(b, `{"id":`...)
	b = appendStr(b, p.id)
	b = append(b, `,"name":`...)
	b = appendStr(b, p.name)
	b = append(b, `,"email":`...)
	b = appendStr(b, p.email)
	return append(b, '}')
}

// appendUser writes ,"user":… for roles that see users (null when deleted)
// and nothing at all for members.
func (s *Server) appendUser(b []byte, role model.Role, i uint8) []byte {
	if !role.SeesUsers() {
		return b
	}
	b = append(b, `,"user":`...)
	if s.world.cat.people[i].deleted {
		return append(b, "null"...)
	}
	return s.appendPerson(b, i)
}

// sleepCtx waits d or until the request is cancelled.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
