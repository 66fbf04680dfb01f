package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
)

// On Linux and the BSDs go-keyring talks to the Secret Service over the
// D-Bus session bus. When godbus finds no session bus it runs dbus-launch,
// which starts a dbus-daemon (and, through it, a gnome-keyring-daemon) that
// outlive tally: every run over SSH or in cron left two daemons behind.
// tally never starts a bus: without one the keyring is unavailable, with a
// message that says what to do instead.

// errNoSessionBus is why the keyring is skipped.
var errNoSessionBus = errors.New("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is unset and there is no /run/user/UID/bus, and tally does not start one")

// sessionBus reports whether godbus would find a session bus without
// launching one: the address in the environment, or the files it looks for
// in runDir (/run/user/UID). It mirrors godbus's own discovery, so what
// passes here is what godbus connects to.
func sessionBus(getenv func(string) string, runDir string) error {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(runDir, name)); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}

// checkBus is SystemKeyring's guard before any keyring call; nil getenv
// (tests with go-keyring's mock) skips it.
func checkBus(getenv func(string) string) error {
	if getenv == nil || runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	return sessionBus(getenv, "/run/user/"+strconv.Itoa(os.Getuid()))
}
