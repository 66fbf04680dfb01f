package tabs

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
)

func keyPress(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

// useAPI points the harness's session at a fresh demo speaking api.
func (h *harness) useAPI(key, api string) {
	h.t.Helper()
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, API: api})
	if err != nil {
		h.t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	h.t.Cleanup(hs.Close)
	c, err := client.New(client.Options{BaseURL: hs.URL, APIKey: key, MaxAttempts: 1})
	if err != nil {
		h.t.Fatal(err)
	}
	h.sess.Client = c
}

func mcpList(tab Tab) *List[model.MCPCall, model.MCPSummary] {
	return tab.(*List[model.MCPCall, model.MCPSummary])
}

// The groups are the server's, in its order, with the identity checked; enter
// drills into the records of the group, esc goes back to the groups.
func TestGroupByAPIKeyShowsTheServersGroupsAndDrillsIn(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	v := model.View{Last: "30d", GroupBy: model.GroupByAPIKey}
	l := mcpList(h.open(model.TabMCPCalls, v, 120, 30))
	from, to, _ := (model.View{Last: "30d"}).Window(fixedNow, h.sess.Loc)
	want, err := h.c.MCPCallGroups(context.Background(), "ws_acme", client.MCPCallGroupsQuery{
		List: client.MCPCallQuery{ListQuery: client.ListQuery{From: from, To: to}}, GroupQuery: client.GroupQuery{By: model.GroupByAPIKey, Limit: groupLimit}})
	if err != nil || len(want.Data) < 3 {
		t.Fatalf("%d groups %v", len(want.Data), err)
	}
	scr := h.screen()
	lines := strings.Split(scr, "\n")
	for i, g := range want.Data {
		row := lines[1+i]
		share, _ := model.ShareTenths(g.Credits, want.Summary.Credits)
		for _, cell := range []string{g.Display(model.GroupByAPIKey), common.FmtCount(g.Count), g.Credits.Grouped(), shareText(&groupRow{share: share, shareOK: true})} {
			if !strings.Contains(row, cell) {
				t.Errorf("row %d %q lacks %q", i, row, cell)
			}
		}
	}
	st := l.Status()
	if !strings.Contains(st.Summary.Text, "groups add up ✓") || !strings.HasPrefix(st.Summary.Text, common.Plural(want.Summary.Calls, "call", "calls")) ||
		st.Sort != "Credits ▼" || st.Toolbar[len(st.Toolbar)-1] != "Group: API key" || st.View.GroupBy != model.GroupByAPIKey {
		t.Errorf("status %+v", st)
	}
	if !strings.Contains(st.View.CommandLine(), "--group-by api_key") {
		t.Errorf("Y: %s", st.View.CommandLine())
	}

	// enter on the second group: the list filtered by its key, exactly its records.
	h.key(press('j'))
	h.key(keyPress(tea.KeyEnter))
	g := want.Data[1]
	if l.view.APIKey != g.KeyString() || l.view.GroupBy != "" || l.view.Last != "30d" {
		t.Fatalf("drilled view %+v", l.view)
	}
	if l.summary.Calls != g.Count || l.summary.Credits != g.Credits {
		t.Errorf("drilled list %+v, group %d %s", l.summary, g.Count, g.Credits)
	}
	if ks := l.Keys(); !hasOn(ks, &h.sess.Keys.List.ToGroups) {
		t.Error("esc does not say it goes back to the groups")
	}
	h.key(keyPress(tea.KeyEscape))
	if l.view.GroupBy != model.GroupByAPIKey || l.view.APIKey != "" {
		t.Fatalf("back: %+v", l.view)
	}
	// esc in the groups lists the records again.
	h.key(keyPress(tea.KeyEscape))
	if l.view.GroupBy != "" || !l.Loaded() {
		t.Errorf("esc from the groups: %+v loaded %v", l.view, l.Loaded())
	}
}

func hasOn(ks []common.Key, b *common.Binding) bool {
	for _, k := range ks {
		if k.B == b && k.Off == "" {
			return true
		}
	}
	return false
}

// A time grouping draws its chart and drills into the bucket's part of the
// window: the records the group counted, no more.
func TestGroupByDayChartsAndDrillsIntoTheDay(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	tab := h.open(model.TabConversations, model.View{Last: "7d", GroupBy: model.GroupByDay}, 100, 30)
	l := tab.(*List[model.Conversation, model.ConversationSummary])
	scr := h.screen()
	for _, s := range []string{"Credits per day (UTC)", "0 ┼", "Nov 20", "Day", "Share"} {
		if !strings.Contains(scr, s) {
			t.Fatalf("screen lacks %q:\n%s", s, scr)
		}
	}
	g := l.groups.doc
	if g == nil || len(g.data) < 7 || g.check != nil {
		t.Fatalf("day groups %+v", g)
	}
	first := g.data[0] // oldest first: the window starts mid-day 7 days ago
	h.key(keyPress(tea.KeyEnter))
	if l.view.GroupBy != "" || l.view.Last != "" || !l.view.From.Equal(fixedNow.AddDate(0, 0, -7)) {
		t.Fatalf("drilled view %+v", l.view)
	}
	if l.summary.Conversations != first.Count || l.summary.Credits != first.Credits {
		t.Errorf("drilled day %+v, group %d %s", l.summary, first.Count, first.Credits)
	}
}

// Members get no by=user; a user grouping typed on the command line is
// refused in place without a request; a 1.0 server says it cannot group.
func TestGroupByRolesAndOldServers(t *testing.T) {
	h := newHarness(t, demo.MemberKey, model.RoleMember)
	l := mcpList(h.open(model.TabMCPCalls, model.View{}, 100, 30))
	_, act := l.HandleKey(press('V'))
	d, ok := act.(common.ShowDialog)
	if !ok {
		t.Fatalf("g: %#v", act)
	}
	d.Dialog.SetSize(100, 30)
	pick := d.Dialog.View()
	if strings.Contains(pick, "User") || !strings.Contains(pick, "API key") || !strings.Contains(pick, "Tool") {
		t.Errorf("member's groupings:\n%s", pick)
	}
	before := h.requests.Load()
	h.run(l.Reload(model.View{GroupBy: model.GroupByUser}))
	if h.requests.Load() != before || !strings.Contains(h.screen(), "A member does not see who spent") {
		t.Errorf("member by=user: %d requests\n%s", h.requests.Load()-before, h.screen())
	}

	h = newHarness(t, demo.OwnerKey, model.RoleOwner)
	h.useAPI(demo.OwnerKey, demo.API10)
	l = mcpList(h.open(model.TabMCPCalls, model.View{GroupBy: model.GroupByTool}, 100, 30))
	if scr := h.screen(); !strings.Contains(scr, "Grouping needs API 1.1.") || strings.Contains(scr, "404") {
		t.Errorf("1.0 server:\n%s", scr)
	}
	h.key(keyPress(tea.KeyEscape))
	if !l.Loaded() || l.view.GroupBy != "" {
		t.Error("esc does not list the records on a 1.0 server")
	}
	// Learnt once: v and the user filter now say why without asking again.
	before = h.requests.Load()
	if _, act := l.HandleKey(press('v')); act == nil || !strings.Contains(act.(common.Flash).Text, "Grouping needs API 1.1") {
		t.Errorf("v on a 1.0 server: %#v", act)
	}
	for _, k := range l.Keys() {
		if k.B.Keys()[0] == "@" && !strings.Contains(k.Off, "needs API 1.1") {
			t.Errorf("@ on a 1.0 server: %q", k.Off)
		}
	}
	if h.requests.Load() != before || strings.Contains(strings.Join(l.Status().Toolbar, " "), "User:") {
		t.Errorf("%d requests; toolbar %v", h.requests.Load()-before, l.Status().Toolbar)
	}
}

// A time grouping chosen without a bounded window takes the last 30 days and
// says so; tool groups have no filter to drill into.
func TestGroupPickerTimeWindowAndToolGroups(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	l := mcpList(h.open(model.TabMCPCalls, model.View{}, 100, 30))
	_, act := l.HandleKey(press('V'))
	p := act.(common.ShowDialog).Dialog.(*dialog.Picker)
	for i := 0; i < 4; i++ { // no grouping, API key, user, tool, day
		p.Update(press('j'))
	}
	_, act = p.Update(keyPress(tea.KeyEnter))
	acts := act.(common.Actions)
	var flash string
	for _, a := range acts {
		switch a := a.(type) {
		case common.Actions:
			for _, b := range a {
				if av, ok := b.(common.ApplyView); ok {
					h.run(l.Reload(av.View))
				}
				if f, ok := b.(common.Flash); ok {
					flash = f.Text
				}
			}
		}
	}
	if l.view.GroupBy != model.GroupByDay || l.view.Last != "30d" || !strings.Contains(flash, "needs a start and an end: showing last 30 days") {
		t.Fatalf("view %+v flash %q", l.view, flash)
	}
	h.run(l.Reload(model.View{GroupBy: model.GroupByTool}))
	_, act = l.HandleKey(keyPress(tea.KeyEnter))
	if f, ok := act.(common.Flash); !ok || !strings.Contains(f.Text, "has no tool filter") {
		t.Errorf("tool drill: %#v", act)
	}
}

// v cycles the list's groupings (not the time buckets) and back to the
// records; s and S reorder the held groups without a request.
func TestGroupCycleAndSort(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	l := mcpList(h.open(model.TabMCPCalls, model.View{}, 100, 30))
	var seen []model.GroupBy
	for range 4 {
		h.key(press('v'))
		seen = append(seen, l.view.GroupBy)
	}
	if want := []model.GroupBy{model.GroupByAPIKey, model.GroupByUser, model.GroupByTool, ""}; !slices.Equal(seen, want) {
		t.Fatalf("v cycled %v, want %v", seen, want)
	}
	h.key(press('v')) // by API key
	before := h.requests.Load()
	h.key(press('s')) // by count, largest first
	if st := l.Status(); st.Sort != "Count ▼" {
		t.Errorf("sort %q", st.Sort)
	}
	counts := func() []int64 {
		var out []int64
		for i := 0; i < l.groups.tbl.Len(); i++ {
			if r := l.groups.tbl.Row(i); !r.other {
				out = append(out, r.g.Count)
			}
		}
		return out
	}
	c := counts()
	if len(c) < 3 || !slices.IsSortedFunc(c, func(a, b int64) int { return int(b - a) }) {
		t.Errorf("counts %v not largest first", c)
	}
	h.key(press('S'))
	if c := counts(); !slices.IsSorted(c) || l.Status().Sort != "Count ▲" {
		t.Errorf("S: counts %v, sort %q", c, l.Status().Sort)
	}
	if h.requests.Load() != before {
		t.Errorf("sorting the groups sent %d requests", h.requests.Load()-before)
	}
}

// --redact masks the names a grouping shows (users, key names) as it
// masks them in the records: a screenshot of the groups leaks no name.
func TestGroupLabelsAreRedacted(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	h.sess.Redact = model.NewRedactor([]byte("test"))
	for _, by := range []model.GroupBy{model.GroupByUser, model.GroupByAPIKey} {
		h.open(model.TabMCPCalls, model.View{GroupBy: by}, 100, 30)
		scr := h.screen()
		for _, name := range []string{"Ada Lovelace", "Grace Hopper", "CI pipeline", "Zapier integration"} {
			if strings.Contains(scr, name) {
				t.Errorf("by %s shows %q under --redact:\n%s", by, name, scr)
			}
		}
		if !strings.Contains(h.tab.Status().Summary.Text, "groups add up ✓") {
			t.Errorf("by %s: %s", by, h.tab.Status().Summary.Text)
		}
	}
}
