package demo

import (
	"slices"
)

// The user_id filter (contract 1.1) on the lists whose records carry a user.
// Like every request it is checked in three steps: the parameter's presence
// (with the others, in checkParams), then the role (a member may not filter by
// a user it cannot see: 403 naming user_id), then the value.

// userParams is user_id when the server speaks 1.1, else nothing (a 1.0
// server answers an unknown parameter with 400).
func (s *Server) userParams() []string {
	if s.opts.v11() {
		return []string{"user_id"}
	}
	return nil
}

// checkUserRole is the role step for user_id.
func checkUserRole(rc *reqCtx) *apiErr {
	if _, has := rc.vals["user_id"]; has && !rc.role.SeesUsers() {
		e := forbidden("filtering by user needs a role that sees users (owner, admin or support); your role is " + string(rc.role))
		e.param = "user_id"
		return e
	}
	return nil
}

// userValue is the value step: the person index of user_id, or -1 when the
// request has none. Only people of the workspace count, and not deleted ones:
// their records show no user, so filtering by them would reveal whose they were.
func (s *Server) userValue(rc *reqCtx) (int, *apiErr) {
	id := rc.vals.Get("user_id")
	if id == "" {
		return -1, nil
	}
	for i, p := range s.world.cat.people {
		if p.id == id && !p.deleted && slices.Contains(rc.ws.members, uint8(i)) {
			return i, nil
		}
	}
	return -1, badParam("user_id", "invalid_parameter", "no user %q in workspace %s: see the user ids on the records", short(id), rc.ws.id)
}

// withUser narrows a record predicate to one user's records (-1 = no filter).
func withUser(match func(int32) bool, users []uint8, u int) func(int32) bool {
	if u < 0 {
		return match
	}
	want := uint8(u)
	if match == nil {
		return func(r int32) bool { return users[r] == want }
	}
	return func(r int32) bool { return users[r] == want && match(r) }
}
