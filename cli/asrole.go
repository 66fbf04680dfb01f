package cli

import (
	"github.com/tallyhq/tally/model"
)

// checkAsRole refuses an --as-role that would show more than the key's real
// role in the workspace: it can only narrow. Otherwise the view opens and
// then answers every request with a raw 403.
func checkAsRole(ws model.WorkspaceRef, as model.Role) error {
	if as == "" || ws.Role.Narrows(as) {
		return nil
	}
	return usageErrorf("--as-role %s would show more than you may see: you are %s in %s (%s); --as-role can only narrow (owner > admin, support > member)",
		as, article(ws.Role), ws.Name, ws.ID)
}

// checkAsRoleAnywhere is the check before a workspace is chosen (the TUI's
// picker): an --as-role above the key's role in every workspace cannot apply.
func checkAsRoleAnywhere(ws []model.WorkspaceRef, as model.Role) error {
	if as == "" || len(ws) == 0 {
		return nil
	}
	best := ws[0]
	for _, w := range ws[1:] {
		if w.Role.Rank() > best.Role.Rank() {
			best = w
		}
	}
	return checkAsRole(best, as)
}

// article is "a member", "an admin", "the owner".
func article(r model.Role) string {
	switch r {
	case model.RoleOwner:
		return "the owner"
	case model.RoleAdmin:
		return "an admin"
	case "":
		return "without a role"
	}
	return "a " + string(r)
}
