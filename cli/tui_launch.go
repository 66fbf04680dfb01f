package cli

import (
	"context"

	"github.com/tallyhq/tally/tui"
)

// launchTUI is the one place the CLI starts the TUI; tests replace it via Env.
func launchTUI(ctx context.Context, cfg tui.Config) error { return tui.Run(ctx, cfg) }
