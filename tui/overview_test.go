package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/tabs"
)

func overviewOpts() harnessOpts { return harnessOpts{me: true, view: model.View{Workspace: "ws_acme"}} }

func TestGoldenOverview(t *testing.T) {
	t.Run("owner", func(t *testing.T) {
		h := newHarness(t, overviewOpts())
		golden(t, "overview_owner", h.screen())
		h.keys("pgdown")
		golden(t, "overview_owner_scrolled", h.screen())
	})
	t.Run("member", func(t *testing.T) {
		o := overviewOpts()
		o.key = demo.MemberKey
		h := newHarness(t, o)
		golden(t, "overview_member", h.screen())
	})
	t.Run("free", func(t *testing.T) {
		o := overviewOpts()
		o.view.Workspace = "ws_free"
		h := newHarness(t, o)
		golden(t, "overview_free", h.screen())
	})
	t.Run("narrow_60x16", func(t *testing.T) {
		o := overviewOpts()
		o.w, o.h = 60, 16
		h := newHarness(t, o)
		golden(t, "overview_60x16", h.screen())
	})
	t.Run("80x24", func(t *testing.T) {
		o := overviewOpts()
		o.w, o.h = 80, 24
		h := newHarness(t, o)
		golden(t, "overview_80x24", h.screen())
		h.keys("G")
		golden(t, "overview_80x24_bottom", h.screen())
		// The forecast is on the summary bar only, scrolled to the end or not.
		if n := strings.Count(h.screen(), "Forecast"); n != 1 {
			t.Errorf("the forecast is shown %d times, want once:\n%s", n, h.screen())
		}
	})
}

func TestGoldenBillingHistory(t *testing.T) {
	t.Run("owner", func(t *testing.T) {
		h := newHarness(t, overviewOpts())
		h.keys("7")
		golden(t, "billing_owner", h.screen())
	})
	t.Run("member", func(t *testing.T) {
		o := overviewOpts()
		o.key = demo.MemberKey
		h := newHarness(t, o)
		h.keys("7")
		golden(t, "billing_member", h.screen())
	})
}

func TestOverviewMatchesTheLedgerAndForecast(t *testing.T) {
	h := newHarness(t, overviewOpts())
	s := h.screen()
	mustContain(t, s, "Where the credits went", "✓ reconciles", "Daily spend, last 30 days", "Forecast", "Premium Beta", "Coming Soon")
	// The same figures tally balance computes from the API.
	b, err := h.c.Billing(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	in, err := h.c.LedgerInput(context.Background(), "ws_acme", b)
	if err != nil {
		t.Fatal(err)
	}
	r := model.Reconcile(in)
	mustContain(t, s, r.SpentTotal.Neg().Grouped(), r.GrantedTotal.Signed())
	from, to := model.DailyWindow(fixedNow, time.UTC, model.ChartDays)
	d, err := h.c.Daily(context.Background(), "ws_acme", client.DailyQuery{From: from, To: to, TZ: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	f := model.Forecast(b.Credits.Remaining, b.Credits.RefreshesAt, d.Data, fixedNow, time.UTC)
	mustContain(t, s, f.Sentence[:40])
}

// The Overview scrolls under j/k/G/g; its sections' errors are tested in tui/tabs.
func TestOverviewScrolls(t *testing.T) {
	o := overviewOpts()
	o.w, o.h = 80, 24
	h := newHarness(t, o)
	top := h.screen()
	h.keys("G")
	mustContain(t, h.screen(), "Features")
	if h.screen() == top {
		t.Fatal("G did not scroll")
	}
	h.keys("g")
	if h.screen() != top {
		t.Fatal("g did not return to the top")
	}
}

func TestBillingHistoryOwnerAndMember(t *testing.T) {
	h := newHarness(t, overviewOpts())
	h.keys("7")
	p, err := h.c.Invoices(context.Background(), "ws_acme", client.InvoiceQuery{ListQuery: client.ListQuery{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Summary
	want := common.Plural(s.Invoices, "invoice", "invoices") + " · " + s.AmountPaid.Fixed(2) + " " + string(s.Currency) + " paid"
	mustContain(t, h.screen(), want, "Number", "Description", "Amount", "Provider", p.Data[0].Amount.Fixed(2)+" "+string(p.Data[0].Currency))
	// d filters by date like the lists.
	h.keys("d", "g", "enter")
	mustContain(t, h.screen(), "Date: Last 7 days", "Filtered")

	for _, o := range []harnessOpts{
		{key: demo.MemberKey, me: true},
		{me: true, view: model.View{Workspace: "ws_acme", AsRole: model.RoleMember}},
	} {
		if o.view.Workspace == "" {
			o.view.Workspace = "ws_acme"
		}
		h := newHarness(t, o)
		before := h.requests.Load()
		h.keys("7", "r")
		mustContain(t, h.screen(), "Billing history is visible to owners and admins")
		mustNotContain(t, h.screen(), "403", "✗")
		// r refetches /billing only: never /invoices.
		if n := h.requests.Load() - before; n != 1 {
			t.Fatalf("member: %d requests on the billing tab, want 1 (/billing)", n)
		}
	}
}

func TestInvoicePDFOpensOnlyOverHTTPS(t *testing.T) {
	h := newHarness(t, overviewOpts())
	h.keys("7")
	lt := h.lt(model.TabBilling).(*tabs.List[model.Invoice, model.InvoiceSummary])
	lt.Table().Row(0).PDFURL = "http://billing.example.com/i/1.pdf"
	h.keys("o")
	mustContain(t, h.screen(), "Refused to open: invoice PDFs and payment pages open only over https")
}

func TestStalenessText(t *testing.T) {
	h := newHarness(t, acme())
	mustContain(t, h.screen(), "updated just now")
	for _, c := range []struct {
		after time.Duration
		want  string
	}{{59 * time.Second, "updated just now"}, {2*time.Minute + 10*time.Second, "updated 2 min ago"}, {3 * time.Hour, "updated 3 h ago"}} {
		now := fixedNow.Add(c.after)
		h.m.cfg.Now = func() time.Time { return now }
		h.send(staleTickMsg{seq: h.m.tm.staleSeq})
		mustContain(t, h.screen(), c.want)
	}
	// The ticker re-arms itself only for its own sequence: one chain at a time.
	h.m.tm.off = false
	if cmd := h.m.onStaleTick(staleTickMsg{seq: h.m.tm.staleSeq + 7}); cmd != nil {
		t.Fatal("a stale ticker re-armed")
	}
	seq := h.m.tm.staleSeq
	if cmd := h.m.onStaleTick(staleTickMsg{seq: seq}); cmd == nil || h.m.tm.staleSeq != seq+1 {
		t.Fatal("the ticker did not re-arm")
	}
}

// A refresh tick while a request is in flight is skipped; refreshes keep the
// selection on the same record.
func TestRefreshTickNeverOverlapsAndKeepsSelection(t *testing.T) {
	o := acme()
	o.refresh = time.Minute
	h := newHarness(t, o)
	h.keys("j", "j", "j", "j", "j")
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	sel, onScreen := h.selectedID(), lt.Table().Cursor()-lt.Table().Offset()

	before := h.requests.Load()
	_, inflight := h.m.Update(refreshTickMsg{}) // requests started, answers not yet delivered
	if !h.m.tm.billBusy || !lt.Status().Busy {
		t.Fatal("the tick did not start a refresh")
	}
	for range 3 {
		if _, cmd := h.m.Update(refreshTickMsg{}); cmd != nil {
			t.Fatal("a tick during a refresh started requests")
		}
	}
	if h.m.tm.skipped != 3 {
		t.Fatalf("skipped %d ticks, want 3", h.m.tm.skipped)
	}
	mustContain(t, h.screen(), "updating…")
	h.run(inflight)
	if n := h.requests.Load() - before; n != 2 {
		t.Fatalf("one refresh made %d requests, want 2 (/billing and the first page)", n)
	}
	if lt.Status().Busy || h.m.tm.billBusy {
		t.Fatal("still busy after the answers")
	}
	if h.selectedID() != sel || lt.Table().Cursor()-lt.Table().Offset() != onScreen {
		t.Fatalf("selection moved: %s → %s", sel, h.selectedID())
	}
	mustContain(t, h.screen(), "updated just now", "▌"+sel)
	// The next tick refreshes again.
	h.send(refreshTickMsg{})
	if n := h.requests.Load() - before; n != 4 {
		t.Fatalf("second refresh: %d requests in all, want 4", n)
	}
}

// A soft refresh deep in a list stages pages until the cursor is covered.
func TestSoftRefreshCoversTheCursor(t *testing.T) {
	h := newHarness(t, acme())
	lt := h.lt(model.TabConversations).(*tabs.List[model.Conversation, model.ConversationSummary])
	for range 30 {
		h.keys("pgdown")
	}
	sel := h.selectedID()
	if lt.Table().Cursor() < tabs.PageLimit {
		t.Fatalf("cursor %d: not past the first page", lt.Table().Cursor())
	}
	h.keys("r")
	if h.selectedID() != sel || lt.Table().Len() <= lt.Table().Cursor() {
		t.Fatalf("after r: selected %s, want %s", h.selectedID(), sel)
	}
}

func TestRedactionOnScreenAndInCopies(t *testing.T) {
	o := acme()
	o.redactor = model.NewRedactor([]byte("test"))
	h := newHarness(t, o)
	secret := []string{"Ada Lovelace", "Grace Hopper", "Acme Studio", "Logo variations"}
	mustNotContain(t, h.screen(), secret...)
	mustContain(t, h.screen(), "Workspace ", "Title ")
	h.keys("1")
	mustNotContain(t, h.screen(), secret...)
	h.keys("4", "a")
	mustNotContain(t, h.screen(), "CI pipeline")
	h.keys("esc", "5")
	mustNotContain(t, h.screen(), "https://shop")

	// Y leaves out the search text, keeps ids, and reopens redacted.
	h.keys("3", "/", "A", "d", "a", "enter")
	line := h.m.CommandLine()
	if strings.Contains(line, "Ada") || !strings.HasSuffix(line, " --redact") || !strings.Contains(line, "ws_acme") {
		t.Fatalf("copied view %q", line)
	}
	mustNotContain(t, h.screen(), `"Ada"`)
	h.keys("Y")
	if h.m.lastCopy != line {
		t.Fatalf("Y copied %q, want %q", h.m.lastCopy, line)
	}
	mustContain(t, h.screen(), "search left out")
}

var _ = tea.KeyPressMsg{}
