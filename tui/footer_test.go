package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
)

func (h *harness) footerLine() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

// Under an overlay the footer lists that overlay's keys, not a picker's.
func TestFooterFollowsTheOpenDialog(t *testing.T) {
	h := newHarness(t, acme())
	cases := []struct {
		open      []string
		want, not []string
	}{
		{[]string{"?"}, []string{"↑↓ scroll", "esc/? close"}, []string{"enter choose"}},
		{[]string{"enter"}, []string{"y copy id", "esc close"}, []string{"enter choose", "↑↓ scroll"}}, // the sheet fits: nothing to scroll
		{[]string{"d"}, []string{"↑↓ move", "enter choose", "esc close"}, nil},
		{[]string{"d", "G", "enter"}, []string{"tab from/to", "enter apply", "esc back"}, []string{"enter choose"}},
		{[]string{"x"}, []string{"esc close"}, []string{"enter choose"}},
	}
	for _, c := range cases {
		h.keys(c.open...)
		if h.m.dialog == nil {
			t.Fatalf("%v opened no dialog", c.open)
		}
		f := h.footerLine()
		mustContain(t, f, c.want...)
		mustNotContain(t, f, c.not...)
		for h.m.dialog != nil {
			h.keys("esc")
		}
	}
}

// A member's Billing History lists nothing: the footer offers no list keys,
// the toolbar no filters, and the list keys say why they do nothing.
func TestMemberBillingHistoryOffersNoListKeys(t *testing.T) {
	o := acme()
	o.key = demo.MemberKey
	h := newHarness(t, o)
	h.keys("7")
	scr := h.screen()
	mustNotContain(t, h.footerLine(), "d dates", "S reverse", "enter details", "y copy id")
	mustContain(t, h.footerLine(), "Y copy view", "? help")
	mustNotContain(t, scr, "Sort: Date", "Date: All time")
	for _, k := range []string{"d", "s", "S", "c", "enter", "y", "o"} {
		h.keys(k)
		if h.m.dialog != nil {
			t.Fatalf("%s opened a dialog on a tab that lists nothing", k)
		}
		mustContain(t, h.footerLine(), "Billing history is for owners and admins")
	}
}

// Before a workspace is chosen the footer offers only what works there, once,
// and ? still shows the keys (issue 14).
func TestFooterBeforeAWorkspaceIsChosen(t *testing.T) {
	h := newHarness(t, harnessOpts{me: true})
	h.keys("esc") // close the workspace picker
	f := h.footerLine()
	if strings.Count(f, "q quit") != 1 {
		t.Fatalf("footer %q", f)
	}
	mustContain(t, f, "w workspace", "? help")
	mustNotContain(t, f, "r refresh")
	mustContain(t, h.screen(), "No workspace chosen: press w to choose one")
	h.keys("?")
	if _, ok := h.m.dialog.(*dialog.Help); !ok {
		t.Fatalf("? opened %T", h.m.dialog)
	}
}

// While the terminal is too small nothing but the size message is drawn, so
// keys other than quit must not act unseen.
func TestKeysDoNothingWhileTooSmall(t *testing.T) {
	h := newHarness(t, acme())
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	h.keys("?", "j", "d", "4")
	if h.m.dialog != nil || h.m.activeTab().ID() != model.TabConversations {
		t.Fatalf("keys acted while too small: dialog %T, tab %s", h.m.dialog, h.m.activeTab().ID())
	}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	mustContain(t, h.screen(), "Conversation ID")
}

// On a row with a URL the footer keeps o at 100 and at 80 columns.
func TestFooterKeepsOpenOnImports(t *testing.T) {
	for _, w := range []int{100, 80} {
		o := acme()
		o.w, o.h = w, 24
		h := newHarness(t, o)
		h.keys("5")
		mustContain(t, h.footerLine(), "o open URL")
	}
}

// The conversation sheet names every field of the row, the update time too.
func TestConversationSheetShowsUpdatedAt(t *testing.T) {
	h := newHarness(t, acme())
	c := list[model.Conversation, model.ConversationSummary](h, model.TabConversations).Table().Selected()
	h.keys("enter")
	mustContain(t, h.screen(), "updated "+common.FmtTime(c.UpdatedAt, time.UTC), string(c.ID), c.BillingType.Label())
}

// Table rows keep their width in terminals without grapheme clustering too:
// tmux counts 👍🏽 as two emoji, ansi.StringWidth as one.
func TestHostileRowsAlignUnderWcWidth(t *testing.T) {
	o := acme()
	o.hostile = true
	h := newHarness(t, o)
	for _, tb := range []string{"3", "4", "6"} {
		h.keys(tb)
		for i := 0; i < 3; i++ {
			lines := strings.Split(h.screen(), "\n")
			for n := h.m.tableTop() + 1; n < h.m.tableTop()+h.m.tableHeight(); n++ {
				if w := ansi.StringWidthWc(lines[n]); w != 100 {
					t.Fatalf("tab %s line %d: %d cells under wcwidth: %q", tb, n, w, lines[n])
				}
			}
			h.keys("pgdown")
		}
	}
}

// At 60×16 the chrome collapses so the table keeps at least 8 rows, and the
// detail sheet shows every billing item of a short conversation.
func TestSmallScreensKeepTheirRows(t *testing.T) {
	o := acme()
	o.w, o.h = 60, 16
	h := newHarness(t, o)
	rows := 0
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "conv_") {
			rows++
		}
	}
	if rows < 8 {
		t.Fatalf("%d rows at 60×16:\n%s", rows, h.screen())
	}
	h.keys("enter")
	mustContain(t, h.screen(), "items total", "✓ matches the row")
}
