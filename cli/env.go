package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/tui"
)

// Env is everything a command touches outside its arguments, so tests can run
// the real command tree against buffers, a mock keyring and the demo server.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Keyring        config.Keyring
	KeyringTimeout time.Duration // 0 -> 3 s
	Now            func() time.Time
	// StdinIsTerminal decides between the no-echo prompt and --with-key.
	StdinIsTerminal func() bool
	// StderrIsTerminal turns export progress on, unless StdoutIsTerminal
	// says the records go to that same screen (nil = stdout is not one).
	StderrIsTerminal, StdoutIsTerminal func() bool
	// StdoutWidth is the terminal's width in columns when stdout is one, else
	// 0 (nil = unknown): tables fit it instead of wrapping.
	StdoutWidth func() int
	// StderrWidth is the terminal's width in columns (0 = unknown), for
	// export's progress line; nil = unknown.
	StderrWidth func() int
	// ReadSecret reads a line from the terminal without echo; it returns
	// ctx's error at once when ctx ends (Ctrl-C), not after Enter.
	ReadSecret func(context.Context) (string, error)
	RunTUI     func(context.Context, tui.Config) error
	// OpenURL opens a URL from the TUI in a browser, without the key in the
	// child's environment; nil = the TUI's own default.
	OpenURL func(string) error
	// TUITerminal reports that stdin and stdout are both terminals, which
	// the TUI needs; nil = assume they are (tests replace RunTUI).
	TUITerminal func() bool
	Transport   http.RoundTripper // nil = the default transport
	// Retry tuning for tests; zero = the client's defaults.
	RetryWait time.Duration
}

// DefaultEnv is the process's real environment.
func DefaultEnv() *Env {
	return &Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		Keyring:          config.SystemKeyring{Getenv: os.Getenv},
		Now:              time.Now,
		StdinIsTerminal:  func() bool { return term.IsTerminal(int(os.Stdin.Fd())) },
		StderrIsTerminal: func() bool { return term.IsTerminal(int(os.Stderr.Fd())) },
		StdoutIsTerminal: func() bool { return term.IsTerminal(int(os.Stdout.Fd())) },
		StdoutWidth:      func() int { return termWidth(os.Stdout) },
		StderrWidth:      func() int { return termWidth(os.Stderr) },
		ReadSecret: func(ctx context.Context) (string, error) {
			return readSecret(ctx, int(os.Stdin.Fd()), os.Stderr)
		},
		RunTUI:  launchTUI,
		OpenURL: openBrowser,
		TUITerminal: func() bool {
			return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
		},
	}
}

// noColor follows the conventions people set once for every tool: NO_COLOR
// (no-color.org: any non-empty value) and CLICOLOR=0; --no-color is the flag.
// A dumb terminal shows no colour or reverse video either (the TUI then marks
// the active tab with brackets).
func (e *Env) noColor(flag bool) bool {
	return flag || e.Getenv("NO_COLOR") != "" || e.Getenv("CLICOLOR") == "0" || e.Getenv("TERM") == "dumb"
}

// termWidth is f's width in columns when it is a terminal, else 0.
func termWidth(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// readSecret is term.ReadPassword that gives way to ctx: Ctrl-C at the
// prompt is a signal (the terminal keeps ISIG), but ReadPassword itself
// only returns on Enter. On cancellation the terminal's state (echo) is
// restored here, since ReadPassword's own restore will not run.
func readSecret(ctx context.Context, fd int, stderr io.Writer) (string, error) {
	state, _ := term.GetState(fd)
	type line struct {
		b   []byte
		err error
	}
	ch := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		ch <- line{b, err}
	}()
	select {
	case l := <-ch:
		fmt.Fprintln(stderr)
		return string(l.b), l.err
	case <-ctx.Done():
		if state != nil {
			_ = term.Restore(fd, state)
		}
		fmt.Fprintln(stderr)
		return "", ctx.Err()
	}
}
