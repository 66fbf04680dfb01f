package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestEveryCommandHelpHasExamples(t *testing.T) {
	h := newHarness(t)
	a := &app{env: h.e, build: currentBuild()}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() != cobra.ShellCompRequestCmd && c.Name() != cobra.ShellCompNoDescRequestCmd {
			args := append(strings.Fields(strings.TrimPrefix(c.CommandPath(), "tally")), "--help")
			out := h.mustRun(args...)
			_, ex, ok := strings.Cut(out, "\nExamples:\n  ")
			if !ok || !strings.Contains(strings.SplitN(ex, "\n\n", 2)[0], "tally ") {
				t.Errorf("tally %s has no Examples section:\n%s", strings.Join(args, " "), out)
			}
			// pflag v1.1.0 writes every bool flag as --all[=true|false]:
			// noise no other CLI shows (it stays at v1.0.9 for that).
			if strings.Contains(out, "[=true|false]") || strings.Contains(out, "[=false]") {
				t.Errorf("tally %s: bool flags with [=true|false]:\n%s", strings.Join(args, " "), out)
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(a.rootCmd())
}

func TestRootHelpListsExitCodes(t *testing.T) {
	h := newHarness(t)
	out := h.mustRun("--help")
	for _, code := range []string{"0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "130 "} {
		if !strings.Contains(out, "\n  "+code) {
			t.Errorf("tally --help lacks exit code %s:\n%s", code, out)
		}
	}
}
