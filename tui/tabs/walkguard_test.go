package tabs

import (
	"strings"
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

type mcpPage = model.Page[model.MCPCall, model.MCPSummary]

// A misbehaving server stops the walk with the error in place of the rows
// that would follow, and nothing more is asked for automatically however
// the user scrolls; r asks for the failed page once more.
func TestMisbehavingWalksStop(t *testing.T) {
	var firstNext string
	cases := []struct {
		name, want string
		mangle     func(n int, q map[string]string, p *mcpPage)
	}{
		{"repeated cursor", "sent back the cursor", func(n int, q map[string]string, p *mcpPage) {
			if n >= 3 {
				c := q["cursor"]
				p.NextCursor = &c
			}
		}},
		{"cursor cycle", "leads back to page 2", func(n int, q map[string]string, p *mcpPage) {
			if n == 1 {
				firstNext = *p.NextCursor
			}
			if n >= 4 {
				p.NextCursor = &firstNext
			}
		}},
		{"empty page with a cursor", "an empty page with a next cursor", func(n int, q map[string]string, p *mcpPage) {
			if n >= 3 {
				p.Data = p.Data[:0] // [], not null: a null data is a decode error before the guard
			}
		}},
		{"more than announced", "more records than the 500 announced", func(n int, q map[string]string, p *mcpPage) {
			p.Summary.Calls = 500
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAPI(5000)
			f.mangle = c.mangle
			h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
			k := &h.sess.Keys.List
			h.open(model.TabMCPCalls, model.View{}, 100, 31)
			for range 60 {
				h.key(pressOf(t, &k.PageDown))
			}
			scr := h.screen()
			if !strings.Contains(scr, "✗ more rows failed") || !strings.Contains(scr, c.want) || !strings.Contains(scr, "r retry") {
				t.Fatalf("no error in place:\n%s", scr)
			}
			before := f.served
			for range 20 {
				h.key(pressOf(t, &k.PageDown))
				h.key(pressOf(t, &k.Up))
			}
			if f.served != before {
				t.Fatalf("%d more requests after the walk stopped", f.served-before)
			}
			h.run(h.list().Refresh()) // the server still misbehaves: one request, the error again
			if f.served != before+1 || !strings.Contains(h.screen(), c.want) {
				t.Fatalf("r made %d requests, want the failed page once", f.served-before)
			}
			seen := map[string]bool{}
			for _, id := range held(t, h.tab) {
				if seen[id] {
					t.Fatalf("%s held twice", id)
				}
				seen[id] = true
			}
		})
	}
}

// Records the server sends twice (within a page, across the pages of a
// walk) are shown once. (One walk's page holding the other's records is
// where they meet: that is how the join is found.)
func TestRepeatedRecordsAreShownOnce(t *testing.T) {
	f := newFakeAPI(1000)
	var first []model.MCPCall
	f.mangle = func(n int, q map[string]string, p *mcpPage) {
		switch {
		case n == 1:
			first = append(first, p.Data[:5]...)
		case q["order"] != "asc": // the head walk repeats page 1's records
			p.Data = append(append(p.Data[:0:0], first...), p.Data...)
		}
		p.Data = append(p.Data, p.Data[len(p.Data)-1]) // and every page its last
	}
	h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 31)
	h.key(pressOf(t, &k.Bottom))
	for range 40 {
		h.key(pressOf(t, &k.PageUp))
	}
	got := held(t, h.tab)
	if want := f.ids("", "desc"); len(got) != len(want) || !h.list().Table().Complete() {
		t.Fatalf("held %d of %d (complete %v)", len(got), len(want), h.list().Table().Complete())
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s held twice", id)
		}
		seen[id] = true
	}
}

// Records landing on top while paging change later pages' summaries: the
// walk goes on (a live list), and the summary bar says the list changed.
func TestSummaryChangeWhilePagingIsSaidNotFatal(t *testing.T) {
	f := newFakeAPI(5000)
	h := newHandlerHarness(t, f, demo.OwnerKey, model.RoleOwner)
	k := &h.sess.Keys.List
	h.open(model.TabMCPCalls, model.View{}, 100, 31)
	f.add(3) // three new calls on top: the next pages' summary says 5,003
	for range 30 {
		h.key(pressOf(t, &k.PageDown))
	}
	if strings.Contains(h.screen(), "failed") {
		t.Fatalf("a changed summary stopped the walk:\n%s", h.screen())
	}
	if !strings.Contains(h.showing(), "list changed since loaded") {
		t.Fatalf("showing %q does not say the list changed", h.showing())
	}
}
