package cli

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// serverCompletionTimeout bounds everything a completion that asks the
// server does (keyring, /v1/me, /api-keys): a shell waiting on Tab must not
// feel stuck, and on any failure it gets nothing rather than an error.
const serverCompletionTimeout = 1500 * time.Millisecond

type completeFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective)

// fixed completes from a list computed when Tab is pressed, never file names.
func fixed(values func(cmd *cobra.Command, args []string) []choice) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return completions(values(cmd, args), toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func static(c []choice) completeFunc {
	return fixed(func(*cobra.Command, []string) []choice { return c })
}

// completions keeps the candidates starting with toComplete (case-insensitive,
// so "acme" finds "Acme Studio") and joins value and description. Server
// text is sanitised already; tabs and newlines would split an entry.
func completions(cs []choice, toComplete string) []cobra.Completion {
	var out []cobra.Completion
	seen := map[string]bool{}
	for _, alt := range []bool{false, true} {
		if alt && len(out) > 0 {
			break
		}
		for _, c := range cs {
			if c.alt != alt || c.value == "" || seen[c.value] || !strings.HasPrefix(strings.ToLower(c.value), strings.ToLower(toComplete)) {
				continue
			}
			seen[c.value] = true
			out = append(out, cobra.CompletionWithDesc(completionText(c.value), completionText(c.desc)))
		}
	}
	return out
}

// completionText is a value or description as the shell's completion
// protocol can carry it: sanitised (names come from the server) and on one
// line, since a tab or newline would split the candidate.
func completionText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, model.Sanitize(s))
}

// registerCompletions attaches value completion to every flag and argument
// of the tree that has a known set of values.
func (a *app) registerCompletions(root *cobra.Command) {
	reg := func(cmd *cobra.Command, flag string, f completeFunc) {
		if cmd.Flags().Lookup(flag) != nil || cmd.PersistentFlags().Lookup(flag) != nil {
			_ = cmd.RegisterFlagCompletionFunc(flag, f)
		}
	}
	// Persistent flags: registered once on the root, inherited by all.
	reg(root, "tz", fixed(func(*cobra.Command, []string) []choice { return tzChoices(a.env.Getenv) }))
	reg(root, "profile", fixed(func(*cobra.Command, []string) []choice { return a.profileChoices() }))
	reg(root, "workspace", a.fromServer(func(ctx context.Context, s *completionSession, _ *cobra.Command, _ []string) []choice {
		return workspaceChoices(s.me.Workspaces)
	}))
	reg(root, "base-url", fixed(func(*cobra.Command, []string) []choice { return a.baseURLChoices() }))
	reg(root, "config", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
	})

	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		a.registerViewCompletions(c, reg)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)

	for _, c := range root.Commands() {
		switch c.Name() {
		case "export":
			// ValidArgs would win over the function and carry no descriptions.
			c.ValidArgs = nil
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return completions(listChoices(), toComplete), cobra.ShellCompDirectiveNoFileComp
			}
			reg(c, "format", static(formatChoices()))
			reg(c, "parallel", static(parallelChoices()))
		case "demo":
			reg(c, "faults", static(faultChoices()))
			reg(c, "api", static(apiChoices()))
			reg(c, "latency", static(latencyChoices()))
			reg(c, "jitter", static(jitterChoices()))
		}
	}
	reg(root, "timeout", static(timeoutChoices()))

	// Commands that take no arguments must not let the shell offer file
	// names either (man takes a directory; help and completion have theirs).
	var noArgs func(c *cobra.Command)
	noArgs = func(c *cobra.Command) {
		switch c.Name() {
		case "man", "help", "completion":
		default:
			if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
				c.ValidArgsFunction = cobra.NoFileCompletions
			}
		}
		for _, s := range c.Commands() {
			noArgs(s)
		}
	}
	noArgs(root)

	// Every other flag takes a value no list can offer (a number, a
	// template, an address): the shell must not offer file names for it.
	// Registering again is refused by cobra, so this only fills the gaps;
	// --output takes a file name, where the shell's own completion is right.
	var rest func(c *cobra.Command)
	rest = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalNonPersistentFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Value.Type() != "bool" && f.Name != "output" {
					_ = c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
				}
			})
		}
		for _, s := range c.Commands() {
			rest(s)
		}
	}
	rest(root)
}

// registerViewCompletions covers the view flags, wherever addViewFlags put them.
func (a *app) registerViewCompletions(c *cobra.Command, reg func(*cobra.Command, string, completeFunc)) {
	if c.Flags().Lookup("sort") == nil {
		return
	}
	reg(c, "tab", static(tabChoices()))
	reg(c, "sort", fixed(func(cmd *cobra.Command, args []string) []choice {
		l, known := a.chosenList(cmd, args)
		if !known && cmd.Name() == "export" {
			return nil // the list decides; offer nothing rather than a wrong field
		}
		return sortChoicesFor(l)
	}))
	reg(c, "order", static(orderChoices()))
	reg(c, "last", static(lastChoices()))
	reg(c, "as-role", static(enumChoices(model.Roles)))
	reg(c, "refresh", static(refreshChoices()))
	reg(c, "month", fixed(func(*cobra.Command, []string) []choice { return monthChoices(a.env.Now()) }))
	reg(c, "year", fixed(func(*cobra.Command, []string) []choice { return yearChoices(a.env.Now()) }))
	reg(c, "group-by", fixed(func(cmd *cobra.Command, args []string) []choice {
		l, known := a.chosenList(cmd, args)
		if !known && cmd.Name() == "export" {
			return nil
		}
		return groupByChoices(l)
	}))
	for _, f := range model.AllFilters() {
		var complete completeFunc
		switch f.Kind {
		case model.FilterEnum:
			complete = static(filterChoices(f))
		case model.FilterRef:
			// Each reference filter needs its own server list here.
			switch f.Flag {
			case "api-key":
				complete = a.fromServer(a.apiKeyCompletion)
			case "user":
				complete = a.fromServer(a.userCompletion)
			}
		}
		if complete == nil {
			reg(c, f.Flag, cobra.NoFileCompletions)
			continue
		}
		// A filter the chosen list does not have is refused when run: offer
		// nothing for it rather than values that lead to that error.
		reg(c, f.Flag, func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if l, known := a.chosenList(cmd, args); known && (l == nil || !l.Has(f)) {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return complete(cmd, args, toComplete)
		})
	}
	for _, f := range []string{"from", "to"} {
		reg(c, f, cobra.NoFileCompletions)
	}
}

// userCompletion offers the users who have usage (client.Users, the list
// --user resolves against); nothing against a 1.0 server or for a member.
func (a *app) userCompletion(ctx context.Context, s *completionSession, _ *cobra.Command, _ []string) []choice {
	ws, err := pickWorkspace(s.me, s.s.Workspace, true)
	if err != nil || !ws.Role.SeesUsers() {
		return nil
	}
	users, err := s.c.Users(ctx, string(ws.ID), "")
	if err != nil {
		return nil
	}
	return userChoices(users)
}

func (a *app) apiKeyCompletion(ctx context.Context, s *completionSession, _ *cobra.Command, _ []string) []choice {
	ws, err := pickWorkspace(s.me, s.s.Workspace, true)
	if err != nil {
		return nil
	}
	keys, err := s.c.APIKeys(ctx, string(ws.ID))
	if err != nil {
		return nil
	}
	return apiKeyChoices(keys)
}

// chosenList is the list a command line is about, as typed so far: export's
// LIST argument (activity included), else the chosen tab. known is false
// when none is chosen yet (export without its argument, the TUI without a
// tab), l nil with known true for a name that is no list.
func (a *app) chosenList(cmd *cobra.Command, args []string) (l *model.List, known bool) {
	if cmd.Name() == "export" {
		if len(args) == 0 {
			return nil, false
		}
		if args[0] == activityList {
			return findTab(string(model.TabActivity)), true
		}
		return model.ExportList(args[0]), true
	}
	l = a.chosenTab(cmd)
	return l, l != nil
}

// chosenTab is --tab as typed so far, else the profile's tab (nil = none).
func (a *app) chosenTab(cmd *cobra.Command) *model.List {
	if v, err := cmd.Flags().GetString("tab"); err == nil && v != "" {
		return findTab(v)
	}
	if cmd.Name() == "demo" {
		return nil
	}
	if s, _, err := a.quietSettings(); err == nil {
		return findTab(s.Tab)
	}
	return nil
}

func (a *app) profileChoices() []choice {
	f, err := a.configFile()
	if err != nil {
		return nil
	}
	var out []choice
	for _, n := range f.ProfileNames() {
		out = append(out, choice{value: n, desc: f.Profiles[n].BaseURL})
	}
	return out
}

func (a *app) baseURLChoices() []choice {
	f, err := a.configFile()
	if err != nil {
		return nil
	}
	var out []choice
	for _, n := range f.ProfileNames() {
		if u := f.Profiles[n].BaseURL; u != "" {
			out = append(out, choice{value: u, desc: "profile " + n})
		}
	}
	return out
}

// configFile loads the config file without printing its warnings.
func (a *app) configFile() (config.File, error) {
	path, err := config.ConfigPath(a.g.config, a.env.Getenv)
	if err != nil {
		return config.File{}, err
	}
	f, _, err := config.Load(path)
	return f, err
}

// quietSettings resolves the settings without printing warnings: a shell
// completing a word must not get text on its screen.
func (a *app) quietSettings() (config.Settings, config.File, error) {
	path, err := config.ConfigPath(a.g.config, a.env.Getenv)
	if err != nil {
		return config.Settings{}, config.File{}, err
	}
	f, _, err := config.Load(path)
	if err != nil {
		return config.Settings{}, f, err
	}
	s, err := config.Resolve(a.flags(), a.env.Getenv, f, path)
	return s, f, err
}

// completionSession is what a server-backed completion gets.
type completionSession struct {
	s  config.Settings
	c  *client.Client
	me model.Me
}

// fromServer completes from the API when a key is at hand: TALLY_API_KEY,
// the keyring (never prompting: a locked or absent keyring is skipped) or
// the key file. One attempt, serverCompletionTimeout in all; nothing on
// failure.
func (a *app) fromServer(values func(context.Context, *completionSession, *cobra.Command, []string) []choice) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx, cancel := context.WithTimeout(context.Background(), serverCompletionTimeout)
		defer cancel()
		sess, err := a.completionSession(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completions(values(ctx, sess, cmd, args), toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func (a *app) completionSession(ctx context.Context) (*completionSession, error) {
	s, _, err := a.quietSettings()
	if err != nil {
		return nil, err
	}
	keys := a.keys(s)
	keys.Timeout = serverCompletionTimeout
	key, _, err := keys.Lookup(ctx, a.env.Getenv, s.Profile, s.BaseURL)
	if err != nil {
		return nil, err
	}
	c, err := client.New(client.Options{
		BaseURL: s.BaseURL, APIKey: key, Version: a.build.Version, Transport: a.env.Transport,
		Timeout: serverCompletionTimeout, MaxAttempts: 1,
	})
	if err != nil {
		return nil, err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	return &completionSession{s: s, c: c, me: me}, nil
}
