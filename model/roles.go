package model

// Rank orders roles by what they may see and do: owner (3) > admin and
// support (2) > member (1). An unknown role ranks 0, below every known one:
// nothing can be shown "as" something unknown to be narrower.
func (v Role) Rank() int {
	switch v {
	case RoleOwner:
		return 3
	case RoleAdmin, RoleSupport:
		return 2
	case RoleMember:
		return 1
	}
	return 0
}

// Narrows reports whether viewing as role `as` shows no more than v may see:
// --as-role can only narrow (an admin may look as a member or as support,
// never as the owner).
func (v Role) Narrows(as Role) bool { return as.Rank() <= v.Rank() }
