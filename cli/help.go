package cli

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// showDefault makes help and the man pages show a flag's real default where
// its zero value means "not given" (so that a profile key can apply): the
// flag stays 0 when not given, and --timeout reads "(default 30s)", not
// "(default 0s)" or nothing.
func showDefault(fs *pflag.FlagSet, name, def string) {
	if f := fs.Lookup(name); f != nil {
		f.DefValue = def
	}
}

// addGeneratedExamples gives cobra's own commands (help, completion and its
// shells) an Examples section like every other command.
func addGeneratedExamples(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	examples := map[string]string{
		"help":       "  tally help export\n  tally export --help",
		"completion": "  mkdir -p ~/.local/share/bash-completion/completions && tally completion bash > ~/.local/share/bash-completion/completions/tally\n  tally completion zsh > \"${fpath[1]}/_tally\"\n  mkdir -p ~/.config/fish/completions && tally completion fish > ~/.config/fish/completions/tally.fish",
		"bash":       "  source <(tally completion bash)\n  mkdir -p ~/.local/share/bash-completion/completions && tally completion bash > ~/.local/share/bash-completion/completions/tally",
		"zsh":        "  tally completion zsh > \"${fpath[1]}/_tally\"   # then start a new shell",
		"fish":       "  mkdir -p ~/.config/fish/completions && tally completion fish > ~/.config/fish/completions/tally.fish",
		"powershell": "  tally completion powershell | Out-String | Invoke-Expression",
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if ex, ok := examples[c.Name()]; ok && c.Example == "" {
			c.Example = ex
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}
