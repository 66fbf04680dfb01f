package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

// The contract has no list of a workspace's users, but the groups endpoints
// name every user who has usage (by=user, contract 1.1). Those are also the
// only users worth filtering by: anyone else's records are empty.

// userGroupLimit is how many users one list's groups name at most (the
// contract's maximum limit); beyond it they are folded into "other".
const userGroupLimit = 1000

// Users are the workspace's users who have usage, from GET …/groups?by=user
// on conversations, MCP-HTTP calls and imports over all time (three requests
// at once): id and name, merged by id, most credits first. Deleted users
// (null keys) are left out: the server does not filter by them.
//
// Groups carry no emails. When hint (what someone typed) looks like an
// email, the conversations search, which matches creators' emails, adds the
// emails of the users on its first page, so --user ada@example.com resolves.
//
// A 1.0 server has no groups and no user_id filter: the error then says
// that this server cannot filter by user (IsCannotGroup is true). A member
// gets the server's 403: callers check the role first (Filter.UsableBy).
func (c *Client) Users(ctx context.Context, ws, hint string) ([]model.User, error) {
	f := model.FilterByFlag("user")
	if f == nil {
		return nil, fmt.Errorf("no user filter")
	}
	lists := model.ListsWith(f)
	found := make([][]model.Group, len(lists))
	fns := make([]func(context.Context) error, 0, len(lists)+1)
	for i, l := range lists {
		fns = append(fns, func(ctx context.Context) error {
			var err error
			found[i], err = userGroups(ctx, c, ws, l)
			return err
		})
	}
	var emails []model.Conversation
	if strings.Contains(hint, "@") && utf8.RuneCountInString(hint) <= maxQueryLen {
		fns = append(fns, func(ctx context.Context) error {
			p, err := c.Conversations(ctx, ws, ConversationQuery{ListQuery: ListQuery{Limit: maxLimit}, Q: hint})
			emails = p.Data
			return err
		})
	}
	if err := parallel(ctx, ledgerParallel, fns...); err != nil {
		if IsCannotGroup(err) {
			return nil, fmt.Errorf("this server cannot filter by user: it has no groups endpoints to list users from (contract 1.1): %w", ErrCannotGroup)
		}
		return nil, err
	}
	type acc struct {
		u       model.User
		credits model.Credits
	}
	byID := map[model.Text]*acc{}
	var order []*acc
	for _, gs := range found {
		for _, g := range gs {
			if g.Key == nil || *g.Key == "" {
				continue
			}
			a := byID[*g.Key]
			if a == nil {
				a = &acc{u: model.User{ID: *g.Key}}
				byID[*g.Key] = a
				order = append(order, a)
			}
			if a.u.Name == "" && g.Label != nil {
				a.u.Name = *g.Label
			}
			if s, err := a.credits.Add(g.Credits); err == nil {
				a.credits = s
			}
		}
	}
	for _, r := range emails {
		if u := r.User; u != nil && byID[u.ID] != nil && byID[u.ID].u.Email == "" {
			byID[u.ID].u.Email = u.Email
		}
	}
	slices.SortStableFunc(order, func(a, b *acc) int {
		if c := cmp.Compare(b.credits, a.credits); c != 0 {
			return c
		}
		return cmp.Compare(a.u.ID, b.u.ID)
	})
	out := make([]model.User, len(order))
	for i, a := range order {
		out[i] = a.u
	}
	return out, nil
}

// userGroups is one list's groups by user, all time.
func userGroups(ctx context.Context, c *Client, ws string, l *model.List) ([]model.Group, error) {
	q := ViewQuery{List: l}
	g := GroupQuery{By: model.GroupByUser, Limit: userGroupLimit}
	switch l.Tab {
	case model.TabConversations:
		d, err := FetchGroups[model.ConversationSummary](ctx, c, ws, q, g)
		return d.Data, err
	case model.TabMCPCalls:
		d, err := FetchGroups[model.MCPSummary](ctx, c, ws, q, g)
		return d.Data, err
	case model.TabImports:
		d, err := FetchGroups[model.ImportSummary](ctx, c, ws, q, g)
		return d.Data, err
	}
	return nil, fmt.Errorf("%s has no users to group", l.Title)
}

// ResolveUser resolves what someone typed against Users with the one
// resolver (model.ResolveUser). When the list may be incomplete (a list
// reached the groups limit, so users with little usage were folded away), a
// value that matches nobody but looks like an id is passed through for the
// server to judge rather than refused here.
func ResolveUser(all []model.User, typed string) (model.User, error) {
	u, err := model.ResolveUser(all, typed)
	var re *model.ResolveError
	if err != nil && len(all) >= userGroupLimit && errors.As(err, &re) && !re.Ambiguous &&
		typed != "" && !strings.ContainsAny(typed, " @") {
		return model.User{ID: model.Text(typed)}, nil
	}
	return u, err
}
