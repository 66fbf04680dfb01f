package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func row(k ActivityKind, id string, minutesAgo int, amount string) ActivityRow {
	return ActivityRow{Kind: k, ID: Text(id), At: t0.Add(-time.Duration(minutesAgo) * time.Minute), Amount: MustCredits(amount)}
}

func win(rows ...ActivityRow) ActivityWindow {
	var w ActivityWindow
	for _, r := range rows {
		w.Count++
		w.Amount += r.Amount
		if r.Amount > 0 {
			w.Added += r.Amount
		} else if r.Kind == ActivityAdjustment {
			w.Removed += r.Amount
		}
	}
	return w
}

func mustFeed(t *testing.T, m ActivityMerge, p ActivityPage) ActivityMerge {
	t.Helper()
	m, err := m.Feed(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestActivityMergeOrderAndBalances(t *testing.T) {
	conv := []ActivityRow{row(ActivityConversation, "conv_2", 1, "-3"), row(ActivityConversation, "conv_1", 10, "-1.5")}
	calls := []ActivityRow{row(ActivityMCPCall, "call_9", 1, "-0.0125"), row(ActivityMCPCall, "call_8", 5, "-0.5"), row(ActivityMCPCall, "call_7", 10, "-0.25")}
	adjs := []ActivityRow{row(ActivityAdjustment, "adj_2", 5, "-0.0001"), row(ActivityAdjustment, "adj_1", 60, "10")}
	// Opening 0: the window holds all time, so the anchor is the net of every row.
	anchor := MustCredits("4.7374")
	m := NewActivityMerge(anchor)
	m = mustFeed(t, m, ActivityPage{Kind: ActivityConversation, Rows: conv, Window: win(conv...)})
	m = mustFeed(t, m, ActivityPage{Kind: ActivityMCPCall, Rows: calls[:2], Next: "c2", Window: win(calls...), Slack: 2})
	m = mustFeed(t, m, ActivityPage{Kind: ActivityImport, Window: ActivityWindow{}})
	if got, _, _ := m.Take(10); len(m.Needs()) != 1 || m.Needs()[0] != ActivityAdjustment || got.Taken() != 0 {
		t.Fatalf("adjustments not fed yet: needs %v", m.Needs())
	}
	m = mustFeed(t, m, ActivityPage{Kind: ActivityAdjustment, Rows: adjs, Window: win(adjs...)})
	if open, ok := m.Opening(); !ok || open != 0 {
		t.Fatalf("opening %s %v", open, ok)
	}
	tot, _ := m.Totals()
	if tot != (ActivityTotals{Changes: 7, Spent: MustCredits("-5.2625"), Added: NewCredits(10), Removed: MustCredits("-0.0001"), Net: anchor}) {
		t.Errorf("totals %+v", tot)
	}
	before := m
	m, rows, err := m.Take(100)
	if err != nil {
		t.Fatal(err)
	}
	// Stops where the MCP calls' page ends: call_7, on page 2, could be newer than adj_2.
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s", r.ID, r.BalanceAfter))
	}
	// t-1: conv_2 and call_9 tie in time; conv_2 > call_9 by id. t-5: call_8 > adj_2.
	want := "conv_2 4.7374,call_9 7.7374,call_8 7.7499"
	if strings.Join(got, ",") != want || len(m.Needs()) != 1 || m.Cursor(ActivityMCPCall) != "c2" {
		t.Fatalf("rows %v, want %s; needs %v", got, want, m.Needs())
	}
	// The value before Take is untouched: taking again gives the same rows.
	if _, again, _ := before.Take(2); again[0].ID != "conv_2" || again[1].ID != "call_9" || before.Taken() != 0 {
		t.Error("Take changed the value it was called on")
	}
	m = mustFeed(t, m, ActivityPage{Kind: ActivityMCPCall, Rows: calls[2:], Window: win(calls...), Slack: 2})
	m, rows, _ = m.Take(100)
	got = got[:0]
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s", r.ID, r.BalanceAfter))
	}
	// t-10: conv_1 > call_7.
	if strings.Join(got, ",") != "adj_2 8.2499,conv_1 8.25,call_7 9.75,adj_1 10" || !m.Done() || m.Balance() != 0 || m.Check() != nil {
		t.Errorf("rows %v done %v balance %s check %v", got, m.Done(), m.Balance(), m.Check())
	}
}

func TestActivityMergeRefusesMisbehavingPages(t *testing.T) {
	a := row(ActivityMCPCall, "call_2", 1, "-1")
	b := row(ActivityMCPCall, "call_1", 2, "-1")
	w := ActivityWindow{Count: 2, Amount: NewCredits(-2)}
	first := mustFeed(t, NewActivityMerge(0), ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{a}, Next: "p2", Window: w, Slack: 1})
	cases := map[string]struct {
		m    ActivityMerge
		p    ActivityPage
		want string
	}{
		"same cursor":   {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{b}, Next: "p2", Window: w}, "same page cursor twice (page 2)"},
		"empty + next":  {first, ActivityPage{Kind: ActivityMCPCall, Next: "p3", Window: w}, "page 2 is empty but has a next cursor"},
		"summary moved": {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{b}, Window: ActivityWindow{Count: 3, Amount: NewCredits(-3)}}, "summary changed on page 2"},
		"repeated id":   {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{a}, Window: w}, "record call_2 appears twice"},
		"newer row":     {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{row(ActivityMCPCall, "call_3", 0, "-1")}, Window: w}, "out of order"},
		"too many":      {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{b, row(ActivityMCPCall, "call_0", 3, "-1")}, Next: "p3", Window: w, Slack: 0}, "announced 2"},
		"wrong kind":    {first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{row(ActivityImport, "imp_1", 3, "-1")}, Window: w}, "import row"},
		"unknown list":  {first, ActivityPage{Kind: "invoice"}, "unknown list"},
	}
	for name, c := range cases {
		if _, err := c.m.Feed(c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	last := mustFeed(t, first, ActivityPage{Kind: ActivityMCPCall, Rows: []ActivityRow{b}, Window: w, Slack: 1})
	if _, err := last.Feed(ActivityPage{Kind: ActivityMCPCall, Window: w}); err == nil || !strings.Contains(err.Error(), "after the last page") {
		t.Errorf("after the last: %v", err)
	}
	// A walk that does not add up to the summaries is reported once done.
	m := NewActivityMerge(NewCredits(5))
	for _, k := range ActivityKinds {
		p := ActivityPage{Kind: k}
		if k == ActivityImport {
			p.Rows, p.Window = []ActivityRow{row(k, "imp_1", 1, "-1")}, ActivityWindow{Count: 2, Amount: NewCredits(-2)}
		}
		m = mustFeed(t, m, p)
	}
	m, _, _ = m.Take(10)
	if err := m.Check(); err == nil || !strings.Contains(err.Error(), "1 changes read, the summaries say 2") {
		t.Errorf("check: %v", err)
	}
}

func TestActivityRowLabels(t *testing.T) {
	u := &User{ID: "usr_1", Name: "Ada Lovelace"}
	cases := []struct {
		r     ActivityRow
		label string
		amt   string
	}{
		{MCPCallActivity(MCPCall{ID: "call_1", APIKey: APIKeyRef{ID: "key_ci", Name: "CI pipeline"}, Credits: MustCredits("0.25"), User: u}, true), "MCP-HTTP call · CI pipeline", "-0.25"},
		{MCPCallActivity(MCPCall{ID: "call_1", APIKey: APIKeyRef{ID: "key_ci"}, Credits: 1}, false), "MCP-HTTP call · key_ci", "-0.0001"},
		{ConversationActivity(Conversation{ID: "conv_1", BillingType: BillingImageGeneration, Credits: MustCredits("14.2345")}, true), "Conversation · Image generation", "-14.2345"},
		{ConversationActivity(Conversation{ID: "conv_1", BillingType: "audio", Credits: MustCredits("-2")}, true), "Conversation · audio", "2"},
		{ImportActivity(Import{ID: "imp_1", ImportType: ImportProduct, Credits: NewCredits(5)}, false), "Import · Product", "-5"},
		{AdjustmentActivity(Adjustment{ID: "adj_1", Type: AdjSubscriptionRenewal, Amount: NewCredits(2000), Detail: "Creator plan, monthly renewal"}), "Subscription renewal · Creator plan, monthly renewal", "2000"},
		{AdjustmentActivity(Adjustment{ID: "adj_2", Type: AdjCreditExpiration, Amount: NewCredits(-300)}), "Credit expiration", "-300"},
	}
	for _, c := range cases {
		if c.r.Label != c.label || c.r.Amount.String() != c.amt {
			t.Errorf("%s: %q %s, want %q %s", c.r.ID, c.r.Label, c.r.Amount, c.label, c.amt)
		}
	}
	if cases[0].r.UserName() != "Ada Lovelace" || cases[1].r.UserName() != "" || cases[5].r.HasUser {
		t.Error("user names")
	}
	if d := ConversationActivity(Conversation{}, true); d.UserName() != "Deleted user" {
		t.Errorf("deleted user: %q", d.UserName())
	}
}
