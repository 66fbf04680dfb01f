package model

import (
	"os/exec"
	"reflect"
	"testing"
	"time"
)

func TestParseLast(t *testing.T) {
	good := map[string]LastSpan{"7d": {7, 'd'}, "30d": {30, 'd'}, "3m": {3, 'm'}, "2w": {2, 'w'}, "9999d": {9999, 'd'}}
	for s, want := range good {
		got, err := ParseLast(s)
		if err != nil || got != want {
			t.Errorf("ParseLast(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "d", "0d", "7", "7h", "-7d", "+7d", "7 d", "10000d", "7D", "1.5d", "٣d"} {
		if _, err := ParseLast(s); err == nil {
			t.Errorf("ParseLast(%q) accepted", s)
		}
	}
}

func TestWindowLastUsesCalendarOfZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, berlin)
	cases := []struct {
		last string
		from time.Time
	}{
		{"7d", time.Date(2026, 3, 24, 12, 0, 0, 0, berlin)},  // crosses DST (29 March): wall clock kept
		{"2w", time.Date(2026, 3, 17, 12, 0, 0, 0, berlin)},  // 14 days
		{"1m", time.Date(2026, 3, 3, 12, 0, 0, 0, berlin)},   // Feb 31 normalises like AddDate
		{"3m", time.Date(2025, 12, 31, 12, 0, 0, 0, berlin)}, // across the year
	}
	for _, c := range cases {
		from, to, err := View{Last: c.last, From: now.Add(-time.Hour)}.Window(now, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if !from.Equal(c.from) || !to.Equal(now) {
			t.Errorf("%s: window %s..%s; want %s..%s", c.last, from, to, c.from, now)
		}
	}
	if got := now.Sub(mustWindowFrom(t, View{Last: "7d"}, now, berlin)); got != 7*24*time.Hour-time.Hour {
		t.Errorf("7d across spring-forward spans %s, want 167h", got)
	}
}

func mustWindowFrom(t *testing.T, v View, now time.Time, loc *time.Location) time.Time {
	from, _, err := v.Window(now, loc)
	if err != nil {
		t.Fatal(err)
	}
	return from
}

func TestWindowFromTo(t *testing.T) {
	a := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	b := a.Add(24 * time.Hour)
	from, to, err := View{From: a, To: b}.Window(time.Now(), time.UTC)
	if err != nil || !from.Equal(a) || !to.Equal(b) {
		t.Fatalf("got %v %v %v", from, to, err)
	}
	if _, _, err := (View{From: b, To: a}).Window(time.Now(), time.UTC); err == nil {
		t.Fatal("from after to accepted")
	}
	if _, _, err := (View{From: a, To: a}).Window(time.Now(), time.UTC); err == nil {
		t.Fatal("empty window accepted")
	}
	if _, _, err := (View{Last: "7x"}).Window(time.Now(), time.UTC); err == nil {
		t.Fatal("bad last accepted")
	}
	from, to, err = View{}.Window(time.Now(), time.UTC)
	if err != nil || !from.IsZero() || !to.IsZero() {
		t.Fatal("unbounded view should give zero times")
	}
}

func TestArgsOmitsZeroAndOrdersFlags(t *testing.T) {
	if a := (View{}).Args(); len(a) != 0 {
		t.Fatalf("zero view printed %q", a)
	}
	v := View{Workspace: "ws_acme", Tab: TabMCPCalls, Last: "7d", APIKey: "CI pipeline", Search: "-rf", Order: "asc"}
	want := []string{"--workspace", "ws_acme", "--tab", "mcp-calls", "--last", "7d", "--search=-rf", "--api-key", "CI pipeline", "--order", "asc"}
	if got := v.Args(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Args = %q\nwant   %q", got, want)
	}
	z := time.FixedZone("", 5*3600+1800)
	got := View{From: time.Date(2026, 1, 2, 3, 4, 5, 6, z)}.Args()
	if want := []string{"--from", "2026-01-02T03:04:05.000000006+05:30"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Args = %q, want %q", got, want)
	}
}

// The shell must hand back exactly the words Args produced.
func TestCommandLineSurvivesTheShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	v := View{Workspace: "Acme Studio", Search: `it's a "$HOME" $(rm -rf /) ; | & * ? \ ` + "`x`", APIKey: "-x", Tab: TabImports}
	line := v.CommandLine()
	// Replace the program name with a printer of its arguments.
	script := `printf '%s\n' ` + line[len("tally "):]
	out, err := exec.Command(sh, "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	words := splitLines(string(out))
	if !reflect.DeepEqual(words, v.Args()) {
		t.Fatalf("shell read %q\nwant      %q\nline: %s", words, v.Args(), line)
	}
	if got := (View{Tab: TabConversations, Last: "30d"}).CommandLine(); got != "tally --tab conversations --last 30d" {
		t.Fatalf("plain words were quoted: %s", got)
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func TestLoadTZ(t *testing.T) {
	if l, err := LoadTZ(""); err != nil || l != time.Local {
		t.Fatal("empty zone should be local")
	}
	if _, err := LoadTZ("Mars/Olympus"); err == nil {
		t.Fatal("unknown zone accepted")
	}
}
