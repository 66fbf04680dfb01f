package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The browser opener's environment has no TALLY_API_KEY; the rest of the
// environment (DISPLAY, PATH, the browser's own settings) is kept.
func TestOpenerEnvironmentHasNoKey(t *testing.T) {
	out := filepath.Join(t.TempDir(), "env")
	environ := []string{"TALLY_API_KEY=tly_live_secret_value_123456", "DISPLAY=:0", "PATH=" + os.Getenv("PATH")}
	if err := startOpener("/bin/sh", []string{"-c", "env > " + out}, environ); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(out); err == nil && strings.Contains(string(b), "DISPLAY=") {
			got = b
			break
		}
	}
	if !strings.Contains(string(got), "DISPLAY=:0") {
		t.Fatalf("the child's environment lost DISPLAY: %q", got)
	}
	if strings.Contains(string(got), "TALLY_API_KEY") || strings.Contains(string(got), "secret_value") {
		t.Fatalf("the child got the key: %q", got)
	}
	if env := childEnv(nil); env == nil {
		t.Fatal("an empty environment must stay empty, not nil (nil inherits)")
	}
}

func TestBrowserCommandWithoutADisplayIsNoBrowser(t *testing.T) {
	_, _, err := browserCommand("linux", func(string) string { return "" }, "https://x.example")
	var nb interface{ NoBrowser() bool }
	if !errors.As(err, &nb) || !nb.NoBrowser() {
		t.Fatalf("%v", err)
	}
	if name, args, err := browserCommand("linux", func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] }, "https://x.example"); err != nil || name != "xdg-open" || args[0] != "https://x.example" {
		t.Fatalf("%s %v %v", name, args, err)
	}
	if err := startOpener("tally-no-such-opener", nil, nil); !errors.As(err, &nb) {
		t.Fatalf("missing opener: %v", err)
	}
}
