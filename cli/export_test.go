package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

type rec struct {
	id     string
	amount model.Credits
}

// walkWithClient collects every record of a list straight from the client.
func walkWithClient(t *testing.T, c *client.Client, ws, list string) []rec {
	t.Helper()
	ctx := context.Background()
	var out []rec
	var err error
	q := client.ListQuery{Limit: 200}
	switch list {
	case "conversations":
		_, _, err = client.WalkAll(ctx, func(ctx context.Context, cur string) (client.ConversationPage, error) {
			return c.Conversations(ctx, ws, client.ConversationQuery{ListQuery: withCursor(q, cur)})
		}, nil, func(r model.Conversation) error { out = append(out, rec{string(r.ID), r.Credits}); return nil })
	case "mcp-calls":
		_, _, err = client.WalkAll(ctx, func(ctx context.Context, cur string) (client.MCPCallPage, error) {
			return c.MCPCalls(ctx, ws, client.MCPCallQuery{ListQuery: withCursor(q, cur)})
		}, nil, func(r model.MCPCall) error { out = append(out, rec{string(r.ID), r.Credits}); return nil })
	case "imports":
		_, _, err = client.WalkAll(ctx, func(ctx context.Context, cur string) (client.ImportPage, error) {
			return c.Imports(ctx, ws, client.ImportQuery{ListQuery: withCursor(q, cur)})
		}, nil, func(r model.Import) error { out = append(out, rec{string(r.ID), r.Credits}); return nil })
	case "adjustments":
		_, _, err = client.WalkAll(ctx, func(ctx context.Context, cur string) (client.AdjustmentPage, error) {
			return c.Adjustments(ctx, ws, client.AdjustmentQuery{ListQuery: withCursor(q, cur)})
		}, nil, func(r model.Adjustment) error { out = append(out, rec{string(r.ID), r.Amount}); return nil })
	case "invoices":
		_, _, err = client.WalkAll(ctx, func(ctx context.Context, cur string) (client.InvoicePage, error) {
			return c.Invoices(ctx, ws, client.InvoiceQuery{ListQuery: withCursor(q, cur)})
		}, nil, func(r model.Invoice) error { out = append(out, rec{string(r.ID), r.Amount}); return nil })
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func withCursor(q client.ListQuery, cur string) client.ListQuery { q.Cursor = cur; return q }

func parseCSV(t *testing.T, s string) (header []string, rows [][]string) {
	t.Helper()
	all, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(all) == 0 {
		t.Fatalf("csv: %v\n%.500s", err, s)
	}
	return all[0], all[1:]
}

func col(t *testing.T, header []string, names ...string) int {
	for i, h := range header {
		for _, n := range names {
			if h == n {
				return i
			}
		}
	}
	t.Fatalf("no column %v in %v", names, header)
	return -1
}

// exportedRecords parses one export in any format into (id, amount) pairs.
func exportedRecords(t *testing.T, format, out string) ([]rec, map[string]any) {
	t.Helper()
	var recs []rec
	add := func(id string, amount string) {
		c, err := model.ParseCredits(amount)
		if err != nil {
			t.Fatalf("amount %q of %s: %v", amount, id, err)
		}
		recs = append(recs, rec{id, c})
	}
	fromMap := func(m map[string]any) {
		a, ok := m["credits"].(string)
		if !ok {
			a, _ = m["amount"].(string)
		}
		add(m["id"].(string), a)
	}
	switch format {
	case "csv":
		h, rows := parseCSV(t, out)
		id, amt := 0, col(t, h, "Credits", "Amount")
		for _, r := range rows {
			add(r[id], r[amt])
		}
		return recs, nil
	case "ndjson":
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("ndjson line %q: %v", sc.Text(), err)
			}
			fromMap(m)
		}
		return recs, nil
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%.500s", err, out)
	}
	for _, d := range doc["data"].([]any) {
		fromMap(d.(map[string]any))
	}
	return recs, doc
}

func TestExportEveryListAndFormatMatchesAClientWalk(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 700})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range model.ExportNames() {
		want := walkWithClient(t, c, demo.WorkspaceAcme, list)
		if len(want) < 2 {
			t.Fatalf("%s: demo has only %d records", list, len(want))
		}
		for _, format := range []string{"csv", "json", "ndjson"} {
			// A small page size makes the walk cross many pages.
			out := h.mustRun("export", list, "--workspace", demo.WorkspaceAcme, "--format", format, "--page-size", "37")
			got, doc := exportedRecords(t, format, out)
			if len(got) != len(want) {
				t.Fatalf("%s/%s: %d records, client walk %d", list, format, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s/%s record %d: %+v, client %+v", list, format, i, got[i], want[i])
				}
			}
			if doc != nil {
				if doc["schema_version"] != float64(1) || doc["list"] != list || doc["summary"] == nil || doc["query"].(map[string]any)["workspace"] != demo.WorkspaceAcme {
					t.Fatalf("%s json envelope: %v", list, doc)
				}
			}
			if h.stderr.String() != "" {
				t.Fatalf("%s/%s wrote to a non-terminal stderr: %q", list, format, h.stderr.String())
			}
		}
	}
}

func TestExportCSVDetails(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 300})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--tz", "Asia/Kolkata", "--last", "30d")
	hd, rows := parseCSV(t, out)
	want := "Call ID,API Key Name,API Key ID,Tool,Credits,User,User Email,User ID,Created At"
	if strings.Join(hd, ",") != want {
		t.Fatalf("header %v", hd)
	}
	for _, r := range rows {
		if !strings.HasSuffix(r[8], "+05:30") {
			t.Fatalf("time not in --tz: %s", r[8])
		}
	}
	// Members (and --as-role member) get no user columns.
	for _, args := range [][]string{{"--as-role", "member"}, nil} {
		if args == nil {
			h.useDemo(srv, demo.MemberKey)
		}
		out = h.mustRun(append([]string{"export", "mcp-calls", "--workspace", "ws_acme"}, args...)...)
		if hd, _ := parseCSV(t, out); strings.Contains(strings.Join(hd, ","), "User") {
			t.Fatalf("member csv has user columns: %v", hd)
		}
		out = h.mustRun(append([]string{"export", "conversations", "--workspace", "ws_acme", "--format", "ndjson"}, args...)...)
		if strings.Contains(out, `"user"`) {
			t.Fatalf("member ndjson has user: %.300s", out)
		}
	}
}

func TestExportAPIKeyByName(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 500})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "CI pipeline", "--format", "ndjson")
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m struct {
			APIKey struct{ ID, Name string } `json:"api_key"`
		}
		json.Unmarshal([]byte(line), &m)
		if m.APIKey.ID != "key_ci" {
			t.Fatalf("record of another key: %s", line)
		}
		n++
	}
	c, _ := client.New(client.Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
	p, err := c.MCPCalls(context.Background(), "ws_acme", client.MCPCallQuery{APIKeyID: "key_ci"})
	if err != nil || int64(n) != p.Summary.Calls || n == 0 {
		t.Fatalf("exported %d, summary %d (%v)", n, p.Summary.Calls, err)
	}
	// Case-insensitive name and id work; an unknown name lists the keys.
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "ci PIPELINE")
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "key_ci")
	if code := h.run("export", "mcp-calls", "--workspace", "ws_acme", "--api-key", "Nope"); code != ExitUsage ||
		!strings.Contains(h.stderr.String(), `"CI pipeline" (key_ci)`) {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
}

func TestExportUsageErrors(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	cases := map[string][]string{
		"filters conversations":     {"export", "mcp-calls", "--workspace", "ws_acme", "--search", "x"},
		"filters mcp-calls":         {"export", "imports", "--workspace", "ws_acme", "--api-key", "x"},
		"filters imports":           {"export", "invoices", "--workspace", "ws_acme", "--import-type", "brand"},
		"filters adjustments":       {"export", "conversations", "--workspace", "ws_acme", "--type", "admin_adjustment"},
		"use one of created_at":     {"export", "mcp-calls", "--workspace", "ws_acme", "--sort", "message_count"},
		"--format":                  {"export", "mcp-calls", "--workspace", "ws_acme", "--format", "xml"},
		"--page-size":               {"export", "mcp-calls", "--workspace", "ws_acme", "--page-size", "500"},
		"export takes one LIST":     {"export", "users"},
		"pick one with --workspace": {"export", "mcp-calls"},
		"cannot see invoices":       {"export", "invoices", "--workspace", "ws_acme", "--as-role", "member"},
	}
	for want, args := range cases {
		if code := h.run(args...); code != ExitUsage || !strings.Contains(h.stderr.String(), want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", args, code, h.stderr.String(), want)
		}
	}
}

// fakeAPI serves /v1/me and one mcp-calls list from handler-provided pages.
func fakeAPI(t *testing.T, calls func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/me", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"user":{"id":"usr_1","name":"A","email":"a@x"},"workspaces":[{"id":"ws_x","name":"X","role":"owner"}]}`)
	})
	mux.HandleFunc("/v1/workspaces/ws_x/usage/mcp-calls", calls)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func callJSON(id, tool, credits string) string {
	q := func(s string) string { return string(must(json.Marshal(s))) }
	return fmt.Sprintf(`{"id":%s,"api_key":{"id":"key_1","name":"=HYPERLINK(\"http://evil\")"},"tool":%s,"credits":%s,"user":null,"created_at":"2026-11-20T09:12:44Z"}`, q(id), q(tool), q(credits))
}

func TestExportProtectsAgainstFormulaInjection(t *testing.T) {
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":[%s,%s,%s,%s],"next_cursor":null,"summary":{"calls":4,"credits":"-0.5"}}`,
			callJSON("c1", "=cmd|' /C calc'!A0", "1"), callJSON("c2", "+SUM(A1)", "-2"),
			callJSON("c3", "@foo", "0.5"), callJSON("c4", "-1+1\u001b[31m\u202e", "0"))
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	_, rows := parseCSV(t, h.mustRun("export", "mcp-calls"))
	wantTools := []string{"'=cmd|' /C calc'!A0", "'+SUM(A1)", "'@foo", "'-1+1"}
	for i, r := range rows {
		if r[3] != wantTools[i] || r[1] != `'=HYPERLINK("http://evil")` {
			t.Errorf("row %d: tool %q key %q", i, r[3], r[1])
		}
		if r[5] != "Deleted user" {
			t.Errorf("deleted user shown as %q", r[5])
		}
	}
	if rows[1][4] != "-2" {
		t.Fatalf("a negative amount must stay numeric: %q", rows[1][4])
	}
	// A tab or CR reaches cell() already turned into a space (model.Text is
	// sanitised at decode); a spreadsheet that trims it sees the formula.
	for in, want := range map[string]string{
		"\t=1+1": "' =1+1", "\r@x": "' @x", " =1+1": "' =1+1", "\u00a0\u3000+1": "'\u00a0\u3000+1",
		"\tx": " x", " a=b": " a=b", "": "", "   ": "   ",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportTotalsMismatchExits4WithCompleteOutput(t *testing.T) {
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		// The summary announces 3 calls on every page, but only 2 arrive.
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprintf(w, `{"data":[%s],"next_cursor":"p2","summary":{"calls":3,"credits":"3"}}`, callJSON("c1", "t", "1"))
			return
		}
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":3,"credits":"3"}}`, callJSON("c2", "t", "2.5"))
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	target := filepath.Join(t.TempDir(), "calls.ndjson")
	code := h.run("export", "mcp-calls", "--format", "ndjson", "-o", target)
	if code != ExitMismatch {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	msg := h.stderr.String()
	if !strings.Contains(msg, `{"calls":2,"credits":"3.5"}`) || !strings.Contains(msg, `{"calls":3,"credits":"3"}`) {
		t.Fatalf("mismatch message lacks both totals: %s", msg)
	}
	b, err := os.ReadFile(target)
	if err != nil || strings.Count(string(b), "\n") != 2 {
		t.Fatalf("output not complete: %q %v", b, err)
	}
}

// A later page whose summary differs means records moved: export stops,
// exits 4 and says which page and which figure.
func TestExportSummaryChangeExits4NamingPageAndFigure(t *testing.T) {
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprintf(w, `{"data":[%s],"next_cursor":"p2","summary":{"calls":3,"credits":"3"}}`, callJSON("c1", "t", "1"))
			return
		}
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":3,"credits":"3.5"}}`, callJSON("c2", "t", "2.5"))
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	target := filepath.Join(t.TempDir(), "calls.ndjson")
	if code := h.run("export", "mcp-calls", "--format", "ndjson", "-o", target); code != ExitMismatch {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	msg := h.stderr.String()
	for _, want := range []string{"page 2", "credits was 3 on page 1, 3.5 on page 2", "records moved", target + " was not written"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("a stopped export left %s: %v", target, err)
	}
}

// The same id twice in one walk exits 4 naming the id.
func TestExportRepeatedIDExits4NamingIt(t *testing.T) {
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprintf(w, `{"data":[%s,%s],"next_cursor":"p2","summary":{"calls":3,"credits":"3"}}`, callJSON("call_a", "t", "1"), callJSON("call_b", "t", "1"))
			return
		}
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":3,"credits":"3"}}`, callJSON("call_a", "t", "1"))
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	if code := h.run("export", "mcp-calls"); code != ExitMismatch {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if msg := h.stderr.String(); !strings.Contains(msg, "page 2: record call_a was already sent") {
		t.Errorf("message: %s", msg)
	}
}

func TestExportOutputIsAtomic(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprintf(w, `{"data":[%s],"next_cursor":"p2","summary":{"calls":2,"credits":"2"}}`, callJSON("c1", "t", "1"))
			return
		}
		if fail.Load() {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":{"type":"invalid_request","code":"invalid_cursor","message":"cursor expired","param":"cursor"}}`)
			return
		}
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":2,"credits":"2"}}`, callJSON("c2", "t", "1"))
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	dir := t.TempDir()
	target := filepath.Join(dir, "calls.csv")
	os.WriteFile(target, []byte("previous export\n"), 0o644)
	if code := h.run("export", "mcp-calls", "-o", target); code != ExitError || !strings.Contains(h.stderr.String(), "cursor expired") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if b, _ := os.ReadFile(target); string(b) != "previous export\n" {
		t.Fatalf("failed export touched the target: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temp file left behind: %v", entries)
	}
	fail.Store(false)
	h.mustRun("export", "mcp-calls", "-o", target)
	_, rows := parseCSV(t, string(must(os.ReadFile(target))))
	if len(rows) != 2 {
		t.Fatalf("rows %v", rows)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o644 {
		t.Fatalf("existing file's mode not kept: %v", st.Mode())
	}
	if h.stdout.String() != "" {
		t.Fatal("-o also wrote to stdout")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestExportHostileDataStaysClean(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 300, Hostile: true})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for _, list := range model.ExportNames() {
		for _, format := range []string{"csv", "ndjson"} {
			out := h.mustRun("export", list, "--workspace", "ws_acme", "--format", format)
			for _, r := range out {
				if (r < 0x20 && r != '\n' && r != '"') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
					t.Fatalf("%s/%s: control rune %U in output", list, format, r)
				}
			}
			if format == "csv" {
				hd, rows := parseCSV(t, out)
				for _, row := range rows {
					if len(row) != len(hd) {
						t.Fatalf("%s: row width %d, header %d", list, len(row), len(hd))
					}
					for i, c := range row {
						if c != "" && strings.ContainsRune("=+@\t\r", rune(c[0])) {
							t.Fatalf("%s: unprotected cell %q in column %s", list, c, hd[i])
						}
					}
				}
			}
		}
	}
}

func TestInterruptedExportLeavesNoFile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprintf(w, `{"data":[%s],"next_cursor":"p2","summary":{"calls":2,"credits":"2"}}`, callJSON("c1", "t", "1"))
			return
		}
		cancel() // Ctrl-C while the second page is in flight
		<-r.Context().Done()
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	dir := t.TempDir()
	target := filepath.Join(dir, "calls.csv")
	h.e.Stdin = strings.NewReader("")
	code := Run(ctx, h.e, []string{"export", "mcp-calls", "-o", target})
	if code != ExitError || !strings.Contains(h.stderr.String(), "interrupted after 1 records") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left: %v", entries)
	}
}

func TestProgressOnlyWhenStderrIsAScreenWithoutTheRecords(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{}), demo.OwnerKey)
	out := filepath.Join(t.TempDir(), "calls.csv")
	for _, c := range []struct {
		stderr, stdout bool
		args           []string
		want           bool
	}{
		{true, false, nil, true},
		{true, true, []string{"-o", out}, true},
		{true, true, nil, false}, // the records are on that screen
		{false, false, []string{"-o", out}, false},
	} {
		h.e.StderrIsTerminal = func() bool { return c.stderr }
		h.e.StdoutIsTerminal = func() bool { return c.stdout }
		h.mustRun(append([]string{"export", "mcp-calls", "--workspace", "ws_acme"}, c.args...)...)
		if got := strings.Contains(h.stderr.String(), "records"); got != c.want {
			t.Errorf("stderr tty %v, stdout tty %v, %v: progress %v (%q)", c.stderr, c.stdout, c.args, got, h.stderr.String())
		}
	}
}
