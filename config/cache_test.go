package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

var cacheNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func sampleBilling(t *testing.T) model.Billing {
	t.Helper()
	var b model.Billing
	doc := `{"workspace":{"id":"ws_acme","name":"Acme <Studio> & Co"},"role":"owner",
	"plan":{"id":"creator","name":"Creator","status":"active","interval":"month",
	  "current_period_start":"2026-11-03T00:00:00Z","current_period_end":"2026-12-03T00:00:00Z",
	  "cancel_at_period_end":false,"scheduled_change":null,
	  "limits":[{"key":"websites","name":"Websites","used":"2","limit":"3","resets_at":null}]},
	"credits":{"remaining":"1529.686","granted_this_period":"2000","used_this_period":"470.314",
	  "refreshes_at":"2026-12-03T00:00:00Z","expiring":[]},
	"wallets":[],"features":[]}`
	if err := json.Unmarshal([]byte(doc), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSnapshotRoundTripModeAndPace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tally")
	s := Snapshots{Dir: dir}
	b := sampleBilling(t)
	if _, _, ok := s.Load("prof-q7", "https://b.example/api", "ws_acme"); ok {
		t.Fatal("found a snapshot in an empty cache")
	}
	pace := &Pace{Days: 7, WindowSpend: model.MustCredits("70.0007"), TZ: "Europe/Berlin", At: cacheNow}
	if err := s.SaveSnapshot("prof-q7", "https://b.example/api", "ws_acme", Snapshot{Billing: b, FetchedAt: cacheNow, Pace: pace}); err != nil {
		t.Fatal(err)
	}
	got, at, ok := s.Load("prof-q7", "https://b.example/api", "ws_acme")
	if !ok || !at.Equal(cacheNow) || jsonOf(t, got) != jsonOf(t, b) {
		t.Fatalf("round trip: ok=%v at=%v\n got %s\nwant %s", ok, at, jsonOf(t, got), jsonOf(t, b))
	}
	if !got.Plan.Limits.Known() || !got.Credits.Expiring.Known() || len(got.Credits.Expiring.List()) != 0 {
		t.Fatal("known-but-empty lists did not survive the round trip")
	}
	// Another profile, URL or workspace is another file.
	for _, k := range [][3]string{{"home", "https://b.example/api", "ws_acme"}, {"prof-q7", "https://c.example/api", "ws_acme"}, {"prof-q7", "https://b.example/api", "ws_side"}} {
		if _, _, ok := s.Load(k[0], k[1], k[2]); ok {
			t.Fatalf("%v answered from another tuple's snapshot", k)
		}
	}
	p := s.Path("prof-q7", "https://b.example/api", "ws_acme")
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v", st.Mode(), err)
	}
	if dst, _ := os.Stat(dir); dst.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", dst.Mode())
	}
	raw, _ := os.ReadFile(p)
	for _, leak := range []string{"prof-q7", "b.example"} {
		if strings.Contains(filepath.Base(p), leak) || strings.Contains(string(raw), leak) {
			t.Errorf("the snapshot names %q", leak)
		}
	}
	// A billing-only save (the TUI's) keeps a pace younger than a day ...
	if err := s.Save("prof-q7", "https://b.example/api", "ws_acme", b, cacheNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	snap, ok := s.LoadSnapshot("prof-q7", "https://b.example/api", "ws_acme")
	if !ok || snap.Pace == nil || snap.Pace.WindowSpend != pace.WindowSpend || !snap.FetchedAt.Equal(cacheNow.Add(time.Hour)) {
		t.Fatalf("pace not kept: %+v", snap)
	}
	// ... and drops an older one.
	if err := s.Save("prof-q7", "https://b.example/api", "ws_acme", b, cacheNow.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if snap, _ := s.LoadSnapshot("prof-q7", "https://b.example/api", "ws_acme"); snap.Pace != nil {
		t.Fatal("a day-old pace was kept")
	}
	// No temp files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("cache dir holds %d entries", len(entries))
	}
}

func TestSnapshotDirIsNarrowedTo0700(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tally")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := Snapshots{Dir: dir}
	if err := s.Save("p", "u", "w", sampleBilling(t), cacheNow); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", st.Mode())
	}
}

func TestSnapshotCorruptOrForeignReadsAsMissing(t *testing.T) {
	s := Snapshots{Dir: t.TempDir()}
	b := sampleBilling(t)
	if err := s.Save("p", "u", "ws_acme", b, cacheNow); err != nil {
		t.Fatal(err)
	}
	p := s.Path("p", "u", "ws_acme")
	good, _ := os.ReadFile(p)
	var sf map[string]any
	_ = json.Unmarshal(good, &sf)
	edit := func(k string, v any) []byte {
		m := map[string]any{}
		for kk, vv := range sf {
			m[kk] = vv
		}
		m[k] = v
		out, _ := json.Marshal(m)
		return out
	}
	other := s.Path("p", "u", "ws_other")
	cases := map[string][]byte{
		"empty":           {},
		"garbage":         []byte("\x00\x01not json"),
		"truncated":       good[:len(good)/2],
		"array":           []byte(`[1,2,3]`),
		"other format":    edit("format", "tally-snapshot/9"),
		"no fetch time":   edit("fetched_at", nil),
		"bad checksum":    edit("billing_sha256", strings.Repeat("0", 64)),
		"billing edited":  edit("billing", map[string]any{"workspace": map[string]any{"id": "ws_acme"}}),
		"billing is junk": edit("billing", "x"),
		"huge":            append([]byte(`{"format":"`+SnapshotFormat+`","pad":"`), make([]byte, maxSnapshotBytes)...),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if got, _, ok := s.Load("p", "u", "ws_acme"); ok {
				t.Fatalf("read %q as a snapshot: %+v", name, got)
			}
		})
	}
	// A valid file copied under another tuple's name is not that tuple's.
	if err := os.WriteFile(other, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.Load("p", "u", "ws_other"); ok {
		t.Fatal("a file of another tuple was accepted")
	}
	// A directory where the file should be, and an unreadable file.
	_ = os.Remove(p)
	_ = os.Mkdir(p, 0o700)
	if _, _, ok := s.Load("p", "u", "ws_acme"); ok {
		t.Fatal("a directory read as a snapshot")
	}
	// A pace out of range is dropped, the billing kept.
	_ = os.Remove(p)
	if err := s.SaveSnapshot("p", "u", "ws_acme", Snapshot{Billing: b, FetchedAt: cacheNow, Pace: &Pace{Days: 99, At: cacheNow}}); err != nil {
		t.Fatal(err)
	}
	if snap, ok := s.LoadSnapshot("p", "u", "ws_acme"); !ok || snap.Pace != nil {
		t.Fatalf("bad pace: ok=%v %+v", ok, snap.Pace)
	}
	// The off cache.
	if _, _, ok := (Snapshots{}).Load("p", "u", "ws_acme"); ok {
		t.Fatal("the zero Snapshots found something")
	}
	if err := (Snapshots{}).Save("p", "u", "ws_acme", b, cacheNow); err == nil {
		t.Fatal("the zero Snapshots saved")
	}
}

func TestSnapshotDir(t *testing.T) {
	d, _ := SnapshotDir(envOf(map[string]string{"XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"}))
	if d != "/xdg/tally" {
		t.Fatal(d)
	}
	d, _ = SnapshotDir(envOf(map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}))
	if d != "/home/u/.cache/tally" {
		t.Fatal(d)
	}
}
