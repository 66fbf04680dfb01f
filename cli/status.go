package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// `tally status`: one line for tmux, starship and shell prompts. A prompt
// runs it every few seconds and waits for it, so the warm path reads one
// small file and touches neither the keyring nor the network, and every
// other path is bounded by --timeout and still prints something.

type statusOptions struct {
	format          string
	maxAge, timeout time.Duration
	noCache         bool
	asRole          string
}

func (a *app) statusCmd() *cobra.Command {
	o := statusOptions{maxAge: 60 * time.Second, timeout: 2 * time.Second}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "One line for tmux, starship and shell prompts, from the snapshot cache",
		Long: `Prints one line about a workspace, e.g.

  Acme Studio 1,529.7 left · 68% used · refreshes in 12d

It answers from the snapshot cache when that is younger than --max-age (default
60s): no keyring, no network. Otherwise it fetches, with a hard --timeout (default
2s) covering the key lookup and the requests, and refreshes the cache; on a timeout
or an error it prints the cached figures marked stale and exits 0. With no cache to
fall back on it prints a short marker ("tally: offline", "tally: not logged in" or
"tally: error") and exits 0, the reason on stderr: a prompt must never hang, go
blank or turn red because the network is down. Exit 2 is kept for mistakes to fix
once: a bad flag, --format, config file or --workspace.

--format takes a Go text/template over these fields:
  .Workspace .WorkspaceID .Role .Plan .Status   text (--redact masks the name)
  .Remaining .Granted .Used     credits: print the exact decimal (1529.686);
                                .Grouped gives 1,529.686; round: {{round .Remaining 1}}
  .PercentUsed                  whole % of this period's grant used (.Known, .Value)
  .RefreshesAt                  the refresh date in --tz (.Known, .Format "Jan 2")
  .DaysLeft                     calendar days until the refresh (.Known, .Value)
  .Runway                       whole days the credits last at the last 7 days' pace,
                                "∞" if they do not run out (.Known, .RunsOut,
                                .BeforeRefresh, .Days, .At)
  .Expiring                     the nearest expiring credits, "150 on Dec 3" or "none"
                                (.Known, .Any, .Amount, .Source, .At, .Days)
  .Age                          how old the figures are: 0s, 45s, 5m, 2h, 3d (.Seconds)
  .Stale                        true when a fetch failed and the cache answered
An unknown figure prints "?". The default format is
  ` + defaultStatusFormat + `

The cache is off with --no-cache or the profile's cache = false.`,
		Example: `  tally status --workspace "Acme Studio"
  tally status --format '{{.Remaining.Grouped}} · {{.Runway}}d runway{{if .Stale}} ({{.Age}} old){{end}}'
  set -g status-right '#(tally status --workspace ws_acme 2>/dev/null)'   # tmux`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error { return a.runStatus(cmd.Context(), o) }),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.format, "format", "", "Go template over the status fields (see above)")
	fs.DurationVar(&o.maxAge, "max-age", o.maxAge, "answer from the cache when it is younger than this (0 = always fetch)")
	fs.DurationVar(&o.timeout, "timeout", o.timeout, "give up fetching after this long and show the cached figures")
	fs.BoolVar(&o.noCache, "no-cache", false, "neither read nor write the snapshot cache")
	fs.StringVar(&o.asRole, "as-role", "", "show the role as this narrower one, e.g. member")
	return cmd
}

func (a *app) runStatus(ctx context.Context, o statusOptions) error {
	tmpl, err := parseStatusTemplate(o.format)
	if err != nil {
		return err
	}
	if o.maxAge < 0 {
		return usageErrorf("--max-age must not be negative")
	}
	if o.timeout <= 0 {
		return usageErrorf("--timeout must be positive, e.g. 2s")
	}
	as, err := parseAsRole(o.asRole)
	if err != nil {
		return err
	}
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	if err := s.MissingProfileError(f); err != nil {
		return usageErrorf("%v", err)
	}
	loc, err := model.LoadTZ(s.TZ)
	if err != nil {
		return usageErrorf("%v", err)
	}
	now := a.env.Now()
	store, cacheOn := a.snapshotStore(s, o.noCache)
	var cached config.Snapshot
	have := false
	if cacheOn {
		cached, have = store.LoadSnapshot(s.Profile, s.BaseURL, s.Workspace)
		// A fetch time in the future (a clock set back) is not fresh.
		if age := now.Sub(cached.FetchedAt); have && age >= 0 && age < o.maxAge {
			return a.printStatus(tmpl, cached, now, loc, false, as, s.Redact)
		}
	}
	snap, err := a.fetchStatus(ctx, s, o.timeout, now, loc, cached, have)
	if err == nil {
		if cacheOn {
			// Saved under the id and under the text that found it (see snapshotNames).
			names := []string{string(snap.Billing.Workspace.ID)}
			if s.Workspace != names[0] {
				names = append(names, s.Workspace)
			}
			a.remember(store, s, names, snap)
		}
		return a.printStatus(tmpl, snap, now, loc, false, as, s.Redact)
	}
	if have {
		fmt.Fprintf(a.env.Stderr, "tally: warning: showing figures from %s ago: %s\n", Age(max(now.Sub(cached.FetchedAt), 0)), oneLine(err))
		return a.printStatus(tmpl, cached, now, loc, true, as, s.Redact)
	}
	if exitCode(err) == ExitUsage {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "tally: %s\n", oneLine(err))
	_, werr := fmt.Fprintln(a.env.Stdout, statusMarker(err))
	return werr
}

// statusMarker is what a prompt shows when there is nothing to show.
func statusMarker(err error) string {
	var ae *client.APIError
	switch {
	case exitCode(err) == ExitAuth:
		return "tally: not logged in"
	case errors.As(err, &ae):
		return "tally: error" // the server answered, with an error
	}
	return "tally: offline" // no answer: refused, unreachable, timed out

}

func (a *app) printStatus(tmpl *template.Template, snap config.Snapshot, now time.Time, loc *time.Location, stale bool, as model.Role, redact bool) error {
	if redact {
		red, err := model.NewRandomRedactor()
		if err != nil {
			return err
		}
		snap.Billing = red.Billing(snap.Billing)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, statusOf(snap, now, loc, stale, as)); err != nil {
		return usageErrorf("--format: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	buf.WriteByte('\n')
	_, err := a.env.Stdout.Write(buf.Bytes())
	return err
}

// fetchStatus reads the billing document and the days of the forecast's
// pace within timeout, key lookup included. The cached snapshot, when there
// is one, already names the workspace, which saves asking /v1/me.
func (a *app) fetchStatus(ctx context.Context, s config.Settings, timeout time.Duration, now time.Time, loc *time.Location, cached config.Snapshot, have bool) (config.Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	keys := a.keys(s)
	keys.Timeout = timeout
	key, src, err := keys.Lookup(ctx, a.env.Getenv, s.Profile, s.BaseURL)
	if err != nil {
		if ctx.Err() != nil {
			return config.Snapshot{}, fmt.Errorf("no answer from the keyring within --timeout %s", timeout)
		}
		return config.Snapshot{}, keyLookupError(err, s)
	}
	c, err := client.New(client.Options{BaseURL: s.BaseURL, APIKey: key, Version: version, Transport: a.env.Transport,
		Timeout: timeout, RetryWait: a.env.RetryWait, RetryMaxWait: a.env.RetryWait * 4})
	if err != nil {
		return config.Snapshot{}, usageErrorf("%v", err)
	}
	ws := ""
	if have {
		ws = string(cached.Billing.Workspace.ID)
	} else {
		me, err := c.Me(ctx)
		if err != nil {
			return config.Snapshot{}, apiError(err, src)
		}
		ref, err := pickWorkspace(me, s.Workspace, true)
		if err != nil {
			return config.Snapshot{}, err
		}
		ws = string(ref.ID)
	}
	type dailyResult struct {
		days []model.DailyUsage
		tz   string
		err  error
	}
	dch := make(chan dailyResult, 1)
	go func() {
		d, tz, _, err := dailyForForecast(ctx, c, ws, now, loc, a.env.Getenv)
		dch <- dailyResult{d, tz, err}
	}()
	b, err := c.Billing(ctx, ws)
	d := <-dch
	if err != nil {
		return config.Snapshot{}, apiError(err, src)
	}
	snap := config.Snapshot{Billing: b, FetchedAt: now}
	if d.err == nil {
		dloc := loc
		if l, err := time.LoadLocation(d.tz); err == nil {
			dloc = l
		}
		f := model.Forecast(b.Credits.Remaining, b.Credits.RefreshesAt, d.days, now, dloc)
		snap.Pace = &config.Pace{Days: f.Days, WindowSpend: f.WindowSpend, TZ: d.tz, At: now}
	}
	return snap, nil
}
