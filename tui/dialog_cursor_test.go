package tui

import (
	"context"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

func testSession() *common.Session {
	k, st := common.DefaultKeyMap(), common.NewStyles(true, true)
	return &common.Session{Seqs: &common.SeqSource{}, Ctx: context.Background(), Keys: &k, Styles: &st, Loc: time.UTC, Now: func() time.Time { return fixedNow }}
}

// A server may offer no plans or packs, and a key may have no workspaces: the
// pickers then hold an empty list, which movement keys must not push to -1.
func TestPickersWithNoOptionsDoNotPanic(t *testing.T) {
	sess := testSession()
	plans := newPlanDialog(sess, model.Plan{})
	plans.setOffers(offersMsg{seq: plans.loadSeq})
	packs := newCreditsDialog(sess, false)
	packs.setOffers(offersMsg{seq: packs.loadSeq})
	for name, d := range map[string]dialog{
		"list": newListDialog(sess, "workspace", "Workspace", nil, ""), "plans": plans, "packs": packs,
	} {
		d.SetSize(80, 20)
		for _, k := range []string{"j", "G", "enter", "k", "g", "enter", "j", "enter"} {
			if cmd := d.Update(keyMsg(k)); cmd != nil {
				if msg, ok := cmd().(choiceMsg); ok {
					t.Errorf("%s: %q chose %+v from an empty list", name, k, msg)
				}
			}
			_ = d.View()
		}
	}
}

// --workspace naming a workspace of a key that has none is the "no
// workspaces" error, not an empty picker.
func TestNamedWorkspaceWithNoWorkspaces(t *testing.T) {
	m := newModel(context.Background(), Config{View: model.View{Workspace: "ws_x"}, Loc: time.UTC})
	m.chooseInitialWorkspace()
	if m.meErr == nil || m.dialog != nil {
		t.Fatalf("meErr = %v, dialog = %T; want the no-workspaces error and no picker", m.meErr, m.dialog)
	}
}

// Stop (workspace switch, quit) must cancel every Overview fetch in flight,
// not only the first one made since the last Stop.
func TestOverviewStopCancelsEveryFetch(t *testing.T) {
	ov := newOverviewTab(testSession(), model.View{})
	a, b := ov.ctx(), ov.ctx()
	ov.Stop()
	if a.Err() == nil || b.Err() == nil {
		t.Fatalf("after Stop: first fetch ctx err %v, second %v; want both cancelled", a.Err(), b.Err())
	}
}

// The dialogs match keys through the KeyMap: a rebinding takes effect there
// too, and the old key no longer does.
func TestDialogsMatchThroughKeyMap(t *testing.T) {
	sess := testSession()
	sess.Keys.Yearly = key.NewBinding(key.WithKeys("Y"))
	sess.Keys.MorePacks = key.NewBinding(key.WithKeys("]"))
	d := newPlanDialog(sess, model.Plan{})
	d.setOffers(offersMsg{seq: d.loadSeq, plans: []model.PlanOffer{{ID: "pro"}}})
	d.Update(keyMsg("y"))
	if d.interval != model.IntervalMonth {
		t.Fatal("y still switches to yearly after the binding moved to Y")
	}
	d.Update(keyMsg("Y"))
	if d.interval != model.IntervalYear {
		t.Fatal("Y (the rebound Yearly key) did not switch to yearly")
	}
	c := newCreditsDialog(sess, false)
	c.setOffers(offersMsg{seq: c.loadSeq, packs: []model.CreditPack{{ID: "p1"}}})
	c.Update(keyMsg("+"))
	c.Update(keyMsg("]"))
	if c.qty != 2 {
		t.Fatalf("qty = %d after + and ], want 2 (only ] is bound)", c.qty)
	}
}

// A workspace switch rebuilds the tabs; an answer that was already on its way
// to the old Conversations tab must not land in the new one (their request
// numbers once started from the same value and matched).
func TestPageForAReplacedTabIsDropped(t *testing.T) {
	h := newHarness(t, harnessOpts{me: true})
	h.keys("enter") // Acme Studio
	_, cmd := h.m.Update(keyMsg("2"))
	stale, ok := runCmd(cmd).(tabMsg)
	if !ok {
		t.Fatal("switching to Conversations did not request a page")
	}
	h.keys("w", "j", "enter") // Side Project, on Conversations
	if h.m.sess.WS != "ws_side" || !h.m.activeTab().Loaded() {
		t.Fatalf("ws = %q, loaded = %v", h.m.sess.WS, h.m.activeTab().Loaded())
	}
	// Each refresh takes a new request number: whichever the old tab's was,
	// one of these matches it unless the numbers are unique across tabs.
	for i := 0; i < 4; i++ {
		before := h.m.activeTab().SelectedID()
		h.send(stale)
		if after := h.m.activeTab().SelectedID(); after != before {
			t.Fatalf("after %d refreshes Side Project's list starts with %q (was %q): Acme's page was applied", i, after, before)
		}
		h.keys("r")
	}
}
