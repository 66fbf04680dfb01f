package tabs

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// pressOf is a key press of binding b, through the key map (the letters may
// change: g is becoming group-by).
func pressOf(t testing.TB, b *common.Binding) tea.KeyPressMsg {
	t.Helper()
	named := map[string]tea.KeyPressMsg{
		"end": {Code: tea.KeyEnd}, "home": {Code: tea.KeyHome}, "pgdown": {Code: tea.KeyPgDown},
		"pgup": {Code: tea.KeyPgUp}, "down": {Code: tea.KeyDown}, "up": {Code: tea.KeyUp},
	}
	for _, k := range b.Keys() {
		if m, ok := named[k]; ok {
			if !common.Matches(m, b) {
				t.Fatalf("%s does not press %v", k, b.Keys())
			}
			return m
		}
	}
	m := press([]rune(b.Keys()[0])[0])
	if !common.Matches(m, b) {
		t.Fatalf("no press for %v", b.Keys())
	}
	return m
}

func (h *harness) list() *List[model.MCPCall, model.MCPSummary] {
	return h.tab.(*List[model.MCPCall, model.MCPSummary])
}

func (h *harness) showing() string { return h.tab.Status().Summary.Showing }

// G reaches the oldest call of 100,000 in at most two requests, and the
// position says so; g is back on top with no request at all.
func TestBottomIsTheOldestRecordInTwoRequests(t *testing.T) {
	h := newDemoHarness(t, demo.Options{Size: 100_000}, demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 30)
	before := h.requests.Load()
	h.key(pressOf(t, &k.Bottom))
	if n := h.requests.Load() - before; n > 2 {
		t.Fatalf("G made %d requests", n)
	}
	oldest, err := h.c.MCPCalls(context.Background(), "ws_acme", client.MCPCallQuery{ListQuery: client.ListQuery{Order: "asc", Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	calls := oldest.Summary.Calls
	if s := h.tab.(Lister).Selected(); s == nil || s.ID != string(oldest.Data[0].ID) {
		t.Fatalf("G selected %v, the oldest call is %s", s, oldest.Data[0].ID)
	}
	if want := "row " + common.FmtCount(calls) + " of " + common.FmtCount(calls); h.showing() != want {
		t.Fatalf("position %q, want %q", h.showing(), want)
	}
	if !strings.Contains(h.screen(), string(oldest.Data[0].ID)) {
		t.Fatal("the oldest call is not on screen")
	}
	before = h.requests.Load()
	h.key(pressOf(t, &k.Top))
	if n := h.requests.Load() - before; n != 0 || h.showing() != "row 1 of "+common.FmtCount(calls) {
		t.Fatalf("g made %d requests, position %q", n, h.showing())
	}
}

// Sorted by credits (five amounts: long runs of ties, broken by id), the
// tail walked up from G joins the head with every record once, in order,
// whatever page boundary the walks meet at.
func TestWalksJoinAcrossTiesAndPageBoundaries(t *testing.T) {
	for _, n := range []int{401, 997, 1203} {
		f := newFakeAPI(n)
		h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
		k := &h.sess.Keys.List
		h.open(model.TabMCPCalls, model.View{Sort: "credits"}, 100, 30)
		h.key(pressOf(t, &k.Bottom))
		if want := "row " + common.FmtCount(int64(n)) + " of " + common.FmtCount(int64(n)); h.showing() != want {
			t.Fatalf("n=%d: G shows %q", n, h.showing())
		}
		for i := 0; i < 200 && !h.list().Table().Complete(); i++ {
			h.key(pressOf(t, &k.PageUp))
		}
		want := f.ids("credits", "desc")
		if got := held(t, h.tab); !slices.Equal(got, want) {
			t.Fatalf("n=%d: held %d records, the API has %d; first difference at %d", n, len(got), len(want), firstDiff(got, want))
		}
		h.key(pressOf(t, &k.Top))
		if h.showing() != "row 1 of "+common.FmtCount(int64(n)) || h.tab.(Lister).Selected().ID != want[0] {
			t.Fatalf("n=%d: g after the join: %q", n, h.showing())
		}
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Keys pressed while pages are on their way are not lost: 500 pgdn land
// 500 screens down, a held j lands where it was going, G lands on the last.
func TestQueuedKeysLandWhenThePagesArrive(t *testing.T) {
	h := newHandlerHarness(t, newFakeAPI(100_000), demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 31) // 30 rows a screen
	tb := h.list().Table()
	h.hold = true
	for range 500 {
		h.key(pressOf(t, &k.PageDown))
	}
	if len(h.held) > 1 {
		t.Fatalf("%d page requests at once", len(h.held))
	}
	if !strings.HasSuffix(h.showing(), " → 15,001") {
		t.Fatalf("no sign of where the cursor is going: %q", h.showing())
	}
	h.arrive()
	if pos, _ := tb.Position(); pos != 500*30+1 || tb.Pending() {
		t.Fatalf("500 pgdn landed on row %d, want %d", pos, 500*30+1)
	}
	h.hold = true
	for range 1000 {
		h.key(pressOf(t, &k.Down))
	}
	h.arrive()
	if pos, _ := tb.Position(); pos != 500*30+1+1000 {
		t.Fatalf("held j landed on row %d", pos)
	}
	// G while a page is on its way: that page is dropped (it never reaches
	// the server), the tail's first page is asked for, the cursor lands.
	h.hold = true
	for range 300 {
		h.key(pressOf(t, &k.Down))
	}
	h.key(pressOf(t, &k.Bottom))
	before := h.requests.Load()
	h.arrive()
	if n := h.requests.Load() - before; n > 2 {
		t.Fatalf("G after a page request: %d requests", n)
	}
	if h.showing() != "row 100,000 of 100,000" {
		t.Fatalf("G landed on %q", h.showing())
	}
}

// Steady scrolling never waits: with every round trip taking as long as
// six pgdn presses (180 rows at 30 a screen, less than a page), the cursor
// never reaches the end of what is held. One request at a time brings at
// most a page per round trip: held pgdn at ~30 presses a second (900 rows/s)
// keeps up while a round trip is under ~220 ms.
func TestSteadyScrollingNeverWaits(t *testing.T) {
	h := newHandlerHarness(t, newFakeAPI(50_000), demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 31)
	tb := h.list().Table()
	h.hold = true
	for i := range 1500 {
		h.key(pressOf(t, &k.PageDown))
		if tb.Pending() {
			t.Fatalf("pgdn %d waited for a page at row %d", i, tb.Cursor())
		}
		if len(h.held) > 1 {
			t.Fatalf("pgdn %d: %d requests in flight", i, len(h.held))
		}
		if i%6 == 5 {
			h.step()
		}
	}
}
