package tui

import (
	"errors"
	"os"
	"os/exec"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/tui/common"
)

// noBrowser is how an opener says no browser can be opened here at all (an
// SSH session, no display, no opener installed), as opposed to a browser
// that failed. The CLI's opener says it the same way: any error with a
// NoBrowser() true method in its chain.
type noBrowser interface{ NoBrowser() bool }

type noBrowserError struct{ reason string }

func (e *noBrowserError) Error() string   { return "no browser can be opened here (" + e.reason + ")" }
func (e *noBrowserError) NoBrowser() bool { return true }

// isNoBrowser reports whether err says there is no browser to open.
func isNoBrowser(err error) bool {
	var nb noBrowser
	return errors.As(err, &nb) && nb.NoBrowser()
}

// openDefault starts the platform's URL opener; the CLI passes a better one
// in Config.OpenURL.
func openDefault(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return &noBrowserError{reason: "no display"}
		}
		cmd = exec.Command("xdg-open", u)
	}
	err := cmd.Start()
	if errors.Is(err, exec.ErrNotFound) {
		return &noBrowserError{reason: cmd.Path + " is not installed"}
	}
	if err == nil {
		go func() { _ = cmd.Wait() }()
	}
	return err
}

// onOpened reports how o went. Where no browser can be opened the URL is
// copied instead (OSC 52 reaches the local clipboard over SSH too), so the
// user can paste it into a browser of their own.
func (m *Model) onOpened(msg openedMsg) tea.Cmd {
	switch {
	case msg.err == nil:
		return m.setFlash("Opened in the browser", false)
	case isNoBrowser(msg.err):
		m.lastCopy = msg.url
		return tea.Batch(tea.SetClipboard(msg.url),
			m.setFlash(common.UpperFirst(common.ErrText(msg.err))+": copied the URL instead, paste it into a browser", false))
	}
	return m.setFlash("Couldn't open the browser: "+common.ErrText(msg.err), true)
}
