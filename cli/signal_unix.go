//go:build !windows

package cli

import (
	"os"
	"syscall"
)

// hangup is the signal of the terminal closing.
func hangup() os.Signal { return syscall.SIGHUP }
