package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// --user takes an id, a name or an email (one resolver), sends user_id and
// exports exactly that user's records.
func TestExportByUser(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 500})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	c, _ := client.New(client.Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
	ctx := context.Background()
	for _, list := range []string{"conversations", "mcp-calls", "imports"} {
		for _, typed := range []string{"usr_1", "Ada Lovelace", "ada lovelace", "ada@example.com"} {
			out := h.mustRun("export", list, "--workspace", "ws_acme", "--user", typed, "--format", "json")
			var doc struct {
				Query   map[string]any  `json:"query"`
				Summary json.RawMessage `json:"summary"`
				Data    []struct {
					User *model.User `json:"user"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Query["user_id"] != "usr_1" {
				t.Errorf("%s --user %q: query %v", list, typed, doc.Query)
			}
			for _, r := range doc.Data {
				if r.User == nil || r.User.ID != "usr_1" {
					t.Fatalf("%s --user %q: a record of %+v", list, typed, r.User)
				}
			}
			// Exactly the filtered list's count: compare with the API.
			q := client.ViewQuery{List: model.ExportList(list), View: model.View{User: "usr_1"}, ListQuery: client.ListQuery{Limit: 1}}
			var n int64
			switch list {
			case "conversations":
				p, _ := client.FetchPage[model.Conversation, model.ConversationSummary](ctx, c, "ws_acme", q)
				n = p.Summary.Conversations
			case "mcp-calls":
				p, _ := client.FetchPage[model.MCPCall, model.MCPSummary](ctx, c, "ws_acme", q)
				n = p.Summary.Calls
			case "imports":
				p, _ := client.FetchPage[model.Import, model.ImportSummary](ctx, c, "ws_acme", q)
				n = p.Summary.Imports
			}
			if int64(len(doc.Data)) != n || n == 0 {
				t.Errorf("%s --user %q: exported %d, the API's summary says %d", list, typed, len(doc.Data), n)
			}
		}
	}
	// Groups take the user filter too: one user grouped by key adds up to that user.
	out := h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "--user", "Ada Lovelace", "--group-by", "api_key", "--format", "json")
	var g struct {
		Query   struct{ Filters map[string]string } `json:"query"`
		Summary model.MCPSummary                    `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil || g.Query.Filters["user_id"] != "usr_1" {
		t.Fatalf("groups query %+v %v", g.Query, err)
	}
	p, _ := c.MCPCalls(ctx, "ws_acme", client.MCPCallQuery{UserID: "usr_1"})
	if g.Summary != p.Summary {
		t.Errorf("grouped summary %+v, filtered list %+v", g.Summary, p.Summary)
	}
	// Unknown: the candidates are listed, with their ids.
	if code := h.run("export", "imports", "--workspace", "ws_acme", "--user", "Nobody"); code != ExitUsage ||
		!strings.Contains(h.stderr.String(), `no user "Nobody"; choose one of`) || !strings.Contains(h.stderr.String(), "(usr_") {
		t.Errorf("unknown user: exit %d %q", code, h.stderr.String())
	}
	if code := h.run("export", "adjustments", "--user", "usr_1"); code != ExitUsage ||
		!strings.Contains(h.stderr.String(), "--user does not apply to adjustments; it filters conversations, mcp-calls, imports") {
		t.Errorf("adjustments: exit %d %q", code, h.stderr.String())
	}
}

// Members do not see users: --user is refused before anything is sent, and
// a 1.0 server is told apart from a wrong name.
func TestExportByUserRolesAndOldServers(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 200})
	h := newHarness(t)
	h.useDemo(srv, demo.MemberKey)
	if code := h.run("export", "conversations", "--user", "usr_1"); code != ExitUsage ||
		!strings.Contains(h.stderr.String(), "--user needs a role that sees users (owner, admin or support); a member does not") {
		t.Errorf("member: exit %d %q", code, h.stderr.String())
	}
	h.useDemo(startDemo(t, demo.Options{Size: 200}), demo.OwnerKey)
	if code := h.run("export", "conversations", "--workspace", "ws_acme", "--user", "usr_1", "--as-role", "member"); code != ExitUsage {
		t.Errorf("as member: exit %d %q", code, h.stderr.String())
	}
	h.useDemo(startDemo(t, demo.Options{Size: 200, API: demo.API10}), demo.OwnerKey)
	if code := h.run("export", "conversations", "--workspace", "ws_acme", "--user", "usr_1"); code != ExitError ||
		!strings.Contains(h.stderr.String(), "this server cannot filter by user") {
		t.Errorf("1.0 server: exit %d %q", code, h.stderr.String())
	}
}

// Y's command line reopens the same view, and export takes it as it is.
func TestCalendarGroupAndUserFlagsRoundTrip(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 200})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for _, line := range []string{
		"--tab mcp-calls --month 2026-10 --user usr_1 --group-by api_key",
		"--tab conversations --year 2026 --group-by week --tz Europe/Berlin",
		"--tab imports --last 30d --user Ada --group-by day",
		"--tab adjustments --month 2026-11 --group-by type",
	} {
		h.reset()
		if code := h.run(append([]string{"--workspace", "ws_acme"}, strings.Fields(line)...)...); code != 0 {
			t.Fatalf("%s: exit %d %s", line, code, h.stderr.String())
		}
		got := h.tuiCfg.View.CommandLine()
		if want := "tally --workspace ws_acme " + line; got != want {
			t.Errorf("Y prints\n %s\nwant\n %s", got, want)
		}
	}
	// Without --tab, --group-by api_key can only mean MCP-HTTP calls.
	h.reset()
	if code := h.run("--group-by", "api_key"); code != 0 || h.tuiCfg.View.Tab != model.TabMCPCalls {
		t.Errorf("inferred tab: %d %+v", code, h.tuiCfg)
	}
	// --month is in --tz: October in Berlin starts at 22:00 UTC on Sep 30.
	h.reset()
	out := h.mustRun("export", "adjustments", "--workspace", "ws_acme", "--month", "2026-10", "--tz", "Europe/Berlin", "--format", "json")
	var doc struct{ Query struct{ From, To string } }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Query.From != "2026-09-30T22:00:00Z" || doc.Query.To != "2026-10-31T23:00:00Z" {
		t.Errorf("month window %+v %v", doc.Query, err)
	}
}
