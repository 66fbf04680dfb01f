// Package badserver is a billing API that misbehaves on purpose, for tests
// in any package: endless pages, repeated ids, cursor cycles, missing and
// null fields, escape sequences and bidi overrides in errors and headers,
// redirects to hostile hosts, the API key echoed back, slow bodies, long
// Retry-After waits, and a forward proxy to put in between.
//
// It serves GET /v1/me (one workspace, ws_bad, role owner) and
// GET /v1/workspaces/ws_bad/usage/mcp-calls; every record is a complete
// MCP call unless a fault says otherwise. /billing and the other three
// lists (empty) are there too, so `export activity` walks the same faults.
package badserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Workspace is the one workspace the server has.
const Workspace = "ws_bad"

// ListPath is the path of its MCP-call list.
const ListPath = "/v1/workspaces/" + Workspace + "/usage/mcp-calls"

// Hostile is text no terminal may receive raw: an OSC 8 link, a bidi
// override, a C1 CSI, a carriage return over the line, a bell.
const Hostile = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \u202egnp.exe\u202c \u009b31mred \rOVERWRITTEN\x07"

// HostileHeader is Hostile without ASCII control bytes, which net/http's
// client refuses in a header line before tally sees them: bidi overrides and
// C1 controls get through.
const HostileHeader = "\u202egnp.exe\u202c \u009b31mred \u2066isolate\u2069"

// Fault is one way of misbehaving.
type Fault int

const (
	Honest              Fault = iota
	EndlessPages              // every page has fresh ids and a fresh next_cursor
	RepeatedIDs               // page 2 starts with the last record of page 1
	CursorCycle               // page 3's next_cursor is the one page 1 handed out
	SameCursor                // page 2's next_cursor is the cursor it was asked with
	EmptyPageWithCursor       // page 2 is empty but has a next_cursor
	SummaryDrift              // pages after the first announce one more call
	MissingField              // Field is absent from record At
	NullField                 // Field is null in record At
	NullRecord                // record At is null
	HostileError              // every request: 400 with Hostile in the error's fields, HostileHeader as the request id
	HostileRedirect           // every request: 302 to Location (default: a host with bidi and C1 controls)
	ReflectKey                // the Authorization header is echoed into Field: a record field, "message", "X-Request-Id" or "location"
	SlowBody                  // headers at once, the body after Delay
	SlowHeaders               // nothing for Delay, then the answer
	RetryAfter                // the first Failures requests answer Status with Retry-After: RetryAfterValue
	EndlessBody               // the list's page is a 200 whose data array never ends (no Content-Length)
	HugeBody                  // the list's page announces a Content-Length of Size bytes and sends them
	SlowPage                  // like SlowBody, for the list's pages only (/v1/me answers at once)
)

// Config says how the server misbehaves.
type Config struct {
	Fault   Fault
	Records int    // records an honest walk has (default 10)
	Field   string // MissingField, NullField, ReflectKey
	At      int    // 0-based record index in the walk (MissingField, NullField, NullRecord)
	Delay   time.Duration
	// RetryAfter: Status (default 503) for the first Failures requests (default 1).
	Status          int
	Failures        int
	RetryAfterValue string
	Location        string // HostileRedirect target
	Size            int64  // HugeBody: the body's length (default 64 MiB)
}

// Server is a running misbehaving server.
type Server struct {
	*httptest.Server
	cfg Config

	mu       sync.Mutex
	requests []string // "GET /path?query"
	sent     int64    // body bytes written by EndlessBody and HugeBody
}

// BodyBytesSent is how many body bytes EndlessBody or HugeBody wrote before
// the client hung up: it shows that a client stopped reading.
func (s *Server) BodyBytesSent() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// Start serves cfg on a loopback port until Close.
func Start(cfg Config) *Server {
	if cfg.Records == 0 {
		cfg.Records = 10
	}
	if cfg.Status == 0 {
		cfg.Status = http.StatusServiceUnavailable
	}
	if cfg.Failures == 0 {
		cfg.Failures = 1
	}
	if cfg.Location == "" {
		cfg.Location = "https://evil\u202e.example\u009b31m/v1/me"
	}
	s := &Server{cfg: cfg}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Requests returns the requests served so far, as "METHOD /path?query".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	n := len(s.requests)
	s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	c := s.cfg
	w.Header().Set("X-Request-Id", "req_"+strconv.Itoa(n))
	switch c.Fault {
	case HostileError:
		w.Header().Set("X-Request-Id", HostileHeader)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"type":%s,"code":"bad","message":%s,"param":%s}}`, quote(Hostile), quote(Hostile+" "+Hostile), quote(Hostile))
		return
	case HostileRedirect:
		http.Redirect(w, r, c.Location, http.StatusFound)
		return
	case SlowHeaders:
		if !sleep(r, c.Delay) {
			return
		}
	case RetryAfter:
		if n <= c.Failures {
			w.Header().Set("Retry-After", c.RetryAfterValue)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.Status)
			fmt.Fprint(w, `{"error":{"type":"rate_limit","code":"busy","message":"busy: retry later","param":null}}`)
			return
		}
	case ReflectKey:
		switch c.Field {
		case "message":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"type":"invalid_request","code":"bad","message":%s,"param":null}}`, quote("bad header: "+auth))
			return
		case "X-Request-Id":
			w.Header().Set("X-Request-Id", "req_"+auth)
			w.WriteHeader(http.StatusBadGateway)
			return
		case "location":
			http.Redirect(w, r, "https://evil.example/"+strings.ReplaceAll(auth, " ", "/"), http.StatusFound)
			return
		}
	}
	var body string
	switch r.URL.Path {
	case "/v1/me":
		body = `{"user":{"id":"usr_1","name":"Bad","email":"bad@example.com"},"workspaces":[{"id":"` + Workspace + `","name":"Bad","role":"owner"}]}`
	case ListPath:
		if c.Fault == EndlessBody || c.Fault == HugeBody {
			s.flood(w)
			return
		}
		body = s.page(r, auth)
	case "/v1/workspaces/" + Workspace + "/billing":
		// Only MCP calls spend, so over all time the balance before the
		// oldest change is 0 when remaining is minus their total.
		body = fmt.Sprintf(`{"role":"owner","credits":{"remaining":"-%d"}}`, c.Records)
	case "/v1/workspaces/" + Workspace + "/usage/conversations", "/v1/workspaces/" + Workspace + "/usage/imports",
		"/v1/workspaces/" + Workspace + "/credit-adjustments":
		// The other lists are empty and honest, so export activity walks
		// the misbehaving MCP calls beside them.
		body = emptyPage
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"type":"not_found","code":"unknown_route","message":"no such endpoint","param":null}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if c.Fault == SlowBody || (c.Fault == SlowPage && r.URL.Path == ListPath) {
		w.WriteHeader(http.StatusOK)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if !sleep(r, c.Delay) {
			return
		}
	}
	fmt.Fprint(w, body)
}

const emptyPage = `{"data":[],"next_cursor":null,"summary":{"conversations":0,"messages":0,"imports":0,` +
	`"adjustments":0,"credits":"0","credits_added":"0","credits_removed":"0","net":"0"}}`

// flood writes EndlessBody's or HugeBody's page until it is done or the
// client goes away, counting the bytes.
func (s *Server) flood(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	size := int64(-1) // endless
	if s.cfg.Fault == HugeBody {
		size = s.cfg.Size
		if size <= 0 {
			size = 64 << 20
		}
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.WriteHeader(http.StatusOK)
	chunk := []byte(`{"id":"call_x","api_key":{"id":"k","name":"K"},"tool":"t","credits":"1","created_at":"2026-11-20T00:00:00Z"},`)
	head := []byte(`{"data":[`)
	for written := int64(0); size < 0 || written < size; {
		b := chunk
		if written == 0 {
			b = head
		}
		if size >= 0 && int64(len(b)) > size-written {
			b = b[:size-written]
		}
		n, err := w.Write(b)
		written += int64(n)
		s.mu.Lock()
		s.sent += int64(n)
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// page answers one page of the list. Cursors are "o<offset>" (honest) or
// "p<page>"; both encode where the walk is.
func (s *Server) page(r *http.Request, auth string) string {
	c := s.cfg
	limit := 50
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 {
		limit = l
	}
	cursor := r.URL.Query().Get("cursor")
	pageNo := 1
	if p, err := strconv.Atoi(strings.TrimPrefix(cursor, "p")); err == nil {
		pageNo = p
	}
	from := (pageNo - 1) * limit
	to := min(from+limit, c.Records)
	next := ""
	if to < c.Records {
		next = "p" + strconv.Itoa(pageNo+1)
	}
	total := c.Records
	switch c.Fault {
	case EndlessPages:
		to = from + limit
		next = "p" + strconv.Itoa(pageNo+1)
	case CursorCycle:
		if pageNo == 3 {
			next = "p2"
		}
	case SameCursor:
		if pageNo == 2 {
			next = cursor
		}
	case EmptyPageWithCursor:
		if pageNo == 2 {
			to = from
		}
	case SummaryDrift:
		if pageNo > 1 {
			total++
		}
	}
	var recs []string
	for i := from; i < to; i++ {
		id := i
		if c.Fault == RepeatedIDs && pageNo == 2 && i == from {
			id = from - 1
		}
		recs = append(recs, s.record(i, id, auth))
	}
	nc := "null"
	if next != "" {
		nc = quote(next)
	}
	return fmt.Sprintf(`{"data":[%s],"next_cursor":%s,"summary":{"calls":%d,"credits":"%d"}}`, strings.Join(recs, ","), nc, total, total)
}

// record is the i-th record of the walk (with id number id).
func (s *Server) record(i, id int, auth string) string {
	c := s.cfg
	fields := [][2]string{
		{"id", quote(fmt.Sprintf("call_%06d", id))},
		{"api_key", `{"id":"key_ci","name":"CI pipeline"}`},
		{"tool", `"generate_image"`},
		{"credits", `"1"`},
		{"user", `{"id":"usr_1","name":"Bad","email":"bad@example.com"}`},
		{"created_at", quote(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Minute).Format(time.RFC3339))},
	}
	if i == c.At && c.Fault == NullRecord {
		return "null"
	}
	var b strings.Builder
	b.WriteByte('{')
	for _, f := range fields {
		v := f[1]
		if f[0] == c.Field {
			switch {
			case c.Fault == MissingField && i == c.At:
				continue
			case c.Fault == NullField && i == c.At:
				v = "null"
			case c.Fault == ReflectKey:
				v = quote(auth)
			}
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(quote(f[0]) + ":" + v)
	}
	b.WriteByte('}')
	return b.String()
}

// quote writes s as a JSON string, escaping control characters (so the
// hostile ones arrive as \u001b and the like, as a real server would send).
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
