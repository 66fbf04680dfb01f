package dialog

import (
	"context"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

func testSession() *common.Session {
	k, st := common.DefaultKeyMap(), common.NewStyles(true, true)
	return &common.Session{Seqs: &common.SeqSource{}, Ctx: context.Background(), Keys: &k, Styles: &st, Loc: time.UTC,
		Now: func() time.Time { return time.Date(2026, 11, 20, 15, 4, 0, 0, time.UTC) }}
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	}
	r := []rune(s)[0]
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + 'a' - 'A', ShiftedCode: r, Text: s, Mod: tea.ModShift}
	}
	return tea.KeyPressMsg{Code: r, Text: s}
}

// A server may offer no plans or packs, and a key may have no workspaces: the
// pickers then hold an empty list, which movement keys must not push to -1.
func TestPickersWithNoOptionsDoNotPanic(t *testing.T) {
	sess := testSession()
	plans, _ := NewPlan(sess, model.Plan{})
	plans.Update(offersMsg[model.PlanOffer]{from: plans, seq: plans.offers.seq})
	packs, _ := NewCredits(sess)
	packs.Update(offersMsg[model.CreditPack]{from: packs, seq: packs.offers.seq})
	chose := false
	picker := NewPicker(sess, "Workspace", nil, "", func(string) common.Action { chose = true; return nil })
	for name, d := range map[string]common.Dialog{"list": picker, "plans": plans, "packs": packs} {
		d.SetSize(80, 20)
		for _, k := range []string{"j", "G", "enter", "k", "g", "enter", "j", "enter"} {
			d.Update(press(k))
			_ = d.View()
		}
		if chose {
			t.Errorf("%s: chose from an empty list", name)
		}
	}
}

// The dialogs match keys through the KeyMap: a rebinding takes effect there
// too, and the old key no longer does.
func TestDialogsMatchThroughKeyMap(t *testing.T) {
	sess := testSession()
	sess.Keys.Action.Yearly.Binding = key.NewBinding(key.WithKeys("Y"))
	sess.Keys.Action.More.Binding = key.NewBinding(key.WithKeys("]"))
	d, _ := NewPlan(sess, model.Plan{})
	d.Update(offersMsg[model.PlanOffer]{from: d, seq: d.offers.seq, items: []model.PlanOffer{{ID: "pro"}}})
	d.Update(press("y"))
	if d.interval != model.IntervalMonth {
		t.Fatal("y still switches to yearly after the binding moved to Y")
	}
	d.Update(press("Y"))
	if d.interval != model.IntervalYear {
		t.Fatal("Y (the rebound Yearly key) did not switch to yearly")
	}
	c, _ := NewCredits(sess)
	c.Update(offersMsg[model.CreditPack]{from: c, seq: c.offers.seq, items: []model.CreditPack{{ID: "p1"}}})
	c.Update(press("+"))
	c.Update(press("]"))
	if c.qty != 2 {
		t.Fatalf("qty = %d after + and ], want 2 (only ] is bound)", c.qty)
	}
}

// The custom date form says what is wrong with a date.
func TestParseRangeSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		"2026-13-01": "from: month 13 does not exist",
		"2026-02-30": "from: February 2026 has 28 days",
		"2024-02-30": "from: February 2024 has 29 days",
		"2026-1-01":  "from: use YYYY-MM-DD, e.g. 2026-11-30",
		"2026-aa-01": "from: use digits: YYYY-MM-DD, e.g. 2026-11-30",
	} {
		_, _, err := ParseRange(in, "", time.UTC)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	from, to, err := ParseRange("2026-11-01", "2026-11-30", time.UTC)
	if err != nil || !from.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("%v %v %v", from, to, err)
	}
}
