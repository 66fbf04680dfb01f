package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

// memCache is a SnapshotCache in memory that counts what it was given.
type memCache struct {
	mu    sync.Mutex
	docs  map[string]model.Billing
	at    map[string]time.Time
	saves int
}

func newMemCache() *memCache {
	return &memCache{docs: map[string]model.Billing{}, at: map[string]time.Time{}}
}

func (c *memCache) Load(ws string) (model.Billing, time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.docs[ws]
	return b, c.at[ws], ok
}

func (c *memCache) Save(ws string, b model.Billing, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs[ws], c.at[ws] = b, at
	c.saves++
	return nil
}

// cachedDoc is Acme's billing document with a remaining balance the demo
// never has, so the screen shows which one it painted.
func cachedDoc(t *testing.T) model.Billing {
	h := newHarness(t, overviewOpts())
	b := *h.m.billing
	r, err := model.ParseCredits("1234.5678")
	if err != nil {
		t.Fatal(err)
	}
	b.Credits.Remaining = r
	return b
}

// TestStartsFromTheSnapshot: with the server gone after the login check, the
// header and the Overview paint the cached figures marked "cached 3 min ago"
// and say the refresh failed; once the server answers, r replaces them in
// place and the fresh document is saved back.
func TestStartsFromTheSnapshot(t *testing.T) {
	cache := newMemCache()
	_ = cache.Save("ws_acme", cachedDoc(t), fixedNow.Add(-3*time.Minute))
	cache.saves = 0
	o := overviewOpts()
	o.down, o.cache = true, cache
	h := newHarness(t, o)
	scr := h.screen()
	mustContain(t, scr, "1,234.5678 left", "cached 3 min ago · refresh failed · r retry")
	if cache.saves != 0 {
		t.Fatal("a failed fetch was saved")
	}
	h.down.Store(false)
	h.keys("r")
	scr = h.screen()
	if strings.Contains(scr, "1,234.5678") || strings.Contains(scr, "cached") {
		t.Fatalf("the cached figures stayed after a fresh answer:\n%s", scr)
	}
	mustContain(t, scr, "948.1431 left", "updated just now")
	if cache.saves != 1 || cache.docs["ws_acme"].Credits.Remaining != h.m.billing.Credits.Remaining {
		t.Fatalf("the fresh document was not saved (%d saves)", cache.saves)
	}
}

// TestPickerShowsRemainingCredits once known, from the cache or a fetch.
func TestPickerShowsRemainingCredits(t *testing.T) {
	cache := newMemCache()
	_ = cache.Save("ws_side", cachedDoc(t), fixedNow.Add(-time.Hour))
	o := overviewOpts()
	o.cache = cache
	h := newHarness(t, o)
	h.keys("w")
	scr := h.screen()
	mustContain(t, scr, "948.1431 left · Owner", "1,234.5678 left · Member")
}

// TestFirstPaintFromTheSnapshotBeforeMe: with the TUI asking /me itself
// (the CLI did not) and the server unreachable, the workspace the command
// line names is opened from its snapshot; when the server answers, r
// confirms it without starting over.
func TestFirstPaintFromTheSnapshotBeforeMe(t *testing.T) {
	cache := newMemCache()
	_ = cache.Save("Acme Studio", cachedDoc(t), fixedNow.Add(-5*time.Minute))
	h := newHarness(t, harnessOpts{down: true, cache: cache, view: model.View{Workspace: "Acme Studio"}})
	scr := h.screen()
	mustContain(t, scr, "Acme Studio · owner", "1,234.5678 left", "cached 5 min ago · refresh failed · r retry")
	if strings.Contains(scr, "Can't reach") {
		t.Fatalf("the connection screen hid the cached workspace:\n%s", scr)
	}
	h.down.Store(false)
	h.keys("r")
	if h.m.provisional || h.m.meErr != nil || len(h.m.me.Workspaces) == 0 {
		t.Fatalf("/me not confirmed after r: provisional=%v err=%v", h.m.provisional, h.m.meErr)
	}
	mustContain(t, h.screen(), "948.1431 left", "updated just now")
	if b, _, ok := cache.Load("Acme Studio"); !ok || b.Credits.Remaining != h.m.billing.Credits.Remaining {
		t.Fatal("the fresh document was not saved under the typed name")
	}
}
