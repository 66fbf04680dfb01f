package client

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is recognisable so leak checks can look for it anywhere.
const testKey = "tally_TESTKEY_do_not_leak_9f2c"

// recorder is an httptest server that remembers every request it got.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

func (r *recorder) last(t *testing.T) *http.Request {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("no request reached the server")
	}
	return r.reqs[len(r.reqs)-1]
}

// newTest starts a server running h and a client pointed at it with fast,
// deterministic-enough retry settings. mod may adjust the options.
func newTest(t *testing.T, h http.HandlerFunc, mod ...func(*Options)) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r.Clone(r.Context()))
		rec.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	o := Options{
		BaseURL:      rec.srv.URL + "/api",
		APIKey:       testKey,
		Version:      "1.2.3",
		RetryWait:    time.Millisecond,
		RetryMaxWait: 5 * time.Millisecond,
	}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c.r.SetLogger(keyWatcher{t})
	return c, rec
}

// keyWatcher is a resty logger that fails the test if it ever sees the key.
type keyWatcher struct{ t *testing.T }

func (k keyWatcher) check(format string, v ...any) {
	if s := fmt.Sprintf(format, v...); strings.Contains(s, testKey) {
		k.t.Errorf("resty logged the API key: %q", s)
	}
}
func (k keyWatcher) Errorf(f string, v ...any) { k.check(f, v...) }
func (k keyWatcher) Warnf(f string, v ...any)  { k.check(f, v...) }
func (k keyWatcher) Debugf(f string, v ...any) { k.check(f, v...) }

// jsonReply writes a JSON body with a status and a request id.
func jsonReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req_test")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func errBody(typ, code, msg, param string) string {
	return fmt.Sprintf(`{"error":{"type":%q,"code":%q,"message":%q,"param":%q}}`, typ, code, msg, param)
}

// emptyPage is an empty page of any list: its summary holds every list's
// figures (a list ignores the others'), so one body serves every endpoint.
const emptyPage = `{"data":[],"next_cursor":null,"summary":{` + anySummary + `}}`

const anySummary = `"conversations":0,"messages":0,"calls":0,"imports":0,"adjustments":0,"invoices":0,` +
	`"credits":"0","credits_added":"0","credits_removed":"0","net":"0","amount_paid":"0","currency":"USD"`
