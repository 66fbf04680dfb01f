package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseRefresh(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 0, "0": 0, "off": 0, "OFF": 0, "0s": 0, "10s": 10 * time.Second,
		"60s": time.Minute, "2m": 2 * time.Minute, " 1m30s ": 90 * time.Second} {
		if got, err := ParseRefresh(in); err != nil || got != want {
			t.Errorf("ParseRefresh(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{"5s": "at least 10s", "9.9s": "at least 10s", "-1m": "at least 10s",
		"60": "such as 60s", "soon": "such as 60s"} {
		if _, err := ParseRefresh(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseRefresh(%q) error %v, want one mentioning %q", in, err, msg)
		}
	}
}

func TestResolveRedactAndRefresh(t *testing.T) {
	yes, no := true, false
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[profiles.default]\nredact = true\nrefresh = \"60s\"\n[profiles.bad]\nrefresh = \"5s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, warnings, err := Load(path)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	s, err := Resolve(Flags{}, envOf(nil), f, path)
	if err != nil || !s.Redact || s.Refresh != time.Minute || s.Sources["redact"] != FromProfile || s.Sources["refresh"] != FromProfile {
		t.Fatalf("profile: %+v %v", s, err)
	}
	// Flags win, including --redact=false over the profile's true.
	s, err = Resolve(Flags{Redact: &no, Refresh: "off"}, envOf(nil), f, path)
	if err != nil || s.Redact || s.Refresh != 0 || s.Sources["redact"] != FromFlag {
		t.Fatalf("flags: %+v %v", s, err)
	}
	s, _ = Resolve(Flags{Redact: &yes}, envOf(nil), File{}, path)
	if !s.Redact || s.Refresh != 0 || s.Sources["refresh"] != FromDefault {
		t.Fatalf("defaults: %+v", s)
	}
	if _, err := Resolve(Flags{Refresh: "1s"}, envOf(nil), f, path); err == nil || !strings.HasPrefix(err.Error(), "--refresh: ") {
		t.Fatalf("flag error should name the flag: %v", err)
	}
	if _, err := Resolve(Flags{Profile: "bad"}, envOf(nil), f, path); err == nil ||
		!strings.Contains(err.Error(), `profile "bad"`) || !strings.Contains(err.Error(), path) {
		t.Fatalf("profile error should name the file and profile: %v", err)
	}
	// Saving keeps the new keys.
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "redact = true") || !strings.Contains(string(b), `refresh = "60s"`) {
		t.Fatalf("saved:\n%s", b)
	}
}
