package demo

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Benchmarks build their own data sets, so `go test` without -bench never
// builds the million-call set. Run:
//
//	go test ./demo -run '^$' -bench 'Default|Deep|Window|Search' -benchtime 2000x
//	go test ./demo -run '^$' -bench NewMillion -benchtime 3x

const benchSize = 1_000_000

func benchServer(b *testing.B, size int) *Server {
	b.Helper()
	s, err := New(Options{Now: testNow, Size: size})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// craftCursor re-targets a real cursor of the same walk (so the parameter
// hash is valid) at an arbitrary record: a page deep in the walk without
// walking there first.
func craftCursor(b *testing.B, real string, key int64, id int32) string {
	raw, err := base64.RawURLEncoding.DecodeString(real)
	if err != nil || len(raw) != 21 {
		b.Fatalf("cursor %q", real)
	}
	c, _ := base64.RawURLEncoding.DecodeString(encodeCursor(key, id, ""))
	copy(c[13:], raw[13:]) // keep the parameter hash
	return base64.RawURLEncoding.EncodeToString(c)
}

func firstCursor(b *testing.B, s *Server, path string) string {
	r := get(b, s, OwnerKey, path)
	var p wirePage
	decode(b, r, &p)
	if p.NextCursor == nil {
		b.Fatalf("no cursor for %s", path)
	}
	return *p.NextCursor
}

func benchPage(b *testing.B, s *Server, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+OwnerKey)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkNewDefault(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		if _, err := New(Options{Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewMillion builds the 1e6-call set and reports the live heap it holds.
func BenchmarkNewMillion(b *testing.B) {
	var s *Server
	for range b.N {
		s = benchServer(b, benchSize)
	}
	b.StopTimer()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-heap")
	runtime.KeepAlive(s)
}

// Filtered by key + 30-day window, sorted by credits desc, cursor half-way
// through the matching records.
func BenchmarkMCPPageDeepCursor(b *testing.B) {
	s := benchServer(b, benchSize)
	from, to := testNow.AddDate(0, 0, -30), testNow
	q := url.Values{"api_key_id": {"key_ci"}, "from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)},
		"sort": {"credits"}, "order": {"desc"}, "limit": {"50"}}
	path := "/v1/workspaces/ws_acme/usage/mcp-calls?" + q.Encode()
	real := firstCursor(b, s, path)
	t := &s.world.workspaces[WorkspaceAcme].calls
	var match []int32
	for i := range int32(t.len()) {
		if t.group[i] == 0 && t.time[i] >= from.Unix() && t.time[i] < to.Unix() {
			match = append(match, i)
		}
	}
	match = sortedByKey(match, t.val)
	slices.Reverse(match)
	mid := match[len(match)/2]
	b.ReportMetric(float64(len(match)), "matching")
	benchPage(b, s, path+"&cursor="+craftCursor(b, real, t.val[mid], mid))
}

// No filter, sorted by credits desc, cursor 500,000 records deep.
func BenchmarkMCPPageDeepCursorAll(b *testing.B) {
	s := benchServer(b, benchSize)
	path := "/v1/workspaces/ws_acme/usage/mcp-calls?sort=credits&order=desc&limit=200"
	real := firstCursor(b, s, path)
	t := &s.world.workspaces[WorkspaceAcme].calls
	idx := t.idx[1][0]
	r := idx[len(idx)-500_000]
	benchPage(b, s, path+"&cursor="+craftCursor(b, real, t.val[r], r))
}

// Sorted by time inside a window, deep cursor: two binary searches and a slice.
func BenchmarkMCPPageWindowByTime(b *testing.B) {
	s := benchServer(b, benchSize)
	from := testNow.AddDate(0, -6, 0).Format(time.RFC3339)
	path := "/v1/workspaces/ws_acme/usage/mcp-calls?api_key_id=key_backend&order=asc&limit=50&from=" + url.QueryEscape(from)
	real := firstCursor(b, s, path)
	t := &s.world.workspaces[WorkspaceAcme].calls
	byTime := t.idx[0][4]
	r := byTime[len(byTime)*3/4]
	benchPage(b, s, path+"&cursor="+craftCursor(b, real, t.time[r], r))
}

// Conversations search scans the window (200k conversations at this size).
func BenchmarkConversationSearch(b *testing.B) {
	s := benchServer(b, benchSize)
	benchPage(b, s, "/v1/workspaces/ws_acme/usage/conversations?q=storyboard&sort=credits&limit=50")
}

// A window of a few days with no key filter and a credits sort: the case
// where the server picks between sorting the window and skipping through the
// credits index; both costs are bounded.
func BenchmarkMCPPageNarrowWindowByCredits(b *testing.B) {
	s := benchServer(b, benchSize)
	for _, days := range []int{1, 3} {
		from := testNow.AddDate(0, 0, -days-7).Format(time.RFC3339)
		to := testNow.AddDate(0, 0, -7).Format(time.RFC3339)
		path := "/v1/workspaces/ws_acme/usage/mcp-calls?sort=credits&order=asc&limit=200&from=" + url.QueryEscape(from) + "&to=" + url.QueryEscape(to)
		b.Run(map[int]string{1: "1day", 3: "3days"}[days], func(b *testing.B) { benchPage(b, s, path) })
	}
}
