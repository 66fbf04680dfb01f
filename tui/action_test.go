package tui

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// post is one POST as the demo server received it.
type post struct {
	path, key, body string
	status          int
}

// actionHarness is the harness against a demo server wrapped to record every
// POST, with the browser opener replaced by a recorder.
type actionHarness struct {
	*harness
	mu     sync.Mutex
	posts  []post
	gets   map[string]int
	opened []string
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }

func newActionHarness(t testing.TB, key, ws string, as model.Role, w, h int) *actionHarness {
	t.Helper()
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	a := &actionHarness{gets: map[string]int{}}
	hs := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			a.mu.Lock()
			a.gets[r.URL.Path]++
			a.mu.Unlock()
			srv.ServeHTTP(rw, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		sw := &statusWriter{ResponseWriter: rw, status: 200}
		srv.ServeHTTP(sw, r)
		a.mu.Lock()
		a.posts = append(a.posts, post{path: r.URL.Path, key: r.Header.Get("Idempotency-Key"), body: string(body), status: sw.status})
		a.mu.Unlock()
	}))
	t.Cleanup(hs.Close)
	c, err := client.New(client.Options{BaseURL: hs.URL, APIKey: key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	me, err := c.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Client: c, Me: me, View: model.View{Workspace: ws, AsRole: as},
		Now: func() time.Time { return fixedNow }, Loc: time.UTC, NoColor: true}
	a.harness = &harness{t: t, srv: srv, c: c, m: newModel(context.Background(), cfg)}
	a.m.open = func(u string) tea.Cmd {
		a.opened = append(a.opened, u)
		return nil
	}
	a.send(tea.WindowSizeMsg{Width: w, Height: h})
	a.run(a.m.Init())
	return a
}

func ownerAcme(t *testing.T) *actionHarness {
	return newActionHarness(t, demo.OwnerKey, "ws_acme", "", 100, 30)
}

func (a *actionHarness) postList() []post {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]post(nil), a.posts...)
}

func (a *actionHarness) billingGets() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.gets["/v1/workspaces/"+a.m.sess.WS+"/billing"]
}

// onePost asserts exactly one POST, to path with the JSON body want.
func (a *actionHarness) onePost(path string, want map[string]any) post {
	a.t.Helper()
	ps := a.postList()
	if len(ps) != 1 {
		a.t.Fatalf("%d POSTs, want 1: %+v", len(ps), ps)
	}
	p := ps[0]
	if p.path != path {
		a.t.Fatalf("POST %s, want %s", p.path, path)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(p.body), &got); err != nil {
		a.t.Fatalf("body %q: %v", p.body, err)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		a.t.Fatalf("body %s, want %s", gj, wj)
	}
	if !strings.HasPrefix(p.key, "tally_") || len(p.key) < 20 {
		a.t.Fatalf("Idempotency-Key %q", p.key)
	}
	return p
}

// pressRaw sends keys without running the commands they return.
func (a *actionHarness) pressRaw(k string) tea.Cmd {
	_, cmd := a.m.Update(actKey(k))
	return cmd
}

// keys is the harness's, plus the arrows the stepper uses.
func (a *actionHarness) keys(ks ...string) {
	a.t.Helper()
	for _, k := range ks {
		a.send(actKey(k))
	}
}

func actKey(k string) tea.KeyPressMsg {
	switch k {
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	return keyMsg(k)
}

// dialogText is the text inside the overlay's frame, lines joined by spaces,
// so assertions do not depend on where the dialog wraps.
func dialogText(screen string) string {
	var parts []string
	for _, l := range strings.Split(screen, "\n") {
		i, j := strings.Index(l, "│"), strings.LastIndex(l, "│")
		if i >= 0 && j > i {
			parts = append(parts, strings.TrimSpace(l[i+len("│"):j]))
		}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// dialogText is the open dialog's text (whatever the screen behind it shows).
func (a *actionHarness) dialogText() string {
	if a.m.dialog == nil {
		return ""
	}
	return dialogText(ansi.Strip(a.m.dialog.View()))
}

func (a *actionHarness) mustSay(subs ...string) {
	a.t.Helper()
	txt := a.dialogText() + " " + strings.Join(strings.Fields(a.screen()), " ")
	for _, s := range subs {
		if !strings.Contains(txt, s) {
			a.t.Fatalf("screen lacks %q:\n%s", s, a.screen())
		}
	}
}

func TestPlanUpgradeConfirmsThenSendsOneCheckout(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p")
	a.mustSay("Plans · billed monthly · USD", "● Current: Creator · monthly · active",
		"Starter", "12.00/mo", "115.20/yr", "500 credits/mo", "Business", "199.00/mo", "1,910.40/yr", "20,000 credits/mo")
	a.keys("j", "enter") // Creator → Pro
	a.mustSay("Upgrade to Pro (monthly): applies now, prorated.", "79.00 USD a month · 6,000 credits a month",
		"You pay the difference for the rest of this period (until Dec 1, 2026)")
	if n := len(a.postList()); n != 0 {
		t.Fatalf("%d POSTs before confirming", n)
	}
	a.keys("enter")
	p := a.onePost("/v1/workspaces/ws_acme/checkout-sessions", map[string]any{"plan_id": "pro", "interval": "month"})
	if p.status != 200 {
		t.Fatalf("status %d", p.status)
	}
	if len(a.opened) != 1 || !strings.HasPrefix(a.opened[0], "https://checkout.demo.tally.invalid/c/") {
		t.Fatalf("opened %v", a.opened)
	}
	// The URL is shown whole for SSH sessions, and y copies it.
	flat := strings.ReplaceAll(strings.ReplaceAll(a.screen(), "│", ""), " ", "")
	if !strings.Contains(strings.ReplaceAll(flat, "\n", ""), a.opened[0]) {
		t.Fatalf("URL %s not shown:\n%s", a.opened[0], a.screen())
	}
	a.keys("y")
	a.mustSay("Copied the URL")
	before := a.billingGets()
	a.keys("esc")
	if a.m.dialog != nil {
		t.Fatal("esc did not close the dialog after checkout")
	}
	if a.billingGets() != before+1 {
		t.Fatalf("billing not refreshed after the checkout: %d → %d", before, a.billingGets())
	}
	if n := len(a.postList()); n != 1 {
		t.Fatalf("%d POSTs", n)
	}
}

func TestPlanDowngradeYearlyAndNothingToDo(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p", "k", "enter") // Creator → Starter
	a.mustSay("Downgrade to Starter (monthly): applies on Dec 1, 2026, at the end of this period.",
		"12.00 USD a month · 500 credits a month", "You keep Creator until then.")
	a.keys("esc", "j", "enter") // back, Creator monthly: the current plan
	a.mustSay("Creator (monthly) is your current plan. Nothing to change.")
	a.keys("enter") // nothing to send: back to the list
	a.mustSay("Plans · billed monthly", "enter choose")
	a.keys("k", "k", "enter") // Free: cancel instead
	a.mustSay("To move to Free, cancel the subscription (x): your Creator plan stays active until Dec 1, 2026, then ends.")
	a.keys("enter", "y")
	a.mustSay("Plans · billed yearly")
	a.keys("j", "j", "enter") // yearly Creator
	a.mustSay("Switch Creator to yearly billing: applies now, prorated.", "278.40 USD a year · 2,000 credits a month")
	if n := len(a.postList()); n != 0 {
		t.Fatalf("%d POSTs before confirming", n)
	}
	a.keys("enter")
	a.onePost("/v1/workspaces/ws_acme/checkout-sessions", map[string]any{"plan_id": "creator", "interval": "year"})
}

func TestEscAtConfirmationSendsNothing(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p", "j", "enter", "esc", "esc")
	a.keys("b", "enter", "esc", "esc")
	a.keys("x", "esc")
	if a.m.dialog != nil {
		t.Fatal("dialog still open")
	}
	if ps := a.postList(); len(ps) != 0 {
		t.Fatalf("POSTs sent: %+v", ps)
	}
}

func TestDoubleEnterSendsOnePost(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p", "j", "enter")
	first := a.pressRaw("enter")
	second := a.pressRaw("enter")
	third := a.pressRaw("enter")
	if first == nil {
		t.Fatal("the first enter sent nothing")
	}
	a.mustSay("Creating a secure session…")
	a.run(first)
	a.run(second)
	a.run(third)
	a.onePost("/v1/workspaces/ws_acme/checkout-sessions", map[string]any{"plan_id": "pro", "interval": "month"})
	if len(a.opened) != 1 {
		t.Fatalf("opened %d times", len(a.opened))
	}
	// The same for cancel.
	a.keys("esc", "x")
	c1, c2 := a.pressRaw("enter"), a.pressRaw("enter")
	a.run(c1)
	a.run(c2)
	if n := len(a.postList()); n != 2 {
		t.Fatalf("%d POSTs after a double enter on cancel, want 2 in all", n)
	}
}

func TestRetryAfterErrorReusesTheIdempotencyKey(t *testing.T) {
	a := ownerAcme(t)
	a.keys("b", "+", "enter")
	a.srv.SetFaults(demo.Faults{Rate5xx: 1})
	a.keys("enter")
	a.mustSay("✗ Couldn't create the checkout", "enter retry (same request)")
	if len(a.opened) != 0 {
		t.Fatal("opened a browser on an error")
	}
	a.srv.SetFaults(demo.Faults{})
	a.keys("enter")
	ps := a.postList()
	if len(ps) != 2 || ps[0].status < 500 || ps[1].status != 200 {
		t.Fatalf("posts %+v", ps)
	}
	if ps[0].key != ps[1].key || ps[0].body != ps[1].body {
		t.Fatalf("retry changed the request: %+v", ps)
	}
	// A new confirmation is a new purchase: a new key.
	a.keys("esc", "b", "enter", "enter")
	ps = a.postList()
	if len(ps) != 3 || ps[2].key == ps[0].key {
		t.Fatalf("a new confirmation reused the key: %+v", ps)
	}
}

func TestBuyCreditsStepperTotalsAndBody(t *testing.T) {
	a := ownerAcme(t)
	a.keys("b")
	a.mustSay("Buy credits", "Creator Credit Pack", "500 credits", "20.00 USD",
		"Studio Credit Pack", "10,000 credits", "300.00 USD", "Quantity ‹ 1 › Total 500 credits · 20.00 USD")
	mustNotContain(t, a.screen(), "paid plan")
	a.keys("-") // clamps at 1
	a.mustSay("‹ 1 ›")
	a.keys("+", "right", "=")
	a.mustSay("Quantity ‹ 4 › Total 2,000 credits · 80.00 USD")
	a.keys("left")
	a.keys("j") // Pro Credit Pack 2000 for 70.00
	a.mustSay("Quantity ‹ 3 › Total 6,000 credits · 210.00 USD")
	for range 120 {
		a.send(keyMsg("+"))
	}
	a.mustSay("‹ 99 ›", "Total 198,000 credits · 6,930.00 USD")
	for range 96 {
		a.send(keyMsg("-"))
	}
	a.keys("enter")
	a.mustSay("Buy 3 × Pro Credit Pack: 6,000 credits for 210.00 USD.")
	a.keys("enter")
	a.onePost("/v1/workspaces/ws_acme/checkout-sessions", map[string]any{"credit_pack_id": "pack_2000", "quantity": 3})
	if len(a.opened) != 1 {
		t.Fatalf("opened %v", a.opened)
	}
	a.mustSay("Finish in your browser")
}

// On a free plan, b says why before any dialog opens (issue 14): nobody
// confirms a purchase only to be refused.
func TestFreeWorkspaceIsToldAPaidPlanIsNeeded(t *testing.T) {
	a := newActionHarness(t, demo.OwnerKey, "ws_free", "", 100, 30)
	a.keys("b")
	if a.m.dialog != nil {
		t.Fatalf("b opened %T on a free plan", a.m.dialog)
	}
	a.mustSay("Credit packs need a paid plan — p to see plans")
	if ps := a.postList(); len(ps) != 0 {
		t.Fatalf("posts %+v", ps)
	}
	a.keys("p")
	a.mustSay("Plans · billed")
	a.keys("j", "enter") // Free → Starter: a new subscription
	a.mustSay("Subscribe to Starter (monthly): starts now.", "12.00 USD a month · 500 credits a month")
	a.keys("esc", "esc", "x")
	a.mustSay("This workspace is on the free plan: there is no subscription to cancel")
}

func TestCancelThenResumeUpdatesTheHeader(t *testing.T) {
	a := ownerAcme(t)
	mustNotContain(t, a.screen(), "cancels")
	a.keys("u")
	a.mustSay("Nothing to resume: your Creator plan renews on Dec 1, 2026")
	a.keys("x")
	a.mustSay("Cancel subscription", "Your Creator plan stays active until Dec 1, 2026, then ends.")
	a.keys("enter")
	a.onePost("/v1/workspaces/ws_acme/subscription/cancel", map[string]any{})
	if a.m.dialog != nil {
		t.Fatal("dialog still open after cancelling")
	}
	a.mustSay("cancels Dec 1", "Cancelled: your Creator plan stays active until Dec 1, 2026, then ends")
	if !a.m.billing.Plan.CancelAtPeriodEnd {
		t.Fatal("billing state not updated")
	}
	a.keys("x")
	a.mustSay("Your Creator plan already ends on Dec 1, 2026: press u to resume")
	a.keys("u")
	a.mustSay("Resume subscription", "Your Creator plan will renew on Dec 1, 2026 and keep billing monthly.")
	a.keys("enter")
	ps := a.postList()
	if len(ps) != 2 || ps[1].path != "/v1/workspaces/ws_acme/subscription/resume" || ps[1].key == ps[0].key {
		t.Fatalf("posts %+v", ps)
	}
	mustNotContain(t, a.screen(), "cancels Dec 1")
	a.mustSay("Resumed: your Creator plan renews on Dec 1, 2026")
}

func TestNonOwnersAreRefusedWithTheReason(t *testing.T) {
	for _, tc := range []struct {
		name, key, ws string
		as            model.Role
		want          string
	}{
		{"admin", demo.AdminKey, "ws_acme", "", "Plan changes need the workspace owner — you are an admin"},
		{"member", demo.MemberKey, "ws_acme", "", "Plan changes need the workspace owner — you are a member"},
		{"support", demo.SupportKey, "ws_acme", "", "Support sessions are read-only"},
		{"owner as member", demo.OwnerKey, "ws_acme", model.RoleMember, "Plan changes need the owner — you are viewing as a member"},
		{"owner's member workspace", demo.OwnerKey, "ws_side", "", "you are a member"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newActionHarness(t, tc.key, tc.ws, tc.as, 100, 30)
			for _, k := range []string{"p", "b", "x", "u"} {
				a.keys(k)
				if a.m.dialog != nil {
					t.Fatalf("%s opened a dialog", k)
				}
				a.mustSay(tc.want)
				a.send(flashDoneMsg{seq: a.m.flashSeq})
			}
			a.keys("?")
			help := a.dialogText()
			for range 4 { // the help scrolls when it is longer than the screen
				a.keys("pgdown")
				help += " " + a.dialogText()
			}
			for _, want := range []string{"Plan & credits", "buy credits", tc.want[1:]} {
				if !strings.Contains(help, want) {
					t.Fatalf("help lacks %q:\n%s", want, help)
				}
			}
			if ps := a.postList(); len(ps) != 0 {
				t.Fatalf("POSTs sent: %+v", ps)
			}
		})
	}
}

func TestResultAfterCloseIsAFlashNotABrowser(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p", "j", "enter")
	send := a.pressRaw("enter")
	a.keys("esc") // closes while sending
	if a.m.dialog != nil {
		t.Fatal("esc while sending did not close")
	}
	before := a.billingGets()
	a.run(send)
	if len(a.opened) != 0 {
		t.Fatalf("opened %v after the dialog closed", a.opened)
	}
	a.mustSay("The checkout page was ready after you closed the dialog: not opened, nothing charged")
	if a.billingGets() != before+1 {
		t.Fatal("billing not refreshed")
	}
	// Cancel closed while sending still updates the header: it happened.
	a.keys("x")
	send = a.pressRaw("enter")
	a.keys("esc")
	a.run(send)
	a.mustSay("cancels Dec 1", "Cancelled: your Creator plan")
}

func TestPortalOpensFromThePlanDialog(t *testing.T) {
	a := ownerAcme(t)
	a.keys("p", "o")
	a.onePost("/v1/workspaces/ws_acme/portal-sessions", map[string]any{})
	if len(a.opened) != 1 || !strings.Contains(a.opened[0], "/p/") {
		t.Fatalf("opened %v", a.opened)
	}
	a.mustSay("Manage billing", "Finish in your browser")
}

func TestActionDialogsFitAt60x16(t *testing.T) {
	a := newActionHarness(t, demo.OwnerKey, "ws_acme", "", 60, 16)
	check := func(what string) {
		t.Helper()
		lines := strings.Split(a.screen(), "\n")
		if len(lines) != 16 {
			t.Fatalf("%s: %d lines", what, len(lines))
		}
		for i, l := range lines {
			if ansi.StringWidth(l) != 60 {
				t.Fatalf("%s: line %d is %d wide: %q", what, i, ansi.StringWidth(l), l)
			}
		}
	}
	for _, seq := range [][]string{{"p"}, {"p", "j", "enter"}, {"p", "j", "enter", "enter"}, {"b"}, {"b", "enter"}, {"x"}, {"?"}} {
		a.keys(seq...)
		check(strings.Join(seq, " "))
		for a.m.dialog != nil {
			a.keys("esc")
		}
	}
}

func TestGoldenActionDialogs(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{100, 30}, {60, 16}} {
		name := func(s string) string { return s + "_" + itoa(sz.w) + "x" + itoa(sz.h) }
		a := newActionHarness(t, demo.OwnerKey, "ws_acme", "", sz.w, sz.h)
		// The dialog alone: the screen behind it belongs to the tabs' goldens.
		view := func() string { return ansi.Strip(a.m.dialog.View()) }
		a.keys("p")
		golden(t, name("plan_dialog"), view())
		a.keys("j", "enter")
		golden(t, name("plan_confirm"), view())
		a.keys("esc", "esc", "b", "+", "+")
		golden(t, name("credits_dialog"), view())
	}
}

func itoa(n int) string { return strings.TrimSpace(common.FmtCount(int64(n))) }

// BenchmarkPlanDialogKeystroke is one cursor move in the plan dialog and the
// full-screen View that follows it (Bubble Tea renders after every Update).
func BenchmarkPlanDialogKeystroke(b *testing.B) {
	a := newActionHarness(b, demo.OwnerKey, "ws_acme", "", 100, 30)
	a.keys("p")
	down, up := actKey("j"), actKey("k")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := down
		if i%2 == 1 {
			k = up
		}
		a.m.Update(k)
		_ = a.m.View()
	}
}
