package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui"
)

// runTUI is `tally` without a command: flags and config become a View, the
// key is checked, and the TUI opens on that view.
func (a *app) runTUI(cmd *cobra.Command, vf *viewFlags) error {
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	if s.Tab != "" && findTab(s.Tab) == nil {
		fmt.Fprintf(a.env.Stderr, "tally: warning: config profile %q: unknown tab %q ignored\n", s.Profile, s.Tab)
	}
	view, err := parseView(*vf, s.Workspace, s.TZ, s.Tab)
	if err != nil {
		return err
	}
	opts, err := newTUIOptions(s)
	if err != nil {
		return err
	}
	opts.Snapshots = a.tuiSnapshots(s)
	if err := a.needTerminal(); err != nil {
		return err
	}
	sess, err := a.dial(cmd.Context(), s, f)
	if err != nil {
		return err
	}
	opts.KeySource = tuiKeySource(sess.keySource)
	if err := a.tuiMe(cmd.Context(), sess, view, opts); err != nil {
		return err
	}
	return a.openTUI(cmd, sess.c, sess.me, view, opts)
}

// tuiMe checks the key with /v1/me before the TUI opens, so a refused key
// or an unknown --workspace is an error and an exit code, except where the
// TUI does better by asking itself: when the named workspace has a snapshot
// (the first screen paints from it at once, whatever the server's speed),
// and when the server cannot be reached (the TUI shows it and retries, where
// this used to be seconds of blank screen, then exit 1). The check is one
// attempt for the same reason: the TUI does the retrying, on screen.
//
// --as-role is the exception to both: it may only narrow the key's real role,
// which only /v1/me tells, so with it the check always runs and an
// unreachable server is an error rather than a view that may show more than
// the role it names.
func (a *app) tuiMe(ctx context.Context, sess *session, view model.View, opts tuiOptions) error {
	if view.Workspace != "" && opts.Snapshots != nil && view.AsRole == "" {
		if _, _, ok := opts.Snapshots.Load(view.Workspace); ok {
			return nil
		}
	}
	me, err := sess.c.Me(client.SingleAttempt(ctx))
	switch {
	case err == nil:
		sess.me = me
	case client.IsUnreachable(err) && view.AsRole == "":
	case client.IsUnreachable(err):
		return fmt.Errorf("--as-role %s needs your real role in the workspace, and the server cannot be reached to tell it: %w; try again, or leave out --as-role", view.AsRole, apiError(err, sess.keySource))
	default:
		return apiError(err, sess.keySource)
	}
	return nil
}

// tuiKeySource names where the key came from for the TUI's 401 screen.
func tuiKeySource(src config.KeySource) string {
	switch src {
	case config.KeyFromEnv:
		return "TALLY_API_KEY"
	case config.KeyFromKeyring:
		return "the keyring"
	case config.KeyFromFile:
		return "the credentials file"
	}
	return ""
}

func (a *app) openTUI(cmd *cobra.Command, c *client.Client, me model.Me, view model.View, opts tuiOptions) error {
	loc, err := model.LoadTZ(view.TZ)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if len(me.Workspaces) > 0 { // else the TUI resolves it once /me answers
		ws, err := pickWorkspace(me, view.Workspace, false)
		if err != nil {
			return err
		}
		if ws.ID != "" {
			err = checkAsRole(ws, view.AsRole)
		} else {
			err = checkAsRoleAnywhere(me.Workspaces, view.AsRole)
		}
		if err != nil {
			return err
		}
		view.Workspace = string(ws.ID)
	}
	cfg := tui.Config{
		Client: c, Me: me, View: view, Version: a.build.Version, Now: a.env.Now, Loc: loc, NoColor: a.env.noColor(a.g.noColor),
		Command: cmd.CommandPath(), // so Y from `tally demo` reopens the demo, not a real account
	}
	cfg.OpenURL = a.env.OpenURL
	applyTUIOptions(&cfg, opts)
	return a.env.RunTUI(cmd.Context(), cfg)
}

// needTerminal refuses to start the TUI without a terminal to draw on and
// read keys from (`tally </dev/null`, `tally >file`, cron): at once, before
// any request, with the commands that work there.
func (a *app) needTerminal() error {
	if a.env.TUITerminal == nil || a.env.TUITerminal() {
		return nil
	}
	return usageErrorf("the TUI needs a terminal (stdin and stdout are not both one): in scripts use `tally balance` or `tally export LIST`")
}
