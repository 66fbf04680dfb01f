package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/tabs"
)

// acme opens ws_acme on Conversations, the tab most tests exercise.
func acme() harnessOpts {
	return harnessOpts{me: true, view: model.View{Workspace: "ws_acme", Tab: model.TabConversations}}
}

func (h *harness) lt(id model.Tab) tabs.Tab { return h.m.tabs[h.m.tabIndex(id)] }

func mustContain(t *testing.T, screen string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(screen, s) {
			t.Fatalf("screen lacks %q:\n%s", s, screen)
		}
	}
}

func mustNotContain(t *testing.T, screen string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(screen, s) {
			t.Fatalf("screen has %q:\n%s", s, screen)
		}
	}
}

func TestPickerOpensWithSeveralWorkspacesAndSwitchResetsFilters(t *testing.T) {
	h := newHarness(t, harnessOpts{me: true})
	if h.m.hasWS {
		t.Fatal("a workspace was chosen without asking")
	}
	mustContain(t, h.screen(), "Workspace", "Acme Studio", "Side Project", "Free Sandbox")
	h.keys("enter")
	if h.m.sess.WS != "ws_acme" {
		t.Fatalf("ws = %q", h.m.sess.WS)
	}
	h.keys("3", "d", "g", "j", "enter") // Conversations, Last 30 days
	if got := h.view().Last; got != "30d" {
		t.Fatalf("Last = %q", got)
	}
	h.keys("w", "j", "enter") // Side Project
	if h.m.sess.WS != "ws_side" {
		t.Fatalf("ws = %q", h.m.sess.WS)
	}
	if v := h.view(); filtered(v) {
		t.Fatalf("filters survived the switch: %+v", v)
	}
	mustContain(t, h.screen(), "Side Project · member")
	mustNotContain(t, h.screen(), " User ")
}

func TestSingleWorkspaceIsUsedDirectly(t *testing.T) {
	h := newHarness(t, harnessOpts{key: demo.MemberKey})
	if !h.m.hasWS || h.m.sess.WS != "ws_acme" {
		t.Fatalf("hasWS=%v ws=%q", h.m.hasWS, h.m.sess.WS)
	}
}

func TestUserColumnOnlyForRolesThatSeeUsers(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		as   model.Role
		want bool
	}{
		{"owner", demo.OwnerKey, "", true},
		{"admin", demo.AdminKey, "", true},
		{"support", demo.SupportKey, "", true},
		{"member", demo.MemberKey, "", false},
		{"owner as member", demo.OwnerKey, model.RoleMember, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := acme()
			o.key = tc.key
			o.view.AsRole = tc.as
			h := newHarness(t, o)
			for _, id := range []model.Tab{model.TabConversations, model.TabMCPCalls, model.TabImports} {
				h.m.switchTab(h.m.tabIndex(id))
				h.run(h.m.activate())
				lt := h.lt(id)
				got := false
				switch x := lt.(type) {
				case *tabs.List[model.Conversation, model.ConversationSummary]:
					got = x.Table().Visible("User")
				case *tabs.List[model.MCPCall, model.MCPSummary]:
					got = x.Table().Visible("User")
				case *tabs.List[model.Import, model.ImportSummary]:
					got = x.Table().Visible("User")
				}
				if got != tc.want {
					t.Fatalf("%s: User column visible = %v, want %v\n%s", id, got, tc.want, h.screen())
				}
			}
		})
	}
}

func TestTabsSwitchByKeysWithoutRefetching(t *testing.T) {
	h := newHarness(t, acme())
	order := []string{}
	for _, k := range []string{"4", "5", "6", "3", "tab", "shift+tab", "shift+tab", "7", "1"} {
		h.keys(k)
		order = append(order, string(h.m.activeTab().ID()))
	}
	want := "mcp-calls imports adjustments conversations mcp-calls conversations activity billing overview"
	if got := strings.Join(order, " "); got != want {
		t.Fatalf("tabs = %s", got)
	}
	before := h.requests.Load()
	h.keys("3", "4", "5", "6", "1", "7")
	if after := h.requests.Load(); after != before {
		t.Fatalf("switching tabs made %d requests", after-before)
	}
	h.keys("r")
	if h.requests.Load() == before {
		t.Fatal("r did not refetch")
	}
}

func TestFiltersSortAndSummaryMatchTheAPI(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("d", "g", "j", "enter") // Last 30 days
	h.keys("t", "j", "enter")      // Message
	v := h.view()
	if v.Last != "30d" || v.BillingType != model.BillingMessage {
		t.Fatalf("view = %+v", v)
	}
	h.keys("s") // credits
	v = h.view()
	if v.Sort != "credits" || v.Order != "" {
		t.Fatalf("sort = %q %q", v.Sort, v.Order)
	}
	h.keys("S")
	if v = h.view(); v.Order != "asc" {
		t.Fatalf("S did not reverse: %q", v.Order)
	}
	scr := h.screen()
	mustContain(t, scr, "Date: Last 30 days", "Type: Message", "Sort: Credits ▲", "Credits ▲", "Filtered")

	from, to, _ := v.Window(fixedNow, time.UTC)
	p, err := h.c.Conversations(context.Background(), "ws_acme", client.ConversationQuery{
		ListQuery: client.ListQuery{From: from, To: to, Sort: "credits", Order: "asc", Limit: 1}, BillingType: model.BillingMessage})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Summary
	want := common.FmtCount(s.Conversations) + " conversations · " + common.FmtCount(s.Messages) + " messages · " + s.Credits.Grouped() + " credits"
	mustContain(t, scr, want)
	// Records really are sorted ascending by credits.
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	for i := 1; i < lt.Table().Len(); i++ {
		if lt.Table().Row(i).Credits < lt.Table().Row(i-1).Credits {
			t.Fatalf("row %d not ascending", i)
		}
		if lt.Table().Row(i).BillingType != model.BillingMessage {
			t.Fatalf("row %d has type %s", i, lt.Table().Row(i).BillingType)
		}
	}
	h.keys("c")
	if filtered(h.view()) {
		t.Fatal("c did not clear filters")
	}
	if h.view().Sort != "credits" {
		t.Fatal("c cleared the sort")
	}
	mustContain(t, h.screen(), "Total", "Date: All time")
}

func TestSortCyclesOnlySortableColumnsAndClickReverses(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("6")
	var seen []string
	for i := 0; i < 3; i++ {
		h.keys("s")
		seen = append(seen, sortOf(h.view()))
	}
	if got := strings.Join(seen, ","); got != "amount,created_at,amount" {
		t.Fatalf("sort cycle = %s", got)
	}
	// Click the Created At header: sorts by it; a second click reverses.
	lt := h.lt(model.TabAdjustments).(*tabs.List[model.Adjustment, model.AdjustmentSummary])
	x := lt.Table().ColumnX("Created At") + 1
	h.send(tea.MouseClickMsg{X: x, Y: h.m.tableTop(), Button: tea.MouseLeft})
	if v := h.view(); sortOf(v) != "created_at" || v.Order == "asc" {
		t.Fatalf("after click: %+v", v)
	}
	h.send(tea.MouseClickMsg{X: x, Y: h.m.tableTop(), Button: tea.MouseLeft})
	if v := h.view(); sortOf(v) != "created_at" || v.Order != "asc" {
		t.Fatalf("after second click: %+v", v)
	}
	// Clicking a column that cannot sort does nothing.
	h.send(tea.MouseClickMsg{X: 3, Y: h.m.tableTop(), Button: tea.MouseLeft})
	if f := sortOf(h.view()); f != "created_at" {
		t.Fatalf("Type header sorted: %s", f)
	}
}

// Scrolling never reaches the end of what is held: the next page is asked
// for while two screens and a page are still ahead of the window.
func TestLazyPagingPrefetchesBeforeTheEnd(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("4")
	lt := h.lt(model.TabMCPCalls).(*tabs.List[model.MCPCall, model.MCPSummary])
	tb := lt.Table()
	ahead := 2*tb.Height() + tabs.PageLimit
	if tb.Len() != 2*tabs.PageLimit {
		t.Fatalf("first screen holds %d rows, want two pages (one to show, one ahead)", tb.Len())
	}
	for i := 0; i < 1900; i++ {
		h.keys("j")
		if beyond := tb.Len() - (tb.Offset() + tb.Height()); beyond < ahead && !tb.Complete() {
			t.Fatalf("key %d: only %d rows held past the window (want %d)", i, beyond, ahead)
		}
		if tb.Pending() {
			t.Fatalf("key %d: the cursor waited for a page", i)
		}
	}
	mustContain(t, h.screen(), "row 1,901 of 2,000")
}

// G reaches the true last record with one request, and the list scrolled
// up from there joins the head: every record exactly once, in the API's order.
func TestBottomThenUpJoinsTheWalks(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("4")
	lt := h.lt(model.TabMCPCalls).(*tabs.List[model.MCPCall, model.MCPSummary])
	before := h.requests.Load()
	h.keys("G")
	if n := h.requests.Load() - before; n > 2 {
		t.Fatalf("G made %d requests", n)
	}
	last, err := h.c.MCPCalls(context.Background(), "ws_acme", client.MCPCallQuery{ListQuery: client.ListQuery{Order: "asc", Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if h.selectedID() != string(last.Data[0].ID) {
		t.Fatalf("G selected %s, the oldest call is %s", h.selectedID(), last.Data[0].ID)
	}
	mustContain(t, h.screen(), "row 2,000 of 2,000")
	for i := 0; i < 200 && !lt.Table().Complete(); i++ {
		h.keys("pgup")
	}
	var want []model.Text
	guard := h.c.NewWalk(200)
	for p, err := range client.Pages(context.Background(), func(ctx context.Context, cursor string) (model.Page[model.MCPCall, model.MCPSummary], error) {
		return h.c.MCPCalls(ctx, "ws_acme", client.MCPCallQuery{ListQuery: client.ListQuery{Limit: 200, Cursor: cursor}})
	}, &guard) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Data {
			want = append(want, r.ID)
		}
	}
	var got []model.Text
	for r := range lt.Table().All() {
		got = append(got, r.ID)
	}
	if !lt.Table().Complete() || !slices.Equal(got, want) {
		t.Fatalf("joined %v: %d records held, the API walk has %d", lt.Table().Complete(), len(got), len(want))
	}
}

func TestLoadingRowWhileNextPageComes(t *testing.T) {
	h := newHarness(t, acme())
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	// Move near the end without running the fetch command: scrolling never waits.
	var pending tea.Cmd
	for i := 0; i < 2*tabs.PageLimit-1; i++ {
		_, cmd := h.m.Update(keyMsg("j"))
		if cmd != nil {
			pending = cmd
		}
	}
	if pending == nil || !lt.Status().Busy {
		t.Fatal("no page request while nearing the end")
	}
	mustContain(t, h.screen(), "… loading more")
	h.run(pending)
	if lt.Table().Len() < 3*tabs.PageLimit || lt.Status().Busy || lt.Table().Cursor() != 2*tabs.PageLimit-1 {
		t.Fatalf("rows %d loading %v", lt.Table().Len(), lt.Status().Busy)
	}
}

func TestSearchIsDebounced(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("/", "L", "o", "g", "o")
	if h.view().Search != "" {
		t.Fatal("search applied before the debounce fired")
	}
	mustContain(t, h.screen(), "Search: Logo")
	h.send(debounceMsg{seq: h.m.searchSeq - 1}) // an older keystroke's timer
	if h.view().Search != "" {
		t.Fatal("a stale debounce applied the search")
	}
	h.send(debounceMsg{seq: h.m.searchSeq})
	if got := h.view().Search; got != "Logo" {
		t.Fatalf("search = %q", got)
	}
	h.keys("enter")
	mustContain(t, h.screen(), `Search: "Logo"`, "Filtered")
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	for r := range lt.Table().All() {
		if !strings.Contains(strings.ToLower(string(r.Title)+model.DisplayName(r.User)+string(r.ID)), "logo") {
			t.Fatalf("row %s does not match", r.Title)
		}
	}
	// esc restores the previous search.
	h.keys("/", "x", "esc")
	if got := h.view().Search; got != "Logo" {
		t.Fatalf("esc left search = %q", got)
	}
}

func TestCustomDateRangeValidates(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("d", "G", "enter") // Custom…
	for _, r := range "2026-11-10" {
		h.keys(string(r))
	}
	h.keys("tab")
	for _, r := range "2026-11-01" {
		h.keys(string(r))
	}
	h.keys("enter")
	mustContain(t, h.screen(), "from must not be after to")
	for i := 0; i < 2; i++ {
		h.keys("backspace")
	}
	h.keys("2", "0", "enter")
	v := h.view()
	if !v.From.Equal(time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)) || !v.To.Equal(time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("range = %v – %v", v.From, v.To)
	}
	mustContain(t, h.screen(), "Date: 2026-11-10 – 2026-11-20", "Filtered")
	h.keys("d", "enter") // the picker reopens on Custom; bad input keeps the dialog open
	h.keys("ctrl+u", "x", "enter")
	mustContain(t, h.screen(), "from: use YYYY-MM-DD")
}

func TestAPIKeyPickerMarksRevokedAndFilters(t *testing.T) {
	h := newHarness(t, acme())
	h.keys("4", "a")
	scr := h.screen()
	mustContain(t, scr, "API key", "All keys", "revoked")
	h.keys("j", "enter")
	v := h.view()
	if v.APIKey == "" {
		t.Fatal("no key chosen")
	}
	keys, err := h.c.APIKeys(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	name := ""
	for _, k := range keys {
		if string(k.ID) == v.APIKey {
			name = string(k.Name)
		}
	}
	mustContain(t, h.screen(), "Key: "+name, "Filtered")
	lt := h.lt(model.TabMCPCalls).(*tabs.List[model.MCPCall, model.MCPSummary])
	for r := range lt.Table().All() {
		if string(r.APIKey.ID) != v.APIKey {
			t.Fatalf("row with key %s", r.APIKey.ID)
		}
	}
}

func TestKeyNameFromFlagsResolvesToID(t *testing.T) {
	o := acme()
	o.view.Tab = model.TabMCPCalls
	o.view.APIKey = "CI pipeline"
	h := newHarness(t, o)
	v := h.view()
	if v.APIKey == "CI pipeline" || v.APIKey == "" {
		t.Fatalf("key not resolved: %q", v.APIKey)
	}
	mustContain(t, h.screen(), "Key: CI pipeline")
	if !h.loaded() {
		t.Fatal("tab did not load after resolving the key")
	}
}

func TestDetailSheetAndPanel(t *testing.T) {
	h := newHarness(t, acme())
	id := h.selectedID()
	h.keys("enter")
	det, err := h.c.Conversation(context.Background(), "ws_acme", id)
	if err != nil {
		t.Fatal(err)
	}
	var sum model.Credits
	for _, it := range det.Items {
		sum += it.Credits
	}
	if sum != det.Conversation.Credits {
		t.Fatalf("items %s != row %s", sum, det.Conversation.Credits)
	}
	mustContain(t, h.screen(), "items total  "+sum.Grouped(), "✓")
	h.keys("esc")
	if h.m.dialog != nil {
		t.Fatal("esc did not close")
	}
	// Imports: every field in full, URL untruncated.
	h.keys("5", "enter")
	lt := h.lt(model.TabImports).(*tabs.List[model.Import, model.ImportSummary])
	url := string(lt.Table().Selected().ImportURL)
	mustContain(t, h.screen(), url, "Task ID", "User")
}

func TestCopyAndOpen(t *testing.T) {
	o := acme()
	o.view.Tab = model.TabImports
	o.view.Last = "30d"
	o.view.ImportType = model.ImportBrand
	o.view.Sort = "credits"
	o.view.TZ = "UTC"
	o.view.AsRole = model.RoleMember
	h := newHarness(t, o)
	id := h.selectedID()
	h.keys("y")
	if h.m.lastCopy != id {
		t.Fatalf("y copied %q, want %q", h.m.lastCopy, id)
	}
	mustContain(t, h.screen(), "Copied ID "+id)

	h.keys("Y")
	want := model.View{Workspace: "ws_acme", Tab: model.TabImports, Last: "30d", ImportType: model.ImportBrand,
		Sort: "credits", TZ: "UTC", AsRole: model.RoleMember}.CommandLine()
	if h.m.lastCopy != want {
		t.Fatalf("Y = %q\nwant %q", h.m.lastCopy, want)
	}
	// Under `tally demo` the copied line reopens the demo.
	h.m.cfg.Command = "tally demo"
	if got := h.m.CommandLine(); !strings.HasPrefix(got, "tally demo --workspace ws_acme ") {
		t.Fatalf("Y in the demo = %q", got)
	}
	h.m.cfg.Command = ""
	lt := h.lt(model.TabImports).(*tabs.List[model.Import, model.ImportSummary])
	lt.Table().Row(lt.Table().Cursor()).ImportURL = "javascript:alert(1)"
	h.keys("o")
	mustContain(t, h.screen(), "Refused to open")
}

func TestErrorsInPlaceAndRetry(t *testing.T) {
	h := newHarness(t, acme())
	h.srv.SetFaults(demo.Faults{Rate5xx: 1})
	h.keys("4")
	scr := h.screen()
	mustContain(t, scr, "Couldn't load MCP-HTTP calls", "r retry")
	if rid := client.RequestID(h.tabErr()); rid == "" || !strings.Contains(ansi.Strip(scr), rid[:min(len(rid), 8)]) {
		t.Fatalf("request id %q not shown:\n%s", rid, scr)
	}
	// The rest of the UI keeps working.
	h.keys("3", "j")
	if h.m.activeTab().ID() != model.TabConversations {
		t.Fatal("tab switch broken by an error")
	}
	h.srv.SetFaults(demo.Faults{})
	h.keys("4", "r")
	if h.tabErr() != nil || !h.loaded() {
		t.Fatal("retry did not recover")
	}
}

func TestUnauthorizedExplainsLogin(t *testing.T) {
	h := newHarness(t, harnessOpts{key: "tally_wrong_key_000000000000000000"})
	mustContain(t, h.screen(), "not accepted (401)", "tally login")
}

func TestSizesDownTo60x16AndTooSmall(t *testing.T) {
	h := newHarness(t, acme())
	for _, tb := range []string{"1", "2", "3", "4", "5"} {
		h.keys(tb)
		for w := 1; w <= 130; w += 7 {
			for ht := 1; ht <= 45; ht += 4 {
				h.send(tea.WindowSizeMsg{Width: w, Height: ht})
				scr := h.screen()
				if w < minWidth || ht < minHeight {
					if !strings.Contains(strings.Join(strings.Fields(scr), " "), "too small") {
						t.Fatalf("%dx%d: no too-small note:\n%s", w, ht, scr)
					}
					continue
				}
				lines := strings.Split(scr, "\n")
				if len(lines) != ht {
					t.Fatalf("%dx%d: %d lines", w, ht, len(lines))
				}
				for i, l := range lines {
					if ansi.StringWidth(l) > w {
						t.Fatalf("%dx%d line %d is %d wide: %q", w, ht, i, ansi.StringWidth(l), l)
					}
				}
			}
		}
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	h.keys("3")
	mustContain(t, h.screen(), "Credits", "Updated At", "row 1 of")
}

func TestMouseWheelAndClicks(t *testing.T) {
	h := newHarness(t, acme())
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if lt.Table().Offset() != 3 || lt.Table().Cursor() != 3 {
		t.Fatalf("wheel: offset %d cursor %d", lt.Table().Offset(), lt.Table().Cursor())
	}
	h.send(tea.MouseClickMsg{X: 10, Y: h.m.tableTop() + 5, Button: tea.MouseLeft})
	if lt.Table().Cursor() != 3+4 {
		t.Fatalf("click selected %d", lt.Table().Cursor())
	}
	items := h.m.bar.Items(h.m.active)
	h.send(tea.MouseClickMsg{X: items[5].X + 1, Y: h.m.tabBarLine(), Button: tea.MouseLeft})
	if h.m.activeTab().ID() != model.TabAdjustments {
		t.Fatalf("tab click went to %s", h.m.activeTab().ID())
	}
}

func TestHelpListsTheKeyMap(t *testing.T) {
	h := newHarness(t, acme())
	context, global := h.m.contextKeys()
	h.keys("?")
	scr := h.screen()
	for range 4 { // the help scrolls when it is longer than the screen
		h.keys("pgdown")
		scr += h.screen()
	}
	for _, k := range append(context, global...) {
		if !k.B.IsHint() {
			mustContain(t, scr, k.B.Help().Desc)
		}
	}
	h.keys("esc")
	if h.m.dialog != nil {
		t.Fatal("help did not close")
	}
	_, cmd := h.m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
}

func TestHostileStringsRenderHarmlessAndAligned(t *testing.T) {
	o := acme()
	o.hostile = true
	h := newHarness(t, o)
	for _, tb := range []string{"1", "2", "3", "4", "5"} {
		h.keys(tb)
		for i := 0; i < 3; i++ {
			raw := h.m.View().Content
			scr := ansi.Strip(raw)
			for _, r := range scr {
				if r == '\r' || r == 0x1b || (r < 0x20 && r != '\n') || (r >= 0x80 && r <= 0x9f) ||
					(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
					t.Fatalf("tab %s: control rune %U on screen", tb, r)
				}
			}
			// Only our own SGR styling may remain: no OSC (links), no other CSI.
			if strings.Contains(raw, "\x1b]") || strings.Contains(raw, "\x1bP") {
				t.Fatalf("tab %s: OSC/DCS sequence in view", tb)
			}
			for n, l := range strings.Split(scr, "\n") {
				if ansi.StringWidth(l) != 100 {
					t.Fatalf("tab %s line %d width %d: %q", tb, n, ansi.StringWidth(l), l)
				}
			}
			h.keys("pgdown")
		}
	}
}

func TestDialogsFitAt60x16(t *testing.T) {
	o := acme()
	o.w, o.h = 60, 16
	h := newHarness(t, o)
	check := func(what string) {
		t.Helper()
		lines := strings.Split(h.screen(), "\n")
		if len(lines) != 16 {
			t.Fatalf("%s: %d lines", what, len(lines))
		}
		for i, l := range lines {
			if ansi.StringWidth(l) != 60 {
				t.Fatalf("%s: line %d is %d wide: %q", what, i, ansi.StringWidth(l), l)
			}
		}
	}
	for _, seq := range [][]string{{"?"}, {"d"}, {"d", "G", "enter"}, {"t"}, {"w"}, {"enter"}, {"2", "a"}, {"3", "enter"}, {"4", "t", "G"}} {
		h.keys(seq...)
		check(strings.Join(seq, " "))
		h.keys("esc")
		if h.m.dialog != nil {
			h.keys("esc")
		}
		h.keys("3")
	}
}

// Y names the zone the screen shows times in even when it came from the
// environment (TZ=Europe/Berlin, no --tz): support in UTC must see the same
// times (issue 14).
func TestCopiedViewCarriesTheLocalZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zoneinfo")
	}
	o := acme()
	o.loc = berlin
	h := newHarness(t, o)
	if line := h.m.CommandLine(); !strings.Contains(line, "--tz Europe/Berlin") {
		t.Fatalf("Y = %q: the zone is missing", line)
	}
}
