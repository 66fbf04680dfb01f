package tabs

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// activityRows are the rows the tab holds, newest first.
func activityRows(a *Activity) []model.ActivityRow {
	out := make([]model.ActivityRow, 0, a.tbl.Len())
	for i := 0; i < a.tbl.Lines(); i++ {
		if r := a.tbl.Row(i); r != nil {
			out = append(out, *r)
		}
	}
	return out
}

// checkChain asserts the balance after each change: the newest is anchor,
// and each older one is the newer one's minus the newer one's amount.
func checkChain(t *testing.T, rows []model.ActivityRow, anchor model.Credits) {
	t.Helper()
	if len(rows) == 0 || rows[0].BalanceAfter != anchor {
		t.Fatalf("newest balance after %v, want %s", rows[0].BalanceAfter, anchor)
	}
	for i := 1; i < len(rows); i++ {
		want, _ := rows[i-1].BalanceAfter.Sub(rows[i-1].Amount)
		if rows[i].BalanceAfter != want || model.ActivityNewer(rows[i], rows[i-1]) {
			t.Fatalf("row %d (%s): balance after %s, want %s", i, rows[i].ID, rows[i].BalanceAfter, want)
		}
	}
}

// Activity opens at remaining, walks on as the cursor comes near the end
// of what is held (never the whole history up front), and its balances
// chain exactly across the pages.
func TestActivityBalancesChainAndWalkOnDemand(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	a := h.open(model.TabActivity, model.View{}, 120, 30).(*Activity)
	b, err := h.c.Billing(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	first := a.tbl.Len()
	if first != activityStep || a.walk.Done() {
		t.Fatalf("first screen holds %d rows (done %v), want %d", first, a.walk.Done(), activityStep)
	}
	checkChain(t, activityRows(a), b.Credits.Remaining)
	st := a.Status()
	if !strings.Contains(st.Summary.Text, common.FmtCount(a.walk.Totals().Changes)+" changes") || st.Summary.Showing != "row 1 of "+common.FmtCount(a.walk.Totals().Changes) {
		t.Errorf("summary %+v", st.Summary)
	}
	for range 3 {
		h.key(keyPress(tea.KeyPgDown))
	}
	if a.tbl.Len() <= first {
		t.Fatalf("paging down held %d rows, no more than the first %d", a.tbl.Len(), first)
	}
	checkChain(t, activityRows(a), b.Credits.Remaining)
	// The user column is the owner's; a conversation opens its billing sheet.
	if !strings.Contains(h.screen(), "User") {
		t.Error("owner's activity has no user column")
	}
	h.key(press('g'))
	for i := 0; i < 20 && a.tbl.Selected().Kind != model.ActivityConversation; i++ {
		h.key(press('j'))
	}
	h.acts = nil
	h.key(keyPress(tea.KeyEnter))
	if len(h.acts) != 1 {
		t.Fatalf("enter: %#v", h.acts)
	}
	if _, ok := h.acts[0].(common.ShowDialog); !ok {
		t.Errorf("enter on a conversation: %#v", h.acts[0])
	}
}

// With a window the walk reaches its end: the rows add up to the four
// summaries (no ⚠), and the anchor is remaining minus what came after.
func TestActivityWindowEndsAndAddsUp(t *testing.T) {
	h := newHarness(t, demo.MemberKey, model.RoleMember)
	a := h.open(model.TabActivity, model.View{Last: "7d"}, 100, 30).(*Activity)
	// G fetches the oldest changes; scrolling up from there walks on until
	// the two walks meet.
	h.key(press('G'))
	for i := 0; i < 200; i++ {
		if done, _ := a.Done(); done {
			break
		}
		h.key(keyPress(tea.KeyPgUp))
	}
	if done, err := a.Done(); !done || err != nil {
		t.Fatalf("done %v, check %v", done, err)
	}
	rows := activityRows(a)
	if int64(len(rows)) != a.walk.Totals().Changes {
		t.Fatalf("%d rows of %d changes", len(rows), a.walk.Totals().Changes)
	}
	checkChain(t, rows, a.walk.Anchor())
	last := rows[len(rows)-1]
	if open, _ := last.BalanceAfter.Sub(last.Amount); open != a.walk.Opening() {
		t.Errorf("balance before the oldest change %s, opening %s", open, a.walk.Opening())
	}
	if strings.Contains(a.Status().Summary.Text, "⚠") || strings.Contains(h.screen(), "User") {
		t.Errorf("member's activity:\n%s\n%s", a.Status().Summary.Text, h.screen())
	}
	for _, k := range a.Keys() {
		if k.B == &h.sess.Keys.List.Sort && !strings.Contains(k.Off, "newest first") {
			t.Errorf("s on activity: %q", k.Off)
		}
	}
}

// G goes to the oldest change of all time in one request per list (the
// walk oldest first), however long the history: its balance before is
// exactly 0, the position says "row N of N", and scrolling up from there
// walks newer changes until the two walks meet, every balance the same as
// the newest-first walk gives it.
func TestActivityBottomIsTheOldestChange(t *testing.T) {
	h := newDemoHarness(t, demo.Options{Size: 3000}, demo.OwnerKey, model.RoleOwner)
	a := h.open(model.TabActivity, model.View{}, 120, 30).(*Activity)
	total := a.walk.Totals().Changes
	before := h.requests.Load()
	h.key(press('G'))
	if n := h.requests.Load() - before; n > 6 {
		t.Fatalf("G made %d requests (billing, four lists' first pages and at most one more)", n)
	}
	r := a.tbl.Selected()
	if r == nil {
		t.Fatal("nothing selected after G")
	}
	if open, _ := r.BalanceAfter.Sub(r.Amount); open != 0 {
		t.Fatalf("the oldest change %s leaves %s before it, want 0 over all time", r.ID, open)
	}
	if got, want := a.Status().Summary.Showing, "row "+common.FmtCount(total)+" of "+common.FmtCount(total); got != want {
		t.Fatalf("position %q, want %q", got, want)
	}
	if !a.tbl.EdgeShown() || a.tbl.Complete() {
		t.Errorf("the newest and the oldest changes are not two segments: edge %v, complete %v", a.tbl.EdgeShown(), a.tbl.Complete())
	}
	// The newest-first walk of everything, for the balances.
	want := map[model.Text]model.Credits{}
	all, err := h.c.StartActivity(context.Background(), "ws_acme", client.ActivityQuery{PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	for !all.Done() {
		var rows []model.ActivityRow
		if all, rows, err = h.c.MoreActivity(context.Background(), all, 1000); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want[r.ID] = r.BalanceAfter
		}
	}
	for _, r := range activityRows(a) {
		if want[r.ID] != r.BalanceAfter {
			t.Fatalf("%s: balance after %s, the newest-first walk says %s", r.ID, r.BalanceAfter, want[r.ID])
		}
	}
	for i := 0; i < 500; i++ {
		if done, _ := a.Done(); done {
			break
		}
		h.key(keyPress(tea.KeyPgUp))
	}
	if done, err := a.Done(); !done || err != nil || int64(a.tbl.Len()) != total {
		t.Fatalf("after paging up: done %v (%v), %d rows of %d", done, err, a.tbl.Len(), total)
	}
	rows := activityRows(a)
	checkChain(t, rows, all.Remaining())
	if strings.Contains(a.Status().Summary.Text, "⚠") || !strings.Contains(a.Status().Summary.Text, "opens at 0 ✓") {
		t.Errorf("summary once joined: %s", a.Status().Summary.Text)
	}
}

// The balance after each change is what Activity is for: it stays on a
// 60-column screen, What giving way first.
func TestActivityNarrowKeepsTheBalance(t *testing.T) {
	h := newHarness(t, demo.OwnerKey, model.RoleOwner)
	h.open(model.TabActivity, model.View{}, 60, 12)
	lines := strings.Split(h.screen(), "\n")
	if !strings.Contains(lines[0], "Balance") || !strings.Contains(lines[0], "Amount") || !strings.Contains(lines[1], "948.1431") {
		t.Errorf("60 columns:\n%s", h.screen())
	}
}
