package tabs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Memory and page-arrival cost of holding a long list, measured side by
// side against what the tab did before this branch: append each page to
// one growing slice, keeping every record as decoded (its own strings, its
// own *User). Run:
//
//	go test ./tui/tabs -run '^$' -bench 'HeldRecords|PageArrival' -benchtime 1x

// benchSession is a session for a tab fed with Deliver (no server).
func benchSession() *common.Session {
	st := common.NewStyles(true, true)
	keys := common.DefaultKeyMap()
	return &common.Session{Seqs: &common.SeqSource{}, Ctx: context.Background(), WS: "ws_acme",
		Loc: time.UTC, Now: func() time.Time { return fixedNow }, Styles: &st, Keys: &keys,
		SeesUsers: true, Role: model.RoleOwner}
}

// mcpTab is an MCP calls tab at 120×40 with nothing loaded.
func mcpTab() *List[model.MCPCall, model.MCPSummary] {
	l := model.ListFor(model.TabMCPCalls)
	t := newList(benchSession(), mcpCalls(l), model.View{Workspace: "ws_acme", Tab: model.TabMCPCalls})
	t.SetSize(120, 40)
	return t
}

// demoPages walks srv's MCP calls newest first, decoding each page exactly
// as the client does (encoding/json into model types, strings sanitised),
// and hands them to fn.
func demoPages(tb testing.TB, srv *demo.Server, fn func(p mcpPage, first bool)) {
	tb.Helper()
	cursor := ""
	for first := true; ; first = false {
		q := url.Values{"limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		req := httptest.NewRequest("GET", "/v1/workspaces/ws_acme/usage/mcp-calls?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+demo.OwnerKey)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var p mcpPage
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			tb.Fatalf("page after %q: %v (%s)", cursor, err, rec.Body.String()[:min(200, rec.Body.Len())])
		}
		fn(p, first)
		if cursor = p.Cursor(); cursor == "" {
			return
		}
	}
}

// heldBytes is the heap retained by what load builds, per record.
func heldBytes(load func() (any, int)) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept, n := load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
}

// BenchmarkHeldRecords is the heap per held record at 1e6 MCP calls, with
// the strings each record brings from the decoder: "before" is the one
// growing slice, "after" the tab (chunks, interning, the id sets).
func BenchmarkHeldRecords(b *testing.B) {
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, Size: 1_000_000})
	if err != nil {
		b.Fatal(err)
	}
	loaders := []struct {
		name string
		load func() (any, int)
	}{
		{"before", func() (any, int) {
			var rows []model.MCPCall
			demoPages(b, srv, func(p mcpPage, _ bool) { rows = append(rows, p.Data...) })
			return rows, len(rows)
		}},
		{"after", func() (any, int) {
			t := mcpTab()
			demoPages(b, srv, func(p mcpPage, first bool) { t.Deliver(p, first) })
			if !t.tbl.Complete() {
				b.Fatalf("walk stopped at %d: %v", t.tbl.Len(), t.walks[1].err)
			}
			return t, t.tbl.Len()
		}},
	}
	for _, l := range loaders {
		b.Run(l.name, func(b *testing.B) {
			var per float64
			for range b.N {
				per = heldBytes(l.load)
			}
			b.ReportMetric(per, "B/record")
			b.ReportMetric(0, "ns/op")
		})
	}
	runtime.KeepAlive(srv) // freed during a measurement, it would be subtracted
}

// synthPage is page k of a synthetic MCP list whose strings are allocated
// per record, as the decoder allocates them (ids unique, the rest repeating).
func synthPage(k int) mcpPage {
	rs := make([]model.MCPCall, PageLimit)
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range rs {
		n := k*PageLimit + i
		u := n % 7
		rs[i] = model.MCPCall{
			ID:        model.Text(fmt.Sprintf("call_%012x", n)),
			APIKey:    model.APIKeyRef{ID: model.Text(strings.Clone("key_ci")), Name: model.Text(strings.Clone("CI pipeline"))},
			Tool:      model.Text(strings.Clone("search_assets")),
			Credits:   model.Credits(n%50_000) * 25,
			User:      &model.User{ID: model.Text(fmt.Sprint("usr_", u)), Name: model.Text(fmt.Sprint("User ", u)), Email: model.Text(fmt.Sprint("u", u, "@example.com"))},
			CreatedAt: t0.Add(-time.Duration(n) * time.Second),
		}
	}
	next := fmt.Sprint("after-", k)
	return mcpPage{Data: rs, NextCursor: &next, Summary: model.MCPSummary{Calls: 1_000_000}}
}

// BenchmarkPageArrival is the time one page takes to arrive (what Update
// does with it) while 5,000 pages fill a list to 1e6 records: the maximum
// is the stall a user feels, the median the usual cost.
func BenchmarkPageArrival(b *testing.B) {
	const pages = 5000
	arrivals := []struct {
		name   string
		arrive func() func(p mcpPage, first bool) any
	}{
		{"before", func() func(p mcpPage, first bool) any {
			var rows []model.MCPCall
			return func(p mcpPage, _ bool) any { rows = append(rows, p.Data...); return rows }
		}},
		{"after", func() func(p mcpPage, first bool) any {
			t := mcpTab()
			return func(p mcpPage, first bool) any { t.Deliver(p, first); return t }
		}},
	}
	for _, a := range arrivals {
		b.Run(a.name, func(b *testing.B) {
			var worst, median time.Duration
			for range b.N {
				arrive := a.arrive()
				took := make([]time.Duration, 0, pages)
				var kept any
				for k := range pages {
					p := synthPage(k)
					start := time.Now()
					kept = arrive(p, k == 0)
					took = append(took, time.Since(start))
				}
				runtime.KeepAlive(kept)
				slices.Sort(took)
				worst, median = took[len(took)-1], took[len(took)/2]
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "max-ms/page")
			b.ReportMetric(float64(median.Microseconds())/1000, "p50-ms/page")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// TestHeldRecordBudget keeps a held MCP call, decoded from the demo's pages
// with all its strings, at most 150 B of heap (270 B before interning,
// chunks and the compact id set).
func TestHeldRecordBudget(t *testing.T) {
	const n = 200_000 // fewer, and the fixed costs (a chunk, the sets' shards) show
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, Size: n})
	if err != nil {
		t.Fatal(err)
	}
	per := heldBytes(func() (any, int) {
		tab := mcpTab()
		demoPages(t, srv, func(p mcpPage, first bool) { tab.Deliver(p, first) })
		return tab, tab.tbl.Len()
	})
	runtime.KeepAlive(srv) // freed during the measurement, it would be subtracted
	t.Logf("heap per held MCP call with its strings: %.1f B (n=%d)", per, n)
	if per > 150 {
		t.Fatalf("%.1f B per held record > 150 B", per)
	}
}
