// Package config reads and writes tally's TOML config file, resolves settings
// by precedence (flag > environment > profile > default) and stores API keys
// in the OS keyring (or, when the user opts in, a 0600 file).
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Profile is one [profiles.NAME] table.
type Profile struct {
	BaseURL   string `toml:"base_url,omitempty"`
	Workspace string `toml:"workspace,omitempty"`
	TZ        string `toml:"tz,omitempty"`
	Tab       string `toml:"tab,omitempty"`
	// Redact masks names, emails, titles, key names and URLs (like --redact).
	Redact *bool `toml:"redact,omitempty"`
	// Refresh is the TUI's auto-refresh interval, e.g. "60s"; "0" or "off" = never.
	Refresh string `toml:"refresh,omitempty"`
	// Cache = false turns the snapshot cache off (like --no-cache).
	Cache *bool `toml:"cache,omitempty"`
	// Check holds `tally check`'s default thresholds ([profiles.NAME.check]).
	Check *CheckDefaults `toml:"check,omitempty"`
	// Timeout bounds one API request, retries included, e.g. "60s" (like --timeout).
	Timeout string `toml:"timeout,omitempty"`
	// Parallel is how many requests `tally export` makes at once on
	// time-ordered walks (like --parallel); 0 = automatic.
	Parallel int `toml:"parallel,omitzero"`
}

// File is the whole config file.
type File struct {
	DefaultProfile string             `toml:"default_profile,omitempty"`
	Profiles       map[string]Profile `toml:"profiles,omitempty"`
}

// DefaultPath is $XDG_CONFIG_HOME/tally/config.toml, else
// ~/.config/tally/config.toml. getenv is os.Getenv outside tests.
func DefaultPath(getenv func(string) string) (string, error) {
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "tally", "config.toml"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the config directory: set XDG_CONFIG_HOME or HOME, or pass --config")
		}
		home = h
	}
	return filepath.Join(home, ".config", "tally", "config.toml"), nil
}

// InvalidError is a config file that is not valid TOML or holds a value of
// the wrong type: the user's input is wrong, like a bad flag (exit 2), unlike
// a file that cannot be read (exit 1).
type InvalidError struct{ msg string }

func (e *InvalidError) Error() string { return e.msg }

// Load reads path. A missing file is an empty config. Unknown keys are
// returned as warnings (a newer tally may have written them); a syntax or type
// error is an *InvalidError naming the file and line.
func Load(path string) (File, []string, error) {
	var f File
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil, nil
	}
	if err != nil {
		return f, nil, fmt.Errorf("cannot read config %s: %w", path, err)
	}
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return File{}, nil, &InvalidError{fmt.Sprintf("config %s:%d: %s", path, pe.Position.Line, pe.Message)}
		}
		return File{}, nil, &InvalidError{fmt.Sprintf("config %s: %v", path, err)}
	}
	var warnings []string
	for _, k := range md.Undecoded() {
		warnings = append(warnings, fmt.Sprintf("config %s: unknown key %q ignored", path, k.String()))
	}
	sort.Strings(warnings)
	return f, warnings, nil
}

// Save writes f to path atomically (temp file in the same directory, then
// rename) with mode 0600, creating the directory (0700) if needed.
func Save(path string, f File) error {
	var buf bytes.Buffer
	buf.WriteString("# tally configuration; see `tally --help`.\n")
	if err := toml.NewEncoder(&buf).Encode(f); err != nil {
		return fmt.Errorf("cannot encode config: %w", err)
	}
	return WriteFileAtomic(path, buf.Bytes(), 0o600)
}

// WriteFileAtomic writes data to a temp file next to path and renames it into
// place, so readers see the old file or the new one, never a torn one.
func WriteFileAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	ok = true
	return nil
}

// ProfileNames lists the profiles in the file, sorted.
func (f File) ProfileNames() []string {
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// validProfileName keeps profile names usable as TOML keys and keyring users.
func validProfileName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) < 0
}
