package cli

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// manCmd writes one man page per command (tally.1, tally-export.1, …) from
// the command tree, so the pages say exactly what --help says. The release
// runs it (see .goreleaser.yaml); it is hidden because users read the pages,
// they do not make them.
func (a *app) manCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "man DIR",
		Short:   "Write the man pages (section 1) into DIR",
		Example: "  tally man ./manpages && man ./manpages/tally.1",
		Hidden:  true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("man takes one DIR")
			}
			return nil
		},
		RunE: run(func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("cannot create %s: %w", dir, err)
			}
			// A release sets SOURCE_DATE_EPOCH so the pages are reproducible.
			when := a.env.Now()
			if s := a.env.Getenv("SOURCE_DATE_EPOCH"); s != "" {
				sec, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return usageErrorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
				}
				when = time.Unix(sec, 0).UTC()
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			hdr := &doc.GenManHeader{Title: "TALLY", Section: "1", Date: &when, Source: "tally " + a.build.Version, Manual: "tally manual"}
			if err := doc.GenManTree(root, hdr, dir); err != nil {
				return fmt.Errorf("cannot write the man pages: %w", err)
			}
			return nil
		}),
	}
}
