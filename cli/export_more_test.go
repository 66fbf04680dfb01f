package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func demoClientFor(t *testing.T, url, key string) *client.Client {
	t.Helper()
	c, err := client.New(client.Options{BaseURL: url, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type activityLine struct {
	At           time.Time     `json:"at"`
	Kind         string        `json:"kind"`
	ID           string        `json:"id"`
	Label        string        `json:"label"`
	Amount       model.Credits `json:"amount"`
	BalanceAfter model.Credits `json:"balance_after"`
}

func TestExportActivityEveryFormat(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 300})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	c := demoClientFor(t, srv.URL, demo.OwnerKey)
	b, err := c.Billing(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, l := range []string{"conversations", "mcp-calls", "imports", "adjustments"} {
		want += len(walkWithClient(t, c, "ws_acme", l))
	}
	var byFormat [][]activityLine
	for _, format := range []string{"csv", "json", "ndjson"} {
		out := h.mustRun("export", "activity", "--workspace", "ws_acme", "--format", format, "--page-size", "17", "--tz", "Europe/Berlin")
		var rows []activityLine
		switch format {
		case "csv":
			head, recs := parseCSV(t, out)
			if strings.Join(head, ",") != "At,Kind,ID,Label,Amount,Balance After" {
				t.Fatalf("header %v", head)
			}
			for _, r := range recs {
				at, err := time.Parse(time.RFC3339, r[0])
				if err != nil || !(strings.HasSuffix(r[0], "+01:00") || strings.HasSuffix(r[0], "+02:00")) {
					t.Fatalf("csv time %q not in --tz: %v", r[0], err)
				}
				rows = append(rows, activityLine{at, r[1], r[2], r[3], model.MustCredits(r[4]), model.MustCredits(r[5])})
			}
		case "json":
			var doc struct {
				SchemaVersion int `json:"schema_version"`
				List          string
				Summary       struct {
					Changes int64
					Net     model.Credits
					Anchor  model.Credits `json:"balance_after_newest"`
					Opening model.Credits `json:"balance_before_oldest"`
				}
				Data []activityLine
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.SchemaVersion != 1 || doc.List != "activity" || doc.Summary.Changes != int64(want) ||
				doc.Summary.Anchor != b.Credits.Remaining || doc.Summary.Opening != 0 || doc.Summary.Net != b.Credits.Remaining {
				t.Fatalf("json head %+v", doc.Summary)
			}
			rows = doc.Data
		default:
			sc := bufio.NewScanner(strings.NewReader(out))
			for sc.Scan() {
				var l activityLine
				if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
					t.Fatal(err)
				}
				rows = append(rows, l)
			}
		}
		if len(rows) != want || rows[0].BalanceAfter != b.Credits.Remaining {
			t.Fatalf("%s: %d rows of %d; first %+v", format, len(rows), want, rows[0])
		}
		last := rows[len(rows)-1]
		if last.BalanceAfter-last.Amount != 0 {
			t.Errorf("%s: before the oldest change %s, want exactly 0", format, last.BalanceAfter-last.Amount)
		}
		byFormat = append(byFormat, rows)
	}
	for i := range byFormat[0] {
		a, j, n := byFormat[0][i], byFormat[1][i], byFormat[2][i]
		if a.ID != j.ID || j != n || !a.At.Equal(j.At) || a.BalanceAfter != j.BalanceAfter || a.Label != j.Label {
			t.Fatalf("row %d differs between formats: %+v %+v %+v", i, a, j, n)
		}
	}
	// A window: the newest row's balance after is remaining minus everything after it.
	out := h.mustRun("export", "activity", "--workspace", "ws_acme", "--format", "ndjson", "--from", "2026-10-01", "--to", "2026-10-31", "--tz", "UTC") // to: the end of Oct 31
	first := strings.SplitN(out, "\n", 2)[0]
	var l activityLine
	_ = json.Unmarshal([]byte(first), &l)
	var after model.Credits
	for _, r := range byFormat[1] {
		if !r.At.Before(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
			after += r.Amount
		}
	}
	if l.BalanceAfter != b.Credits.Remaining-after || l.At.Month() != 10 {
		t.Errorf("windowed anchor %s, want %s (%+v)", l.BalanceAfter, b.Credits.Remaining-after, l)
	}
}

func TestExportActivityRefusesFiltersAndRedacts(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 100})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for _, args := range [][]string{
		{"--api-key", "CI pipeline"}, {"--search", "x"}, {"--sort", "credits"}, {"--group-by", "day"}, {"--page-size", "0"},
	} {
		if code := h.run(append([]string{"export", "activity", "--workspace", "ws_acme"}, args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, h.stderr.String())
		}
	}
	out := h.mustRun("export", "activity", "--workspace", "ws_acme", "--redact", "--format", "ndjson")
	if strings.Contains(out, "CI pipeline") || strings.Contains(out, "radia@example.com") || !strings.Contains(out, "MCP-HTTP call · Key ") {
		t.Errorf("redacted activity leaks names:\n%.400s", out)
	}
}

func TestExportActivityMismatchExits4(t *testing.T) {
	// The server's summary announces two calls but the walk finds one.
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":2,"credits":"2"}}`, callJSON("c1", "t", "1"))
	})
	mux := srv.Config.Handler.(*http.ServeMux)
	empty := func(sum string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"data":[],"next_cursor":null,"summary":%s}`, sum)
		}
	}
	mux.HandleFunc("/v1/workspaces/ws_x/billing", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"role":"owner","credits":{"remaining":"-2"}}`)
	})
	mux.HandleFunc("/v1/workspaces/ws_x/usage/conversations", empty(`{"conversations":0,"messages":0,"credits":"0"}`))
	mux.HandleFunc("/v1/workspaces/ws_x/usage/imports", empty(`{"imports":0,"credits":"0"}`))
	mux.HandleFunc("/v1/workspaces/ws_x/credit-adjustments", empty(`{"adjustments":0,"credits_added":"0","credits_removed":"0","net":"0"}`))
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	target := filepath.Join(t.TempDir(), "a.csv")
	if code := h.run("export", "activity", "-o", target); code != ExitMismatch || !strings.Contains(h.stderr.String(), "1 changes read, the summaries say 2") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if b, err := os.ReadFile(target); err != nil || strings.Count(string(b), "\n") != 2 {
		t.Errorf("output not complete: %q %v", b, err)
	}
}

func TestExportGroupBy(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 400})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	c := demoClientFor(t, srv.URL, demo.OwnerKey)
	want, err := c.MCPCallGroups(context.Background(), "ws_acme", client.MCPCallGroupsQuery{GroupQuery: client.GroupQuery{By: model.GroupByAPIKey, Limit: 3}})
	if err != nil {
		t.Fatal(err)
	}
	// json is the server's document plus schema_version, list and query.
	out := h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--group-by", "api_key", "--group-limit", "3", "--format", "json")
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		List          string
		Query         struct {
			By         string
			GroupLimit int `json:"group_limit"`
		}
		model.Groups[model.MCPSummary]
	}
	if err := json.Unmarshal([]byte(out), &doc.Groups); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(out), &struct {
		SchemaVersion *int `json:"schema_version"`
		List          *string
		Query         any
	}{&doc.SchemaVersion, &doc.List, &doc.Query})
	if doc.SchemaVersion != 1 || doc.List != "mcp-calls" || doc.Query.By != "api_key" || doc.Query.GroupLimit != 3 ||
		len(doc.Data) != 3 || doc.Other != want.Other || doc.Summary != want.Summary || doc.Check() != nil {
		t.Fatalf("json %+v", doc)
	}
	for i := range want.Data {
		if doc.Data[i].KeyString() != want.Data[i].KeyString() || doc.Data[i].Credits != want.Data[i].Credits || *doc.Data[i].Label != *want.Data[i].Label {
			t.Errorf("group %d: %+v, want %+v", i, doc.Data[i], want.Data[i])
		}
	}
	// csv and ndjson: one row per group, then the other row.
	head, rows := parseCSV(t, h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--group-by", "api_key", "--group-limit", "3"))
	if strings.Join(head, ",") != "Kind,Key,Label,Groups,Count,Credits" || len(rows) != 4 || rows[0][1] != want.Data[0].KeyString() ||
		rows[3][0] != "other" || rows[3][3] != fmt.Sprint(want.Other.Groups) || rows[3][5] != want.Other.Credits.String() {
		t.Errorf("csv %v %v", head, rows)
	}
	lines := strings.Split(strings.TrimSpace(h.mustRun("export", "conversations", "--workspace", "ws_acme", "--group-by", "user", "--format", "ndjson")), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], `{"kind":"group"`) || !strings.HasPrefix(lines[len(lines)-1], `{"kind":"other"`) {
		t.Errorf("ndjson %v", lines)
	}
	// Time groups in --tz; a filter applies; redaction masks people.
	out = h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--group-by", "week", "--last", "30d", "--tz", "Europe/Berlin", "--api-key", "CI pipeline", "--format", "json")
	if !strings.Contains(out, `"tz": "Europe/Berlin"`) || !strings.Contains(out, `"api_key_id": "key_ci"`) {
		t.Errorf("weeks: %.600s", out)
	}
	out = h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--group-by", "user", "--redact", "--format", "csv")
	if strings.Contains(out, "Grace Hopper") || !strings.Contains(out, "User ") || !strings.Contains(out, "usr_2") {
		t.Errorf("redacted groups:\n%s", out)
	}
	// Usage errors (exit 2) and a member's by=user.
	for _, args := range [][]string{
		{"invoices", "--group-by", "day", "--last", "7d"}, {"adjustments", "--group-by", "user"}, {"mcp-calls", "--group-by", "day"},
		{"mcp-calls", "--group-limit", "5"}, {"mcp-calls", "--group-by", "tool", "--group-limit", "1001"}, {"mcp-calls", "--group-by", "tool", "--sort", "credits"},
		{"mcp-calls", "--group-by", "tool", "--search", "x"}, {"mcp-calls", "--group-by", "user", "--as-role", "member"},
	} {
		if code := h.run(append([]string{"export", "--workspace", "ws_acme"}, args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, h.stderr.String())
		}
	}
	h.env["TALLY_API_KEY"] = demo.MemberKey
	if code := h.run("export", "mcp-calls", "--group-by", "user"); code != ExitUsage || !strings.Contains(h.stderr.String(), "a member does not") {
		t.Errorf("member by user: %d %s", code, h.stderr.String())
	}
	if code := h.run("export", "mcp-calls", "--group-by", "api_key", "--format", "ndjson"); code != 0 {
		t.Errorf("member by api_key: %d %s", code, h.stderr.String())
	}
}

func TestExportGroupByOn10Server(t *testing.T) {
	srv := startDemo(t, demo.Options{API: demo.API10})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	target := filepath.Join(t.TempDir(), "g.json")
	code := h.run("export", "mcp-calls", "--workspace", "ws_acme", "--group-by", "api_key", "-o", target)
	if code != ExitError || !strings.Contains(h.stderr.String(), "this server cannot group") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("-o file written: %v", err)
	}
	// The records still export, and so does activity.
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme")
	h.mustRun("export", "activity", "--workspace", "ws_acme")
}

func TestExportGroupsMismatchExits4(t *testing.T) {
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/v1/workspaces/ws_x/usage/mcp-calls/groups", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"by":"tool","tz":"UTC","data":[{"key":"t","label":"t","count":1,"credits":"1"}],
		  "other":{"groups":0,"count":0,"credits":"0"},"summary":{"calls":2,"credits":"1"}}`)
	})
	h := newHarness(t)
	h.useDemo(srv, "tally_test_key_00000000")
	out, code := h.mustRunCode("export", "mcp-calls", "--group-by", "tool", "--format", "ndjson")
	if code != ExitMismatch || !strings.Contains(h.stderr.String(), "do not add up") || !strings.Contains(out, `"kind":"other"`) {
		t.Errorf("exit %d: %s\n%s", code, h.stderr.String(), out)
	}
}

// mustRunCode runs and returns stdout and the exit code.
func (h *harness) mustRunCode(args ...string) (string, int) {
	code := h.run(args...)
	return h.stdout.String(), code
}
