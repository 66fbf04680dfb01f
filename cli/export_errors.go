package cli

import (
	"errors"
	"fmt"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
)

// exportError is the message and exit code of a walk that stopped. Records
// that moved while paging (an id served twice, a summary that changed) exit
// 4 like a totals mismatch; a server that broke the walk in other ways
// (cursor cycles, endless pages) exits 1. Either way -o leaves no file, and
// the message says so, whatever stopped the export.
func exportError(err error, output string, src config.KeySource) error {
	notWritten := ""
	if output != "" && output != "-" {
		notWritten = "; " + output + " was not written"
	}
	var we *client.WalkError
	if errors.As(err, &we) {
		code := ExitError
		if we.RecordsMoved() {
			code = ExitMismatch
		}
		return withCode(code, fmt.Errorf("export stopped: %w%s", err, notWritten))
	}
	err = apiError(err, src)
	if notWritten != "" {
		// Keeps apiError's exit code (errors.As finds it through %w).
		err = fmt.Errorf("%w%s", err, notWritten)
	}
	return err
}
