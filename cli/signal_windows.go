//go:build windows

package cli

import "os"

// hangup: Windows has no SIGHUP; closing the console sends os.Interrupt.
func hangup() os.Signal { return os.Interrupt }
