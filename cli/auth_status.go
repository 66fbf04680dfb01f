package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

func (a *app) authCmd() *cobra.Command {
	auth := &cobra.Command{Use: "auth", Short: "Inspect authentication", Args: noArgs, Example: "  tally auth status"}
	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Show where the key comes from, whose it is, and whether the server accepts it",
		Long: `Shows the profile, the config file, the base URL and where each came from, the key
(as a fingerprint: sha256: and the first 8 hex digits of its SHA-256, no character
of the key itself) and where it came from, and whether the server
accepts it, with your user and workspaces.

--json prints a stable object: schema_version (1), profile, profile_source, config,
base_url, base_url_source, key|null {source (env|keyring|file), location, fingerprint},
key_error|null, server {checked, accepts_key (true, false, or null when the server
could not be reached to say), error|null}, user|null {id, name, email},
workspaces [{id, name, role}]. The exit code is the same as without --json: 3 when
there is no key or the server refuses it.`,
		Example: `  tally auth status
  tally auth status --profile work
  tally auth status --json | jq -r .key.source`,
		Args: noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error { return a.authStatus(cmd, asJSON) }),
	}
	status.Flags().BoolVar(&asJSON, "json", false, "print a stable JSON object (schema_version 1)")
	auth.AddCommand(status)
	return auth
}

// authStatusJSON is the stable `tally auth status --json` document.
type authStatusJSON struct {
	SchemaVersion int               `json:"schema_version"`
	Profile       string            `json:"profile"`
	ProfileSource config.Source     `json:"profile_source"`
	Config        string            `json:"config"`
	BaseURL       string            `json:"base_url"`
	BaseURLSource config.Source     `json:"base_url_source"`
	Key           *authKeyJSON      `json:"key"`
	KeyError      *string           `json:"key_error"`
	Server        authServerJSON    `json:"server"`
	User          *model.User       `json:"user"`
	Workspaces    []authWorkspaceJS `json:"workspaces"`
}

type authKeyJSON struct {
	Source      config.KeySource `json:"source"`
	Location    string           `json:"location"`
	Fingerprint string           `json:"fingerprint"`
}

type authServerJSON struct {
	Checked    bool    `json:"checked"`
	AcceptsKey *bool   `json:"accepts_key"` // nil: not known (no key, or the server not reached)
	Error      *string `json:"error"`
}

type authWorkspaceJS struct {
	ID   model.Text `json:"id"`
	Name model.Text `json:"name"`
	Role model.Role `json:"role"`
}

func (a *app) authStatus(cmd *cobra.Command, asJSON bool) error {
	s, _, err := a.settings()
	if err != nil {
		return err
	}
	st := authStatusJSON{
		SchemaVersion: 1, Profile: s.Profile, ProfileSource: s.Sources["profile"], Config: s.ConfigPath,
		BaseURL: s.BaseURL, BaseURLSource: s.Sources["base_url"], Workspaces: []authWorkspaceJS{},
	}
	var me model.Me
	result := func() error {
		key, src, err := a.keys(s).Lookup(cmd.Context(), a.env.Getenv, s.Profile, s.BaseURL)
		if err != nil {
			err = keyLookupError(err, s)
			msg := err.Error()
			st.KeyError = &msg
			return err
		}
		st.Key = &authKeyJSON{Source: src, Location: keyLocation(src, s), Fingerprint: config.Fingerprint(key)}
		c, err := a.newClient(s.BaseURL, key)
		if err != nil {
			return err
		}
		st.Server.Checked = true
		me, err = c.Me(cmd.Context())
		if err != nil {
			if client.IsAuth(err) {
				no := false
				st.Server.AcceptsKey = &no
			}
			err = apiError(err, src)
			msg := err.Error()
			st.Server.Error = &msg
			return err
		}
		yes := true
		st.Server.AcceptsKey = &yes
		st.User = &me.User
		for _, w := range me.Workspaces {
			st.Workspaces = append(st.Workspaces, authWorkspaceJS{w.ID, w.Name, w.Role})
		}
		return nil
	}()
	if asJSON {
		enc := json.NewEncoder(a.env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(st); err != nil {
			return err
		}
		return result
	}
	out := bufio.NewWriter(a.env.Stdout)
	defer out.Flush()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Profile\t%s (%s)\n", st.Profile, st.ProfileSource)
	fmt.Fprintf(tw, "Config\t%s\n", st.Config)
	fmt.Fprintf(tw, "Base URL\t%s (%s)\n", st.BaseURL, st.BaseURLSource)
	if st.Key == nil {
		fmt.Fprintf(tw, "Key\tnone\n")
	} else {
		fmt.Fprintf(tw, "Key\t%s from %s\n", st.Key.Fingerprint, keySourceLabel(st.Key.Source, s))
	}
	switch {
	case st.Server.AcceptsKey != nil && *st.Server.AcceptsKey:
		user := model.DisplayName(&me.User)
		if me.User.Email != "" {
			user += " <" + string(me.User.Email) + ">"
		}
		fmt.Fprintf(tw, "User\t%s\n", user)
		fmt.Fprintf(tw, "Server\taccepts the key\n")
	case st.Server.Checked && exitCode(result) == ExitAuth:
		fmt.Fprintf(tw, "Server\tdoes not accept the key\n")
	case st.Server.Checked:
		fmt.Fprintf(tw, "Server\tnot reached (see below)\n")
	}
	tw.Flush()
	if st.Server.AcceptsKey != nil && *st.Server.AcceptsKey {
		printWorkspaces(out, me.Workspaces)
	}
	return result
}

// keyLocation names where a key is kept, for people and for --json.
func keyLocation(src config.KeySource, s config.Settings) string {
	switch src {
	case config.KeyFromEnv:
		return config.EnvAPIKey
	case config.KeyFromKeyring:
		return "service " + config.KeyringService + ", " + config.Entry(s.Profile, s.BaseURL)
	case config.KeyFromFile:
		return config.CredentialsPath(s.ConfigPath)
	}
	return ""
}

func keySourceLabel(src config.KeySource, s config.Settings) string {
	return string(src) + " (" + keyLocation(src, s) + ")"
}
