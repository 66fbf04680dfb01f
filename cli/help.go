package cli

import (
	"github.com/spf13/cobra"
)

// addGeneratedExamples gives cobra's own commands (help, completion and its
// shells) an Examples section like every other command.
func addGeneratedExamples(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	examples := map[string]string{
		"help":       "  tally help export\n  tally export --help",
		"completion": "  tally completion bash > ~/.local/share/bash-completion/completions/tally\n  tally completion zsh > \"${fpath[1]}/_tally\"\n  tally completion fish > ~/.config/fish/completions/tally.fish",
		"bash":       "  source <(tally completion bash)\n  tally completion bash > ~/.local/share/bash-completion/completions/tally",
		"zsh":        "  tally completion zsh > \"${fpath[1]}/_tally\"   # then start a new shell",
		"fish":       "  tally completion fish > ~/.config/fish/completions/tally.fish",
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
