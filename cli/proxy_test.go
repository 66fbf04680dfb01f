package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tallyhq/tally/demo"
)

// proxy is the demo API behind a handler that can fail chosen requests,
// accept a key of the test's own in place of a demo key, and count calls.
type proxy struct {
	srv      *httptest.Server
	fail     atomic.Pointer[func(*http.Request) bool]
	requests atomic.Int64
}

// startProxy serves o's demo; key, when not "", is accepted as demo.OwnerKey.
func startProxy(t *testing.T, o demo.Options, key string) *proxy {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	if o.Size == 0 {
		o.Size = 400
	}
	d, err := demo.New(o)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.requests.Add(1)
		if f := p.fail.Load(); f != nil && (*f)(r) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Request-Id", "req_injected")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"type":"api","code":"unavailable","message":"injected failure\n\u001b[31mred"}}`))
			return
		}
		if key != "" && r.Header.Get("Authorization") == "Bearer "+key {
			r.Header.Set("Authorization", "Bearer "+demo.OwnerKey)
		}
		d.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// failWorkspace makes every request about ws fail with a 503.
func (p *proxy) failWorkspace(ws string) {
	f := func(r *http.Request) bool { return strings.Contains(r.URL.Path, "/workspaces/"+ws+"/") }
	p.fail.Store(&f)
}
