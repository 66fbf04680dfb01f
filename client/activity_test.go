package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// allActivity walks every list on its own and returns the expected rows.
func allActivity(t *testing.T, c *Client, ws string, users bool) []model.ActivityRow {
	t.Helper()
	var rows []model.ActivityRow
	lq := func(cur string) ListQuery { return ListQuery{Cursor: cur, Limit: 200} }
	_, conv := walk(t, func(ctx context.Context, cur string) (ConversationPage, error) {
		return c.Conversations(ctx, ws, ConversationQuery{ListQuery: lq(cur)})
	})
	for _, r := range conv {
		rows = append(rows, model.ConversationActivity(r, users))
	}
	_, calls := walk(t, func(ctx context.Context, cur string) (MCPCallPage, error) {
		return c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: lq(cur)})
	})
	for _, r := range calls {
		rows = append(rows, model.MCPCallActivity(r, users))
	}
	_, imps := walk(t, func(ctx context.Context, cur string) (ImportPage, error) {
		return c.Imports(ctx, ws, ImportQuery{ListQuery: lq(cur)})
	})
	for _, r := range imps {
		rows = append(rows, model.ImportActivity(r, users))
	}
	_, adjs := walk(t, func(ctx context.Context, cur string) (AdjustmentPage, error) {
		return c.Adjustments(ctx, ws, AdjustmentQuery{ListQuery: lq(cur)})
	})
	for _, r := range adjs {
		rows = append(rows, model.AdjustmentActivity(r))
	}
	return rows
}

// drain walks a to the end n rows at a time.
func drain(t *testing.T, c *Client, a Activity, n int) (Activity, []model.ActivityRow) {
	t.Helper()
	var out []model.ActivityRow
	for calls := 0; !a.Done(); calls++ {
		var rows []model.ActivityRow
		var err error
		if a, rows, err = c.MoreActivity(context.Background(), a, n); err != nil {
			t.Fatal(err)
		}
		if len(rows) < n && !a.Done() {
			t.Fatalf("call %d: %d rows of %d before the end", calls, len(rows), n)
		}
		out = append(out, rows...)
		if calls > 100000 {
			t.Fatal("runaway walk")
		}
	}
	return a, out
}

func checkChain(t *testing.T, rows []model.ActivityRow, anchor model.Credits) {
	t.Helper()
	if len(rows) == 0 || rows[0].BalanceAfter != anchor {
		t.Fatalf("first row %+v, anchor %s", rows[:min(1, len(rows))], anchor)
	}
	for i := 1; i < len(rows); i++ {
		if !model.ActivityNewer(rows[i-1], rows[i]) {
			t.Fatalf("row %d (%s %s) is not older than %s %s", i, rows[i].ID, rows[i].At, rows[i-1].ID, rows[i-1].At)
		}
		if want := rows[i-1].BalanceAfter - rows[i-1].Amount; rows[i].BalanceAfter != want {
			t.Fatalf("row %d %s: balance after %s, want %s", i, rows[i].ID, rows[i].BalanceAfter, want)
		}
	}
}

func TestActivityAllTimeEndsAtZero(t *testing.T) {
	run := startDemo(t, 400)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	for _, key := range []string{demo.OwnerKey, demo.MemberKey} {
		c, _ := demoClient(t, run, key)
		users := key == demo.OwnerKey
		a, err := c.StartActivity(ctx, ws, ActivityQuery{PageSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := c.Billing(ctx, ws)
		if a.Remaining() != b.Credits.Remaining || a.Anchor() != b.Credits.Remaining || a.Opening() != 0 || a.ShowsUsers() != users {
			t.Fatalf("remaining %s anchor %s opening %s", a.Remaining(), a.Anchor(), a.Opening())
		}
		want := allActivity(t, c, ws, users)
		a, rows := drain(t, c, a, 13)
		checkChain(t, rows, b.Credits.Remaining)
		last := rows[len(rows)-1]
		if last.BalanceAfter-last.Amount != 0 || a.Check() != nil || int64(len(rows)) != a.Totals().Changes || len(rows) != len(want) {
			t.Fatalf("%d rows (%d expected, totals %+v); before the oldest: %s; check %v",
				len(rows), len(want), a.Totals(), last.BalanceAfter-last.Amount, a.Check())
		}
		byID := map[model.Text]model.ActivityRow{}
		for _, r := range want {
			byID[r.ID] = r
		}
		var spent, added, removed model.Credits
		for _, r := range rows {
			w, ok := byID[r.ID]
			if !ok || w.Amount != r.Amount || w.Label != r.Label || !w.At.Equal(r.At) || r.HasUser != (users && r.Kind != model.ActivityAdjustment) || (!users && r.User != nil) {
				t.Fatalf("row %+v, list says %+v", r, w)
			}
			delete(byID, r.ID)
			switch {
			case r.Kind != model.ActivityAdjustment:
				spent += r.Amount
			case r.Amount > 0:
				added += r.Amount
			default:
				removed += r.Amount
			}
		}
		tot := a.Totals()
		// Exact figures of this demo (seed 7, 400 calls, Now = demoNow).
		if tot != (model.ActivityTotals{Changes: 683, Spent: model.MustCredits("-2868.525"), Added: model.MustCredits("21408.3333"),
			Removed: model.MustCredits("-13538.7541"), Net: model.MustCredits("5001.0542")}) || rows[0].ID != "conv_000000c752d5" || rows[1].BalanceAfter != model.MustCredits("5004.0542") {
			t.Errorf("demo figures changed: %+v, first rows %+v", tot, rows[:2])
		}
		if len(byID) != 0 || tot.Spent != spent || tot.Added != added || tot.Removed != removed || tot.Net != b.Credits.Remaining {
			t.Errorf("%d records missing; totals %+v, rows say spent %s added %s removed %s", len(byID), tot, spent, added, removed)
		}
	}
}

func TestActivityWindowAnchor(t *testing.T) {
	run := startDemo(t, 400)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	full, err := c.StartActivity(ctx, ws, ActivityQuery{PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	_, all := drain(t, c, full, 500)
	balance := map[model.Text]model.Credits{}
	for _, r := range all {
		balance[r.ID] = r.BalanceAfter
	}
	from, to := demoNow.AddDate(0, 0, -40), demoNow.AddDate(0, 0, -10)
	// The anchor, computed by hand: remaining minus every change at or after to.
	want := full.Remaining()
	var inWindow []model.ActivityRow
	for _, r := range all {
		if !r.At.Before(to) {
			want -= r.Amount
		} else if !r.At.Before(from) {
			inWindow = append(inWindow, r)
		}
	}
	a, err := c.StartActivity(ctx, ws, ActivityQuery{From: from, To: to, PageSize: 9})
	if err != nil {
		t.Fatal(err)
	}
	if a.Anchor() != want || a.Anchor() != model.MustCredits("5085.0232") || a.Opening() != model.MustCredits("5109.6998") || a.Totals().Changes != 92 {
		t.Fatalf("anchor %s, want %s (remaining %s)", a.Anchor(), want, a.Remaining())
	}
	a, rows := drain(t, c, a, 11)
	checkChain(t, rows, want)
	if len(rows) != len(inWindow) || a.Check() != nil {
		t.Fatalf("%d rows, %d in the window; %v", len(rows), len(inWindow), a.Check())
	}
	// Each windowed row has the balance the all-time walk gave it, and the
	// opening is the balance before the window's oldest change.
	for i, r := range rows {
		if r.ID != inWindow[i].ID || r.BalanceAfter != balance[r.ID] {
			t.Fatalf("row %d %s: %s, all-time walk says %s", i, r.ID, r.BalanceAfter, balance[r.ID])
		}
	}
	last := rows[len(rows)-1]
	if a.Opening() != last.BalanceAfter-last.Amount || a.Opening() <= 0 {
		t.Errorf("opening %s, oldest row leaves %s", a.Opening(), last.BalanceAfter-last.Amount)
	}
}

func TestActivityIsAValue(t *testing.T) {
	run := startDemo(t, 200)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	a, err := c.StartActivity(ctx, demo.WorkspaceSide, ActivityQuery{PageSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	b1, rows1, err1 := c.MoreActivity(ctx, a, 10)
	_, rows2, err2 := c.MoreActivity(ctx, a, 10)
	if err1 != nil || err2 != nil || len(rows1) != 10 || b1.Taken() != 10 || a.Taken() != 0 {
		t.Fatalf("%v %v %d", err1, err2, len(rows1))
	}
	for i := range rows1 {
		// Source points into the page each walk fetched: compare the rest.
		r1, r2 := rows1[i], rows2[i]
		r1.Source, r2.Source = nil, nil
		if r1 != r2 {
			t.Fatalf("row %d differs when walking on from the same value", i)
		}
	}
	// A cancelled fetch leaves the walk where it was.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	b2, rows, err := c.MoreActivity(cctx, b1, 500)
	if err == nil || rows != nil || b2.Taken() != b1.Taken() {
		t.Errorf("cancelled: %v, %d rows, taken %d", err, len(rows), b2.Taken())
	}
}

func TestActivityValidatedAndGuarded(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/billing"):
			jsonReply(w, 200, `{"role":"owner","credits":{"remaining":"1"}}`)
		case strings.HasSuffix(r.URL.Path, "/mcp-calls"):
			// A server that hands out the same cursor forever.
			jsonReply(w, 200, `{"data":[{"id":"call_1","api_key":{"id":"k","name":"K"},"tool":"t","credits":"1","created_at":"2026-11-20T00:00:00Z"}],
			  "next_cursor":"same","summary":{"calls":1000,"credits":"1000"}}`)
		default:
			jsonReply(w, 200, emptyPage)
		}
	})
	ctx := context.Background()
	for _, q := range []ActivityQuery{{PageSize: 201}, {PageSize: -1}, {From: demoNow, To: demoNow}} {
		if _, err := c.StartActivity(ctx, "ws", q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
	if rec.count() != 0 {
		t.Fatalf("%d requests for invalid queries", rec.count())
	}
	a, err := c.StartActivity(ctx, "ws", ActivityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.MoreActivity(ctx, a, 100)
	if err == nil || !strings.Contains(err.Error(), "MCP") || !strings.Contains(err.Error(), "returned the cursor it was given") || rec.count() > 8 {
		t.Errorf("looping server: %v after %d requests", err, rec.count())
	}
}

func TestActivityOn10Server(t *testing.T) {
	run := startDemoAPI(t, demo.API10)
	c, _ := demoClient(t, run, demo.SupportKey)
	a, err := c.StartActivity(context.Background(), demo.WorkspaceSide, ActivityQuery{To: demoNow.Add(-time.Hour), PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	a, rows := drain(t, c, a, 40)
	last := rows[len(rows)-1]
	if a.Check() != nil || last.BalanceAfter-last.Amount != 0 || !rows[0].HasUser {
		t.Errorf("1.0 server: %v, before the oldest %s", a.Check(), last.BalanceAfter-last.Amount)
	}
}

// The four walks go through client.Walk: a cursor cycle is stopped at the
// page that closes it (the merge alone would only notice the rows out of
// order a page later), naming the list and the page.
func TestActivityWalksAreGuardedByWalk(t *testing.T) {
	page := func(first int, next string) string {
		var recs []string
		for i := first; i < first+2; i++ {
			recs = append(recs, fmt.Sprintf(`{"id":"call_%d","api_key":{"id":"k","name":"K"},"tool":"t","credits":"1","created_at":"2026-11-20T00:%02d:00Z"}`, i, 59-i))
		}
		return `{"data":[` + strings.Join(recs, ",") + `],"next_cursor":` + next + `,"summary":{"calls":1000,"credits":"1000"}}`
	}
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/billing"):
			jsonReply(w, 200, `{"role":"owner","credits":{"remaining":"1"}}`)
		case strings.HasSuffix(r.URL.Path, "/mcp-calls"):
			switch r.URL.Query().Get("cursor") {
			case "":
				jsonReply(w, 200, page(1, `"c2"`))
			case "c2":
				jsonReply(w, 200, page(3, `"c3"`))
			default: // page 3 leads back to page 2
				jsonReply(w, 200, page(5, `"c2"`))
			}
		default:
			jsonReply(w, 200, emptyPage)
		}
	})
	ctx := context.Background()
	a, err := c.StartActivity(ctx, "ws", ActivityQuery{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.MoreActivity(ctx, a, 100)
	var we *WalkError
	if !errors.As(err, &we) || we.Problem != CursorCycle || we.Page != 3 || !strings.HasPrefix(err.Error(), "MCP") {
		t.Fatalf("cycle: %v", err)
	}
	if n := rec.count(); n > 7 {
		t.Fatalf("%d requests", n)
	}
	// The refusal ends the walk: walking on from the value before it (what
	// a retry does) or from any older one fails the same way with no
	// request, instead of finding the guard a page ahead and letting the
	// refused page in unchecked.
	n := rec.count()
	for _, from := range []Activity{a, a} {
		_, rows, err := c.MoreActivity(ctx, from, 3)
		var se *StoppedError
		if !errors.As(err, &se) || !errors.As(err, &we) || we.Problem != CursorCycle || rows != nil {
			t.Fatalf("walking on after the cycle: %v, %d rows", err, len(rows))
		}
	}
	if a.Stopped() == nil || rec.count() != n {
		t.Errorf("stopped %v; %d requests after the refusal", a.Stopped(), rec.count()-n)
	}
}

// A record sent twice is refused, and a retry of the same page gets the
// same refusal: never the page accepted the second time, with the record
// counted twice in every balance below it.
func TestActivityRefusedPageStaysRefused(t *testing.T) {
	call := func(i int) string {
		return fmt.Sprintf(`{"id":"call_%d","api_key":{"id":"k","name":"K"},"tool":"t","credits":"1","created_at":"2026-11-20T00:%02d:00Z"}`, i, 59-i)
	}
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/billing"):
			jsonReply(w, 200, `{"role":"owner","credits":{"remaining":"10"}}`)
		case strings.HasSuffix(r.URL.Path, "/mcp-calls"):
			if r.URL.Query().Get("cursor") == "" {
				jsonReply(w, 200, `{"data":[`+call(1)+`,`+call(2)+`],"next_cursor":"c2","summary":{"calls":4,"credits":"4"}}`)
				return
			}
			// Page 2 repeats call_2 (records moved while paging).
			jsonReply(w, 200, `{"data":[`+call(2)+`,`+call(3)+`],"next_cursor":null,"summary":{"calls":4,"credits":"4"}}`)
		default:
			jsonReply(w, 200, emptyPage)
		}
	})
	ctx := context.Background()
	a, err := c.StartActivity(ctx, "ws", ActivityQuery{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, rows, err := c.MoreActivity(ctx, a, 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("first row: %v", err)
	}
	for try := range 3 {
		_, rows, err := c.MoreActivity(ctx, b, 10)
		var we *WalkError
		if !errors.As(err, &we) || we.Problem != DuplicateID || rows != nil {
			t.Fatalf("try %d: %v, %d rows", try+1, err, len(rows))
		}
	}
	if got := rec.count(); got > 1+4+1 {
		t.Errorf("%d requests: the retries asked the server again", got)
	}
}

// TestActivityOldestFirst: the oldest-first walk (the lists in ascending
// order) is the newest-first walk reversed, with the same balance after each
// change, over all time and in a window, against the demo server.
func TestActivityOldestFirst(t *testing.T) {
	run := startDemo(t, 400)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	const ws = demo.WorkspaceAcme
	for _, q := range []ActivityQuery{{PageSize: 13}, {From: demoNow.AddDate(0, 0, -40), To: demoNow.AddDate(0, 0, -10), PageSize: 9}} {
		a, err := c.StartActivity(ctx, ws, q)
		if err != nil {
			t.Fatal(err)
		}
		_, newest := drain(t, c, a, 17)
		q.Oldest = true
		o, err := c.StartActivity(ctx, ws, q)
		if err != nil {
			t.Fatal(err)
		}
		if o.Anchor() != a.Anchor() || o.Opening() != a.Opening() || o.Totals() != a.Totals() {
			t.Fatalf("oldest first: anchor %s opening %s, newest first %s %s", o.Anchor(), o.Opening(), a.Anchor(), a.Opening())
		}
		o, oldest := drain(t, c, o, 17)
		if err := o.Check(); err != nil || len(oldest) != len(newest) || len(oldest) == 0 {
			t.Fatalf("%d rows oldest first, %d newest first: %v", len(oldest), len(newest), err)
		}
		for i := range oldest {
			n := newest[len(newest)-1-i]
			if oldest[i].ID != n.ID || oldest[i].BalanceAfter != n.BalanceAfter {
				t.Fatalf("oldest-first row %d: %s after %s; newest first says %s after %s", i, oldest[i].ID, oldest[i].BalanceAfter, n.ID, n.BalanceAfter)
			}
		}
		if first := oldest[0]; first.BalanceAfter-first.Amount != o.Opening() {
			t.Fatalf("the oldest change starts from %s, the opening is %s", first.BalanceAfter-first.Amount, o.Opening())
		}
	}
}
