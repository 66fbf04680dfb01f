package tabs

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// TestScrollRetriesAPageThatFailed: with the server gone, scrolling on stops
// at the edge saying why; each key press against it asks at most once more
// (no flood); once the server is back, the next key press brings the page.
func TestScrollRetriesAPageThatFailed(t *testing.T) {
	api := newFakeAPI(5_000)
	var down atomic.Bool
	h := newHandlerHarness(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"type":"unavailable","message":"the server is down"}}`))
			return
		}
		api.ServeHTTP(w, r)
	}), demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 31)
	tb := h.list().Table()
	down.Store(true)
	for i := 0; !strings.Contains(h.screen(), "more rows failed"); i++ {
		if i > 500 {
			t.Fatalf("no failed page shown after 500 pgdn:\n%s", h.screen())
		}
		h.key(pressOf(t, &k.PageDown))
	}
	held := tb.Len()
	before := h.requests.Load()
	for range 20 {
		h.key(pressOf(t, &k.PageDown))
	}
	if n := h.requests.Load() - before; n < 1 || n > 20 {
		t.Fatalf("20 key presses against a dead server made %d requests, want 1..20", n)
	}
	if !strings.Contains(h.screen(), "more rows failed") {
		t.Fatalf("the failure is no longer shown:\n%s", h.screen())
	}
	down.Store(false)
	h.key(pressOf(t, &k.Down))
	if tb.Len() <= held {
		t.Fatalf("scrolling after the server came back held %d rows, as before", tb.Len())
	}
	if strings.Contains(h.screen(), "failed") {
		t.Fatalf("still shows a failure after the page arrived:\n%s", h.screen())
	}
}

// TestOverviewSaysARefreshFailed: with the server gone, a refresh of the
// Overview keeps the figures but says in place (and in its status, which
// the header shows) that they could not be refreshed; the next good answer
// clears it.
func TestOverviewSaysARefreshFailed(t *testing.T) {
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var down atomic.Bool
	h := newHandlerHarness(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		srv.ServeHTTP(w, r)
	}), demo.OwnerKey, model.RoleOwner)
	ov := h.open(model.TabOverview, model.View{}, 100, 60).(*Overview)
	b, err := h.c.Billing(t.Context(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	h.run(ov.SetBilling(&b, nil, true))
	if strings.Contains(h.screen(), "Couldn't") || ov.Status().RefreshErr != nil {
		t.Fatalf("an error before anything failed:\n%s", h.screen())
	}
	down.Store(true)
	_, berr := h.c.Billing(t.Context(), "ws_acme")
	h.run(ov.SetBilling(nil, berr, true))
	h.run(ov.Refresh())
	scr := h.screen()
	if !strings.Contains(scr, "✗ Couldn't refresh") || !strings.Contains(scr, "r retry") || ov.Status().RefreshErr == nil {
		t.Fatalf("a failed refresh is not shown:\n%s", scr)
	}
	if !strings.Contains(scr, "951.6308 left") && !strings.Contains(scr, " left") {
		t.Fatalf("the older figures are gone:\n%s", scr)
	}
	down.Store(false)
	h.run(ov.SetBilling(&b, nil, true))
	h.run(ov.Refresh())
	if strings.Contains(h.screen(), "Couldn't") || ov.Status().RefreshErr != nil {
		t.Fatalf("the failure stays after a good refresh:\n%s", h.screen())
	}
}
