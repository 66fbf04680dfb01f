package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func TestVersion(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun("version")
	if out != "tally dev\ncommit none\nbuilt unknown\n" {
		t.Fatalf("%q", out)
	}
}

func TestCobraErrorsAreUsage(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"frobnicate"}, {"balance", "--nope"}, {"export"}, {"auth", "stats"}, {"completion", "tcsh"}} {
		if code := h.run(args...); code != ExitUsage {
			t.Errorf("%q: exit %d (%s)", args, code, h.stderr.String())
		}
	}
	// A command group alone shows its help.
	if out := h.mustRun("auth"); !strings.Contains(out, "status") {
		t.Errorf("tally auth: %q", out)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if out := h.mustRun("completion", sh); !strings.Contains(out, "tally") {
			t.Errorf("completion %s empty", sh)
		}
	}
}

func TestRootOpensTUIWithProfileTabAndResolvedWorkspace(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	path := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")
	if err := config.Save(path, config.File{Profiles: map[string]config.Profile{"default": {Tab: "imports", Workspace: "Side Project", TZ: "Asia/Kolkata"}}}); err != nil {
		t.Fatal(err)
	}
	h.mustRun()
	v := h.tuiCfg.View
	if v.Tab != model.TabImports || v.Workspace != "ws_side" || v.TZ != "Asia/Kolkata" || h.tuiCfg.Loc.String() != "Asia/Kolkata" {
		t.Fatalf("view %+v loc %v", v, h.tuiCfg.Loc)
	}
	// The documented order for the zone: --tz > the profile's tz > TZ. A TZ
	// in the environment (often UTC machine-wide) does not beat the profile.
	h.env["TZ"] = "America/New_York"
	h.mustRun()
	if h.tuiCfg.Loc.String() != "Asia/Kolkata" {
		t.Fatalf("TZ in the environment beat the profile's tz: loc %v", h.tuiCfg.Loc)
	}
	h.mustRun("--tz", "UTC")
	if h.tuiCfg.Loc.String() != "UTC" || h.tuiCfg.View.TZ != "UTC" {
		t.Fatalf("--tz did not beat the profile: loc %v view tz %q", h.tuiCfg.Loc, h.tuiCfg.View.TZ)
	}
	delete(h.env, "TZ")
	if h.tuiCfg.Command != "tally" {
		t.Fatalf("Y would print %q, want tally", h.tuiCfg.Command)
	}
	// Flags beat the profile.
	h.mustRun("--tab", "mcp-calls", "--workspace", "ws_acme")
	if v := h.tuiCfg.View; v.Tab != model.TabMCPCalls || v.Workspace != "ws_acme" {
		t.Fatalf("view %+v", v)
	}
	if h.tuiCfg.NoColor {
		t.Fatal("no colour without being asked")
	}
	for _, c := range []struct {
		env, val string
		args     []string
		want     bool
	}{
		{"NO_COLOR", "1", nil, true},
		{"CLICOLOR", "0", nil, true},
		{"CLICOLOR", "1", nil, false},
		{"", "", []string{"--no-color"}, true},
	} {
		delete(h.env, "NO_COLOR")
		delete(h.env, "CLICOLOR")
		if c.env != "" {
			h.env[c.env] = c.val
		}
		h.mustRun(c.args...)
		if h.tuiCfg.NoColor != c.want {
			t.Errorf("%s=%s %v: NoColor %v", c.env, c.val, c.args, h.tuiCfg.NoColor)
		}
	}
}

func TestDemoRunsTUIWithoutConfigOrKeyring(t *testing.T) {
	h := newHarness(t)
	h.e.Keyring = hangingKeyring{block: make(chan struct{})} // any keyring call would time out
	h.e.KeyringTimeout = time.Millisecond
	h.env[config.EnvConfig] = "/nonexistent/dir/config.toml"
	h.mustRun("demo", "--size", "50", "--tab", "adjustments", "--workspace", "Acme Studio")
	if h.tuiCfg == nil || h.tuiCfg.View.Tab != model.TabAdjustments || h.tuiCfg.View.Workspace != "ws_acme" || h.tuiCfg.Me.User.Name != "Ada Lovelace" {
		t.Fatalf("%+v", h.tuiCfg)
	}
	// Y in the demo must reopen the demo, not a real account.
	if h.tuiCfg.Command != "tally demo" {
		t.Fatalf("Y would print %q, want tally demo", h.tuiCfg.Command)
	}
	if code := h.run("demo", "--faults", "medium"); code != ExitUsage {
		t.Fatal("bad --faults accepted")
	}
	for _, bad := range [][]string{{"--latency", "-1ms"}, {"--latency", "11s"}, {"--jitter", "5ms"}, {"--latency", "5ms", "--jitter", "6ms"}} {
		if code := h.run(append([]string{"demo"}, bad...)...); code != ExitUsage {
			t.Errorf("demo %v: exit %d, want %d", bad, code, ExitUsage)
		}
	}
	h.mustRun("demo", "--size", "20", "--latency", "2ms", "--jitter", "1ms")
}

func TestDemoServePrintsTwoExportLinesAndServesUntilCancelled(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	h.e.Stdin = strings.NewReader("")
	go func() { done <- Run(ctx, h.e, []string{"demo", "serve", "--addr", "127.0.0.1:0", "--size", "30"}) }()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(h.stdout.String(), "\n") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	lines := strings.Split(strings.TrimSpace(h.stdout.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "export TALLY_BASE_URL=http://127.0.0.1:") || lines[1] != "export TALLY_API_KEY="+demo.OwnerKey {
		t.Fatalf("stdout %q", h.stdout.String())
	}
	// The printed environment works for another tally.
	h2 := newHarness(t)
	h2.env[config.EnvBaseURL] = strings.TrimPrefix(lines[0], "export TALLY_BASE_URL=")
	h2.env[config.EnvAPIKey] = demo.OwnerKey
	h2.mustRun("balance", "--workspace", "ws_acme")
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exit %d: %s", code, h.stderr.String())
	}
	if code := Run(context.Background(), h.e, []string{"demo", "serve", "--addr", "0.0.0.0:0"}); code != ExitUsage {
		t.Fatal("non-loopback --addr accepted")
	}
}

func TestPickWorkspace(t *testing.T) {
	me := model.Me{Workspaces: []model.WorkspaceRef{
		{ID: "ws_a", Name: "Studio", Role: model.RoleOwner},
		{ID: "ws_b", Name: "Studio", Role: model.RoleMember},
		{ID: "ws_c", Name: "Side", Role: model.RoleAdmin},
	}}
	// One resolver for the TUI and the CLI (model.ResolveWorkspace): an id,
	// the one exact name, else the one case-insensitive match.
	for want, id := range map[string]string{"ws_b": "ws_b", "Side": "ws_c", "side": "ws_c"} {
		if w, err := pickWorkspace(me, want, true); err != nil || string(w.ID) != id {
			t.Errorf("%q: %v %v", want, w.ID, err)
		}
	}
	for want, msg := range map[string]string{"Studio": "ambiguous", "Nope": "no workspace", "": "pick one"} {
		_, err := pickWorkspace(me, want, true)
		if exitCode(err) != ExitUsage || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), "ws_a") {
			t.Errorf("%q: %v", want, err)
		}
	}
	one := model.Me{Workspaces: me.Workspaces[2:]}
	if w, err := pickWorkspace(one, "", true); err != nil || w.ID != "ws_c" {
		t.Errorf("single workspace: %v %v", w.ID, err)
	}
}
