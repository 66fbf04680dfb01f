package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
)

func TestLoginReadsStdinStoresInKeyringAndWritesProfile(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.stdin = demo.OwnerKey + "\n"
	if out := h.mustRun("login", "--with-key", "--base-url", srv.URL, "--profile", "work"); out != "" {
		t.Fatalf("login wrote to stdout: %q", out)
	}
	out := h.stderr.String()
	for _, want := range []string{"Ada Lovelace", "Acme Studio", "ws_side", "Member", config.Fingerprint(demo.OwnerKey)} {
		if !strings.Contains(out, want) {
			t.Errorf("login output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+h.stderr.String(), demo.OwnerKey) {
		t.Fatal("login printed the key")
	}
	got, err := keyring.Get(config.KeyringService, config.Entry("work", srv.URL))
	if err != nil || got != demo.OwnerKey {
		t.Fatalf("keyring holds %q, %v", got, err)
	}
	f, _, err := config.Load(filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml"))
	if err != nil || f.DefaultProfile != "work" || f.Profiles["work"].BaseURL != srv.URL {
		t.Fatalf("config after login: %+v %v", f, err)
	}
	// The stored key and profile now work without flags or env.
	if out := h.mustRun("balance", "--workspace", "Acme Studio"); !strings.Contains(out, "Acme Studio") {
		t.Fatal(out)
	}
	out = h.mustRun("auth", "status")
	if !strings.Contains(out, config.Fingerprint(demo.OwnerKey)+" from keyring") || !strings.Contains(out, "accepts the key") {
		t.Fatalf("auth status:\n%s", out)
	}
	if out := h.mustRun("logout"); out != "" {
		t.Fatalf("logout wrote to stdout: %q", out)
	}
	if out := h.stderr.String(); !strings.Contains(out, "Removed the key") {
		t.Fatal(out)
	}
	if _, err := keyring.Get(config.KeyringService, config.Entry("work", srv.URL)); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatal("logout left the key")
	}
	if code := h.run("balance"); code != ExitAuth || !strings.Contains(h.stderr.String(), "not logged in") {
		t.Fatalf("after logout: exit %d %s", code, h.stderr.String())
	}
}

func TestLoginNeverTakesTheKeyFromArgv(t *testing.T) {
	h := newHarness(t)
	if code := h.run("login", "sk_live_secret123456"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(h.stderr.String(), "sk_live_secret123456") {
		t.Fatal("the key from argv was echoed")
	}
	// A key pasted as a flag or a flag's value is not echoed either.
	for _, arg := range []string{"--with-key=sk_live_secret123456", "--insecure-storage=sk_live_secret123456", "--sk_live_secret123456", "-sk_live_secret123456"} {
		if code := h.run("login", arg); code != ExitUsage || strings.Contains(h.stderr.String(), "secret123456") {
			t.Fatalf("login %s: exit %d, stderr %q", arg, code, h.stderr.String())
		}
	}
	// A key pasted as the bare argument of tally is not echoed either.
	if code := h.run("sk_live_secret123456"); code != ExitUsage || strings.Contains(h.stderr.String(), "secret123456") {
		t.Fatalf("tally KEY: exit %d, stderr %q", code, h.stderr.String())
	}
	// No terminal and no --with-key: refuse instead of reading a pipe silently.
	h.stdin = "sk_live_secret123456"
	if code := h.run("login"); code != ExitUsage || !strings.Contains(h.stderr.String(), "--with-key") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
}

func TestLoginPromptsWithoutEchoOnATerminal(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.e.StdinIsTerminal = func() bool { return true }
	prompted := false
	h.e.ReadSecret = func(context.Context) (string, error) { prompted = true; return demo.MemberKey, nil }
	h.mustRun("login", "--base-url", srv.URL)
	if !prompted || !strings.Contains(h.stderr.String(), "input hidden") {
		t.Fatal("no prompt")
	}
	if got, _ := keyring.Get(config.KeyringService, config.Entry("default", srv.URL)); got != demo.MemberKey {
		t.Fatal("key not stored")
	}
}

func TestLoginRejectedKeyStoresNothing(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.stdin = "tally_wrong_key_000000000"
	if code := h.run("login", "--with-key", "--base-url", srv.URL); code != ExitAuth {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stderr.String(), "nothing was stored") {
		t.Fatal(h.stderr.String())
	}
	if _, err := keyring.Get(config.KeyringService, config.Entry("default", srv.URL)); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatal("rejected key stored")
	}
	if _, err := os.Stat(filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "config.toml")); err == nil {
		t.Fatal("config written for a rejected key")
	}
}

func TestKeyringUnavailableOffersAlternatives(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	keyring.MockInitWithError(errors.New("dial unix /run/user/1000/bus: connect: no such file or directory"))
	defer keyring.MockInit()
	h.env[config.EnvBaseURL] = srv.URL
	code := h.run("balance")
	msg := h.stderr.String()
	if code != ExitAuth || !strings.Contains(msg, "keyring is unavailable") || !strings.Contains(msg, "TALLY_API_KEY") ||
		!strings.Contains(msg, "--insecure-storage") || strings.Contains(msg, "not logged in") {
		t.Fatalf("exit %d: %s", code, msg)
	}
	h.stdin = demo.OwnerKey
	if code := h.run("login", "--with-key"); code != ExitAuth || !strings.Contains(h.stderr.String(), "--insecure-storage") {
		t.Fatalf("login without keyring: exit %d %s", code, h.stderr.String())
	}
	h.mustRun("login", "--with-key", "--insecure-storage")
	if !strings.Contains(h.stderr.String(), "plain text") {
		t.Fatal("no warning for insecure storage")
	}
	cred := filepath.Join(h.env["XDG_CONFIG_HOME"], "tally", "credentials.toml")
	if st, err := os.Stat(cred); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", st, err)
	}
	if out := h.mustRun("auth", "status"); !strings.Contains(out, "from file") {
		t.Fatal(out)
	}
	h.mustRun("balance", "--workspace", "ws_acme")
}

type hangingKeyring struct{ block chan struct{} }

func (h hangingKeyring) Get(string, string) (string, error) { <-h.block; return "", nil }
func (h hangingKeyring) Set(string, string, string) error   { <-h.block; return nil }
func (h hangingKeyring) Delete(string, string) error        { <-h.block; return nil }

func TestLockedKeyringDoesNotHang(t *testing.T) {
	h := newHarness(t)
	hk := hangingKeyring{block: make(chan struct{})}
	defer close(hk.block)
	h.e.Keyring = hk
	h.e.KeyringTimeout = 50 * time.Millisecond
	if code := h.run("balance"); code != ExitAuth || !strings.Contains(h.stderr.String(), "no answer within 50ms") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
}

func TestAuthStatusRejectedEnvKey(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, "tally_not_a_real_key_0000abcd")
	code := h.run("auth", "status")
	if code != ExitAuth || !strings.Contains(h.stdout.String(), config.Fingerprint("tally_not_a_real_key_0000abcd")+" from env") || strings.Contains(h.stdout.String()+h.stderr.String(), "abcd") || !strings.Contains(h.stdout.String(), "does not accept") {
		t.Fatalf("exit %d:\n%s\n%s", code, h.stdout.String(), h.stderr.String())
	}
}

func TestConfigSyntaxErrorNamesFileAndLine(t *testing.T) {
	h := newHarness(t)
	p := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(p, []byte("[profiles.a]\nbase_url = \"x\"\ntz = \n"), 0o600)
	// A bad config value is bad input, like a bad flag: usage (2), as the README says.
	code := h.run("balance", "--config", p)
	if code != ExitUsage || !strings.Contains(h.stderr.String(), p+":3:") {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	os.WriteFile(p, []byte("[profiles.a]\ncolour = \"x\"\n"), 0o600)
	h.run("balance", "--config", p)
	if !strings.Contains(h.stderr.String(), `warning: config `+p+`: unknown key "profiles.a.colour"`) {
		t.Fatal(h.stderr.String())
	}
}

func TestMalformedKeyIsAnAuthError(t *testing.T) {
	h := newHarness(t)
	srv := startDemo(t, demo.Options{})
	h.useDemo(srv, "sk_live_secret\x01tail")
	for _, args := range [][]string{{"balance"}, {"auth", "status"}} {
		if code := h.run(args...); code != ExitAuth || strings.Contains(h.stderr.String(), "secret") {
			t.Errorf("%q: exit %d, stderr %q", args, code, h.stderr.String())
		}
	}
	h.env[config.EnvBaseURL] = "ftp://x"
	h.env[config.EnvAPIKey] = demo.OwnerKey
	if code := h.run("balance"); code != ExitUsage {
		t.Errorf("bad base URL: exit %d", code)
	}
}

// A key too short to be one (a truncated paste, TALLY_API_KEY=e) is refused
// before anything is sent, naming where it came from and its length, and the
// message stays readable (scrubbing one character from it garbled it).
func TestShortKeyIsRefusedReadably(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{}), "e")
	code := h.run("auth", "status")
	msg := h.stderr.String()
	if code != ExitAuth || !strings.Contains(msg, "the API key in TALLY_API_KEY is 1 character long, too short to be one") || strings.Contains(msg, "[redacted]") {
		t.Fatalf("exit %d: %q", code, msg)
	}
	h.env[config.EnvAPIKey] = ""
	h.stdin = "abc123"
	if code := h.run("login", "--with-key"); code != ExitUsage || !strings.Contains(h.stderr.String(), "6 characters long") || strings.Contains(h.stderr.String(), "abc123") {
		t.Fatalf("login with a short key: exit %d: %q", code, h.stderr.String())
	}
}
