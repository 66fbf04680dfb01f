package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestResolveAPIKey(t *testing.T) {
	now := time.Now()
	keys := []APIKey{
		{ID: "key_ci", Name: "CI pipeline"},
		{ID: "key_ci2", Name: "ci pipeline"},
		{ID: "key_zap", Name: "Zapier"},
		{ID: "key_dup1", Name: "Staging"},
		{ID: "key_dup2", Name: "Staging", RevokedAt: &now},
		{ID: "Zapier", Name: "named like a key"},
	}
	cases := []struct {
		typed, want string
		errHas      []string
	}{
		{typed: "key_zap", want: "key_zap"},
		{typed: "CI pipeline", want: "key_ci"},  // exact name beats the case-insensitive one
		{typed: "ci pipeline", want: "key_ci2"}, // exact name again
		{typed: "zapier", want: "key_zap"},      // the only case-insensitive match
		{typed: "Zapier", want: "Zapier"},       // an exact id beats a name
		{typed: "CI PIPELINE", errHas: []string{"ambiguous", "key_ci", "key_ci2"}},
		{typed: "Staging", errHas: []string{"ambiguous", `"Staging" (key_dup1)`, "key_dup2) revoked"}},
		{typed: "nope", errHas: []string{`no API key "nope"`, "key_zap"}},
	}
	for _, c := range cases {
		k, err := ResolveAPIKey(keys, c.typed)
		if c.errHas == nil {
			if err != nil || string(k.ID) != c.want {
				t.Errorf("%q: got %q, %v; want %q", c.typed, k.ID, err, c.want)
			}
			continue
		}
		var re *ResolveError
		if !errors.As(err, &re) {
			t.Fatalf("%q: want a ResolveError, got %v", c.typed, err)
		}
		for _, s := range c.errHas {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%q: error %q lacks %q", c.typed, err, s)
			}
		}
	}
	if _, err := ResolveAPIKey(nil, "x"); err == nil || !strings.Contains(err.Error(), "none here") {
		t.Errorf("no keys: %v", err)
	}
}

func TestResolveErrorsAreBoundedAndSanitised(t *testing.T) {
	var ws []WorkspaceRef
	for i := 0; i < 20; i++ {
		ws = append(ws, WorkspaceRef{ID: Text("ws_" + string(rune('a'+i))), Name: "Same", Role: RoleOwner})
	}
	_, err := ResolveWorkspace(ws, "Same")
	if err == nil || !strings.Contains(err.Error(), "and 12 more") {
		t.Fatalf("want a bounded list, got %v", err)
	}
	_, err = ResolveWorkspace(ws, "evil\x1b[2J\u202e")
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\u202e") {
		t.Fatalf("typed text must be sanitised: %q", err)
	}
}

func TestResolveUserByEmail(t *testing.T) {
	users := []User{{ID: "usr_1", Name: "Ada Lovelace", Email: "ada@example.com"}, {ID: "usr_2", Name: "Grace", Email: "grace@example.com"}}
	for typed, want := range map[string]string{"usr_2": "usr_2", "Ada Lovelace": "usr_1", "ADA@example.com": "usr_1", "grace": "usr_2"} {
		u, err := ResolveUser(users, typed)
		if err != nil || string(u.ID) != want {
			t.Errorf("%q: got %q, %v; want %q", typed, u.ID, err, want)
		}
	}
}
