package client

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// Users are exactly the people with usage in the workspace, named as the
// records name them; the user_id filter then narrows each list to them.
func TestUsersFromTheGroupsEndpoints(t *testing.T) {
	run := startDemo(t, 400)
	c, ct := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	before := ct.gets.Load()
	users, err := c.Users(ctx, ws, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := ct.gets.Load() - before; got != 3 {
		t.Errorf("%d requests, want 3 (one groups request per list)", got)
	}
	// Every user on the first pages of the three lists is known, by the same name.
	seen := map[model.Text]model.Text{}
	conv, _ := c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{Limit: 200}})
	calls, _ := c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: ListQuery{Limit: 200}})
	for _, r := range conv.Data {
		if r.User != nil {
			seen[r.User.ID] = r.User.Name
		}
	}
	for _, r := range calls.Data {
		if r.User != nil {
			seen[r.User.ID] = r.User.Name
		}
	}
	byID := map[model.Text]model.User{}
	for _, u := range users {
		if u.ID == "" || u.Email != "" {
			t.Errorf("user %+v: an id and no email without a hint", u)
		}
		byID[u.ID] = u
	}
	for id, name := range seen {
		if byID[id].Name != name {
			t.Errorf("%s: named %q, records say %q", id, byID[id].Name, name)
		}
	}
	if len(byID) != len(users) || len(users) < 5 {
		t.Errorf("%d users (%d distinct)", len(users), len(byID))
	}
	// By email: the hint's search fills in the email.
	withMail, err := c.Users(ctx, ws, "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	u, err := ResolveUser(withMail, "ADA@example.com")
	if err != nil || u.ID != "usr_1" || u.Name != "Ada Lovelace" {
		t.Fatalf("by email: %+v %v", u, err)
	}
	if _, err := ResolveUser(users, "ada@example.com"); err == nil {
		t.Error("an email resolved without the search that knows it")
	}
	// The filter and the groups agree: usr_1's conversations are its group.
	u1 := ViewQuery{List: model.ListFor(model.TabConversations), View: model.View{User: "usr_1"}, ListQuery: ListQuery{Limit: 1}}
	p, err := FetchPage[model.Conversation, model.ConversationSummary](ctx, c, ws, u1)
	if err != nil {
		t.Fatal(err)
	}
	g, err := FetchGroups[model.ConversationSummary](ctx, c, ws, ViewQuery{List: u1.List}, GroupQuery{By: model.GroupByUser})
	if err != nil || g.Check() != nil {
		t.Fatalf("%v %v", err, g.Check())
	}
	for _, d := range g.Data {
		if d.KeyString() == "usr_1" && (d.Count != p.Summary.Conversations || d.Credits != p.Summary.Credits) {
			t.Errorf("group %d %s, filtered list %d %s", d.Count, d.Credits, p.Summary.Conversations, p.Summary.Credits)
		}
	}
}

func TestUsersOnAnOldServerCannotFilter(t *testing.T) {
	run := startDemoAPI(t, demo.API10)
	c, _ := demoClient(t, run, demo.OwnerKey)
	_, err := c.Users(context.Background(), demo.WorkspaceAcme, "")
	if !IsCannotGroup(err) || !strings.Contains(err.Error(), "this server cannot filter by user") {
		t.Fatalf("1.0 server: %v", err)
	}
}

func TestResolveUserPassesIDsThroughOnlyWhenTheListMayBeIncomplete(t *testing.T) {
	few := []model.User{{ID: "usr_1", Name: "Ada"}}
	var re *model.ResolveError
	if _, err := ResolveUser(few, "usr_999"); !errors.As(err, &re) {
		t.Fatalf("a complete list refuses an unknown id: %v", err)
	}
	many := make([]model.User, userGroupLimit)
	for i := range many {
		many[i] = model.User{ID: model.Text("usr_" + strconv.Itoa(i)), Name: "Name"}
	}
	if u, err := ResolveUser(many, "usr_x"); err != nil || u.ID != "usr_x" {
		t.Errorf("incomplete list: %+v %v", u, err)
	}
	if _, err := ResolveUser(many, "Name"); !errors.As(err, &re) || !re.Ambiguous {
		t.Errorf("ambiguity is still an error: %v", err)
	}
	if _, err := ResolveUser(many, "x@y.z"); err == nil {
		t.Error("an unknown email is not an id")
	}
}
