package config

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// No session bus: the keyring is unavailable with a message saying what to
// do, and nothing (no dbus-launch) is started. A bus in the environment or
// at /run/user/UID is used.
func TestNoSessionBusSkipsTheKeyring(t *testing.T) {
	empty := func(string) string { return "" }
	dir := t.TempDir()
	if err := sessionBus(empty, dir); !errors.Is(err, errNoSessionBus) {
		t.Fatalf("no bus: %v", err)
	}
	if err := sessionBus(func(k string) string { return map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"}[k] }, dir); err == nil {
		t.Fatal("autolaunch: is a request to start a bus, not a bus")
	}
	if err := sessionBus(func(k string) string { return map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}[k] }, dir); err != nil {
		t.Fatalf("address set: %v", err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "bus"))
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	defer l.Close()
	if err := sessionBus(empty, dir); err != nil {
		t.Fatalf("socket in the runtime dir: %v", err)
	}
	// Through Keys it is an UnavailableError (the CLI adds the ways out:
	// TALLY_API_KEY, login --insecure-storage; exit 3).
	k := Keys{Keyring: noBusKeyring{}}
	_, _, err = k.Lookup(context.Background(), empty, "default", "https://api.example.com")
	var ue *UnavailableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "D-Bus") {
		t.Fatalf("%v", err)
	}
}

type noBusKeyring struct{}

func (noBusKeyring) Get(string, string) (string, error) { return "", errNoSessionBus }
func (noBusKeyring) Set(string, string, string) error   { return errNoSessionBus }
func (noBusKeyring) Delete(string, string) error        { return errNoSessionBus }

// go-keyring's "failed to unlock correct collection" (a locked login
// keyring, no prompter) is reported as locked, with what to do.
func TestLockedCollectionSaysLocked(t *testing.T) {
	k := Keys{Keyring: lockedKeyring{}}
	_, _, err := k.Lookup(context.Background(), func(string) string { return "" }, "default", "https://api.example.com")
	var ue *UnavailableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "it is locked") || !strings.Contains(err.Error(), "unlock it") || strings.Contains(err.Error(), "/org/freedesktop") {
		t.Fatalf("%v", err)
	}
}

type lockedKeyring struct{}

func errLocked() error {
	return errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'")
}

func (lockedKeyring) Get(string, string) (string, error) { return "", errLocked() }
func (lockedKeyring) Set(string, string, string) error   { return errLocked() }
func (lockedKeyring) Delete(string, string) error        { return errLocked() }
