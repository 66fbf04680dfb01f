package tui

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	btable "charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/tabs"
)

var benchSizes = []int{1_000, 100_000, 1_000_000}

func sizeName(n int) string {
	switch n {
	case 1_000:
		return "1e3"
	case 100_000:
		return "1e5"
	case 1_000_000:
		return "1e6"
	}
	return strconv.Itoa(n)
}

// Shared strings: the heap measurement counts what a record costs beyond its text.
var (
	benchTitles = []model.Text{"Launch video storyboard", "Logo variations (dark mode)", "日本語のタイトル", "Thumbs up 👍🏽 feedback"}
	benchNames  = []model.Text{"Ada Lovelace", "Grace Hopper", "Alan Turing"}
)

// benchIDs are n distinct conversation ids (a server never repeats one; the
// tab drops a record it already holds).
func benchIDs(n int) []model.Text {
	ids := make([]model.Text, n)
	for i := range ids {
		ids[i] = model.Text(fmt.Sprintf("conv_%012x", i))
	}
	return ids
}

// benchPage makes n conversations the way the decoder does: one *User each.
func benchPage(ids []model.Text, start, n int) []model.Conversation {
	rs := make([]model.Conversation, n)
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range rs {
		k := start + i
		rs[i] = model.Conversation{
			ID:           ids[k],
			Title:        benchTitles[k%len(benchTitles)],
			MessageCount: int64(k % 97),
			Credits:      model.Credits(k%50000) * 25,
			BillingType:  model.BillingTypes[k%3],
			UpdatedAt:    t0.Add(-time.Duration(k) * time.Minute),
		}
		if k%13 != 0 { // some deleted users
			rs[i].User = &model.User{ID: "usr_1", Name: benchNames[k%len(benchNames)], Email: "ada@example.com"}
		}
	}
	return rs
}

// loadedModel is a root model at w×h whose Conversations tab holds n records,
// fed page by page through Update exactly as the API's pages arrive.
func loadedModel(tb testing.TB, n, w, h int) *Model { return loadedModelIDs(tb, benchIDs(n), w, h) }

func loadedModelIDs(tb testing.TB, ids []model.Text, w, h int) *Model {
	n := len(ids)
	m := newModel(context.Background(), Config{Now: func() time.Time { return fixedNow }, Loc: time.UTC,
		View: model.View{Workspace: "ws_acme", Tab: model.TabConversations}})
	m.me = model.Me{Workspaces: []model.WorkspaceRef{{ID: "ws_acme", Name: "Acme Studio", Role: model.RoleOwner}}}
	m.wsRef, m.hasWS = m.me.Workspaces[0], true
	m.sess.WS, m.sess.SeesUsers, m.sess.Role = "ws_acme", true, model.RoleOwner
	for _, t := range m.tabs {
		t.Reset(t.Status().View)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	lt := m.tabs[m.tabIndex(model.TabConversations)].(*tabs.List[model.Conversation, model.ConversationSummary])
	for start := 0; start < n; start += tabs.PageLimit {
		size := min(tabs.PageLimit, n-start)
		cursor := "after-" + strconv.Itoa(start+size)
		next := &cursor
		if start+size >= n {
			next = nil
		}
		lt.Deliver(model.Page[model.Conversation, model.ConversationSummary]{Data: benchPage(ids, start, size), NextCursor: next,
			Summary: model.ConversationSummary{Conversations: int64(n), Messages: int64(n) * 40, Credits: model.MustCredits("12404.5")}}, start == 0)
	}
	if lt.Table().Len() != n {
		tb.Fatalf("loaded %d of %d", lt.Table().Len(), n)
	}
	return m
}

// BenchmarkKeystroke is one key press (move down/up) plus the View that Bubble
// Tea renders after it, at 120×40, with 1e3, 1e5 and 1e6 records loaded.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			m := loadedModel(b, n, 120, 40)
			lt := m.tabs[m.tabIndex(model.TabConversations)].(*tabs.List[model.Conversation, model.ConversationSummary])
			lt.Table().SetCursor(n / 2)
			down, up := keyMsg("j"), keyMsg("k")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if (i/100)%2 == 1 {
					k = up
				}
				m.Update(k)
				_ = m.View()
			}
		})
	}
}

// BenchmarkBubblesTable is the same keystroke on bubbles/v2/table for comparison.
func BenchmarkBubblesTable(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			rows := make([]btable.Row, n)
			for i := range rows {
				rows[i] = btable.Row{"conv_" + strconv.Itoa(i), "Launch video storyboard", strconv.Itoa(i % 97),
					"12.5", "Ada Lovelace", "Message", "2026-11-20 14:03"}
			}
			cols := []btable.Column{{Title: "Conversation ID", Width: 18}, {Title: "Title", Width: 24}, {Title: "Message Count", Width: 13},
				{Title: "Credits", Width: 12}, {Title: "User", Width: 16}, {Title: "Billing Type", Width: 16}, {Title: "Updated At", Width: 16}}
			t := btable.New(btable.WithColumns(cols), btable.WithRows(rows), btable.WithHeight(31), btable.WithWidth(120), btable.WithFocused(true))
			t.SetCursor(n / 2)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if (i/100)%2 == 1 {
					t.MoveUp(1)
				} else {
					t.MoveDown(1)
				}
				_ = t.View()
			}
		})
	}
}

// heapPerRecord loads n records and returns the retained heap per record,
// excluding strings (shared here; ids allocated before the measurement).
// before is the storage the tab had before the segments: the same pages
// appended to one growing slice, every record with its own *User.
func heapPerRecord(tb testing.TB, n int, before bool) float64 {
	var m0, m1 runtime.MemStats
	ids := benchIDs(n)
	runtime.GC()
	runtime.ReadMemStats(&m0)
	var kept any
	if before {
		var rows []model.Conversation
		for start := 0; start < n; start += tabs.PageLimit {
			rows = append(rows, benchPage(ids, start, min(tabs.PageLimit, n-start))...)
		}
		kept = rows
	} else {
		kept = loadedModelIDs(tb, ids, 120, 40)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(kept)
	runtime.KeepAlive(ids) // else its 16 B a record, freed at the end, is subtracted
	return float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / float64(n)
}

// TestHeapPerRecord keeps the cost of a held conversation beyond its
// strings under 120 B (96 B of record, the id set, shared users).
func TestHeapPerRecord(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	per := heapPerRecord(t, n, false)
	t.Logf("heap per loaded conversation beyond its strings: %.0f B (n=%d)", per, n)
	if per > 120 {
		t.Fatalf("heap per record %.0f B > 120 B", per)
	}
}

// BenchmarkHeapPerRecord measures once per round at 1e6 records, before
// and after side by side; run it with -benchtime=1x (each round loads a
// million records). tui/tabs BenchmarkHeldRecords counts the strings too.
func BenchmarkHeapPerRecord(b *testing.B) {
	for _, before := range []bool{true, false} {
		name := "after"
		if before {
			name = "before"
		}
		b.Run(name, func(b *testing.B) {
			var per float64
			for range b.N {
				per = heapPerRecord(b, 1_000_000, before)
			}
			b.ReportMetric(per, "B/record")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkFirstScreen is New → Init → /me, /billing and the first page over
// loopback HTTP from the demo API → the first complete View, at 100×30.
func BenchmarkFirstScreen(b *testing.B) {
	for i := 0; i < b.N; i++ {
		h := newHarness(b, harnessOpts{view: model.View{Workspace: "ws_acme"}})
		if !h.loaded() || h.m.billing == nil {
			b.Fatal("first screen incomplete")
		}
		_ = h.m.View()
	}
}
