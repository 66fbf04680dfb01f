package cli

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/tallyhq/tally/config"
)

// The TUI's o opens invoice and portal URLs in a browser. The opener is
// started here, not by the TUI's default, so that it gets tally's
// environment without TALLY_API_KEY: xdg-open runs whatever the desktop
// configures, and neither it nor the browser it starts (which may stay
// running for hours) has any business with the key.

// openBrowser opens u with the platform's opener.
func openBrowser(u string) error {
	name, args, err := browserCommand(runtime.GOOS, os.Getenv, u)
	if err != nil {
		return err
	}
	return startOpener(name, args, os.Environ())
}

// noBrowserError says there is no browser to open here; the TUI copies the
// URL instead (it recognises errors with NoBrowser() true).
type noBrowserError struct{ reason string }

func (e *noBrowserError) Error() string   { return "no browser can be opened here (" + e.reason + ")" }
func (e *noBrowserError) NoBrowser() bool { return true }

// browserCommand is the command that opens u on goos.
func browserCommand(goos string, getenv func(string) string, u string) (string, []string, error) {
	switch goos {
	case "darwin":
		return "open", []string{u}, nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", u}, nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return "", nil, &noBrowserError{reason: "no display"}
	}
	return "xdg-open", []string{u}, nil
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
	if err == nil {
		go func() { _ = cmd.Wait() }()
	}
	return err
}

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
