package tabs

import (
	"slices"
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// deepScroll opens the MCP calls tab and moves about 9,000 rows down.
func deepScroll(t *testing.T, h *harness, v model.View) {
	t.Helper()
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, v, 100, 31)
	for range 300 {
		h.key(pressOf(t, &k.PageDown))
	}
	if pos, _ := h.list().Table().Position(); pos < 9000 {
		t.Fatalf("only at row %d", pos)
	}
}

// r after a deep scroll costs one request, not one per page held, and the
// cursor stays on its record at its place on screen.
func TestRefreshAfterADeepScrollIsOneRequest(t *testing.T) {
	h := newDemoHarness(t, demo.Options{Size: 100_000}, demo.OwnerKey, model.RoleOwner)
	deepScroll(t, h, model.View{})
	tb := h.list().Table()
	sel, line, onScreen := h.tab.(Lister).Selected().ID, tb.Cursor(), tb.Cursor()-tb.Offset()
	for _, r := range []func(){
		func() { h.run(h.list().Refresh()) },
		func() { h.run(h.list().SoftRefresh()) },
	} {
		before := h.requests.Load()
		r()
		if n := h.requests.Load() - before; n < 1 || n > maxRefreshPages {
			t.Fatalf("a refresh at row %d made %d requests", line, n)
		}
		if h.tab.(Lister).Selected().ID != sel || tb.Cursor() != line || tb.Cursor()-tb.Offset() != onScreen {
			t.Fatalf("selection moved: %s line %d", h.tab.(Lister).Selected().ID, tb.Cursor())
		}
	}
}

// Newest first: calls that arrived since are merged on top; the cursor
// stays on its record (its row number grows by as many), nothing is held
// twice, and the walk goes on below as before.
func TestRefreshMergesNewerRecordsOnTop(t *testing.T) {
	f := newFakeAPI(20_000)
	h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
	deepScroll(t, h, model.View{})
	tb := h.list().Table()
	sel := h.tab.(Lister).Selected().ID
	pos, _ := tb.Position()
	onScreen := tb.Cursor() - tb.Offset()
	f.add(7)
	before := f.served
	h.run(h.list().Refresh())
	if n := f.served - before; n != 1 {
		t.Fatalf("merge took %d pages", n)
	}
	if got, _ := tb.Position(); h.tab.(Lister).Selected().ID != sel || got != pos+7 || tb.Cursor()-tb.Offset() != onScreen {
		t.Fatalf("cursor on %s at row %d (was %s at %d)", h.tab.(Lister).Selected().ID, got, sel, pos)
	}
	if _, n := tb.Position(); n != 20_007 {
		t.Fatalf("position %q", h.showing())
	}
	got := held(t, h.tab)
	if want := f.ids("", "desc")[:len(got)]; !slices.Equal(got, want) {
		t.Fatalf("after the merge the held rows differ from the API at %d", firstDiff(got, want))
	}
	// More new calls than three pages cover: the list is reloaded from the
	// top (three requests), the cursor on the same row.
	f.add(1000)
	before = f.served
	h.run(h.list().Refresh())
	if n := f.served - before; n > maxRefreshPages {
		t.Fatalf("a refresh after 1,000 new calls made %d requests", n)
	}
	got = held(t, h.tab)
	if want := f.ids("", "desc")[:len(got)]; !slices.Equal(got, want) {
		t.Fatalf("after the reload the held rows differ from the API at %d", firstDiff(got, want))
	}
}

// Another order: r reloads from the top, keeping the selection when the
// first pages still hold it; deep down it costs one request and goes to
// the top, and the --refresh tick leaves a user reading deep alone.
func TestRefreshInAnotherOrderReloadsFromTheTop(t *testing.T) {
	f := newFakeAPI(20_000)
	h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{Sort: "credits"}, 100, 31)
	for range 7 {
		h.key(pressOf(t, &k.PageDown))
	}
	sel := h.tab.(Lister).Selected().ID
	f.add(3)
	before := f.served
	h.run(h.list().Refresh())
	if n := f.served - before; n < 1 || n > maxRefreshPages || h.tab.(Lister).Selected().ID != sel {
		t.Fatalf("%d requests; selection %s, was %s", n, h.tab.(Lister).Selected().ID, sel)
	}
	if got, want := held(t, h.tab), f.ids("credits", "desc"); !slices.Equal(got, want[:len(got)]) {
		t.Fatalf("reloaded rows differ from the API at %d", firstDiff(got, want))
	}

	for range 300 {
		h.key(pressOf(t, &k.PageDown))
	}
	before = f.served
	h.run(h.list().SoftRefresh())
	if f.served != before {
		t.Fatal("the tick reloaded under a user reading deep in a credits sort")
	}
	h.run(h.list().Refresh())
	if n := f.served - before; n > maxRefreshPages || h.showing() != "row 1 of 20,003" {
		t.Fatalf("r deep in a credits sort: %d requests, %q", n, h.showing())
	}
}
