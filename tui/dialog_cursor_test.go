package tui

import (
	"context"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/tabs"
)

// --workspace naming a workspace of a key that has none is the "no
// workspaces" error, not an empty picker.
func TestNamedWorkspaceWithNoWorkspaces(t *testing.T) {
	m := newModel(context.Background(), Config{View: model.View{Workspace: "ws_x"}, Loc: time.UTC})
	m.chooseInitialWorkspace()
	if m.meErr == nil || m.dialog != nil {
		t.Fatalf("meErr = %v, dialog = %T; want the no-workspaces error and no picker", m.meErr, m.dialog)
	}
}

// A workspace switch rebuilds the tabs; an answer that was already on its way
// to the old Conversations tab must not land in the new one (their request
// numbers once started from the same value and matched).
func TestPageForAReplacedTabIsDropped(t *testing.T) {
	h := newHarness(t, harnessOpts{me: true})
	h.keys("enter") // Acme Studio
	_, cmd := h.m.Update(keyMsg("2"))
	stale, ok := runCmd(cmd).(tabs.Msg)
	if !ok {
		t.Fatal("switching to Conversations did not request a page")
	}
	h.keys("w", "j", "enter") // Side Project, on Conversations
	if h.m.sess.WS != "ws_side" || !h.loaded() {
		t.Fatalf("ws = %q, loaded = %v", h.m.sess.WS, h.loaded())
	}
	// Each refresh takes a new request number: whichever the old tab's was,
	// one of these matches it unless the numbers are unique across tabs.
	for i := 0; i < 4; i++ {
		before := h.selectedID()
		h.send(stale)
		if after := h.selectedID(); after != before {
			t.Fatalf("after %d refreshes Side Project's list starts with %q (was %q): Acme's page was applied", i, after, before)
		}
		h.keys("r")
	}
}
