package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDefaultsAndCacheFromProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	doc := `default_profile = "w"
[profiles.w]
cache = false
[profiles.w.check]
min_remaining = 1999.9999
min_percent = 10
runway = "7d"
expiring_within = 14
[profiles.other]
`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	f, warnings, err := Load(path)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	s, err := Resolve(Flags{}, envOf(nil), f, path)
	if err != nil {
		t.Fatal(err)
	}
	want := CheckDefaults{MinRemaining: "1999.9999", MinPercent: "10", Runway: "7d", ExpiringWithin: "14"}
	if s.Check != want || !s.NoCache {
		t.Fatalf("check %+v, no cache %v", s.Check, s.NoCache)
	}
	s, _ = Resolve(Flags{Profile: "other"}, envOf(nil), f, path)
	if s.Check != (CheckDefaults{}) || s.NoCache {
		t.Fatalf("other profile: %+v %v", s.Check, s.NoCache)
	}
	if err := os.WriteFile(path, []byte("[profiles.w.check]\nmin_remaining = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a bool threshold: %v", err)
	}
}
