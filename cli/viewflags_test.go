package cli

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

var zones = []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"}

func randText(r *rand.Rand, max int) string {
	pieces := []string{"a", "Z", "7", " ", "'", `"`, "$", "`", "\\", "-", "--x", "=", "é", "日本", "👍🏽", ";", "|", "*", "%"}
	n := r.IntN(max) + 1
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func randTime(r *rand.Rand) time.Time {
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(7 * 365 * 24 * time.Hour))))
	if r.IntN(2) == 0 {
		base = base.Add(time.Duration(r.IntN(1e9)))
	}
	switch r.IntN(3) {
	case 0:
		return base
	case 1:
		loc, _ := time.LoadLocation(zones[r.IntN(len(zones))])
		return base.In(loc)
	}
	return base.In(time.FixedZone("", (r.IntN(28)-14)*1800))
}

func pick[T any](r *rand.Rand, all []T) T { return all[r.IntN(len(all))] }

// randView makes a valid View whose workspace is an id the demo owner has
// (and a role no wider than the owner's role there):
// list filters and sorts only with the tab that takes them, a window only
// where a tab (or none) is dated.
func randView(r *rand.Rand) model.View {
	var v model.View
	maybe := func() bool { return r.IntN(2) == 0 }
	if maybe() {
		v.Workspace = pick(r, []string{demo.WorkspaceAcme, "ws_side", "ws_free"})
	}
	var l *model.List
	if maybe() {
		l = pick(r, model.Lists())
		v.Tab = l.Tab
	}
	if l == nil || l.Dated {
		switch r.IntN(5) {
		case 0:
			v.Last = itoa(int64(r.IntN(400)+1)) + pick(r, []string{"d", "w", "m"})
		case 1:
			v.From = randTime(r)
			if maybe() {
				v.To = v.From.Add(time.Duration(r.Int64N(int64(400*24*time.Hour))) + 1).In(randTime(r).Location())
			}
		case 2:
			v.To = randTime(r)
		case 3:
			v.Calendar = pick(r, []string{"2026-10", "2026", "1999-01", "2031-12"})
		}
	}
	if l != nil {
		for _, f := range l.Filters {
			if !maybe() {
				continue
			}
			switch f.Kind {
			case model.FilterEnum:
				f.Set(&v, pick(r, f.Values).Value)
			default:
				f.Set(&v, randText(r, 30))
			}
		}
		// The default sort is stored as "" (see List.Normalize).
		if len(l.Sorts) > 1 && maybe() {
			v.Sort = pick(r, l.Sorts[1:]).Field
		}
		if bys := model.GroupBysFor(l.Tab); bys != nil && maybe() {
			v.GroupBy = pick(r, bys)
			if v.GroupBy.IsTime() && !v.Bounded() {
				v.From, v.To, v.Last = time.Time{}, time.Time{}, pick(r, []string{"30d", "2w", "3m"})
			}
		}
	}
	if (l == nil || len(l.Sorts) > 0) && maybe() {
		v.Order = pick(r, []string{"asc", "desc"})
	}
	if maybe() {
		v.TZ = pick(r, zones)
	}
	if maybe() {
		v.AsRole = pick(r, model.Roles)
		if v.Workspace == "ws_side" { // the demo owner is a member there: --as-role only narrows
			v.AsRole = model.RoleMember
		}
		// A role that does not see users cannot filter or group by them.
		if !v.AsRole.SeesUsers() && (v.User != "" || v.GroupBy == model.GroupByUser) {
			v.AsRole = ""
		}
	}
	return v
}

// sameView compares Views, times by instant and printed offset.
func sameView(a, b model.View) bool {
	ta, tb := [2]time.Time{a.From, a.To}, [2]time.Time{b.From, b.To}
	for i := range ta {
		if !ta[i].Equal(tb[i]) || ta[i].Format(time.RFC3339Nano) != tb[i].Format(time.RFC3339Nano) {
			return false
		}
	}
	a.From, a.To, b.From, b.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b
}

// Property: any View printed with Args and parsed by the real `tally` command
// (cobra flags, config resolution, auth, workspace check) is the same View.
func TestViewArgsRoundTripThroughRootCommand(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 50})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 400; i++ {
		want := randView(r)
		h.tuiCfg = nil
		if code := h.run(want.Args()...); code != 0 {
			t.Fatalf("view %+v\nargs %q: exit %d: %s", want, want.Args(), code, h.stderr.String())
		}
		if h.tuiCfg == nil {
			t.Fatal("TUI not started")
		}
		if got := h.tuiCfg.View; !sameView(got, want) {
			t.Fatalf("round trip changed the view\nargs %q\nwant %+v\ngot  %+v", want.Args(), want, got)
		}
		if h.tuiCfg.Client == nil || len(h.tuiCfg.Me.Workspaces) != 3 || h.tuiCfg.Loc == nil {
			t.Fatalf("TUI config incomplete: %+v", h.tuiCfg)
		}
	}
}

func TestViewFlagErrorsAreUsage(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 50})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	cases := [][]string{
		{"--tab", "invoices"},
		{"--last", "7h"},
		{"--last", "7d", "--from", "2026-01-01"},
		{"--from", "2026-02-01", "--to", "2026-01-01"},
		{"--from", "yesterday"},
		{"--billing-type", "gif"},
		{"--order", "up"},
		{"--sort", "price"},
		{"--as-role", "king"},
		{"--tz", "Mars/Base"},
		{"--month", "2026-13"},
		{"--year", "26"},
		{"--month", "2026"},
		{"--month", "2026-10", "--last", "7d"},
		{"--year", "2026", "--from", "2026-01-01"},
		{"--group-by", "colour"},
		{"--tab", "billing", "--group-by", "day", "--last", "7d"},
		{"--tab", "mcp-calls", "--group-by", "billing_type"},
		{"--tab", "mcp-calls", "--group-by", "day"},
		{"--tab", "mcp-calls", "--group-by", "user", "--as-role", "member"},
		{"--tab", "mcp-calls", "--user", "Ada", "--as-role", "member"},
		{"--workspace", "Nope"},
		{"--bogus"},
		{"extra-arg"},
	}
	for _, args := range cases {
		if code := h.run(args...); code != ExitUsage {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, h.stderr.String())
		}
		if s := h.stderr.String(); !strings.HasPrefix(s, "tally: ") || strings.Count(s, "\n") != 1 {
			t.Errorf("%q: want one clean line, got %q", args, s)
		}
	}
}

func TestDateFlagsUseTZAndIncludeTheWholeToDay(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	v, err := parseView(viewFlags{from: "2026-11-01", to: "2026-11-30"}, "", "Europe/Berlin", "")
	if err != nil {
		t.Fatal(err)
	}
	if !v.From.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)) || !v.To.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, berlin)) {
		t.Fatalf("window %s .. %s", v.From, v.To)
	}
	v, err = parseView(viewFlags{from: "2026-11-01T10:00:00+05:30"}, "", "UTC", "")
	if err != nil || !v.From.Equal(time.Date(2026, 11, 1, 4, 30, 0, 0, time.UTC)) {
		t.Fatalf("rfc3339: %v %v", v.From, err)
	}
	// Enum flags accept labels and normalise to the API value.
	var vf viewFlags
	vf.setFilter("billing-type", "Video generation")
	v, err = parseView(vf, "", "", "")
	if err != nil || v.BillingType != model.BillingVideoGeneration || v.Tab != model.TabConversations {
		t.Fatalf("%+v %v", v, err)
	}
	vf = viewFlags{}
	vf.setFilter("type", "credit-expiration")
	v, err = parseView(vf, "", "", "")
	if err != nil || v.AdjType != model.AdjCreditExpiration || v.Tab != model.TabAdjustments {
		t.Fatalf("%+v %v", v, err)
	}
}

// The TUI accepts exactly what export accepts: the same flags are refused for
// the same list with the same message and exit 2 (issue 14).
func TestTUIAndExportRefuseTheSameViewFlags(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 50})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	cases := []struct {
		tab, export string
		flags       []string
		want        string
	}{
		{"conversations", "conversations", []string{"--sort", "amount"}, "--sort amount does not apply to conversations; use one of updated_at, credits, message_count"},
		{"mcp-calls", "mcp-calls", []string{"--search", "x"}, "--search does not apply to mcp-calls; it filters conversations"},
		{"adjustments", "adjustments", []string{"--api-key", "CI"}, "--api-key does not apply to adjustments; it filters mcp-calls"},
		{"billing", "invoices", []string{"--type", "package_reset"}, "--type does not apply to invoices; it filters adjustments"},
	}
	for _, c := range cases {
		h.reset()
		code := h.run(append([]string{"--tab", c.tab}, c.flags...)...)
		tuiErr := h.stderr.String()
		h.reset()
		expCode := h.run(append([]string{"export", c.export}, c.flags...)...)
		expErr := h.stderr.String()
		if code != ExitUsage || expCode != ExitUsage {
			t.Errorf("%v: exits %d (tui) and %d (export), want 2", c.flags, code, expCode)
		}
		if !strings.Contains(tuiErr, c.want) || tuiErr != expErr {
			t.Errorf("%v:\n tui    %q\n export %q\n want   %q", c.flags, tuiErr, expErr, c.want)
		}
	}
	h.reset()
	if code := h.run("--tab", "overview", "--last", "7d"); code != ExitUsage || !strings.Contains(h.stderr.String(), "--last does not apply to overview") {
		t.Errorf("overview takes no window: %d %q", code, h.stderr.String())
	}
}

// Without --tab, list flags open the one list that takes them all.
func TestViewFlagsWithoutTabOpenTheirList(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 50})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	for args, want := range map[string]model.Tab{
		"--api-key CI":                      model.TabMCPCalls,
		"--search x --billing-type message": model.TabConversations,
		"--sort amount":                     model.TabAdjustments,
		"--last 7d":                         "", // every dated list; the default tab opens
	} {
		h.reset()
		if code := h.run(strings.Fields(args)...); code != 0 {
			t.Fatalf("%s: exit %d %s", args, code, h.stderr.String())
		}
		if got := h.tuiCfg.View.Tab; got != want {
			t.Errorf("%s: tab %q, want %q", args, got, want)
		}
	}
	for args, want := range map[string]string{
		"--search x --api-key k": "no list takes --search and --api-key together",
		"--sort credits":         "--sort credits applies to conversations, mcp-calls, imports: choose one with --tab",
	} {
		h.reset()
		if code := h.run(strings.Fields(args)...); code != ExitUsage || !strings.Contains(h.stderr.String(), want) {
			t.Errorf("%s: exit %d %q, want %q", args, code, h.stderr.String(), want)
		}
	}
}
