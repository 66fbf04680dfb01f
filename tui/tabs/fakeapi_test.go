package tabs

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

// fakeAPI serves the MCP calls list from records a test can change between
// requests (new calls on top), with keyset cursors as a real API has them:
// a cursor names the last record sent, so records added on top do not move
// the pages below. mangle, when set, rewrites a page before it is sent (a
// misbehaving server). It counts the pages it served.
type fakeAPI struct {
	mu     sync.Mutex
	calls  []model.MCPCall
	mangle func(n int, q map[string]string, p *model.Page[model.MCPCall, model.MCPSummary])
	served int
	sorted map[string][]model.MCPCall // ordered lists by sort and order, until add
}

func newFakeAPI(n int) *fakeAPI {
	f := &fakeAPI{}
	f.add(n)
	return f
}

// add puts n newer calls on top, ids continuing the sequence; every call
// costs one of five amounts, so sorting by credits has long runs of ties.
func (f *fakeAPI) add(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sorted = nil
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range n {
		k := len(f.calls)
		f.calls = append(f.calls, model.MCPCall{
			ID:        model.Text(fmt.Sprintf("call_%06d", k)),
			APIKey:    model.APIKeyRef{ID: "key_ci", Name: "CI pipeline"},
			Tool:      "search_assets",
			Credits:   model.Credits(k%5+1) * 2500,
			User:      &model.User{ID: "usr_1", Name: "Ada Lovelace", Email: "ada@example.com"},
			CreatedAt: t0.Add(time.Duration(k) * time.Minute),
		})
	}
}

// ordered is the list as the query orders it; ties broken by id the same way.
func (f *fakeAPI) ordered(sort, order string) []model.MCPCall {
	if l, ok := f.sorted[sort+" "+order]; ok {
		return l
	}
	out := slices.Clone(f.calls)
	slices.SortFunc(out, func(a, b model.MCPCall) int {
		c := a.CreatedAt.Compare(b.CreatedAt)
		if sort == "credits" {
			c = cmp.Compare(a.Credits, b.Credits)
		}
		if c == 0 {
			c = strings.Compare(string(a.ID), string(b.ID))
		}
		if order != "asc" {
			c = -c
		}
		return c
	})
	if f.sorted == nil {
		f.sorted = map[string][]model.MCPCall{}
	}
	f.sorted[sort+" "+order] = out
	return out
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/usage/mcp-calls") {
		http.Error(w, `{"error":{"type":"not_found","message":"no such route"}}`, http.StatusNotFound)
		return
	}
	f.mu.Lock()
	q := map[string]string{}
	for k, v := range r.URL.Query() {
		q[k] = v[0]
	}
	list := f.ordered(q["sort"], q["order"])
	limit, _ := strconv.Atoi(q["limit"])
	start := 0
	if c := q["cursor"]; c != "" {
		id := strings.TrimPrefix(c, "after:")
		start = slices.IndexFunc(list, func(x model.MCPCall) bool { return string(x.ID) == id }) + 1
	}
	end := min(start+limit, len(list))
	p := model.Page[model.MCPCall, model.MCPSummary]{Data: list[start:end:end], // a mangle may append
		Summary: model.MCPSummary{Calls: int64(len(list))}}
	if end < len(list) {
		next := "after:" + string(list[end-1].ID)
		p.NextCursor = &next
	}
	f.served++
	if f.mangle != nil {
		f.mangle(f.served, q, &p)
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(p)
}

// ids is the API's order of every call, as a full walk would see it.
func (f *fakeAPI) ids(sort, order string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.ordered(sort, order) {
		out = append(out, string(c.ID))
	}
	return out
}

// held is every record id the tab holds, in its order.
func held(t testing.TB, tab Tab) []string {
	t.Helper()
	var out []string
	for r := range tab.(*List[model.MCPCall, model.MCPSummary]).Table().All() {
		out = append(out, string(r.ID))
	}
	return out
}
