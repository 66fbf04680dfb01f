// Package cli turns argv into a View and a command: the TUI, demo, login,
// logout, auth status, balance, export, completion and version.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
)

// globals are the persistent flags; "" = not given.
type globals struct {
	profile, baseURL, workspace, tz, config string
	redact                                  *bool  // nil = not given
	refresh                                 string // TUI commands only
	noColor                                 bool
	timeout                                 time.Duration // 0 = not given
}

// app is one invocation: the environment plus the parsed global flags.
type app struct {
	env     *Env
	g       globals
	timeout time.Duration // resolved request time limit (flag > profile); 0 = the client's default
	// clients made during this run: their keys are scrubbed from the final
	// error, which may quote a flag value the user pasted a key into
	// (`--api-key tly_live_…` names an MCP key, not tally's).
	clients []*client.Client
	build   buildInfo
}

// Execute runs tally with the process's arguments and returns the exit code.
func Execute() int {
	ctx, stop := signalContext(context.Background())
	defer stop()
	return Run(ctx, DefaultEnv(), os.Args[1:])
}

// signalContext is cancelled by Ctrl-C, SIGTERM and SIGHUP (the terminal
// closing): all of them stop tally the same way, so `-o` never leaves a
// partial file behind.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, hangup())
}

// Run executes one command line against env and returns the exit code. Errors
// are printed once, as "tally: <message>".
func Run(ctx context.Context, env *Env, args []string) int {
	a := &app{env: env, build: currentBuild()}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var s silentExit
	if !errors.As(err, &s) {
		msg := strings.TrimSpace(err.Error())
		var ee *exitError
		if !errors.As(err, &ee) && !strings.Contains(msg, "--help") {
			// cobra's own parsing errors: point at the help.
			msg += " (see `tally --help`)"
		}
		for _, c := range a.clients {
			msg = c.Scrub(msg)
		}
		fmt.Fprintf(env.Stderr, "tally: %s\n", msg)
	}
	return exitCode(err)
}

// run adapts a command body so that every error it returns carries an exit
// code (1 unless it says otherwise).
func run(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		return withCode(ExitError, fn(cmd, args))
	}
}

func (a *app) rootCmd() *cobra.Command {
	var vf viewFlags
	root := &cobra.Command{
		Use:   "tally",
		Short: "See where your credits went, in the terminal",
		Long: `tally shows a workspace's plan, credits and usage: conversations, MCP-HTTP (API-key)
calls, imports and credit adjustments. Run it without a command for the interactive
view; the view flags below open it on a given tab and filter.

Exit codes:
  0    ok
  1    error: network, server or file
  2    usage: a bad flag, argument or config file (syntax or value); no terminal for the TUI
  3    authentication: no key, the keyring unavailable or locked, or the key refused
  4    export totals mismatch: the output is complete but differs from the server's summary
  5    check: a threshold is breached
  130  interrupted: Ctrl-C at the login prompt`,
		Example: `  tally                                   # the interactive view of your workspace
  tally --tab mcp-calls --last 7d --sort credits
  tally --workspace "Acme Studio" --tz Europe/Berlin --as-role member
  tally --tab conversations --month 2026-10 --user "Grace Hopper"
  tally --tab mcp-calls --year 2026 --group-by tool
  tally --timeout 10s                     # a slow link: allow each request longer
  tally demo                              # the same view on a built-in demo server`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          run(func(cmd *cobra.Command, _ []string) error { return a.runTUI(cmd, &vf) }),
		// --version (and -v) print what `tally version` prints.
		Version: a.build.Version,
	}
	root.SetVersionTemplate(a.build.String())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.g.profile, "profile", "", "config profile (env TALLY_PROFILE)")
	pf.StringVar(&a.g.baseURL, "base-url", "", "billing API base URL (env TALLY_BASE_URL)")
	pf.StringVar(&a.g.workspace, "workspace", "", "workspace id or exact name (env TALLY_WORKSPACE)")
	pf.StringVar(&a.g.tz, "tz", "", "IANA time zone for dates (default: the local zone)")
	pf.StringVar(&a.g.config, "config", "", "config file (env TALLY_CONFIG; default $XDG_CONFIG_HOME/tally/config.toml)")
	pf.DurationVar(&a.g.timeout, "timeout", 0, "time limit of one API request, retries included (profile key timeout)")
	showDefault(pf, "timeout", client.DefaultTimeout.String())
	addRedactFlag(pf, &a.g.redact)
	pf.BoolVar(&a.g.noColor, "no-color", false, "no colours (also NO_COLOR=1 or CLICOLOR=0 in the environment)")
	addViewFlags(root.Flags(), &vf, true)
	addRefreshFlag(root.Flags(), &a.g.refresh)

	root.AddCommand(
		a.demoCmd(),
		a.loginCmd(),
		a.logoutCmd(),
		a.authCmd(),
		a.balanceCmd(),
		a.checkCmd(),
		a.statusCmd(),
		a.exportCmd(),
		a.versionCmd(),
		a.manCmd(),
	)
	// Groups are not runnable, so cobra would answer "tally auth stats" or
	// "tally completion tcsh" with help and exit 0. The completion command
	// keeps the writer it sees now.
	root.SetOut(a.env.Stdout)
	root.InitDefaultCompletionCmd()
	addGeneratedExamples(root)
	a.registerCompletions(root)
	for _, c := range root.Commands() {
		if c.HasSubCommands() && !c.Runnable() {
			groupCmd(c)
		}
	}
	return root
}

// noArgs replaces cobra.NoArgs, whose error echoes the word: a stray argument
// is often an API key pasted in the wrong place.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usageErrorf("%s takes no arguments; see `%s --help` (an API key belongs in `tally login` or TALLY_API_KEY, never in arguments)", cmd.CommandPath(), cmd.CommandPath())
}

// groupCmd makes a command group show its help when called alone and exit 2
// on an unknown subcommand (not echoed: it may be a pasted key).
func groupCmd(c *cobra.Command) {
	c.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		var names []string
		for _, s := range cmd.Commands() {
			if s.IsAvailableCommand() {
				names = append(names, s.Name())
			}
		}
		return usageErrorf("unknown subcommand; %s takes one of: %s", cmd.CommandPath(), strings.Join(names, ", "))
	}
	c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
}
