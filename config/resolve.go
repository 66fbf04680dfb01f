package config

import (
	"fmt"
	"strings"
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
}

// Settings are the resolved global settings.
type Settings struct {
	ConfigPath string
	Profile    string
	// ProfileExists is false when the named profile has no table in the file.
	ProfileExists bool
	BaseURL       string
	Workspace     string
	TZ            string // "" = the local zone
	Tab           string // the profile's default tab, "" if none
	Sources       map[string]Source
}

// MissingProfileError reports a profile named by flag or environment that the
// config file lacks, when the file has others (a typo would otherwise silently
// use the defaults). Login creates profiles, so it skips this check.
func (s Settings) MissingProfileError(f File) error {
	src := s.Sources["profile"]
	if s.ProfileExists || len(f.Profiles) == 0 || (src != FromFlag && src != FromEnv) {
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
	s.BaseURL = strings.TrimRight(pick("base_url", fl.BaseURL, EnvBaseURL, func(p Profile) string { return p.BaseURL }, DefaultBaseURL), "/")
	s.Workspace = pick("workspace", fl.Workspace, EnvWorkspace, func(p Profile) string { return p.Workspace }, "")
	s.TZ = pick("tz", fl.TZ, "", func(p Profile) string { return p.TZ }, "")
	s.Tab = pick("tab", "", "", func(p Profile) string { return p.Tab }, "")
	return s, nil
}
