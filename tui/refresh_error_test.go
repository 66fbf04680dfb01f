package tui

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFailedRefreshIsNeverSilent: with the server gone, r on the Overview
// and on a list keeps what is shown and says, in the header and in place,
// that the refresh failed; once the server is back, r clears it.
func TestFailedRefreshIsNeverSilent(t *testing.T) {
	for _, tab := range []string{"1", "3"} {
		h := newHarness(t, overviewOpts())
		h.keys(tab)
		header := func() string { return strings.SplitN(h.screen(), "\n", 2)[0] }
		if !strings.Contains(header(), "updated") {
			t.Fatalf("tab %s: header before the failure: %q", tab, header())
		}
		h.down.Store(true)
		h.keys("r")
		if !strings.Contains(header(), "refresh failed · r retry") {
			t.Errorf("tab %s: a failed refresh left the header at %q", tab, header())
		}
		if !strings.Contains(h.screen(), "948.1431 left") {
			t.Errorf("tab %s: the shown figures went away:\n%s", tab, h.screen())
		}
		if tab == "1" && !strings.Contains(h.screen(), "✗ Couldn't refresh") {
			t.Errorf("the Overview does not say in place that it failed:\n%s", h.screen())
		}
		h.down.Store(false)
		h.keys("r")
		if !strings.Contains(header(), "updated") || strings.Contains(h.screen(), "Couldn't") {
			t.Errorf("tab %s: after the server came back:\n%s", tab, h.screen())
		}
	}
}

// TestRefreshBacksOffWhileTheServerIsDown: --refresh 60s doubles its
// interval per failed refresh in a row (2, 4, 8 min, then stays at 8) and
// returns to 60 s after the first one that succeeds.
func TestRefreshBacksOffWhileTheServerIsDown(t *testing.T) {
	o := overviewOpts()
	o.refresh = time.Minute
	h := newHarness(t, o)
	h.keys("3")
	h.down.Store(true)
	var got []time.Duration
	for range 5 {
		h.send(refreshTickMsg{seq: h.m.tm.refreshSeq})
		got = append(got, h.m.refreshInterval())
	}
	// The first tick's refresh is the first to fail; the next ticks see it.
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 8 * time.Minute}
	if !slices.Equal(got, want) {
		t.Fatalf("intervals while down: %v, want %v", got, want)
	}
	h.down.Store(false)
	h.send(refreshTickMsg{seq: h.m.tm.refreshSeq}) // sees the last failure, refreshes: succeeds
	h.send(refreshTickMsg{seq: h.m.tm.refreshSeq}) // sees the success
	if d := h.m.refreshInterval(); d != time.Minute {
		t.Fatalf("after the server came back the interval is %v, want 1m", d)
	}
	if !strings.Contains(h.screen(), "updated") {
		t.Fatalf("header after recovery:\n%s", h.screen())
	}
}
