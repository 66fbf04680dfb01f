package config

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolvePrecedence(t *testing.T) {
	file := File{DefaultProfile: "work", Profiles: map[string]Profile{
		"work": {BaseURL: "https://work.example/api", Workspace: "ws_work", TZ: "Europe/Berlin", Tab: "imports"},
		"home": {BaseURL: "https://home.example/api"},
	}}
	cases := []struct {
		name  string
		flags Flags
		env   map[string]string
		file  File
		want  Settings
	}{
		{"defaults without a file", Flags{}, nil, File{},
			Settings{Profile: "default", BaseURL: DefaultBaseURL}},
		{"default_profile from file", Flags{}, nil, file,
			Settings{Profile: "work", ProfileExists: true, BaseURL: "https://work.example/api", Workspace: "ws_work", TZ: "Europe/Berlin", Tab: "imports"}},
		{"env beats profile", Flags{}, map[string]string{EnvBaseURL: "http://127.0.0.1:9/", EnvWorkspace: "Acme"}, file,
			Settings{Profile: "work", ProfileExists: true, BaseURL: "http://127.0.0.1:9", Workspace: "Acme", TZ: "Europe/Berlin", Tab: "imports"}},
		{"flag beats env", Flags{BaseURL: "https://flag.example", Workspace: "ws_f", TZ: "UTC"}, map[string]string{EnvBaseURL: "http://127.0.0.1:9", EnvWorkspace: "Acme"}, file,
			Settings{Profile: "work", ProfileExists: true, BaseURL: "https://flag.example", Workspace: "ws_f", TZ: "UTC", Tab: "imports"}},
		{"env profile picks its table", Flags{}, map[string]string{EnvProfile: "home"}, file,
			Settings{Profile: "home", ProfileExists: true, BaseURL: "https://home.example/api"}},
		{"flag profile beats env profile", Flags{Profile: "work"}, map[string]string{EnvProfile: "home"}, file,
			Settings{Profile: "work", ProfileExists: true, BaseURL: "https://work.example/api", Workspace: "ws_work", TZ: "Europe/Berlin", Tab: "imports"}},
		{"missing profile falls back to defaults", Flags{Profile: "new"}, nil, file,
			Settings{Profile: "new", BaseURL: DefaultBaseURL}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Resolve(c.flags, envOf(c.env), c.file, "/x/config.toml")
			if err != nil {
				t.Fatal(err)
			}
			got.Sources, got.ConfigPath = nil, ""
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestResolveSourcesAndMissingProfile(t *testing.T) {
	f := File{Profiles: map[string]Profile{"a": {}}}
	s, err := Resolve(Flags{Profile: "typo"}, envOf(nil), f, "/x/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MissingProfileError(f); err == nil || !strings.Contains(err.Error(), "profiles: a") {
		t.Fatalf("missing profile not reported with choices: %v", err)
	}
	s, _ = Resolve(Flags{}, envOf(map[string]string{EnvWorkspace: "w"}), File{}, "")
	if s.Sources["workspace"] != FromEnv || s.Sources["base_url"] != FromDefault {
		t.Fatalf("sources %v", s.Sources)
	}
	if _, err := Resolve(Flags{Profile: "a b"}, envOf(nil), File{}, ""); err == nil {
		t.Fatal("profile name with a space accepted")
	}
	// A default_profile with no table is a typo too, not a silent fallback
	// to the built-in base URL.
	f.DefaultProfile = "gone"
	s, _ = Resolve(Flags{}, envOf(nil), f, "/x/config.toml")
	if err := s.MissingProfileError(f); err == nil || !strings.Contains(err.Error(), "default_profile") || !strings.Contains(err.Error(), "profiles: a") {
		t.Fatalf("missing default_profile not reported: %v", err)
	}
}

func TestResolveUnknownZoneNamesItsSource(t *testing.T) {
	f := File{DefaultProfile: "work", Profiles: map[string]Profile{"work": {TZ: "Mars/Olympus"}}}
	_, err := Resolve(Flags{}, envOf(nil), f, "/x/config.toml")
	if err == nil || !strings.Contains(err.Error(), "/x/config.toml") || !strings.Contains(err.Error(), `profile "work"`) {
		t.Fatalf("profile tz: %v", err)
	}
	_, err = Resolve(Flags{TZ: "Mars/Olympus"}, envOf(nil), f, "/x/config.toml")
	if err == nil || !strings.HasPrefix(err.Error(), "--tz") {
		t.Fatalf("flag tz: %v", err)
	}
	if _, err := Resolve(Flags{TZ: "America/New_York"}, envOf(nil), f, "/x/config.toml"); err != nil {
		t.Fatalf("a valid flag must override a bad profile zone: %v", err)
	}
}

func TestConfigPath(t *testing.T) {
	env := map[string]string{"XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"}
	if p, _ := ConfigPath("", envOf(env)); p != "/xdg/tally/config.toml" {
		t.Fatal(p)
	}
	delete(env, "XDG_CONFIG_HOME")
	if p, _ := ConfigPath("", envOf(env)); p != "/home/u/.config/tally/config.toml" {
		t.Fatal(p)
	}
	env[EnvConfig] = "/env.toml"
	if p, _ := ConfigPath("", envOf(env)); p != "/env.toml" {
		t.Fatal(p)
	}
	if p, _ := ConfigPath("/flag.toml", envOf(env)); p != "/flag.toml" {
		t.Fatal(p)
	}
}

func TestLoadErrorsAndWarnings(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	os.WriteFile(p, []byte("default_profile = \"a\"\n[profiles.a]\nbase_url = \"x\"\nworkspace = = 3\n"), 0o600)
	_, _, err := Load(p)
	var invalid *InvalidError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), p+":4:") {
		t.Fatalf("syntax error should be an InvalidError naming file and line 4: %v", err)
	}
	os.WriteFile(p, []byte("colour = \"blue\"\n[profiles.a]\nbase_url = \"x\"\nfavourite = 1\n"), 0o600)
	f, warns, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Profiles["a"].BaseURL != "x" || len(warns) != 2 || !strings.Contains(warns[1], "profiles.a.favourite") {
		t.Fatalf("unknown keys should warn: %q %+v", warns, f)
	}
	os.WriteFile(p, []byte("[profiles.a]\nbase_url = 5\n"), 0o600)
	if _, _, err := Load(p); !errors.As(err, &invalid) || !strings.Contains(err.Error(), p) {
		t.Fatalf("type error should be an InvalidError naming the file: %v", err)
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		os.Chmod(p, 0o000)
		if _, _, err := Load(p); err == nil || errors.As(err, &invalid) {
			t.Fatalf("an unreadable file is not invalid input: %v", err)
		}
	}
	if f, w, err := Load(filepath.Join(dir, "none.toml")); err != nil || w != nil || f.Profiles != nil {
		t.Fatal("missing file should be an empty config")
	}
}

func TestSaveIsAtomicAndPrivate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "config.toml")
	want := File{DefaultProfile: "a", Profiles: map[string]Profile{"a": {BaseURL: "https://x", Tab: "imports"}}}
	if err := Save(p, want); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	got, _, err := Load(p)
	if err != nil || got.Profiles["a"] != want.Profiles["a"] || got.DefaultProfile != "a" {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

const secret = "sk_test_abcdefgh9f2c"

func TestKeysThroughMockKeyring(t *testing.T) {
	keyring.MockInit()
	ctx := context.Background()
	k := Keys{Keyring: SystemKeyring{}, FilePath: filepath.Join(t.TempDir(), "credentials.toml")}
	noEnv := envOf(nil)
	if _, _, err := k.Lookup(ctx, noEnv, "p", "https://x"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("empty keyring: %v", err)
	}
	if src, err := k.Store(ctx, "p", "https://x", secret, false); err != nil || src != KeyFromKeyring {
		t.Fatal(src, err)
	}
	got, src, err := k.Lookup(ctx, noEnv, "p", "https://x")
	if err != nil || got != secret || src != KeyFromKeyring {
		t.Fatal(src, err)
	}
	// One entry per profile and base URL.
	if _, _, err := k.Lookup(ctx, noEnv, "p", "https://other"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("other URL shares the key: %v", err)
	}
	if got, src, err := k.Lookup(ctx, envOf(map[string]string{EnvAPIKey: "envkey_0123456789abcdef"}), "p", "https://x"); err != nil || got != "envkey_0123456789abcdef" || src != KeyFromEnv {
		t.Fatal("TALLY_API_KEY should win")
	}
	if removed, err := k.Remove(ctx, "p", "https://x"); err != nil || len(removed) != 1 || removed[0] != KeyFromKeyring {
		t.Fatal(removed, err)
	}
	if _, err := k.Remove(ctx, "p", "https://x"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("second logout: %v", err)
	}
}

func TestKeyringUnavailableIsNotNoKey(t *testing.T) {
	keyring.MockInitWithError(errors.New(`The name org.freedesktop.secrets was not provided by any .service files`))
	defer keyring.MockInit()
	ctx := context.Background()
	dir := t.TempDir()
	k := Keys{Keyring: SystemKeyring{}, FilePath: filepath.Join(dir, "credentials.toml")}
	_, _, err := k.Lookup(ctx, envOf(nil), "p", "https://x")
	var ue *UnavailableError
	if !errors.As(err, &ue) || errors.Is(err, ErrNoKey) {
		t.Fatalf("want UnavailableError, got %v", err)
	}
	if _, err := k.Store(ctx, "p", "https://x", secret, false); !errors.As(err, &ue) {
		t.Fatalf("store: %v", err)
	}
	// The opt-in file works without a keyring and is private.
	if src, err := k.Store(ctx, "p", "https://x", secret, true); err != nil || src != KeyFromFile {
		t.Fatal(src, err)
	}
	if st, _ := os.Stat(k.FilePath); st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials mode %v", st.Mode())
	}
	got, src, err := k.Lookup(ctx, envOf(nil), "p", "https://x")
	if err != nil || got != secret || src != KeyFromFile {
		t.Fatal(src, err)
	}
	// A key file others can read is refused with the fix, and the key is not echoed.
	if err := os.Chmod(k.FilePath, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.Lookup(ctx, envOf(nil), "p", "https://x"); err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), secret) {
		t.Fatalf("world-readable credentials: %v", err)
	}
	if err := os.Chmod(k.FilePath, 0o600); err != nil {
		t.Fatal(err)
	}
	if removed, err := k.Remove(ctx, "p", "https://x"); err != nil || len(removed) != 1 || removed[0] != KeyFromFile {
		t.Fatal(removed, err)
	}
}

type hangingKeyring struct{ block chan struct{} }

func (h hangingKeyring) Get(string, string) (string, error) { <-h.block; return "", nil }
func (h hangingKeyring) Set(string, string, string) error   { <-h.block; return nil }
func (h hangingKeyring) Delete(string, string) error        { <-h.block; return nil }

func TestKeyringCallThatNeverReturnsTimesOut(t *testing.T) {
	h := hangingKeyring{block: make(chan struct{})}
	defer close(h.block)
	k := Keys{Keyring: h, Timeout: 50 * time.Millisecond}
	ctx := context.Background()
	var ue *UnavailableError
	if _, _, err := k.Lookup(ctx, envOf(nil), "p", "u"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Fatalf("lookup: %v", err)
	}
	if _, err := k.Store(ctx, "p", "u", secret, false); !errors.As(err, &ue) {
		t.Fatalf("store: %v", err)
	}
	if _, err := k.Remove(ctx, "p", "u"); !errors.As(err, &ue) {
		t.Fatalf("remove: %v", err)
	}
}

func TestFingerprintShowsNoCharacterOfTheKey(t *testing.T) {
	fp := Fingerprint(secret)
	if fp != Fingerprint(secret) || fp == Fingerprint(secret+"x") || !strings.HasPrefix(fp, "sha256:") || len(fp) != len("sha256:")+8 {
		t.Fatalf("fingerprint %q", fp)
	}
	// sha256sum of the key, first 8 hex digits: what the README tells users to run.
	sum := sha256.Sum256([]byte(secret))
	if fp != "sha256:"+hex.EncodeToString(sum[:])[:8] {
		t.Fatalf("fingerprint %q does not match sha256sum", fp)
	}
	for i := 0; i+4 <= len(secret); i++ {
		if strings.Contains(strings.TrimPrefix(fp, "sha256:"), secret[i:i+4]) {
			t.Fatalf("fingerprint %q holds key characters %q", fp, secret[i:i+4])
		}
	}
}

// The time zone: --tz > the profile's tz > TZ (the system's local zone).
// An explicit tz in a profile is the user's choice for tally; TZ is often set
// for the whole machine (TZ=UTC in containers, TZ=:/etc/localtime), so it is
// the default, not an override. A one-off zone is --tz.
func TestTZPrecedence(t *testing.T) {
	withTZ := File{Profiles: map[string]Profile{"default": {TZ: "Europe/Berlin"}}}
	noTZ := File{Profiles: map[string]Profile{"default": {}}}
	env := envOf(map[string]string{"TZ": "Asia/Tokyo"})
	for _, c := range []struct {
		name string
		flag string
		file File
		want string
		src  Source
	}{
		{"flag beats profile and TZ", "UTC", withTZ, "UTC", FromFlag},
		{"profile beats TZ", "", withTZ, "Europe/Berlin", FromProfile},
		{"TZ (the local zone) when neither", "", noTZ, "", FromDefault},
	} {
		s, err := Resolve(Flags{TZ: c.flag}, env, c.file, "/x/config.toml")
		if err != nil || s.TZ != c.want || s.Sources["tz"] != c.src {
			t.Errorf("%s: tz %q from %s, %v; want %q from %s", c.name, s.TZ, s.Sources["tz"], err, c.want, c.src)
		}
	}
}

// Save leaves out what was never set: login rewrote every profile with
// parallel = 0, a value the file's own check calls out of range.
func TestSaveLeavesOutUnsetKeys(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(p, File{Profiles: map[string]Profile{"a": {BaseURL: "https://x.example"}}}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if strings.Contains(string(b), "parallel") || strings.Contains(string(b), "timeout") || !strings.Contains(string(b), "base_url") {
		t.Fatalf("saved:\n%s", b)
	}
}
