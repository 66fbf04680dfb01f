package cli

import (
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui"
)

// optBool is a bool flag that remembers whether it was given, so
// --redact=false can override a profile's redact = true.
type optBool struct{ v **bool }

func (o optBool) String() string {
	if *o.v == nil {
		return "false"
	}
	return strconv.FormatBool(**o.v)
}

func (o optBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*o.v = &b
	return nil
}

func (o optBool) Type() string     { return "bool" }
func (o optBool) IsBoolFlag() bool { return true }

// addRedactFlag registers the persistent --redact.
func addRedactFlag(fs *pflag.FlagSet, dst **bool) {
	f := fs.VarPF(optBool{dst}, "redact", "", "mask names, emails, titles, key names and URLs consistently, for sharing (profile: redact = true)")
	f.NoOptDefVal = "true"
}

// addRefreshFlag registers --refresh on the commands that open the TUI.
func addRefreshFlag(fs *pflag.FlagSet, dst *string) {
	fs.StringVar(dst, "refresh", "", `refresh the visible tab and header every DURATION, e.g. 60s (at least 10s; 0 = off; profile: refresh = "60s")`)
}

// tuiOptions are the live-view settings resolved from flags and profile,
// copied into tui.Config by applyTUIOptions.
type tuiOptions struct {
	Redactor  model.Redactor
	Refresh   time.Duration
	Snapshots tui.SnapshotCache // nil under `tally demo` and with cache = false
	KeySource string            // where the key came from, for a 401 ("" under demo)
}

// newTUIOptions builds the options from resolved settings; the redactor gets
// a fresh random seed per run.
func newTUIOptions(s config.Settings) (tuiOptions, error) {
	var o tuiOptions
	if s.Redact {
		r, err := model.NewRandomRedactor()
		if err != nil {
			return o, err
		}
		o.Redactor = r
	}
	o.Refresh = s.Refresh
	return o, nil
}

// applyTUIOptions copies the options into the TUI's config.
func applyTUIOptions(cfg *tui.Config, o tuiOptions) {
	cfg.Redactor = o.Redactor
	cfg.Refresh = o.Refresh
	cfg.Snapshots = o.Snapshots
	cfg.KeySource = o.KeySource
}

// demoTUIOptions resolves --redact and --refresh without a config file.
func demoTUIOptions(g globals) (tuiOptions, error) {
	d, err := config.ParseRefresh(g.refresh)
	if err != nil {
		return tuiOptions{}, usageErrorf("--refresh: %v", err)
	}
	return newTUIOptions(config.Settings{Redact: g.redact != nil && *g.redact, Refresh: d})
}
