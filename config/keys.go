package config

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/zalando/go-keyring"
)

// KeyringService is the service name of every entry tally stores.
const KeyringService = "tally"

// DefaultKeyringTimeout bounds every keyring call: a locked collection can
// block forever waiting for an unlock prompt.
const DefaultKeyringTimeout = 3 * time.Second

// Keyring is the part of go-keyring tally uses; tests substitute a fake that
// never returns to prove the timeout.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// SystemKeyring is the OS keyring through go-keyring (and its MockInit in
// tests). With Getenv set (the real process) it first checks that a D-Bus
// session bus exists where one is needed, and never lets one be started
// (see keys_bus.go); tests leave it nil.
type SystemKeyring struct {
	Getenv func(string) string
}

func (k SystemKeyring) Get(service, user string) (string, error) {
	if err := checkBus(k.Getenv); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}
func (k SystemKeyring) Set(service, user, secret string) error {
	if err := checkBus(k.Getenv); err != nil {
		return err
	}
	return keyring.Set(service, user, secret)
}
func (k SystemKeyring) Delete(service, user string) error {
	if err := checkBus(k.Getenv); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// KeySource says where an API key came from.
type KeySource string

const (
	KeyFromEnv     KeySource = "env"
	KeyFromKeyring KeySource = "keyring"
	KeyFromFile    KeySource = "file"
)

// ErrNoKey means the keyring works but holds no key for this profile and URL.
var ErrNoKey = errors.New("no API key stored")

// UnavailableError means the keyring itself could not be used (no Secret
// Service, no D-Bus, locked and not answering). It is not "no key stored".
type UnavailableError struct {
	Err error
}

func (e *UnavailableError) Error() string {
	return "the OS keyring is unavailable (" + e.Err.Error() + ")"
}
func (e *UnavailableError) Unwrap() error { return e.Err }

// Keys finds, stores and removes API keys: TALLY_API_KEY, then the keyring,
// then the opt-in credentials file.
type Keys struct {
	Keyring  Keyring
	Timeout  time.Duration // 0 -> DefaultKeyringTimeout
	FilePath string        // the --insecure-storage file; "" disables it
}

// CredentialsPath is the opt-in key file next to the config file.
func CredentialsPath(configPath string) string {
	return filepath.Join(filepath.Dir(configPath), "credentials.toml")
}

// Entry is the keyring user name: one entry per profile and base URL.
func Entry(profile, baseURL string) string { return profile + "@" + baseURL }

// call runs fn under the timeout. A call that never returns leaves its
// goroutine behind; tally exits soon after, which is the lesser evil.
func (k Keys) call(ctx context.Context, fn func() error) error {
	if k.Keyring == nil {
		return &UnavailableError{Err: errors.New("no keyring configured")}
	}
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		if err == nil || errors.Is(err, keyring.ErrNotFound) {
			return err
		}
		if strings.HasPrefix(err.Error(), "failed to unlock") {
			// go-keyring's Secret Service backend: the collection is locked
			// and the unlock prompt could not be shown or was dismissed.
			return &UnavailableError{Err: errors.New("it is locked and could not be unlocked here; unlock it in your desktop's passwords and keys app")}
		}
		return &UnavailableError{Err: err}
	case <-t.C:
		return &UnavailableError{Err: fmt.Errorf("no answer within %s: it may be locked; unlock it in your desktop's passwords and keys app", timeout)}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Lookup returns the key for profile and baseURL and where it came from.
// Errors: ErrNoKey, or *UnavailableError when the keyring failed and no file
// key exists.
func (k Keys) Lookup(ctx context.Context, getenv func(string) string, profile, baseURL string) (string, KeySource, error) {
	key, src, err := k.lookup(ctx, getenv, profile, baseURL)
	if err == nil {
		err = CheckKeyShape(key, string(src))
	}
	return key, src, err
}

// MinKeyLen is the shortest string taken for an API key. Anything shorter
// is a mistake (a truncated paste, TALLY_API_KEY=1): sending it can only be
// refused, and scrubbing so short a "secret" from every message would
// garble them beyond reading.
const MinKeyLen = 16

// BadKeyError is a key that cannot be an API key; it names where it came
// from and how long it is, never what it holds.
type BadKeyError struct {
	Source string
	Len    int
	Space  bool // it holds spaces or control characters
}

func (e *BadKeyError) Error() string {
	where := "the API key"
	switch KeySource(e.Source) {
	case KeyFromEnv:
		where = "the API key in " + EnvAPIKey
	case KeyFromKeyring:
		where = "the API key stored in the OS keyring"
	case KeyFromFile:
		where = "the API key stored in the credentials file"
	}
	how := "log in again with the whole key: tally login"
	if KeySource(e.Source) == KeyFromEnv {
		how = "set " + EnvAPIKey + " to the whole key"
	}
	unit := "characters"
	if e.Len == 1 {
		unit = "character"
	}
	if e.Space {
		return fmt.Sprintf("%s holds spaces or control characters, which no API key has: %s", where, how)
	}
	return fmt.Sprintf("%s is %d %s long, too short to be one (at least %d): %s", where, e.Len, unit, MinKeyLen, how)
}

// CheckKeyShape refuses a key shorter than MinKeyLen or with spaces or
// control characters in it; source is where it came from (a KeySource, or
// "" for one typed at login).
func CheckKeyShape(key, source string) error {
	n := utf8.RuneCountInString(key)
	if strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return &BadKeyError{Source: source, Len: n, Space: true}
	}
	if n < MinKeyLen {
		return &BadKeyError{Source: source, Len: n}
	}
	return nil
}

func (k Keys) lookup(ctx context.Context, getenv func(string) string, profile, baseURL string) (string, KeySource, error) {
	if v := getenv(EnvAPIKey); v != "" {
		return v, KeyFromEnv, nil
	}
	var secret string
	err := k.call(ctx, func() error {
		s, err := k.Keyring.Get(KeyringService, Entry(profile, baseURL))
		secret = s
		return err
	})
	if err == nil && secret != "" {
		return secret, KeyFromKeyring, nil
	}
	if ctx.Err() != nil {
		return "", "", ctx.Err()
	}
	if fk, ferr := k.fileKey(profile, baseURL); ferr != nil {
		return "", "", ferr
	} else if fk != "" {
		return fk, KeyFromFile, nil
	}
	var ue *UnavailableError
	if errors.As(err, &ue) {
		return "", "", err
	}
	return "", "", ErrNoKey
}

// Check reports whether the keyring can be used for profile and baseURL
// (nil, or *UnavailableError), reading the entry without keeping what it
// holds, so `tally login` can say the key cannot be stored before asking
// for it.
func (k Keys) Check(ctx context.Context, profile, baseURL string) error {
	err := k.call(ctx, func() error {
		_, err := k.Keyring.Get(KeyringService, Entry(profile, baseURL))
		return err
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// Store saves the key in the keyring, or in the 0600 file when insecure.
func (k Keys) Store(ctx context.Context, profile, baseURL, key string, insecure bool) (KeySource, error) {
	if insecure {
		if err := k.updateFile(func(m map[string]string) { m[Entry(profile, baseURL)] = key }); err != nil {
			return "", err
		}
		return KeyFromFile, nil
	}
	err := k.call(ctx, func() error { return k.Keyring.Set(KeyringService, Entry(profile, baseURL), key) })
	if err != nil {
		return "", err
	}
	return KeyFromKeyring, nil
}

// Remove deletes the key from the keyring and the file; it reports where a
// key was found. Removing nothing is ErrNoKey; an unavailable keyring is
// reported only when the file held nothing either.
func (k Keys) Remove(ctx context.Context, profile, baseURL string) ([]KeySource, error) {
	var removed []KeySource
	kerr := k.call(ctx, func() error { return k.Keyring.Delete(KeyringService, Entry(profile, baseURL)) })
	if kerr == nil {
		removed = append(removed, KeyFromKeyring)
	}
	if ctx.Err() != nil {
		return removed, ctx.Err()
	}
	if fk, err := k.fileKey(profile, baseURL); err != nil {
		return removed, err
	} else if fk != "" {
		if err := k.updateFile(func(m map[string]string) { delete(m, Entry(profile, baseURL)) }); err != nil {
			return removed, err
		}
		removed = append(removed, KeyFromFile)
	}
	if len(removed) > 0 {
		return removed, nil
	}
	var ue *UnavailableError
	if errors.As(kerr, &ue) {
		return nil, kerr
	}
	return nil, ErrNoKey
}

type credentialsFile struct {
	Keys map[string]string `toml:"keys"`
}

func (k Keys) readFile() (map[string]string, error) {
	m := map[string]string{}
	if k.FilePath == "" {
		return m, nil
	}
	b, err := os.ReadFile(k.FilePath)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", k.FilePath, err)
	}
	// Like ssh with a private key: a key file others can read is refused rather
	// than used, since a copied or restored file often loses its 0600.
	if st, err := os.Stat(k.FilePath); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("credentials file %s is readable by others (mode %04o): run `chmod 600 %s`", k.FilePath, st.Mode().Perm(), k.FilePath)
	}
	var cf credentialsFile
	if _, err := toml.Decode(string(b), &cf); err != nil {
		// Never echo the parse error: it may quote a key.
		return nil, fmt.Errorf("credentials file %s is not valid TOML; delete it and run `tally login` again", k.FilePath)
	}
	for e, v := range cf.Keys {
		m[e] = v
	}
	return m, nil
}

func (k Keys) fileKey(profile, baseURL string) (string, error) {
	m, err := k.readFile()
	if err != nil {
		return "", err
	}
	return m[Entry(profile, baseURL)], nil
}

func (k Keys) updateFile(change func(map[string]string)) error {
	if k.FilePath == "" {
		return errors.New("no credentials file configured")
	}
	m, err := k.readFile()
	if err != nil {
		return err
	}
	change(m)
	var buf bytes.Buffer
	buf.WriteString("# tally API keys stored with --insecure-storage (plain text). Prefer the OS keyring.\n")
	if err := toml.NewEncoder(&buf).Encode(credentialsFile{Keys: m}); err != nil {
		return fmt.Errorf("cannot encode credentials: %w", err)
	}
	return WriteFileAtomic(k.FilePath, buf.Bytes(), 0o600)
}

// Fingerprint names a key without showing any of it: the first 8 hex digits
// of its SHA-256 ("sha256:3f2a9c1d"). Not even the last characters are shown,
// since status output ends up in screenshots and tickets; two fingerprints
// still tell keys apart, and `printf %s "$KEY" | sha256sum | cut -c1-8`
// checks one.
func Fingerprint(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:4])
}
