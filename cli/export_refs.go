package cli

import (
	"context"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// Reference filters (an API key, a user) hold what people type; the API
// wants ids. Export resolves them here, one function per kind, with the
// resolvers the TUI uses too, so the same input gives the same id
// everywhere.

// resolveRefs resolves every reference filter of list l set in v: it
// returns v with ids in their place and the ids by flag (for the json
// "query"). A filter the role may not use is a usage error before anything
// is sent: the server would answer 403.
func resolveRefs(ctx context.Context, c *client.Client, ws string, l *model.List, v model.View, role model.Role) (model.View, map[string]string, error) {
	ids := map[string]string{}
	for _, f := range l.Filters {
		typed := f.Get(v)
		if f.Kind != model.FilterRef || typed == "" {
			continue
		}
		if !f.UsableBy(role) {
			return v, nil, usageErrorf("--%s needs a role that sees users (owner, admin or support); a %s does not", f.Flag, role)
		}
		id, err := resolveRef(ctx, c, ws, f, typed)
		if err != nil {
			return v, nil, err
		}
		f.Set(&v, id)
		ids[f.Flag] = id
	}
	return v, ids, nil
}

// resolveRef resolves one reference filter's typed value to an id.
func resolveRef(ctx context.Context, c *client.Client, ws string, f *model.Filter, typed string) (string, error) {
	if f.Flag == "user" {
		return resolveUser(ctx, c, ws, typed)
	}
	return resolveAPIKey(ctx, c, ws, typed)
}

// resolveAPIKey resolves a key name or id with the one resolver the TUI uses too.
func resolveAPIKey(ctx context.Context, c *client.Client, ws, want string) (string, error) {
	keys, err := c.APIKeys(ctx, ws)
	if err != nil {
		return "", apiError(err, "")
	}
	k, err := model.ResolveAPIKey(keys, want)
	if err != nil {
		return "", usageErrorf("%v", err)
	}
	return string(k.ID), nil
}

// resolveUser resolves a user's id, name or email (client.Users, client.ResolveUser).
func resolveUser(ctx context.Context, c *client.Client, ws, want string) (string, error) {
	users, err := c.Users(ctx, ws, want)
	if err != nil {
		return "", apiError(err, "")
	}
	u, err := client.ResolveUser(users, want)
	if err != nil {
		return "", usageErrorf("%v", err)
	}
	return string(u.ID), nil
}
