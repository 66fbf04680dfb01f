package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// Config is everything the CLI hands the TUI.
type Config struct {
	Client  *client.Client
	Me      model.Me   // already fetched by the CLI (login check); may be zero -> tui fetches
	View    model.View // initial view from flags (workspace may be "")
	Version string
	Now     func() time.Time // nil -> time.Now
	Loc     *time.Location
	NoColor bool
	// Redactor masks names, emails, titles, key names and URLs on screen and
	// in copies (--redact); the zero value is off.
	Redactor model.Redactor
	// Refresh re-fetches the visible tab and the header this often (--refresh);
	// 0 = never. A tick is skipped while a request is still in flight.
	Refresh time.Duration
	// Command is what `Y` prints before the view flags: "tally", or "tally demo"
	// when the TUI runs on the demo server; "" = "tally".
	Command string
	// OpenURL opens a URL (already checked by the URL policy) in a browser;
	// nil = the platform's opener (see openDefault).
	OpenURL func(url string) error
	// KeySource says where the API key came from ("TALLY_API_KEY", "the
	// keyring", "the credentials file"), so a refused key names it; "" = unsaid.
	KeySource string
	// Snapshots is the last-known billing cache (snapshot.go); nil = none.
	Snapshots SnapshotCache
}

// Run runs the program (alt screen, mouse) until the user quits or ctx ends.
func Run(ctx context.Context, cfg Config) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(newModel(ctx, cfg), tea.WithContext(ctx))
	_, err := p.Run()
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
