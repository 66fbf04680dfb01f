// Command tally shows a workspace's plan, credits and usage in the terminal.
package main

import (
	"os"

	"github.com/tallyhq/tally/cli"
)

func main() { os.Exit(cli.Execute()) }
