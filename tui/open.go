package tui

import (
	"os/exec"
	"runtime"
)

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
		cmd = exec.Command("xdg-open", u)
	}
	err := cmd.Start()
	if err == nil {
		go func() { _ = cmd.Wait() }()
	}
	return err
}
