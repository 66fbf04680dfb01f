package config

import (
	"fmt"
	"strings"
	"time"
)

// DefaultBaseURL is used when no flag, environment variable or profile names one.
const DefaultBaseURL = "https://billing.example.com/api"

// DefaultProfile is the profile used when none is named anywhere.
const DefaultProfile = "default"

// Environment variables tally reads.
const (
	EnvAPIKey    = "TALLY_API_KEY"
	EnvBaseURL   = "TALLY_BASE_URL"
	EnvWorkspace = "TALLY_WORKSPACE"
	EnvProfile   = "TALLY_PROFILE"
	EnvConfig    = "TALLY_CONFIG"
)

// Source says where a setting came from (shown by `tally auth status`).
type Source string

const (
	FromFlag    Source = "flag"
	FromEnv     Source = "env"
	FromProfile Source = "profile"
	FromDefault Source = "default"
)

// Flags are the global flags; "" means not given.
type Flags struct {
	Profile, BaseURL, Workspace, TZ, Config string
	Redact                                  *bool         // nil = not given
	Refresh                                 string        // "" = not given
	Timeout                                 time.Duration // 0 = not given
}

// Settings are the resolved global settings.
type Settings struct {
	ConfigPath string
	Profile    string
	// ProfileExists is false when the named profile has no table in the file.
	ProfileExists bool
	BaseURL       string
	Workspace     string
	TZ            string        // "" = the local zone
	Tab           string        // the profile's default tab, "" if none
	Redact        bool          // mask personal text (--redact / profile redact)
	Refresh       time.Duration // TUI auto-refresh; 0 = off
	NoCache       bool          // profile cache = false: no snapshot cache
	Check         CheckDefaults // the profile's [check] table (zero when none)
	Timeout       time.Duration // time limit of one API request, retries included; 0 = the client's default
	Parallel      int           // export's requests at once from the profile; 0 = automatic
	Sources       map[string]Source
}

// MissingProfileError reports a profile named by flag or environment that the
// config file lacks, when the file has others (a typo would otherwise silently
// use the defaults). Login creates profiles, so it skips this check.
func (s Settings) MissingProfileError(f File) error {
	src := s.Sources["profile"]
	if s.ProfileExists || len(f.Profiles) == 0 {
		return nil
	}
	if src == FromProfile {
		return fmt.Errorf("default_profile %q in %s names no profile (profiles: %s): fix it, or run `tally login --profile %s`",
			s.Profile, s.ConfigPath, strings.Join(f.ProfileNames(), ", "), s.Profile)
	}
	if src != FromFlag && src != FromEnv {
		return nil
	}
	return fmt.Errorf("no profile %q in %s (profiles: %s); run `tally login --profile %s` to create it",
		s.Profile, s.ConfigPath, strings.Join(f.ProfileNames(), ", "), s.Profile)
}

// ConfigPath picks the config file: --config > TALLY_CONFIG > the XDG default.
func ConfigPath(flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if p := getenv(EnvConfig); p != "" {
		return p, nil
	}
	return DefaultPath(getenv)
}

// Resolve applies flag > environment > profile in the config file > default.
func Resolve(fl Flags, getenv func(string) string, f File, configPath string) (Settings, error) {
	s := Settings{ConfigPath: configPath, Sources: map[string]Source{}}
	pick := func(key, flag, env string, prof func(Profile) string, def string) string {
		switch {
		case flag != "":
			s.Sources[key] = FromFlag
			return flag
		case env != "" && getenv(env) != "":
			s.Sources[key] = FromEnv
			return getenv(env)
		}
		if p, ok := f.Profiles[s.Profile]; ok && prof != nil && prof(p) != "" {
			s.Sources[key] = FromProfile
			return prof(p)
		}
		s.Sources[key] = FromDefault
		return def
	}
	def := DefaultProfile
	if f.DefaultProfile != "" {
		def = f.DefaultProfile
	}
	s.Profile = pick("profile", fl.Profile, EnvProfile, nil, def)
	if s.Sources["profile"] == FromDefault && f.DefaultProfile != "" {
		s.Sources["profile"] = FromProfile
	}
	if !validProfileName(s.Profile) {
		return s, fmt.Errorf("invalid profile name %q: use letters, digits, '-', '_' or '.'", s.Profile)
	}
	_, s.ProfileExists = f.Profiles[s.Profile]
	s.BaseURL = strings.TrimRight(strings.TrimSpace(pick("base_url", fl.BaseURL, EnvBaseURL, func(p Profile) string { return p.BaseURL }, DefaultBaseURL)), "/")
	s.Workspace = pick("workspace", fl.Workspace, EnvWorkspace, func(p Profile) string { return p.Workspace }, "")
	s.TZ = pick("tz", fl.TZ, "", func(p Profile) string { return p.TZ }, "")
	if s.TZ != "" {
		if _, err := time.LoadLocation(s.TZ); err != nil {
			bad := fmt.Sprintf("unknown time zone %q: use an IANA name such as Europe/Berlin or UTC", s.TZ)
			if s.Sources["tz"] == FromFlag {
				return s, fmt.Errorf("--tz: %s", bad)
			}
			return s, fmt.Errorf("config %s, profile %q: tz: %s", configPath, s.Profile, bad)
		}
	}
	s.Tab = pick("tab", "", "", func(p Profile) string { return p.Tab }, "")
	prof := f.Profiles[s.Profile]
	switch {
	case fl.Redact != nil:
		s.Redact, s.Sources["redact"] = *fl.Redact, FromFlag
	case prof.Redact != nil:
		s.Redact, s.Sources["redact"] = *prof.Redact, FromProfile
	default:
		s.Sources["redact"] = FromDefault
	}
	refresh := pick("refresh", fl.Refresh, "", func(p Profile) string { return p.Refresh }, "")
	d, err := ParseRefresh(refresh)
	if err != nil {
		if s.Sources["refresh"] == FromFlag {
			return s, fmt.Errorf("--refresh: %v", err)
		}
		return s, fmt.Errorf("config %s, profile %q: refresh: %v", configPath, s.Profile, err)
	}
	s.Refresh = d
	s.NoCache = prof.Cache != nil && !*prof.Cache
	if prof.Check != nil {
		s.Check = *prof.Check
	}
	if err := s.resolveTimeout(fl.Timeout, prof.Timeout); err != nil {
		return s, err
	}
	if n := f.Profiles[s.Profile].Parallel; n < 0 || n > MaxParallel {
		return s, fmt.Errorf("config %s, profile %q: parallel: %d is out of range: use 1 to %d, or leave it out (automatic)", configPath, s.Profile, n, MaxParallel)
	} else if n != 0 {
		s.Parallel, s.Sources["parallel"] = n, FromProfile
	}
	return s, nil
}

// MaxParallel bounds export's concurrent requests: past a few dozen a
// server sees a flood, not a client.
const MaxParallel = 32

// resolveTimeout applies --timeout > the profile's timeout > the default.
func (s *Settings) resolveTimeout(flag time.Duration, prof string) error {
	switch {
	case flag != 0:
		s.Sources["timeout"] = FromFlag
		if err := CheckTimeout(flag); err != nil {
			return fmt.Errorf("--timeout: %v", err)
		}
		s.Timeout = flag
	case strings.TrimSpace(prof) != "":
		s.Sources["timeout"] = FromProfile
		d, err := time.ParseDuration(strings.TrimSpace(prof))
		if err == nil {
			err = CheckTimeout(d)
		} else {
			err = fmt.Errorf("invalid duration %q: use one such as 30s or 2m", prof)
		}
		if err != nil {
			return fmt.Errorf("config %s, profile %q: timeout: %v", s.ConfigPath, s.Profile, err)
		}
		s.Timeout = d
	default:
		s.Sources["timeout"] = FromDefault
	}
	return nil
}

// CheckTimeout accepts a request time limit from 1s to 24h.
func CheckTimeout(d time.Duration) error {
	if d < time.Second || d > 24*time.Hour {
		return fmt.Errorf("%s is out of range: use 1s to 24h (the default is 30s)", d)
	}
	return nil
}

// MinRefresh is the shortest auto-refresh interval: anything faster would
// hammer the API for figures that barely move.
const MinRefresh = 10 * time.Second

// ParseRefresh reads an auto-refresh interval: "" , "0" or "off" is off,
// otherwise a Go duration of at least MinRefresh ("60s", "2m", "1m30s").
func ParseRefresh(s string) (time.Duration, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "off", "never":
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("invalid interval %q: use a duration such as 60s or 2m, or 0 (off)", s)
	}
	if d == 0 {
		return 0, nil
	}
	if d < MinRefresh {
		return 0, fmt.Errorf("interval %q is too short: use at least %s, or 0 (off)", s, MinRefresh)
	}
	return d, nil
}
