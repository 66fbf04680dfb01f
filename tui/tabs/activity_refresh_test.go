package tabs

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// repeatingServer is the demo server, except that while repeat is set the
// fourth and later pages of MCP calls (newest first) send the newest call's id again in its first
// record (records moved while paging): the walk guard refuses that page.
func repeatingServer(t *testing.T, repeat *atomic.Bool) http.Handler {
	t.Helper()
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, Size: 3000})
	if err != nil {
		t.Fatal(err)
	}
	var newest atomic.Value
	var later atomic.Int64 // later pages of the newest-first walk
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/mcp-calls") {
			srv.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			t.Errorf("demo answered %d", rec.Code)
			return
		}
		data, _ := body["data"].([]any)
		if len(data) > 0 {
			first := data[0].(map[string]any)
			switch {
			case r.URL.Query().Get("cursor") == "" && r.URL.Query().Get("order") != "asc":
				newest.Store(first["id"])
			case r.URL.Query().Get("order") != "asc" && later.Add(1) >= 3 && repeat.Load() && newest.Load() != nil:
				first["id"] = newest.Load()
			}
		}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
	})
}

// A page the walk guard refuses stops the walk: scrolling on asks the
// server nothing, the edge line says r starts over (not "retry", which
// would take the refused page), and r walks again from the top, back to
// where the cursor was, every balance chained from remaining.
func TestActivityRefusedPageStartsOver(t *testing.T) {
	var repeat atomic.Bool
	repeat.Store(true)
	h := newHandlerHarness(t, repeatingServer(t, &repeat), demo.OwnerKey, model.RoleOwner)
	a := h.open(model.TabActivity, model.View{}, 120, 30).(*Activity)
	for i := 0; i < 50 && a.moreErr == nil; i++ {
		h.key(keyPress(tea.KeyPgDown))
	}
	if a.moreErr == nil {
		t.Fatal("the repeated record was never refused")
	}
	held, before := a.tbl.Len(), h.requests.Load()
	for range 5 {
		h.key(keyPress(tea.KeyPgDown))
	}
	if n := h.requests.Load() - before; n != 0 || a.tbl.Len() != held {
		t.Fatalf("scrolling on after the refusal: %d requests, %d rows (held %d)", n, a.tbl.Len(), held)
	}
	edge := h.screen()
	if !strings.Contains(edge, "MCP-HTTP Calls: page 4: record call_") || !strings.Contains(edge, "sent twice · r starts over") || strings.Contains(edge, "r retry") {
		t.Fatalf("edge line after the refusal:\n%s", edge)
	}
	h.key(keyPress(tea.KeyPgUp))
	pos, _ := a.tbl.Position()
	sel := activityID(a.tbl.Selected())
	repeat.Store(false) // the records have settled
	h.run(a.Refresh())
	if a.moreErr != nil || a.err != nil {
		t.Fatalf("r: %v %v", a.moreErr, a.err)
	}
	if p, _ := a.tbl.Position(); p != pos || activityID(a.tbl.Selected()) != sel {
		t.Errorf("after r: row %d (%q), was row %d (%q)", p, activityID(a.tbl.Selected()), pos, sel)
	}
	b, err := h.c.Billing(t.Context(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	checkChain(t, activityRows(a), b.Credits.Remaining)
}

// r after G starts the walk again and goes back near the oldest change
// (its position counted from the end), on the same change; while the
// oldest changes are on their way, the edge line and the position say so.
func TestActivityRefreshKeepsTheCursorNearTheOldest(t *testing.T) {
	h := newDemoHarness(t, demo.Options{Size: 3000}, demo.OwnerKey, model.RoleOwner)
	a := h.open(model.TabActivity, model.View{}, 120, 30).(*Activity)
	total := a.walk.Totals().Changes
	h.hold = true
	h.key(press('G'))
	if s := h.screen(); !strings.Contains(s, "loading the oldest changes") {
		t.Errorf("G while the oldest changes load:\n%s", s)
	}
	if got, want := a.Status().Summary.Showing, "→ "+common.FmtCount(total); !strings.HasSuffix(got, want) {
		t.Errorf("position while G is on its way %q, want it to end %q", got, want)
	}
	h.arrive()
	for range 7 {
		h.key(press('k'))
	}
	pos, n := a.tbl.Position()
	sel := activityID(a.tbl.Selected())
	if int64(n) != total || pos != n-7 || !a.tbl.InTail() {
		t.Fatalf("before r: row %d of %d, in tail %v", pos, n, a.tbl.InTail())
	}
	before := h.requests.Load()
	// While the new walk's first page comes, the old rows stay on screen.
	h.hold, h.held = true, append(h.held, a.Refresh())
	if s := h.screen(); !strings.Contains(s, string(a.tbl.Selected().ID)) || strings.Contains(s, "Loading") {
		t.Errorf("r while the new walk starts:\n%s", s)
	}
	h.arrive()
	if p, _ := a.tbl.Position(); p != pos || activityID(a.tbl.Selected()) != sel || !a.tbl.InTail() {
		t.Errorf("after r: row %d (%q), was row %d (%q)", p, activityID(a.tbl.Selected()), pos, sel)
	}
	if n := h.requests.Load() - before; n > 2*6 {
		t.Errorf("r near the oldest change made %d requests: the head walked down instead of the tail up", n)
	}
	// Moving on is the user's: a later page does not pull the cursor back.
	h.key(press('g'))
	if p, _ := a.tbl.Position(); p != 1 {
		t.Errorf("g after r: row %d", p)
	}
}
