package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/internal/badserver"
)

// Without a terminal the TUI (and the demo's) exits 2 at once, before any
// request, pointing to the commands that work there.
func TestTUIWithoutATerminalExits2AtOnce(t *testing.T) {
	for _, args := range [][]string{nil, {"demo"}} {
		h, s := badHarness(t, badserver.Config{})
		h.e.TUITerminal = func() bool { return false }
		code := h.run(args...)
		msg := h.stderr.String()
		if code != ExitUsage || !strings.Contains(msg, "needs a terminal") || !strings.Contains(msg, "tally balance") || !strings.Contains(msg, "tally export") {
			t.Errorf("tally %v: exit %d: %s", args, code, msg)
		}
		if h.tuiCfg != nil || len(s.Requests()) != 0 {
			t.Errorf("tally %v: TUI started or %d requests sent", args, len(s.Requests()))
		}
	}
}

const hupChildEnv = "TALLY_TEST_HUP_CHILD"

// SIGHUP (the terminal closing) stops an export like Ctrl-C: a non-zero
// exit and no file, not even the temporary one, at -o. Without handling
// SIGHUP the process dies on the spot and leaves the .partial file behind.
func TestSIGHUPLeavesNoPartialFile(t *testing.T) {
	if os.Getenv(hupChildEnv) != "" {
		t.Skip("child side runs in TestHUPChild")
	}
	s := badserver.Start(badserver.Config{Fault: badserver.SlowPage, Delay: time.Minute})
	defer s.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "calls.csv")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHUPChild$")
	cmd.Env = append(os.Environ(), hupChildEnv+"="+out, config.EnvBaseURL+"="+s.URL, config.EnvAPIKey+"="+longKey,
		"XDG_CONFIG_HOME="+dir, "HOME="+dir)
	var stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Signal once the export is waiting for the page: the handler is set.
	for deadline := time.Now().Add(20 * time.Second); len(s.Requests()) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the export never asked for the page: %s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(hangup()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		ee, ok := err.(*exec.ExitError)
		if !ok || !ee.Exited() || ee.ExitCode() == 0 {
			t.Fatalf("child: %v (killed by the signal, not stopped by tally): %s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("SIGHUP did not stop the export")
	}
	left, _ := os.ReadDir(dir)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), ".calls.csv") || e.Name() == "calls.csv" {
			t.Errorf("%s left behind", e.Name())
		}
	}
}

// TestHUPChild is the child side: only run with hupChildEnv set.
func TestHUPChild(t *testing.T) {
	out := os.Getenv(hupChildEnv)
	if out == "" {
		t.Skip("run by TestSIGHUPLeavesNoPartialFile")
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	os.Exit(Run(ctx, DefaultEnv(), []string{"export", "mcp-calls", "-o", out}))
}
