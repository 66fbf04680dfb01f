package tui

import (
	"errors"
	"testing"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/tabs"
)

// TestNoBrowserCopiesTheURL: where no browser can be opened (SSH, no
// display) o says so and copies the URL, instead of an exec error; a
// browser that fails to start is an error naming the cause.
func TestNoBrowserCopiesTheURL(t *testing.T) {
	o := acme()
	o.view.Tab = model.TabImports
	h := newHarness(t, o)
	sel := h.m.activeTab().(tabs.Lister).Selected()
	if sel == nil || sel.URL == "" {
		t.Fatal("the first import has no URL")
	}
	h.m.cfg.OpenURL = func(string) error { return &noBrowserError{reason: "SSH session"} }
	h.keys("o")
	mustContain(t, h.screen(), "No browser can be opened here (SSH session): copied the URL instead")
	if h.m.lastCopy != sel.URL {
		t.Fatalf("copied %q, want the URL %q", h.m.lastCopy, sel.URL)
	}
	h.m.lastCopy = ""
	h.m.cfg.OpenURL = func(string) error { return errors.New("firefox crashed") }
	h.keys("o")
	mustContain(t, h.screen(), "Couldn't open the browser: firefox crashed")
	if h.m.lastCopy != "" {
		t.Fatal("a failed browser copied the URL")
	}
}
