package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tallyhq/tally/model"
)

// Snapshots is the last-known billing document of each profile, base URL and
// workspace, so `tally status` can answer a prompt at once and the TUI can
// paint before the network answers. It holds the /billing document and the
// forecast's pace (two figures), never records and never keys: the file is
// named by a hash of the tuple, so not even the profile or URL is readable in
// a directory listing. A file that is missing, unreadable, corrupt, truncated
// or written by something else reads as "no snapshot"; nothing here panics or
// returns a half-decoded document.
//
// The zero value (Dir "") is a cache that is off: Load finds nothing, Save
// fails.
type Snapshots struct {
	Dir string
}

// SnapshotFormat names the file layout; a file with another format is ignored.
const SnapshotFormat = "tally-snapshot/1"

// maxSnapshotBytes bounds a read: a billing document is a few KiB, and a
// foreign or runaway file must not be slurped whole.
const maxSnapshotBytes = 1 << 20

// paceKeep is how long Save keeps the previous file's pace when the caller
// brings only a billing document (the TUI's header refresh): a pace averages
// whole days, so it is still the pace within a day.
const paceKeep = 24 * time.Hour

// Pace is what the forecast needs besides /billing: the spend of the last
// Days complete days (model.Forecast's WindowSpend), in zone TZ, as of At.
type Pace struct {
	Days        int           `json:"days"`
	WindowSpend model.Credits `json:"window_spend"`
	TZ          string        `json:"tz"`
	At          time.Time     `json:"at"`
}

// Snapshot is one cached answer.
type Snapshot struct {
	Billing   model.Billing
	FetchedAt time.Time
	Pace      *Pace // nil: the pace was not known when the billing was fetched
}

type snapshotFile struct {
	Format    string          `json:"format"`
	Key       string          `json:"key"`
	FetchedAt time.Time       `json:"fetched_at"`
	Sum       string          `json:"billing_sha256"`
	Billing   json.RawMessage `json:"billing"`
	Pace      *Pace           `json:"pace,omitempty"`
}

// SnapshotDir is $XDG_CACHE_HOME/tally, else ~/.cache/tally.
func SnapshotDir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_CACHE_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "tally"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot find the cache directory: set XDG_CACHE_HOME or HOME")
		}
		home = h
	}
	return filepath.Join(home, ".cache", "tally"), nil
}

// snapshotKey is the hash of the tuple; NUL cannot occur in any of the three
// parts, so distinct tuples never join into the same input.
func snapshotKey(profile, baseURL, ws string) string {
	h := sha256.Sum256([]byte(SnapshotFormat + "\x00" + profile + "\x00" + baseURL + "\x00" + ws))
	return hex.EncodeToString(h[:])
}

// Path is the file that holds the snapshot of the tuple.
func (s Snapshots) Path(profile, baseURL, ws string) string {
	if s.Dir == "" {
		return ""
	}
	return filepath.Join(s.Dir, snapshotKey(profile, baseURL, ws)[:32]+".json")
}

// Load returns the cached billing document of the tuple and when it was
// fetched; ok is false when there is none usable.
func (s Snapshots) Load(profile, baseURL, ws string) (b model.Billing, fetchedAt time.Time, ok bool) {
	snap, ok := s.LoadSnapshot(profile, baseURL, ws)
	return snap.Billing, snap.FetchedAt, ok
}

// LoadSnapshot is Load with the pace.
func (s Snapshots) LoadSnapshot(profile, baseURL, ws string) (Snapshot, bool) {
	p := s.Path(profile, baseURL, ws)
	if p == "" {
		return Snapshot{}, false
	}
	f, err := os.Open(p)
	if err != nil {
		return Snapshot{}, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSnapshotBytes+1))
	if err != nil || len(data) > maxSnapshotBytes {
		return Snapshot{}, false
	}
	return decodeSnapshot(data, snapshotKey(profile, baseURL, ws))
}

func decodeSnapshot(data []byte, key string) (Snapshot, bool) {
	var sf snapshotFile
	if err := json.Unmarshal(data, &sf); err != nil || sf.Format != SnapshotFormat || sf.Key != key || sf.FetchedAt.IsZero() {
		return Snapshot{}, false
	}
	// The checksum catches a file edited or half-written by anyone but us:
	// a missing field would otherwise decode as a zero balance.
	sum := sha256.Sum256(sf.Billing)
	if hex.EncodeToString(sum[:]) != sf.Sum {
		return Snapshot{}, false
	}
	var b model.Billing
	if err := json.Unmarshal(sf.Billing, &b); err != nil || b.Workspace.ID == "" {
		return Snapshot{}, false
	}
	snap := Snapshot{Billing: b, FetchedAt: sf.FetchedAt}
	if p := sf.Pace; p != nil && p.Days >= 0 && p.Days <= model.ForecastDays && p.WindowSpend.Sign() >= 0 && !p.At.IsZero() {
		snap.Pace = p
	}
	return snap, true
}

// Save stores b as the tuple's snapshot fetched at fetchedAt. The previous
// snapshot's pace is kept when it is less than a day older than fetchedAt.
func (s Snapshots) Save(profile, baseURL, ws string, b model.Billing, fetchedAt time.Time) error {
	snap := Snapshot{Billing: b, FetchedAt: fetchedAt}
	if old, ok := s.LoadSnapshot(profile, baseURL, ws); ok && old.Pace != nil {
		if age := fetchedAt.Sub(old.Pace.At); age >= 0 && age < paceKeep {
			snap.Pace = old.Pace
		}
	}
	return s.SaveSnapshot(profile, baseURL, ws, snap)
}

// SaveSnapshot writes snap atomically (temp file, fsync, rename) with mode
// 0600 in a 0700 directory.
func (s Snapshots) SaveSnapshot(profile, baseURL, ws string, snap Snapshot) error {
	p := s.Path(profile, baseURL, ws)
	if p == "" {
		return errors.New("the snapshot cache is off")
	}
	if snap.FetchedAt.IsZero() {
		return errors.New("a snapshot needs the time it was fetched")
	}
	raw, err := json.Marshal(snap.Billing)
	if err != nil {
		return fmt.Errorf("cannot encode the snapshot: %w", err)
	}
	sum := sha256.Sum256(raw)
	sf := snapshotFile{Format: SnapshotFormat, Key: snapshotKey(profile, baseURL, ws), FetchedAt: snap.FetchedAt.UTC(),
		Sum: hex.EncodeToString(sum[:]), Billing: raw, Pace: snap.Pace}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(sf); err != nil {
		return fmt.Errorf("cannot encode the snapshot: %w", err)
	}
	if err := s.ensureDir(); err != nil {
		return err
	}
	return WriteFileAtomic(p, buf.Bytes(), 0o600)
}

// ensureDir creates the directory 0700, and narrows it to 0700 when it
// exists wider: it is tally's own, and what it holds is a workspace's balance.
func (s Snapshots) ensureDir() error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the cache directory %s: %w", s.Dir, err)
	}
	st, err := os.Stat(s.Dir)
	if err != nil {
		return fmt.Errorf("cannot use the cache directory %s: %w", s.Dir, err)
	}
	if st.Mode().Perm() != 0o700 {
		if err := os.Chmod(s.Dir, 0o700); err != nil {
			return fmt.Errorf("cannot make the cache directory %s private: %w", s.Dir, err)
		}
	}
	return nil
}

// Delete removes the tuple's snapshot; a missing one is not an error.
func (s Snapshots) Delete(profile, baseURL, ws string) error {
	p := s.Path(profile, baseURL, ws)
	if p == "" {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot remove the snapshot %s: %w", p, err)
	}
	return nil
}
