package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Set at build time with -ldflags "-X github.com/tallyhq/tally/cli.version=…"
// (likewise cli.commit and cli.date); the release does. Other builds fall
// back to what the Go toolchain recorded (see resolveBuild).
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

// buildInfo is what `tally version` and `tally --version` print.
type buildInfo struct{ Version, Commit, Date string }

func (b buildInfo) String() string {
	return fmt.Sprintf("tally %s\ncommit %s\nbuilt %s\n", b.Version, b.Commit, b.Date)
}

// currentBuild reads the ldflags values and the binary's own build info.
func currentBuild() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return resolveBuild(buildInfo{version, commit, date}, bi)
}

// resolveBuild prefers the ldflags values (a release); without them a
// `go install …@v1.2.3` build reports its module version and a build from a
// checkout reports its VCS revision, instead of "dev".
func resolveBuild(ld buildInfo, bi *debug.BuildInfo) buildInfo {
	if ld.Version != "dev" || bi == nil {
		return ld
	}
	out := ld
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		out.Version = strings.TrimPrefix(v, "v")
	}
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			out.Commit = s.Value
		case "vcs.time":
			out.Date = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && out.Commit != ld.Commit {
		out.Commit += "-dirty"
	}
	return out
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version, commit and build date",
		Example: "  tally version\n  tally --version",
		Args:    noArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(a.env.Stdout, a.build.String())
			return err
		}),
	}
}
