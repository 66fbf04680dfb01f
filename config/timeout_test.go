package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestResolveTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	body := "[profiles.default]\ntimeout = \"2m\"\n[profiles.bad]\ntimeout = \"soon\"\n[profiles.short]\ntimeout = \"10ms\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	f, warnings, err := Load(path)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	s, err := Resolve(Flags{}, envOf(nil), f, path)
	if err != nil || s.Timeout != 2*time.Minute || s.Sources["timeout"] != FromProfile {
		t.Fatalf("profile: %v %v %v", s.Timeout, s.Sources["timeout"], err)
	}
	s, err = Resolve(Flags{Timeout: 45 * time.Second}, envOf(nil), f, path)
	if err != nil || s.Timeout != 45*time.Second || s.Sources["timeout"] != FromFlag {
		t.Fatalf("flag: %v %v", s.Timeout, err)
	}
	s, err = Resolve(Flags{Profile: "none"}, envOf(nil), f, path)
	if err != nil || s.Timeout != 0 || s.Sources["timeout"] != FromDefault {
		t.Fatalf("default: %v %v", s.Timeout, err)
	}
	for prof, msg := range map[string]string{"bad": `profile "bad": timeout: invalid duration "soon"`, "short": "out of range"} {
		if _, err := Resolve(Flags{Profile: prof}, envOf(nil), f, path); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v", prof, err)
		}
	}
	if _, err := Resolve(Flags{Timeout: -time.Second}, envOf(nil), f, path); err == nil || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("negative flag: %v", err)
	}
}
