package cli

import (
	"errors"
	"fmt"
)

// Exit codes (documented in the README).
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitAuth     = 3
	ExitMismatch = 4
	// ExitInterrupted is Ctrl-C at a prompt: 128 + SIGINT, as shells report it.
	ExitInterrupted = 130
)

// exitError carries the exit code of a failed command. Every error a command
// returns is turned into one, so anything else reaching Run came from cobra's
// own argument and flag parsing: a usage error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code: code, err: err}
}

func usageErrorf(format string, a ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, a...)}
}

func authErrorf(format string, a ...any) error {
	return &exitError{code: ExitAuth, err: fmt.Errorf(format, a...)}
}

// silentExit ends with a code after the command already printed its message.
type silentExit struct{ code int }

func (s silentExit) Error() string { return fmt.Sprintf("exit %d", s.code) }

// exitCode maps an error from cobra's Execute to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var s silentExit
	if errors.As(err, &s) {
		return s.code
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitUsage
}
