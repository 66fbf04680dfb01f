package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionFlagsPrintWhatVersionPrints(t *testing.T) {
	h := newHarness(t)
	want := h.mustRun("version")
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		if got := h.mustRun(args...); got != want {
			t.Errorf("%q: %q, want %q", args, got, want)
		}
	}
}

func TestResolveBuild(t *testing.T) {
	dev := buildInfo{"dev", "none", "unknown"}
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/tallyhq/tally", Version: "v1.4.2"}}
	checkout := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	release := buildInfo{"1.5.0", "def456", "2026-12-02T00:00:00Z"}
	for _, tc := range []struct {
		name string
		ld   buildInfo
		bi   *debug.BuildInfo
		want buildInfo
	}{
		{"go install module@version", dev, installed, buildInfo{"1.4.2", "none", "unknown"}},
		{"go build in a checkout", dev, checkout, buildInfo{"dev", "abc123-dirty", "2026-12-01T10:00:00Z"}},
		{"release ldflags win", release, installed, release},
		{"no build info", dev, nil, dev},
	} {
		if got := resolveBuild(tc.ld, tc.bi); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
