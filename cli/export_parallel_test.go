package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
)

// countingServer serves h and counts the list requests that asked for a
// part of the window (a from or to the whole-window requests do not send).
type countingServer struct {
	*httptest.Server
	parts atomic.Int64
}

func countParts(t *testing.T, h http.Handler) *countingServer {
	c := &countingServer{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("from") != "" || q.Get("to") != "" {
			c.parts.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(c.Close)
	return c
}

func demoHandler(t *testing.T, size int) http.Handler {
	s, err := demo.New(demo.Options{Now: testNow, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every list, format and order: --parallel N writes the bytes one walk writes.
func TestParallelExportIsByteIdenticalToOneWalk(t *testing.T) {
	srv := countParts(t, demoHandler(t, 3000))
	h := newHarness(t)
	h.useDemo(srv.Server, demo.OwnerKey)
	for _, list := range []string{"mcp-calls", "conversations", "imports"} {
		for _, format := range []string{"csv", "json", "ndjson"} {
			for _, order := range []string{"desc", "asc"} {
				base := []string{"export", list, "--workspace", "ws_acme", "--format", format, "--order", order, "--page-size", "25"}
				srv.parts.Store(0)
				want := h.mustRun(append(base, "--parallel", "1")...)
				if n := srv.parts.Load(); n != 0 {
					t.Fatalf("--parallel 1 sent %d windowed requests", n)
				}
				for _, p := range []string{"2", "3", "8", ""} {
					args := base
					if p != "" {
						args = append(args, "--parallel", p)
					}
					srv.parts.Store(0)
					got := h.mustRun(args...)
					if got != want {
						t.Fatalf("%s %s %s --parallel %q differs from one walk: %s", list, format, order, p, firstDiff([]byte(got), []byte(want)))
					}
					if srv.parts.Load() == 0 {
						t.Fatalf("%s %s --parallel %q: no part of the window was walked on its own", list, format, p)
					}
				}
			}
		}
	}
}

// tiedServer is a contract-faithful mcp-calls list whose records share
// their timestamps ten to a second, so every boundary a parallel walk
// picks has records on it: from inclusive, to exclusive, ties by id.
func tiedServer(t *testing.T, n int, wrap func(w http.ResponseWriter, r *http.Request) bool) *countingServer {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	type rec struct {
		id string
		at time.Time
	}
	recs := make([]rec, n)
	for i := range recs {
		recs[i] = rec{fmt.Sprintf("call_%05d", i), base.Add(time.Duration(i/10) * time.Second)}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/me", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"user":{"id":"usr_1","name":"A","email":"a@x"},"workspaces":[{"id":"ws_x","name":"X","role":"owner"}]}`)
	})
	mux.HandleFunc("/v1/workspaces/ws_x/usage/mcp-calls", func(w http.ResponseWriter, r *http.Request) {
		if wrap != nil && !wrap(w, r) {
			return
		}
		q := r.URL.Query()
		var from, to time.Time
		if v := q.Get("from"); v != "" {
			from = must(time.Parse(time.RFC3339, v))
		}
		if v := q.Get("to"); v != "" {
			to = must(time.Parse(time.RFC3339, v))
		}
		var sel []rec
		for _, x := range recs {
			if (from.IsZero() || !x.at.Before(from)) && (to.IsZero() || x.at.Before(to)) {
				sel = append(sel, x)
			}
		}
		asc := q.Get("order") == "asc"
		slices.SortFunc(sel, func(a, b rec) int {
			c := a.at.Compare(b.at)
			if c == 0 {
				c = strings.Compare(a.id, b.id)
			}
			if !asc {
				c = -c
			}
			return c
		})
		limit, _ := strconv.Atoi(q.Get("limit"))
		off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("cursor"), "o"))
		end := min(off+limit, len(sel))
		var b bytes.Buffer
		b.WriteString(`{"data":[`)
		for i, x := range sel[off:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%q,"api_key":{"id":"key_1","name":"k"},"tool":"t","credits":"1","user":null,"created_at":%q}`, x.id, x.at.Format(time.RFC3339))
		}
		next := "null"
		if end < len(sel) {
			next = fmt.Sprintf(`"o%d"`, end)
		}
		fmt.Fprintf(&b, `],"next_cursor":%s,"summary":{"calls":%d,"credits":"%d"}}`, next, len(sel), len(sel))
		w.Write(b.Bytes())
	})
	c := countParts(t, mux)
	return c
}

func TestParallelExportSplitsBetweenRecordsWithTheSameTime(t *testing.T) {
	srv := tiedServer(t, 997, nil)
	h := newHarness(t)
	h.useDemo(srv.Server, "tally_test_key_00000000")
	for _, format := range []string{"csv", "json", "ndjson"} {
		for _, order := range []string{"desc", "asc"} {
			base := []string{"export", "mcp-calls", "--format", format, "--order", order, "--page-size", "7"}
			want := h.mustRun(append(base, "--parallel", "1")...)
			if n := strings.Count(want, "call_"); n != 997 {
				t.Fatalf("one walk: %d records", n)
			}
			for _, p := range []string{"2", "5", "16"} {
				srv.parts.Store(0)
				if got := h.mustRun(append(base, "--parallel", p)...); got != want {
					t.Fatalf("%s %s --parallel %s: %s", format, order, p, firstDiff([]byte(got), []byte(want)))
				}
				if srv.parts.Load() < 4 {
					t.Fatalf("--parallel %s: %d windowed requests", p, srv.parts.Load())
				}
			}
		}
	}
}

// A server that answers 429 past two list requests at once: the export
// halves its requests in flight, so most requests are served, and still
// writes what one walk writes.
func TestParallelExportBacksOffOn429(t *testing.T) {
	var inflight, served, refused atomic.Int64
	srv := tiedServer(t, 3000, func(w http.ResponseWriter, r *http.Request) bool {
		if inflight.Add(1) > 2 {
			inflight.Add(-1)
			refused.Add(1)
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":{"type":"rate_limit","code":"rate_limited","message":"slow down","param":null}}`)
			return false
		}
		time.Sleep(2 * time.Millisecond) // long enough for requests to overlap
		inflight.Add(-1)
		served.Add(1)
		return true
	})
	h := newHarness(t)
	h.useDemo(srv.Server, "tally_test_key_00000000")
	base := []string{"export", "mcp-calls", "--format", "ndjson", "--page-size", "20"}
	want := h.mustRun(append(base, "--parallel", "1")...)
	served.Store(0)
	refused.Store(0)
	if got := h.mustRun(append(base, "--parallel", "16")...); got != want {
		t.Fatalf("differs from one walk: %s", firstDiff([]byte(got), []byte(want)))
	}
	// Without backing off, 16 requests against 2 slots would be refused
	// about 7 times for every one served.
	if s, r := served.Load(), refused.Load(); r == 0 || r*2 > s {
		t.Fatalf("%d requests served, %d refused with 429", s, r)
	}
}

func TestParallelLimiterHalvesOncePerGenerationAndRecovers(t *testing.T) {
	l := newLimiter(8)
	ctx := t.Context()
	var releases []func()
	for range 8 {
		_, rel, err := l.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, rel)
	}
	// All eight were in flight when the server said 429: one halving.
	for range 8 {
		l.limited(0, 0)
	}
	if low, n := l.stats(); low != 4 || n != 1 {
		t.Fatalf("lowest %d after %d halvings, want 4 after 1", low, n)
	}
	for _, rel := range releases {
		rel()
	}
	for range 2 * 4 {
		_, rel, _ := l.acquire(ctx)
		rel()
	}
	l.mu.Lock()
	limit := l.limit
	l.mu.Unlock()
	if limit != 5 {
		t.Fatalf("limit %d after 8 good requests at 4, want 5", limit)
	}
	l.limited(1, 50*time.Millisecond)
	start := time.Now()
	_, rel, _ := l.acquire(ctx)
	rel()
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("a request started %v after a Retry-After of 50ms", d)
	}
}

func TestParallelFallsBackToOneWalkForOtherSorts(t *testing.T) {
	srv := countParts(t, demoHandler(t, 3000))
	h := newHarness(t)
	h.useDemo(srv.Server, demo.OwnerKey)
	args := []string{"export", "mcp-calls", "--workspace", "ws_acme", "--sort", "credits", "--page-size", "50"}
	want := h.mustRun(args...)
	if h.stderr.String() != "" || srv.parts.Load() != 0 {
		t.Fatalf("automatic: note %q, %d windowed requests", h.stderr.String(), srv.parts.Load())
	}
	got := h.mustRun(append(args, "--parallel", "4")...)
	if got != want || srv.parts.Load() != 0 {
		t.Fatalf("--sort credits --parallel 4: output differs or %d windowed requests", srv.parts.Load())
	}
	if note := h.stderr.String(); strings.Count(note, "\n") != 1 || !strings.Contains(note, "--sort credits is not in time order") {
		t.Fatalf("note: %q", note)
	}
}

var summaryCalls = regexp.MustCompile(`"summary":\{"calls":(\d+)`)

// A guard fault in one part of the window stops the export with the exit
// code of one walk's fault, names the page, and leaves no -o file.
func TestParallelGuardFaultInOnePart(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(body []byte, cursor string) []byte
		code int
	}{
		{"same cursor", func(b []byte, cur string) []byte {
			return regexp.MustCompile(`"next_cursor":"[^"]*"`).ReplaceAll(b, []byte(`"next_cursor":"`+cur+`"`))
		}, ExitError},
		{"summary drift", func(b []byte, _ string) []byte {
			return summaryCalls.ReplaceAllFunc(b, func(m []byte) []byte {
				n, _ := strconv.Atoi(string(summaryCalls.FindSubmatch(m)[1]))
				return []byte(`"summary":{"calls":` + strconv.Itoa(n+1))
			})
		}, ExitMismatch},
	} {
		inner := demoHandler(t, 3000)
		var mu sync.Mutex
		faulty := ""
		srv := countParts(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			cur := q.Get("cursor")
			part := q.Get("from") + "|" + q.Get("to")
			mu.Lock()
			if faulty == "" && cur != "" && part != "|" {
				faulty = part
			}
			hit := part == faulty && cur != ""
			mu.Unlock()
			if !hit {
				inner.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			inner.ServeHTTP(rec, r)
			body := c.edit(rec.Body.Bytes(), cur)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			w.Write(body)
		}))
		h := newHarness(t)
		h.useDemo(srv.Server, demo.OwnerKey)
		dir := t.TempDir()
		target := filepath.Join(dir, "calls.csv")
		code := h.run("export", "mcp-calls", "--workspace", "ws_acme", "--page-size", "25", "--parallel", "4", "-o", target)
		msg := h.stderr.String()
		if code != c.code || !strings.Contains(msg, "page ") || !strings.Contains(msg, "part of the window") || !strings.Contains(msg, "was not written") {
			t.Errorf("%s: exit %d: %s", c.name, code, msg)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: files left: %v", c.name, entries)
		}
	}
}

// The profile key sets the default; the flag wins; out of range is a usage error.
func TestParallelProfileKeyAndRange(t *testing.T) {
	srv := countParts(t, demoHandler(t, 3000))
	h := newHarness(t)
	h.useDemo(srv.Server, demo.OwnerKey)
	cfg := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[profiles.default]\nparallel = 1\n"), 0o600)
	args := []string{"export", "mcp-calls", "--workspace", "ws_acme", "--page-size", "25"}
	h.mustRun(args...)
	if srv.parts.Load() != 0 {
		t.Fatalf("profile parallel = 1: %d windowed requests", srv.parts.Load())
	}
	h.mustRun(append(args, "--parallel", "4")...)
	if srv.parts.Load() == 0 {
		t.Fatal("--parallel 4 did not win over the profile")
	}
	for _, bad := range []string{"-1", "33"} {
		if code := h.run(append(args, "--parallel", bad)...); code != ExitUsage || !strings.Contains(h.stderr.String(), "--parallel must be between 1 and 32") {
			t.Errorf("--parallel %s: exit %d: %s", bad, code, h.stderr.String())
		}
	}
	_ = json.Valid
}

// Activity and --group-by have no walk to split: --parallel asked for on the
// command line gets a one-line note, and the output is what it is without.
func TestParallelDoesNotApplyToActivityAndGroups(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 300})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for _, c := range []struct {
		args []string
		note string
	}{
		{[]string{"export", "activity", "--workspace", "ws_acme", "--last", "7d"}, "activity is one merge of four walks"},
		{[]string{"export", "mcp-calls", "--workspace", "ws_acme", "--last", "7d", "--group-by", "api_key"}, "--group-by is one request"},
	} {
		want := h.mustRun(c.args...)
		if h.stderr.String() != "" {
			t.Fatalf("%v: a note without --parallel: %q", c.args, h.stderr.String())
		}
		if got := h.mustRun(append(c.args, "--parallel", "1")...); got != want || h.stderr.String() != "" {
			t.Fatalf("%v --parallel 1: note %q", c.args, h.stderr.String())
		}
		got := h.mustRun(append(c.args, "--parallel", "4")...)
		if got != want {
			t.Fatalf("%v --parallel 4: output differs", c.args)
		}
		if note := h.stderr.String(); strings.Count(note, "\n") != 1 || !strings.Contains(note, c.note) || !strings.Contains(note, "--parallel does not apply") {
			t.Fatalf("%v --parallel 4: note %q", c.args, note)
		}
	}
}
