package cli

import "github.com/tallyhq/tally/config"

// maxParallel bounds --parallel (see config.MaxParallel).
const maxParallel = config.MaxParallel
