package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/tabs"
)

func onTab(tab model.Tab) harnessOpts {
	o := acme()
	o.view.Tab = tab
	return o
}

// @ picks a user from the groups endpoints; the list then shows only that
// user's records and the summary is the server's for user_id.
func TestUserPickerFiltersTheList(t *testing.T) {
	h := newHarness(t, onTab(model.TabMCPCalls))
	h.keys("@")
	mustContain(t, h.screen(), "User", "All users", "Ada Lovelace", "usr_1")
	// The picker lists users most credits first; choose Ada by moving to her.
	for i := 0; i < 20 && !strings.Contains(h.screen(), "▸ Ada Lovelace"); i++ {
		h.keys("j")
	}
	h.keys("enter")
	v := h.view()
	if v.User != "usr_1" {
		t.Fatalf("view after choosing Ada: %+v", v)
	}
	mustContain(t, h.screen(), "User: Ada Lovelace", "Filtered")
	lt := h.lt(model.TabMCPCalls).(*tabs.List[model.MCPCall, model.MCPSummary])
	n := 0
	for r := range lt.Table().All() {
		if r.User == nil || r.User.ID != "usr_1" {
			t.Fatalf("a row of %+v", r.User)
		}
		n++
	}
	p, err := h.c.MCPCalls(context.Background(), "ws_acme", client.MCPCallQuery{UserID: "usr_1"})
	if err != nil || n == 0 {
		t.Fatal(n, err)
	}
	if int64(n) > p.Summary.Calls || int64(n) < min(p.Summary.Calls, 200) {
		t.Errorf("%d rows loaded of %d", n, p.Summary.Calls)
	}
	mustContain(t, h.screen(), "Filtered  "+common.FmtCount(p.Summary.Calls)+" calls · "+p.Summary.Credits.Grouped()+" credits")
	// Y prints the id, which reopens exactly this.
	if got := h.m.CommandLine(); !strings.Contains(got, "--user usr_1") {
		t.Errorf("Y: %s", got)
	}
	// esc drops the user filter again.
	h.keys("esc")
	if h.view().User != "" {
		t.Errorf("esc kept %q", h.view().User)
	}
}

// A name, an email or an id typed on the command line resolves with the
// CLI's resolver before the first page is fetched.
func TestUserFromFlagsResolves(t *testing.T) {
	for _, typed := range []string{"Ada Lovelace", "ada@example.com", "usr_1"} {
		o := onTab(model.TabConversations)
		o.view.User = typed
		h := newHarness(t, o)
		if v := h.view(); v.User != "usr_1" || !h.loaded() {
			t.Fatalf("%q: view %+v, loaded %v, err %v", typed, v, h.loaded(), h.tabErr())
		}
		mustContain(t, h.screen(), "User: Ada Lovelace")
	}
	o := onTab(model.TabImports)
	o.view.User = "Nobody"
	h := newHarness(t, o)
	mustContain(t, h.screen(), `No user "Nobody"; choose one of`, "@ choose one")
}

// Members see no users: the key says why, the toolbar has no user filter,
// and a user typed on the command line is refused in place, not sent.
func TestMembersHaveNoUserFilter(t *testing.T) {
	o := onTab(model.TabMCPCalls)
	o.key = demo.MemberKey
	h := newHarness(t, o)
	h.keys("@")
	scr := h.screen()
	mustContain(t, scr, "A member does not see who spent: the user filter is for owners, admins and support")
	if strings.Contains(scr, "User:") || strings.Contains(scr, "@ user") {
		t.Errorf("members' screen names the user filter:\n%s", scr)
	}
	o.view.User = "usr_1"
	before := int64(0)
	h = newHarness(t, o)
	before = h.requests.Load()
	mustContain(t, h.screen(), "A member does not see who spent")
	h.keys("r")
	if h.requests.Load()-before > 1 { // r refreshes /billing; the list sends nothing with user_id
		t.Errorf("%d requests after r", h.requests.Load()-before)
	}
}
