package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// ExitBreach: `tally check` found a threshold breached.
const ExitBreach = 5

type checkOptions struct {
	flags                                   checkFlags
	all, asJSON, verbose, failOpen, noCache bool
}

func (a *app) checkCmd() *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Exit 5 when credits fall below a threshold (for cron, CI and agents)",
		Long: `Checks one workspace (--workspace, or the key's only one) or --all of them against
thresholds, prints one line per breached threshold and exits 5 if any is breached:

  --min-remaining N     remaining credits below N (exact, e.g. 1999.9999)
  --min-percent P       remaining below P% of this period's grant (0 < P <= 100)
  --runway D            at the last 7 days' pace the credits run out within D days,
                        before they refresh (reads /usage/daily)
  --expiring-within D   credits expire within D days (credits.expiring, API 1.1)

Defaults come from the profile's [profiles.NAME.check] table (min_remaining,
min_percent, runway, expiring_within); a flag overrides it, "off" turns it off.

With nothing granted this period (free and one-time plans) --min-percent does not
apply: its verdict is not_applicable and it passes; --min-remaining covers such
workspaces. A threshold that cannot be evaluated is "unknown" and is an error: a
server without credits.expiring (API 1.0) for --expiring-within, no complete day
of usage or unreadable daily usage for --runway.

Output: nothing when every threshold passes; -v prints every threshold, each line
starting with its verdict. --json prints {schema_version: 1, verdict, exit_code,
checked_at, error?, workspaces: [{id, name, role, verdict, error?, thresholds:
[{name, value|null, limit, unit, verdict, at?, message}]}]}; values are exact
decimal strings (credits, percent floored to 0.0001, days floored to 0.1).

Exit codes: 0 every threshold passes; 5 a threshold is breached (even when another
workspace could not be checked: the breach is certain); 1 a workspace or the server
could not be checked, or a threshold is unknown; 2 usage; 3 authentication. An
unreachable server is an error, never a pass. --fail-open turns 1 and 3 into 0 with
a warning on stderr (never 2: a mistyped flag would silence the alert for good).

Every billing document fetched refreshes the snapshot cache (see tally status).`,
		Example: `  tally check --min-remaining 2000 --workspace "Acme Studio"
  tally check --all --min-percent 10 --runway 7 --expiring-within 14 --json
  */15 * * * * tally check --all --min-percent 10 || notify-send "tally: credits low"`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error { return a.runCheck(cmd.Context(), o) }),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.flags.minRemaining, "min-remaining", "", "breach below N remaining credits (profile: check.min_remaining)")
	fs.StringVar(&o.flags.minPercent, "min-percent", "", "breach below P% of this period's grant left (profile: check.min_percent)")
	fs.StringVar(&o.flags.runway, "runway", "", "breach when the forecast runs out within D days, before the refresh (profile: check.runway)")
	fs.StringVar(&o.flags.expiringWithin, "expiring-within", "", "breach when credits expire within D days (profile: check.expiring_within)")
	fs.BoolVar(&o.all, "all", false, "check every workspace the key can see")
	fs.BoolVar(&o.asJSON, "json", false, "print a JSON document (schema_version 1)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print every threshold, not only the breached ones")
	fs.BoolVar(&o.failOpen, "fail-open", false, "exit 0 with a warning when the check cannot be done (server down, key refused)")
	fs.BoolVar(&o.noCache, "no-cache", false, "do not refresh the snapshot cache")
	return cmd
}

type checkWorkspaceJSON struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Role       string        `json:"role"`
	Verdict    string        `json:"verdict"` // pass, breach, unknown, error
	Error      string        `json:"error,omitempty"`
	Thresholds []checkResult `json:"thresholds"`
}

type checkJSON struct {
	SchemaVersion int                  `json:"schema_version"`
	Verdict       string               `json:"verdict"` // pass, breach, unknown, error
	ExitCode      int                  `json:"exit_code"`
	CheckedAt     time.Time            `json:"checked_at"`
	Error         string               `json:"error,omitempty"` // the check failed before any workspace
	Workspaces    []checkWorkspaceJSON `json:"workspaces"`
}

func (a *app) runCheck(ctx context.Context, o checkOptions) error {
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	if err := allConflict(s, o.all); err != nil {
		return err
	}
	th, err := resolveThresholds(o.flags, s.Check, s.Profile, s.ConfigPath)
	if err != nil {
		return err
	}
	if !th.any() {
		return usageErrorf("no threshold to check: give --min-remaining, --min-percent, --runway or --expiring-within, or set them in [profiles.%s.check] of %s", s.Profile, s.ConfigPath)
	}
	now := a.env.Now()
	sess, err := a.connectWith(ctx, s, f)
	if err == nil {
		var wss []model.WorkspaceRef
		if wss, err = targetWorkspaces(sess.me, s, o.all); err == nil {
			return a.checkWorkspaces(ctx, o, sess, wss, th, now)
		}
	}
	if exitCode(err) == ExitUsage {
		return err
	}
	// Nothing could be checked: the server, the key or /v1/me failed.
	if o.asJSON {
		doc := checkJSON{SchemaVersion: 1, Verdict: "error", ExitCode: exitCode(err), CheckedAt: now.UTC(), Error: oneLine(err), Workspaces: []checkWorkspaceJSON{}}
		if o.failOpen {
			doc.ExitCode = ExitOK
		}
		if werr := writeJSON(a.env.Stdout, doc); werr != nil {
			return werr
		}
	}
	if o.failOpen {
		fmt.Fprintf(a.env.Stderr, "tally: warning: --fail-open: nothing was checked: %s\n", oneLine(err))
		return nil
	}
	return err
}

func (a *app) checkWorkspaces(ctx context.Context, o checkOptions, sess *session, wss []model.WorkspaceRef, th thresholds, now time.Time) error {
	var red model.Redactor
	if sess.s.Redact {
		r, err := model.NewRandomRedactor()
		if err != nil {
			return err
		}
		red = r
	}
	store, _ := a.snapshotStore(sess.s, o.noCache)
	docs := make([]checkWorkspaceJSON, len(wss))
	eachWorkspace(ctx, wss, func(ctx context.Context, i int, ws model.WorkspaceRef) {
		docs[i] = a.checkOne(ctx, sess, store, ws, th, red, now)
	})
	if ctx.Err() != nil {
		return withCode(ExitError, fmt.Errorf("interrupted"))
	}
	doc := checkJSON{SchemaVersion: 1, Verdict: verdictPass, CheckedAt: now.UTC(), Workspaces: docs}
	breached, failed := 0, 0
	for _, w := range docs {
		switch w.Verdict {
		case verdictBreach:
			breached++
		case verdictUnknown, "error":
			failed++
		}
	}
	code := ExitOK
	switch {
	case breached > 0:
		doc.Verdict, code = verdictBreach, ExitBreach
	case failed > 0 && !o.failOpen:
		doc.Verdict, code = "error", ExitError
	case failed > 0:
		doc.Verdict = "error"
	}
	doc.ExitCode = code
	if o.asJSON {
		if err := writeJSON(a.env.Stdout, doc); err != nil {
			return err
		}
	} else {
		writeCheckText(a.env.Stdout, docs, o.verbose)
	}
	writeCheckProblems(a.env.Stderr, docs, o.failOpen)
	if code != ExitOK {
		return silentExit{code}
	}
	return nil
}

// checkOne fetches what the thresholds need and evaluates them.
func (a *app) checkOne(ctx context.Context, sess *session, store config.Snapshots, ws model.WorkspaceRef, th thresholds, red model.Redactor, now time.Time) checkWorkspaceJSON {
	name := ws.Name
	if red.Enabled() {
		name = red.WorkspaceName(name)
	}
	w := checkWorkspaceJSON{ID: string(ws.ID), Name: string(name), Role: string(ws.Role), Thresholds: []checkResult{}}
	b, err := sess.c.Billing(ctx, string(ws.ID))
	if err != nil {
		w.Verdict, w.Error = "error", oneLine(apiError(err, sess.keySource))
		return w
	}
	in := checkInput{name: string(b.Workspace.Name), billing: b, now: now, loc: sess.loc}
	if red.Enabled() {
		in.name = string(red.WorkspaceName(b.Workspace.Name))
	}
	w.Name, w.Role = in.name, string(b.Role)
	var tz string
	if th.runway != nil {
		in.forecast, tz, in.forecastErr = fetchForecast(ctx, sess.c, string(ws.ID), b, now, sess.loc, a.env.Getenv)
	}
	a.remember(store, sess.s, snapshotNames(sess.s.Workspace, sess.me, ws), snapshotOf(b, in.forecast, tz, now))
	w.Thresholds = evaluate(in, th)
	w.Verdict = verdictPass
	for _, r := range w.Thresholds {
		switch {
		case r.Verdict == verdictBreach:
			w.Verdict = verdictBreach
		case r.Verdict == verdictUnknown && w.Verdict != verdictBreach:
			w.Verdict = verdictUnknown
		}
	}
	return w
}

// writeCheckText prints the breached thresholds; verbose prints every one,
// each line led by its verdict so the lines can still be told apart.
func writeCheckText(w io.Writer, docs []checkWorkspaceJSON, verbose bool) {
	tag := map[string]string{verdictPass: "ok      ", verdictBreach: "BREACH  ", verdictNotApplicable: "n/a     "}
	for _, d := range docs {
		for _, r := range d.Thresholds {
			switch {
			case r.Verdict == verdictUnknown:
				// On stderr with the errors.
			case verbose:
				fmt.Fprintln(w, tag[r.Verdict]+r.Message)
			case r.Verdict == verdictBreach:
				fmt.Fprintln(w, r.Message)
			}
		}
	}
}

// writeCheckProblems puts what could not be checked on stderr; with
// --fail-open the same lines are warnings.
func writeCheckProblems(w io.Writer, docs []checkWorkspaceJSON, failOpen bool) {
	prefix := "tally: "
	if failOpen {
		prefix = "tally: warning: --fail-open: "
	}
	for _, d := range docs {
		if d.Error != "" {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, d.Name, strings.TrimSpace(d.Error))
		}
		for _, r := range d.Thresholds {
			if r.Verdict == verdictUnknown {
				fmt.Fprintln(w, prefix+r.Message)
			}
		}
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
