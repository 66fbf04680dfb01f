package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of .goreleaser.yaml this test holds to what
// the release must be. CI does not install goreleaser (the only copies the
// module proxy here serves are not approved releases), so this test and
// scripts/release-check.sh stand in for `goreleaser check`: the config must
// parse, and say what the release-check builds.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Before  struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files []string `yaml:"files"`
	} `yaml:"archives"`
}

func TestGoreleaserConfig(t *testing.T) {
	b, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&c); err != nil {
		t.Fatalf(".goreleaser.yaml does not parse: %v", err)
	}
	if c.Version != 2 || len(c.Builds) != 1 || len(c.Archives) != 1 {
		t.Fatalf("version %d, %d builds, %d archives: want goreleaser v2, one of each", c.Version, len(c.Builds), len(c.Archives))
	}
	for _, h := range c.Before.Hooks {
		// A release builds the module as committed (CI runs go mod tidy -diff).
		if strings.Contains(h, "go mod") || strings.Contains(h, "go get") {
			t.Errorf("before-hook %q rewrites go.mod", h)
		}
	}
	if !slices.ContainsFunc(c.Before.Hooks, func(h string) bool { return strings.Contains(h, "scripts/release-files.sh") }) {
		t.Error("no before-hook runs scripts/release-files.sh (the man pages and completions)")
	}
	bd := c.Builds[0]
	if bd.Main != "." || bd.Binary != "tally" || !slices.Contains(bd.Env, "CGO_ENABLED=0") || !slices.Contains(bd.Flags, "-trimpath") {
		t.Errorf("build: %+v", bd)
	}
	if !slices.Equal(bd.Goos, []string{"linux", "darwin", "windows"}) || !slices.Equal(bd.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("targets %v × %v, want the six", bd.Goos, bd.Goarch)
	}
	// Every -X names a variable that exists: a renamed one would leave the
	// release saying "dev".
	src, err := os.ReadFile("cli/version.go")
	if err != nil {
		t.Fatal(err)
	}
	xs := regexp.MustCompile(`-X github.com/tallyhq/tally/cli\.(\w+)=`).FindAllStringSubmatch(strings.Join(bd.Ldflags, " "), -1)
	if len(xs) != 3 {
		t.Errorf("ldflags set %d of version, commit, date: %v", len(xs), bd.Ldflags)
	}
	for _, x := range xs {
		if !regexp.MustCompile(`(?m)^\s*` + x[1] + `\s+= "`).Match(src) {
			t.Errorf("ldflags set cli.%s, which cli/version.go does not declare", x[1])
		}
	}
	ar := c.Archives[0]
	for _, f := range []string{"README.md", "LICENSE", "manpages/*", "completions/*"} {
		if !slices.Contains(ar.Files, f) {
			t.Errorf("archives lack %s: %v", f, ar.Files)
		}
	}
	if len(ar.FormatOverrides) != 1 || ar.FormatOverrides[0].Goos != "windows" || !slices.Equal(ar.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("windows archives: %+v", ar.FormatOverrides)
	}
}
