package demo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newTestServer(t testing.TB, o Options) *Server {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type resp struct {
	status int
	body   []byte
	header http.Header
}

func do(t testing.TB, s *Server, method, key, path string, body string, hdr ...string) resp {
	t.Helper()
	var req *http.Request
	if body != "" {
		req = httptest.NewRequest(method, path, strings.NewReader(body))
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Body.Bytes(), rec.Header()}
}

func get(t testing.TB, s *Server, key, path string) resp {
	t.Helper()
	return do(t, s, http.MethodGet, key, path, "")
}

func decode(t testing.TB, r resp, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

type errBody struct {
	Error struct {
		Type, Code, Message string
		Param               *string
	}
}

func wantErr(t testing.TB, r resp, status int, typ, param string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var e errBody
	decode(t, r, &e)
	if e.Error.Type != typ {
		t.Fatalf("type %q, want %q: %s", e.Error.Type, typ, r.body)
	}
	got := ""
	if e.Error.Param != nil {
		got = *e.Error.Param
	}
	if param != "*" && got != param {
		t.Fatalf("param %q, want %q: %s", got, param, r.body)
	}
}
