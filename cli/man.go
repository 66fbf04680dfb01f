package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"
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
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageErrorf("man takes one DIR, e.g. tally man ./manpages")
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
			// cobra adds --version when it runs the root; the page should list it.
			root.InitDefaultVersionFlag()
			forMan(root)
			// No Title: each page is titled by its command (TALLY-EXPORT).
			hdr := &doc.GenManHeader{Section: "1", Date: &when, Source: "tally " + a.build.Version, Manual: "tally manual"}
			if err := doc.GenManTree(root, hdr, dir); err != nil {
				return fmt.Errorf("cannot write the man pages: %w", err)
			}
			return nil
		}),
	}
}

// forMan turns the indented blocks of every command's long help (exit codes,
// status fields) into code blocks for go-md2man, which would otherwise
// reflow them into one ragged paragraph: an indented run gets a blank line
// before it and four spaces of indent.
func forMan(c *cobra.Command) {
	c.Long = manBlocks(c.Long)
	for _, s := range c.Commands() {
		forMan(s)
	}
}

func manBlocks(long string) string {
	lines := strings.Split(long, "\n")
	out := make([]string, 0, len(lines)+4)
	inBlock := false
	for _, l := range lines {
		indented := strings.HasPrefix(l, "  ")
		switch {
		case indented && !inBlock:
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			inBlock = true
		case !indented && inBlock && l != "":
			out = append(out, "")
			inBlock = false
		case l == "":
			inBlock = false
		}
		if indented {
			l = "  " + l
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
