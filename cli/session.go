package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// settings loads the config file (warnings go to stderr) and resolves the
// global settings by precedence.
func (a *app) settings() (config.Settings, config.File, error) {
	path, err := config.ConfigPath(a.g.config, a.env.Getenv)
	if err != nil {
		return config.Settings{}, config.File{}, err
	}
	f, warnings, err := config.Load(path)
	if err != nil {
		var invalid *config.InvalidError
		if errors.As(err, &invalid) {
			return config.Settings{}, f, withCode(ExitUsage, err)
		}
		return config.Settings{}, f, err
	}
	for _, w := range warnings {
		fmt.Fprintf(a.env.Stderr, "tally: warning: %s\n", w)
	}
	s, err := config.Resolve(a.flags(), a.env.Getenv, f, path)
	if err != nil {
		return s, f, usageErrorf("%v", err)
	}
	a.timeout = s.Timeout
	return s, f, nil
}

// flags are the global flags as config.Resolve takes them.
func (a *app) flags() config.Flags {
	return config.Flags{
		Profile: a.g.profile, BaseURL: a.g.baseURL, Workspace: a.g.workspace, TZ: a.g.tz, Config: a.g.config,
		Redact: a.g.redact, Refresh: a.g.refresh, Timeout: a.g.timeout,
	}
}

func (a *app) keys(s config.Settings) config.Keys {
	return config.Keys{Keyring: a.env.Keyring, Timeout: a.env.KeyringTimeout, FilePath: config.CredentialsPath(s.ConfigPath)}
}

// session is an authenticated connection: settings, client and /v1/me.
type session struct {
	s         config.Settings
	c         *client.Client
	me        model.Me
	loc       *time.Location
	keySource config.KeySource
}

// connect resolves settings and the key, builds the client and checks the key
// with /v1/me. Missing or rejected keys exit 3.
func (a *app) connect(ctx context.Context) (*session, error) {
	s, f, err := a.settings()
	if err != nil {
		return nil, err
	}
	return a.connectWith(ctx, s, f)
}

func (a *app) connectWith(ctx context.Context, s config.Settings, f config.File) (*session, error) {
	sess, err := a.dial(ctx, s, f)
	if err != nil {
		return nil, err
	}
	if sess.me, err = sess.c.Me(ctx); err != nil {
		return nil, apiError(err, sess.keySource)
	}
	return sess, nil
}

// dial is connectWith without the /v1/me check: the settings, the key and
// the client. The TUI asks /me itself, so that a slow or unreachable server
// is shown and retried on screen instead of a blank wait and an exit.
func (a *app) dial(ctx context.Context, s config.Settings, f config.File) (*session, error) {
	if err := s.MissingProfileError(f); err != nil {
		return nil, usageErrorf("%v", err)
	}
	loc, err := model.LoadTZ(s.TZ)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	key, src, err := a.keys(s).Lookup(ctx, a.env.Getenv, s.Profile, s.BaseURL)
	if err != nil {
		return nil, keyLookupError(err, s)
	}
	c, err := a.newClient(s.BaseURL, key)
	if err != nil {
		return nil, err
	}
	return &session{s: s, c: c, loc: loc, keySource: src}, nil
}

func (a *app) newClient(baseURL, key string) (*client.Client, error) {
	timeout := a.timeout
	if timeout == 0 {
		// Commands that read no config (demo) still honour --timeout.
		if err := config.CheckTimeout(a.g.timeout); a.g.timeout != 0 && err != nil {
			return nil, usageErrorf("--timeout: %v", err)
		}
		timeout = a.g.timeout
	}
	c, err := client.New(client.Options{
		BaseURL: baseURL, APIKey: key, Version: a.build.Version, Transport: a.env.Transport,
		RetryWait: a.env.RetryWait, RetryMaxWait: a.env.RetryWait * 4, Timeout: timeout,
	})
	if err != nil {
		// The base URL is checked first: if it passes on its own, the key
		// was refused, which is an authentication problem (exit 3).
		if _, uerr := client.New(client.Options{BaseURL: baseURL, APIKey: "k", Version: a.build.Version}); uerr == nil {
			return nil, authErrorf("%v", err)
		}
		return nil, usageErrorf("%v", err)
	}
	a.clients = append(a.clients, c)
	return c, nil
}

func keyLookupError(err error, s config.Settings) error {
	var ue *config.UnavailableError
	var bk *config.BadKeyError
	switch {
	case errors.As(err, &bk):
		return authErrorf("%v", err)
	case errors.Is(err, config.ErrNoKey):
		return authErrorf("not logged in (profile %q, %s): run `tally login` or set TALLY_API_KEY", s.Profile, s.BaseURL)
	case errors.As(err, &ue):
		return authErrorf("%v: set TALLY_API_KEY, or run `tally login --insecure-storage` to keep the key in a 0600 file", err)
	}
	return err
}

// keyTyped is the source of a key given to `tally login`.
const keyTyped config.KeySource = "login"

// refusedKey says, once, that the server refused the key, where the key came
// from, and the one step that fixes it there. The client's own 401 text ends
// with generic advice (wrong during `tally login`, and doubled after the
// server's own), so it is rebuilt here from its parts.
func refusedKey(err error, src config.KeySource) error {
	detail := "401"
	var ae *client.APIError
	if errors.As(err, &ae) {
		if m := strings.TrimSpace(model.Sanitize(ae.Message)); m != "" {
			detail += ": " + m
		}
		if ae.RequestID != "" {
			detail += "; request " + model.Sanitize(ae.RequestID)
		}
	}
	switch src {
	case config.KeyFromEnv:
		return authErrorf("the server refused the API key in TALLY_API_KEY (%s): set TALLY_API_KEY to a valid key, or unset it to use the key `tally login` stored", detail)
	case config.KeyFromKeyring:
		return authErrorf("the server refused the API key stored in the OS keyring (%s): run `tally login` to store a valid one", detail)
	case config.KeyFromFile:
		return authErrorf("the server refused the API key stored in the credentials file (%s): run `tally login --insecure-storage` to store a valid one", detail)
	case keyTyped:
		return authErrorf("the server refused this key (%s); nothing was stored: check that the whole key was pasted and that it belongs to this base URL", detail)
	}
	return authErrorf("the server refused the API key (%s): run `tally login` or set TALLY_API_KEY", detail)
}

// apiError turns a client error into a message with the right exit code.
func apiError(err error, src config.KeySource) error {
	if client.IsAuth(err) {
		return refusedKey(err, src)
	}
	if errors.Is(err, context.Canceled) {
		return withCode(ExitError, errors.New("interrupted"))
	}
	if errors.Is(err, client.ErrTimeLimit) {
		return withCode(ExitError, fmt.Errorf("%w; a slow server may need more: --timeout 2m, or timeout = \"2m\" in the profile", err))
	}
	if client.IsPermission(err) {
		return withCode(ExitError, fmt.Errorf("%w (your role in this workspace does not allow it: see `tally auth status`)", err))
	}
	return withCode(ExitError, err)
}

// pickWorkspace resolves want (id or name, model.ResolveWorkspace) among the key's workspaces.
// With want == "" a single workspace is chosen; if several exist and
// required, the error lists them.
func pickWorkspace(me model.Me, want string, required bool) (model.WorkspaceRef, error) {
	if len(me.Workspaces) == 0 {
		return model.WorkspaceRef{}, errors.New("this API key has no workspaces")
	}
	if want == "" {
		if len(me.Workspaces) == 1 {
			return me.Workspaces[0], nil
		}
		if !required {
			return model.WorkspaceRef{}, nil
		}
		return model.WorkspaceRef{}, usageErrorf("you have %d workspaces; pick one with --workspace: %s", len(me.Workspaces), listWorkspaces(me.Workspaces))
	}
	w, err := model.ResolveWorkspace(me.Workspaces, want)
	if err != nil {
		return model.WorkspaceRef{}, usageErrorf("%v", err)
	}
	return w, nil
}

func listWorkspaces(ws []model.WorkspaceRef) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%s (%s, %s)", w.ID, w.Name, w.Role)
	}
	return strings.Join(parts, ", ")
}
