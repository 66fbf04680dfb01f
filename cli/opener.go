package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tallyhq/tally/config"
)

// The TUI's o opens invoice and portal URLs in a browser. The opener is
// started here, not by the TUI's default, so that it gets tally's
// environment without TALLY_API_KEY: xdg-open runs whatever the desktop
// configures, and neither it nor the browser it starts (which may stay
// running for hours) has any business with the key.

// openBrowser opens u: $BROWSER first, else the platform's opener.
//
// github.com/cli/browser was the suggestion, and is what gh uses;
// it is not used because its children inherit the whole process
// environment (TALLY_API_KEY with it), write to tally's own stdout and
// stderr (over the TUI's screen), are waited for (a text browser such as
// www-browser would take over the TUI's terminal), and it does not read
// $BROWSER either. What it knows (xdg-open, x-www-browser, WSL's
// explorer.exe and wslview) is below, with the environment under our control.
func openBrowser(u string) error {
	cmds, err := browserCommands(runtime.GOOS, os.Getenv, exec.LookPath, wslRelease, u)
	if err != nil {
		return err
	}
	var last error
	for _, c := range cmds {
		if last = startOpener(c.name, c.args, os.Environ()); last == nil {
			return nil
		}
	}
	return last
}

// wslRelease is the kernel's release string, which names Microsoft under WSL.
func wslRelease() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return string(b)
}

// noBrowserError says there is no browser to open here; the TUI copies the
// URL instead (it recognises errors with NoBrowser() true).
type noBrowserError struct{ reason string }

func (e *noBrowserError) Error() string   { return "no browser can be opened here (" + e.reason + ")" }
func (e *noBrowserError) NoBrowser() bool { return true }

// command is one way to open the URL.
type command struct {
	name string
	args []string
}

// browserCommands are the commands that may open u, in order of preference:
//
//   - $BROWSER (gh's and Debian's convention): commands separated by ':', each
//     split on spaces (never run by a shell), with %s replaced by the URL or
//     the URL appended;
//   - macOS open; Windows' URL handler;
//   - under WSL, explorer.exe (the Windows browser; http and https only) and
//     wslview, even without a display;
//   - elsewhere, with a display, xdg-open then x-www-browser. Without one
//     (SSH, a console) there is no browser: text browsers would take over
//     the TUI's terminal.
//
// Only commands found on the PATH are returned.
func browserCommands(goos string, getenv func(string) string, lookPath func(string) (string, error), osRelease func() string, u string) ([]command, error) {
	var out []command
	if b := strings.TrimSpace(getenv("BROWSER")); b != "" {
		for _, entry := range strings.Split(b, ":") {
			fields := strings.Fields(entry)
			if len(fields) == 0 {
				continue
			}
			args, substituted := slices.Clone(fields[1:]), false
			for i, a := range args {
				if strings.Contains(a, "%s") {
					args[i], substituted = strings.ReplaceAll(a, "%s", u), true
				}
			}
			if !substituted {
				args = append(args, u)
			}
			out = append(out, command{fields[0], args})
		}
		return found(out, lookPath, "no command of BROWSER is installed")
	}
	switch goos {
	case "darwin":
		return []command{{"open", []string{u}}}, nil
	case "windows":
		return []command{{"rundll32", []string{"url.dll,FileProtocolHandler", u}}}, nil
	}
	if getenv("WSL_DISTRO_NAME") != "" || strings.Contains(strings.ToLower(osRelease()), "microsoft") {
		return found([]command{{"explorer.exe", []string{u}}, {"wslview", []string{u}}}, lookPath, "WSL without explorer.exe or wslview on the PATH")
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
			return nil, &noBrowserError{reason: "an SSH session without a display; set BROWSER to open one"}
		}
		return nil, &noBrowserError{reason: "no display; set BROWSER to open one"}
	}
	return found([]command{{"xdg-open", []string{u}}, {"x-www-browser", []string{u}}}, lookPath, "neither xdg-open nor x-www-browser is installed")
}

// found keeps the commands on the PATH; none is a noBrowserError.
func found(cmds []command, lookPath func(string) (string, error), none string) ([]command, error) {
	var out []command
	for _, c := range cmds {
		if _, err := lookPath(c.name); err == nil {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, &noBrowserError{reason: none}
	}
	return out, nil
}

// startOpener starts name with environ minus the key and does not wait for
// it (a browser may be the process itself).
func startOpener(name string, args, environ []string) error {
	cmd := exec.Command(name, args...)
	cmd.Env = childEnv(environ)
	err := cmd.Start()
	if errors.Is(err, exec.ErrNotFound) {
		return &noBrowserError{reason: name + " is not installed"}
	}
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Openers that cannot open (xdg-open with no handler, wslview without
	// Windows interop) exit non-zero at once; a browser that opened keeps
	// running or exits 0. Waiting a moment tells the two apart, so the next
	// opener is tried, or the TUI copies the URL instead. (This runs in a
	// command, off the UI's thread.)
	t := time.NewTimer(openerGrace)
	defer t.Stop()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return &noBrowserError{reason: fmt.Sprintf("%s failed (exit %d)", name, ee.ExitCode())}
		}
		return err
	case <-t.C:
		return nil
	}
}

// openerGrace is how long an opener has to fail before it counts as opened.
const openerGrace = 1500 * time.Millisecond

// childEnv is environ without TALLY_API_KEY (an empty environment stays
// empty: exec.Cmd would read nil as "inherit everything").
func childEnv(environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		if k, _, _ := strings.Cut(kv, "="); k == config.EnvAPIKey {
			continue
		}
		out = append(out, kv)
	}
	return out
}
