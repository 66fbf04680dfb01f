package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// maxKeyLen bounds what --with-key reads: a key is short, a mistaken pipe is not.
const maxKeyLen = 4096

func (a *app) loginCmd() *cobra.Command {
	var withKey, insecure bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Verify an API key and store it in the OS keyring",
		Long: `Reads an API key from a no-echo prompt (or from stdin with --with-key), checks it
with the server and stores it in the OS keyring under service "tally", one entry per
profile and base URL. The key is never taken from the command line.

Where no keyring can be used (no session D-Bus, a locked or missing Secret Service),
login says so before asking for the key: use --insecure-storage (a 0600 file next to
the config) or TALLY_API_KEY instead.`,
		Example: `  tally login
  printf '%s' "$KEY" | tally login --with-key --profile work --base-url https://billing.example.com/api
  tally login --insecure-storage          # a headless box without a keyring`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				// Never echo the argument: it may be the key.
				return usageErrorf("login takes no arguments; a key on the command line ends up in shell history — use the prompt or --with-key")
			}
			return nil
		},
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			return a.login(cmd, withKey, insecure)
		}),
	}
	cmd.SetFlagErrorFunc(loginFlagError)
	cmd.Flags().BoolVar(&withKey, "with-key", false, "read the key from stdin")
	cmd.Flags().BoolVar(&insecure, "insecure-storage", false, "store the key in a plain 0600 file instead of the OS keyring")
	return cmd
}

// loginFlagError reports a bad login flag without echoing it: a key pasted
// as "--with-key=KEY" or "-KEY" would otherwise land on the screen and in logs.
func loginFlagError(_ *cobra.Command, err error) error {
	const how = "the key is read from the prompt or, with --with-key, from stdin"
	var iv *pflag.InvalidValueError
	var vr *pflag.ValueRequiredError
	switch {
	case errors.As(err, &iv):
		return usageErrorf("invalid value for --%s (not shown: it may be a key); %s", iv.GetFlag().Name, how)
	case errors.As(err, &vr):
		return usageErrorf("%v", err)
	}
	return usageErrorf("unknown login flag (not shown: it may be a key); %s", how)
}

func (a *app) readKey(ctx context.Context, withKey bool) (string, error) {
	var key string
	switch {
	case withKey:
		b, err := io.ReadAll(io.LimitReader(a.env.Stdin, maxKeyLen+1))
		if err != nil {
			return "", fmt.Errorf("cannot read the key from stdin: %w", err)
		}
		if len(b) > maxKeyLen {
			return "", usageErrorf("stdin holds more than %d bytes; pipe only the key", maxKeyLen)
		}
		key = string(b)
	case a.env.StdinIsTerminal():
		fmt.Fprint(a.env.Stderr, "API key (input hidden): ")
		k, err := a.env.ReadSecret(ctx)
		if ctx.Err() != nil {
			return "", withCode(ExitInterrupted, errors.New("interrupted at the key prompt: nothing was stored"))
		}
		if err != nil {
			return "", fmt.Errorf("cannot read the key: %w", err)
		}
		key = k
	default:
		return "", usageErrorf("stdin is not a terminal: pipe the key with --with-key")
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return "", usageErrorf("no API key given")
	}
	if strings.ContainsAny(key, " \t\r\n") {
		return "", usageErrorf("the key contains whitespace; pipe exactly one key")
	}
	if err := config.CheckKeyShape(key, ""); err != nil {
		return "", usageErrorf("%v; nothing was stored", err)
	}
	return key, nil
}

func (a *app) login(cmd *cobra.Command, withKey, insecure bool) error {
	ctx := cmd.Context()
	s, f, err := a.settings()
	if err != nil {
		return err
	}
	// Say that the key cannot be stored before asking for it, not after.
	if !insecure {
		if err := a.keys(s).Check(ctx, s.Profile, s.BaseURL); err != nil {
			var ue *config.UnavailableError
			if errors.As(err, &ue) {
				return authErrorf("%v: the key was not asked for; set TALLY_API_KEY instead, or rerun with --insecure-storage to keep the key in a 0600 file", err)
			}
			return withCode(ExitInterrupted, errors.New("interrupted before the key prompt: nothing was stored"))
		}
	}
	key, err := a.readKey(ctx, withKey)
	if err != nil {
		return err
	}
	c, err := a.newClient(s.BaseURL, key)
	if err != nil {
		return err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return apiError(err, keyTyped)
	}
	src, err := a.keys(s).Store(ctx, s.Profile, s.BaseURL, key, insecure)
	if err != nil {
		var ue *config.UnavailableError
		if errors.As(err, &ue) {
			return authErrorf("%v: nothing was stored; set TALLY_API_KEY instead, or rerun with --insecure-storage to keep the key in a 0600 file", err)
		}
		return err
	}
	if insecure {
		fmt.Fprintf(a.env.Stderr, "tally: warning: the key is stored in plain text in %s (mode 0600); prefer the OS keyring\n",
			config.CredentialsPath(s.ConfigPath))
	}
	if err := a.rememberProfile(s, f); err != nil {
		fmt.Fprintf(a.env.Stderr, "tally: warning: key stored, but %v\n", err)
	}
	// Confirmations are not data: stdout stays empty for scripts.
	out := a.env.Stderr
	fmt.Fprintf(out, "Logged in to %s as %s", s.BaseURL, model.DisplayName(&me.User))
	if me.User.Email != "" {
		fmt.Fprintf(out, " <%s>", me.User.Email)
	}
	where := "the OS keyring"
	if src == config.KeyFromFile {
		where = config.CredentialsPath(s.ConfigPath)
	}
	fmt.Fprintf(out, " (profile %s; key %s stored in %s)\n", s.Profile, config.Fingerprint(key), where)
	printWorkspaces(out, me.Workspaces)
	if a.env.Getenv(config.EnvAPIKey) != "" {
		fmt.Fprintln(a.env.Stderr, "tally: note: TALLY_API_KEY is set and takes precedence over the stored key")
	}
	return nil
}

// rememberProfile records the profile's base URL (and makes it the default
// when the file names none) so later commands find the key's entry.
func (a *app) rememberProfile(s config.Settings, f config.File) error {
	p := f.Profiles[s.Profile]
	changed := false
	if s.Sources["base_url"] == config.FromFlag && p.BaseURL != s.BaseURL {
		p.BaseURL, changed = s.BaseURL, true
	}
	if !s.ProfileExists {
		changed = true
	}
	if f.DefaultProfile == "" && len(f.Profiles) == 0 {
		f.DefaultProfile, changed = s.Profile, true
	}
	if !changed {
		return nil
	}
	if f.Profiles == nil {
		f.Profiles = map[string]config.Profile{}
	}
	f.Profiles[s.Profile] = p
	if err := config.Save(s.ConfigPath, f); err != nil {
		return fmt.Errorf("could not update the config: %v", err)
	}
	return nil
}

func printWorkspaces(w io.Writer, ws []model.WorkspaceRef) {
	if len(ws) == 0 {
		fmt.Fprintln(w, "No workspaces.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKSPACE\tID\tROLE")
	for _, x := range ws {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", x.Name, x.ID, x.Role.Label())
	}
	tw.Flush()
}

func (a *app) logoutCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove the stored API key of the profile and base URL",
		Long: `Removes the key stored for the profile and base URL from the OS keyring and from the
--insecure-storage file. TALLY_API_KEY, if set, is not touched.`,
		Example: `  tally logout
  tally logout --profile work`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.settings()
			if err != nil {
				return err
			}
			removed, err := a.keys(s).Remove(cmd.Context(), s.Profile, s.BaseURL)
			switch {
			case errors.Is(err, config.ErrNoKey):
				fmt.Fprintf(a.env.Stderr, "No key was stored for profile %s at %s.\n", s.Profile, s.BaseURL)
			case err != nil:
				var ue *config.UnavailableError
				if errors.As(err, &ue) {
					// Exit 3 like every command the same cause stops.
					// Nothing was in the credentials file; whether the keyring
					// holds a key cannot be known while it is unusable.
					return authErrorf("%v: no key is in the credentials file, and one kept in the keyring cannot be removed (or found) while it is unavailable; unlock it, or start a session with one, and run `tally logout` again", err)
				}
				return err
			default:
				for _, r := range removed {
					where := "the OS keyring"
					if r == config.KeyFromFile {
						where = config.CredentialsPath(s.ConfigPath)
					}
					fmt.Fprintf(a.env.Stderr, "Removed the key for profile %s at %s from %s.\n", s.Profile, s.BaseURL, where)
				}
			}
			if a.env.Getenv(config.EnvAPIKey) != "" {
				fmt.Fprintln(a.env.Stderr, "tally: note: TALLY_API_KEY is still set in your environment")
			}
			return nil
		}),
	}
}
