package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

func TestBrowserCommands(t *testing.T) {
	const u = "https://x.example/inv?id=1"
	installed := func(names ...string) func(string) (string, error) {
		return func(n string) (string, error) {
			if slices.Contains(names, n) {
				return "/usr/bin/" + n, nil
			}
			return "", exec.ErrNotFound
		}
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	linux := func(string) string { return "6.8.0-generic" }
	wsl := func(string) string { return "5.15.153.1-microsoft-standard-WSL2" }
	all := installed("xdg-open", "x-www-browser", "firefox", "explorer.exe", "wslview", "open")
	for _, c := range []struct {
		name      string
		goos      string
		env       func(string) string
		lookPath  func(string) (string, error)
		osRelease func(string) string
		want      string // "name args…; next…", or "none: reason"
	}{
		{"BROWSER wins, URL appended", "linux", env("BROWSER", "firefox --new-tab", "DISPLAY", ":0"), all, linux, "firefox --new-tab " + u},
		{"BROWSER with %s, list, uninstalled skipped", "linux", env("BROWSER", "nosuch:firefox -url %s:xdg-open"), all, linux, "firefox -url " + u + "; xdg-open " + u},
		{"BROWSER even on macOS", "darwin", env("BROWSER", "firefox"), all, linux, "firefox " + u},
		{"BROWSER with nothing installed", "linux", env("BROWSER", "nosuch"), all, linux, "none: no command of BROWSER is installed"},
		{"a desktop", "linux", env("DISPLAY", ":0"), all, linux, "xdg-open " + u + "; x-www-browser " + u},
		{"Wayland, only x-www-browser", "linux", env("WAYLAND_DISPLAY", "wayland-0"), installed("x-www-browser"), linux, "x-www-browser " + u},
		{"WSL without a display", "linux", env(), all, wsl, "explorer.exe " + u + "; wslview " + u},
		{"WSL by its variable", "linux", env("WSL_DISTRO_NAME", "Ubuntu"), installed("wslview"), linux, "wslview " + u},
		{"SSH", "linux", env("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 5555"), all, linux, "none: an SSH session without a display; set BROWSER to open one"},
		{"a console", "freebsd", env(), all, linux, "none: no display; set BROWSER to open one"},
		{"macOS", "darwin", env(), all, linux, "open " + u},
		{"Windows", "windows", env(), all, linux, "rundll32 url.dll,FileProtocolHandler " + u},
	} {
		cmds, err := browserCommands(c.goos, c.env, c.lookPath, func() string { return c.osRelease("") }, u)
		var got []string
		for _, cmd := range cmds {
			got = append(got, strings.Join(append([]string{cmd.name}, cmd.args...), " "))
		}
		g := strings.Join(got, "; ")
		var nb interface{ NoBrowser() bool }
		if err != nil {
			if !errors.As(err, &nb) || !nb.NoBrowser() {
				t.Errorf("%s: %v is not a no-browser error", c.name, err)
			}
			g = "none: " + strings.TrimSuffix(strings.TrimPrefix(err.Error(), "no browser can be opened here ("), ")")
		}
		if g != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, g, c.want)
		}
	}
	var nb interface{ NoBrowser() bool }
	if err := startOpener("tally-no-such-opener", nil, nil); !errors.As(err, &nb) {
		t.Fatalf("missing opener: %v", err)
	}
}

// An opener that fails at once (xdg-open without a handler) is a
// no-browser error, so the next one is tried or the TUI copies the URL; one
// that exits 0 or keeps running opened it.
func TestOpenerThatFailsIsNoticed(t *testing.T) {
	var nb interface{ NoBrowser() bool }
	env := []string{"PATH=" + os.Getenv("PATH")}
	if err := startOpener("/bin/sh", []string{"-c", "exit 3"}, env); !errors.As(err, &nb) || !strings.Contains(err.Error(), "exit 3") {
		t.Fatalf("failing opener: %v", err)
	}
	if err := startOpener("/bin/sh", []string{"-c", "exit 0"}, env); err != nil {
		t.Fatalf("opener that exits 0: %v", err)
	}
	start := time.Now()
	if err := startOpener("/bin/sh", []string{"-c", "sleep 5"}, env); err != nil || time.Since(start) > 4*time.Second {
		t.Fatalf("opener that keeps running: %v after %s", err, time.Since(start))
	}
}
