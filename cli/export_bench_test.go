package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
)

// BenchmarkExportVsPlain times `tally export mcp-calls --format ndjson`
// beside the plain program issue 10 compares it with: net/http and
// encoding/json following next_cursor and writing ndjson, with no
// validation, sanitising or self-check. Both walk the same 20,000 calls
// from a server that answers each URL with bytes recorded from the demo,
// so the server costs next to nothing and the same for both; what differs
// is the client. Allocations are the whole process's during each run (the
// replaying server's are the same for both, and small).
//
//	go test ./cli -run '^$' -bench ExportVsPlain -benchtime 20x -count 3
func BenchmarkExportVsPlain(b *testing.B) {
	const records = 20_000
	srv := recordedDemo(b, records)
	keyring.MockInit()
	dir := b.TempDir()
	env := &Env{
		Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string {
			return map[string]string{config.EnvBaseURL: srv.URL, config.EnvAPIKey: demo.OwnerKey, "XDG_CONFIG_HOME": dir, "HOME": dir}[k]
		},
		Keyring: config.SystemKeyring{}, KeyringTimeout: time.Second, Now: func() time.Time { return testNow },
		StdinIsTerminal: func() bool { return false }, StderrIsTerminal: func() bool { return false },
	}
	args := []string{"export", "mcp-calls", "--workspace", demo.WorkspaceAcme, "--format", "ndjson", "--page-size", "200"}
	tally := func() {
		if code := Run(context.Background(), env, args); code != 0 {
			b.Fatalf("tally export: exit %d", code)
		}
	}
	plain := func() {
		if n, err := plainExport(srv.URL, io.Discard); err != nil || n != records {
			b.Fatalf("plain: %d records, %v", n, err)
		}
	}
	// Warm the recording: every URL either walk asks for is then cached.
	tally()
	plain()
	// Each iteration runs both, in turn, so the machine's noise falls on
	// both alike; the ratio is of the sums over the same iterations.
	var tTally, tPlain time.Duration
	var aTally, aPlain, bTally, bPlain uint64
	var ms runtime.MemStats
	measure := func(fn func(), d *time.Duration, allocs, bytes *uint64) {
		runtime.ReadMemStats(&ms)
		m0, b0, t0 := ms.Mallocs, ms.TotalAlloc, time.Now()
		fn()
		*d += time.Since(t0)
		runtime.ReadMemStats(&ms)
		*allocs += ms.Mallocs - m0
		*bytes += ms.TotalAlloc - b0
	}
	n := 0
	for b.Loop() {
		measure(tally, &tTally, &aTally, &bTally)
		measure(plain, &tPlain, &aPlain, &bPlain)
		n++
	}
	recs := float64(records * n)
	b.ReportMetric(float64(tTally.Nanoseconds())/recs, "tally-ns/record")
	b.ReportMetric(float64(tPlain.Nanoseconds())/recs, "plain-ns/record")
	b.ReportMetric(float64(tTally)/float64(tPlain), "time-tally/plain")
	b.ReportMetric(float64(aTally)/recs, "tally-allocs/record")
	b.ReportMetric(float64(aPlain)/recs, "plain-allocs/record")
	b.ReportMetric(float64(bTally)/recs, "tally-B/record")
	b.ReportMetric(float64(bPlain)/recs, "plain-B/record")
}

// recordedDemo serves the demo API with every answer recorded by URL on
// first use and replayed after.
func recordedDemo(b *testing.B, size int) *httptest.Server {
	s, err := demo.New(demo.Options{Now: testNow, Size: size})
	if err != nil {
		b.Fatal(err)
	}
	type answer struct {
		status int
		header http.Header
		body   []byte
	}
	var mu sync.Mutex
	cache := map[string]answer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		a, ok := cache[r.URL.RequestURI()]
		mu.Unlock()
		if !ok {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			a = answer{rec.Code, rec.Header(), rec.Body.Bytes()}
			mu.Lock()
			cache[r.URL.RequestURI()] = a
			mu.Unlock()
		}
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.WriteHeader(a.status)
		w.Write(a.body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// plainExport is the baseline: what a competent Go programmer writes in
// ten minutes with the standard library.
func plainExport(base string, w io.Writer) (int, error) {
	type user struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	type call struct {
		ID     string `json:"id"`
		APIKey struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"api_key"`
		Tool      string    `json:"tool"`
		Credits   string    `json:"credits"`
		User      *user     `json:"user,omitempty"`
		CreatedAt time.Time `json:"created_at"`
	}
	var page struct {
		Data       []call  `json:"data"`
		NextCursor *string `json:"next_cursor"`
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n, cursor := 0, ""
	for {
		q := url.Values{"limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/workspaces/"+demo.WorkspaceAcme+"/usage/mcp-calls?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+demo.OwnerKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return n, err
		}
		page.Data, page.NextCursor = page.Data[:0], nil
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return n, err
		}
		if resp.StatusCode != http.StatusOK {
			return n, fmt.Errorf("status %d", resp.StatusCode)
		}
		for i := range page.Data {
			if err := enc.Encode(&page.Data[i]); err != nil {
				return n, err
			}
			n++
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			return n, bw.Flush()
		}
		cursor = *page.NextCursor
	}
}

// BenchmarkExportParallel is the remote case: a demo that takes 20 ms a
// response, 20,000 MCP-HTTP calls, exported as one walk and with --parallel
// 4 and 8. Each iteration runs the three in turn, so the machine's noise
// falls on all alike, and checks that the outputs are byte-identical; the
// metrics are the speed-ups over one walk, from the sums.
func BenchmarkExportParallel(b *testing.B) {
	const records = 20_000
	s, err := demo.New(demo.Options{Now: testNow, Size: records, Latency: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	keyring.MockInit()
	dir := b.TempDir()
	env := &Env{
		Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string {
			return map[string]string{config.EnvBaseURL: srv.URL, config.EnvAPIKey: demo.OwnerKey, "XDG_CONFIG_HOME": dir, "HOME": dir}[k]
		},
		Keyring: config.SystemKeyring{}, KeyringTimeout: time.Second, Now: func() time.Time { return testNow },
		StdinIsTerminal: func() bool { return false }, StderrIsTerminal: func() bool { return false },
	}
	settings := []string{"1", "4", "8"}
	var took [3]time.Duration
	var first [3][]byte
	n := 0
	for b.Loop() {
		n++
		for i, p := range settings {
			out := filepath.Join(dir, "p"+p+".ndjson")
			t0 := time.Now()
			if code := Run(context.Background(), env, []string{"export", "mcp-calls", "--workspace", demo.WorkspaceAcme, "--format", "ndjson", "--parallel", p, "-o", out}); code != 0 {
				b.Fatalf("--parallel %s: exit %d", p, code)
			}
			took[i] += time.Since(t0)
			got, err := os.ReadFile(out)
			if err != nil {
				b.Fatal(err)
			}
			first[i] = got
		}
		if !bytes.Equal(first[0], first[1]) || !bytes.Equal(first[0], first[2]) {
			b.Fatal("--parallel changed the output")
		}
	}
	b.ReportMetric(float64(took[0])/float64(took[1]), "speedup-p4")
	b.ReportMetric(float64(took[0])/float64(took[2]), "speedup-p8")
	b.ReportMetric(took[0].Seconds()/float64(n), "s/one-walk")
}
