package cli

import (
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/demo"
)

type demoFlags struct {
	size            int
	faults          string
	hostile         bool
	addr            string
	latency, jitter time.Duration
	api             string
}

func (d demoFlags) options() (demo.Options, error) {
	if d.size < 0 {
		return demo.Options{}, usageErrorf("--size must be positive")
	}
	if d.latency < 0 || d.jitter < 0 {
		return demo.Options{}, usageErrorf("--latency and --jitter must not be negative")
	}
	if d.latency > demo.MaxLatency {
		return demo.Options{}, usageErrorf("--latency %v is too long: at most %v", d.latency, demo.MaxLatency)
	}
	if d.jitter > d.latency {
		return demo.Options{}, usageErrorf("--jitter %v is more than --latency %v: set --latency too, e.g. --latency 40ms --jitter 10ms", d.jitter, d.latency)
	}
	switch d.faults {
	case "", "none", "light", "heavy":
	default:
		return demo.Options{}, usageErrorf("--faults must be light or heavy, not %q", d.faults)
	}
	f := d.faults
	if f == "none" {
		f = ""
	}
	switch d.api {
	case "", demo.API10, demo.API11:
	default:
		return demo.Options{}, usageErrorf("--api must be 1.0 or 1.1, not %q", d.api)
	}
	return demo.Options{Size: d.size, Faults: f, Hostile: d.hostile, API: d.api, Latency: d.latency, Jitter: d.jitter}, nil
}

func (a *app) demoCmd() *cobra.Command {
	var (
		df demoFlags
		vf viewFlags
	)
	cmd := &cobra.Command{
		Use:   "demo [view flags]",
		Short: "Open the TUI on a built-in demo server (no account needed)",
		Long: `Starts the demo billing API in-process on 127.0.0.1 and opens the TUI on it as the
demo owner. Nothing is read from or written to the config file or keyring.`,
		Example: `  tally demo
  tally demo --tab mcp-calls --size 100000 --faults light
  tally demo --hostile --redact
  tally demo --latency 40ms --jitter 10ms   # feel a remote API`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			opts, err := df.options()
			if err != nil {
				return err
			}
			view, err := parseView(vf, a.g.workspace, a.g.tz, "")
			if err != nil {
				return err
			}
			// demo reads no config file: --redact and --refresh come from flags only.
			live, err := demoTUIOptions(a.g)
			if err != nil {
				return err
			}
			if err := a.needTerminal(); err != nil {
				return err
			}
			srv, err := demo.Start(opts, "127.0.0.1:0")
			if err != nil {
				return fmt.Errorf("cannot start the demo server: %w", err)
			}
			defer srv.Close()
			c, err := a.newClient(srv.URL, demo.OwnerKey)
			if err != nil {
				return err
			}
			// The same check as tally's (tuiMe): one attempt, and none when
			// the demo is made slow, so the TUI shows the wait itself.
			sess := &session{c: c}
			if opts.Latency == 0 {
				if err := a.tuiMe(cmd.Context(), sess, view, live); err != nil {
					return err
				}
			}
			return a.openTUI(cmd, c, sess.me, view, live)
		}),
	}
	pf := cmd.PersistentFlags()
	pf.IntVar(&df.size, "size", 0, "MCP calls in the demo workspace (default 2000)")
	pf.StringVar(&df.faults, "faults", "", "inject faults: light|heavy (429s, 5xx, HTML pages, latency)")
	pf.BoolVar(&df.hostile, "hostile", false, "fill names and titles with hostile strings (escape sequences, bidi, wide runes)")
	pf.StringVar(&df.api, "api", "1.1", "contract version to serve: 1.1, or 1.0 (no groups, user filter, limits or expiring credits)")
	pf.DurationVar(&df.latency, "latency", 0, "delay every response by this much, like a remote API (e.g. 40ms; at most 10s)")
	pf.DurationVar(&df.jitter, "jitter", 0, "vary --latency uniformly by up to ± this much (e.g. 10ms; at most --latency)")
	addViewFlags(cmd.Flags(), &vf, true)
	addRefreshFlag(cmd.Flags(), &a.g.refresh)

	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the demo billing API until interrupted",
		Long: `Serves the demo billing API until interrupted and prints, on stdout, the two
export lines another shell needs to talk to it:

  tally demo serve > /tmp/tally-demo.env &   # then, in any shell:
  . /tmp/tally-demo.env && tally balance

The key printed is the public demo owner key, not a secret.`,
		Example: `  tally demo serve --addr 127.0.0.1:8080 --size 100000
  tally demo serve --faults heavy --hostile   # a misbehaving server to test a client against`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			opts, err := df.options()
			if err != nil {
				return err
			}
			if host, _, err := net.SplitHostPort(df.addr); err != nil {
				return usageErrorf("--addr %q: %v", df.addr, err)
			} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				// The client refuses http:// to other hosts, and the demo key is public.
				return usageErrorf("--addr must be a loopback address such as 127.0.0.1:8080")
			}
			srv, err := demo.Start(opts, df.addr)
			if err != nil {
				return fmt.Errorf("cannot start the demo server on %s: %w", df.addr, err)
			}
			defer srv.Close()
			fmt.Fprintf(a.env.Stdout, "export TALLY_BASE_URL=%s\nexport TALLY_API_KEY=%s\n", srv.URL, demo.OwnerKey)
			fmt.Fprintf(a.env.Stderr, "tally: demo API on %s (paste the two lines above into a shell, then run tally); Ctrl-C stops it\n", srv.URL)
			<-cmd.Context().Done()
			return nil
		}),
	}
	serve.Flags().StringVar(&df.addr, "addr", "127.0.0.1:8080", "listen address (loopback only)")
	cmd.AddCommand(serve)
	return cmd
}
