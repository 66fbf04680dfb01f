package model

import "testing"

func TestRoleNarrows(t *testing.T) {
	for _, c := range []struct {
		real, as Role
		ok       bool
	}{
		{RoleOwner, RoleOwner, true}, {RoleOwner, RoleAdmin, true}, {RoleOwner, RoleSupport, true}, {RoleOwner, RoleMember, true},
		{RoleAdmin, RoleOwner, false}, {RoleAdmin, RoleSupport, true}, {RoleAdmin, RoleMember, true},
		{RoleSupport, RoleOwner, false}, {RoleSupport, RoleAdmin, true},
		{RoleMember, RoleOwner, false}, {RoleMember, RoleAdmin, false}, {RoleMember, RoleSupport, false}, {RoleMember, RoleMember, true},
		{Role("auditor"), RoleMember, false},
	} {
		if got := c.real.Narrows(c.as); got != c.ok {
			t.Errorf("%s as %s: %v, want %v", c.real, c.as, got, c.ok)
		}
	}
}
