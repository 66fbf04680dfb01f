package tui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/tabs"
)

// fixedNow is the clock of every test: the demo data and the header are relative to it.
var fixedNow = time.Date(2026, 11, 20, 15, 4, 0, 0, time.UTC)

type harness struct {
	t        testing.TB
	m        *Model
	srv      *demo.Server
	c        *client.Client
	requests atomic.Int64
	down     atomic.Bool // the server answers 502 to everything
}

type harnessOpts struct {
	key      string
	redactor model.Redactor
	refresh  time.Duration
	view     model.View
	size     int
	hostile  bool
	w, h     int
	me       bool           // pre-fetch /me like the CLI does
	loc      *time.Location // nil = UTC
	down     bool           // the server answers 502 from the start
	keySrc   string         // Config.KeySource
	cache    SnapshotCache  // Config.Snapshots
}

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	if o.key == "" {
		o.key = demo.OwnerKey
	}
	if o.w == 0 {
		o.w, o.h = 100, 30
	}
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1, Size: o.size, Hostile: o.hostile})
	if err != nil {
		t.Fatal(err)
	}
	h0 := &harness{t: t, srv: srv}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h0.requests.Add(1)
		if h0.down.Load() {
			http.Error(w, "bad gateway", http.StatusBadGateway) // a proxy with the server gone
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	c, err := client.New(client.Options{BaseURL: hs.URL, APIKey: o.key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if o.loc == nil {
		o.loc = time.UTC
	}
	cfg := Config{Client: c, View: o.view, Now: func() time.Time { return fixedNow }, Loc: o.loc, NoColor: true,
		Redactor: o.redactor, Refresh: o.refresh, KeySource: o.keySrc, Snapshots: o.cache}
	if o.me {
		me, err := c.Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Me = me
	}
	h0.down.Store(o.down) // after /me: o.me and o.down make a server that died after the login check
	h := h0
	h.c = c
	h.m = newModel(context.Background(), cfg)
	h.m.tm.off = true // tests send staleTickMsg/refreshTickMsg themselves
	h.m.sess.WaitTicks = false
	h.send(tea.WindowSizeMsg{Width: o.w, Height: o.h})
	h.run(h.m.Init())
	return h
}

// run executes a command and feeds its messages back, like the program loop,
// but synchronously and skipping timers (ticks) so tests never sleep.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := runCmd(c)
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			return
		default:
			if isInternalTeaMsg(msg) {
				continue
			}
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// runCmd runs a command, treating tea.Tick commands as never firing within
// the test unless they resolve immediately.
func runCmd(c tea.Cmd) tea.Msg {
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case m := <-done:
		return m
	case <-time.After(150 * time.Millisecond):
		return nil // a timer (debounce, flash expiry): tests fire those explicitly
	}
}

func isInternalTeaMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case debounceMsg, flashDoneMsg:
		return false
	}
	// tea's own request messages (background colour, clipboard) are unexported types.
	t := typeName(msg)
	return len(t) > 4 && t[:4] == "tea."
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

func (h *harness) keys(ks ...string) {
	h.t.Helper()
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)
	if len(r) == 1 {
		m := tea.KeyPressMsg{Code: r[0], Text: k}
		if r[0] >= 'A' && r[0] <= 'Z' {
			m.Code = r[0] + ('a' - 'A')
			m.ShiftedCode = r[0]
			m.Mod = tea.ModShift
		}
		return m
	}
	panic("unknown key " + k)
}

func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// view is the active tab's view.
func (h *harness) view() model.View { return h.m.activeTab().Status().View }

// loaded reports that the active list has its first page (the Overview: always).
func (h *harness) loaded() bool {
	if l, ok := h.m.activeTab().(interface{ Loaded() bool }); ok {
		return l.Loaded()
	}
	return true
}

// tabErr is the error the active list shows in place, if any.
func (h *harness) tabErr() error {
	if l, ok := h.m.activeTab().(interface{ Err() error }); ok {
		return l.Err()
	}
	return nil
}

// selectedID is the id of the record under the cursor ("" = none).
func (h *harness) selectedID() string {
	if l, ok := h.m.activeTab().(tabs.Lister); ok {
		if s := l.Selected(); s != nil {
			return s.ID
		}
	}
	return ""
}

// filtered reports whether any filter narrows v's list.
func filtered(v model.View) bool {
	if l := model.ListFor(v.Tab); l != nil {
		return l.Filtered(v)
	}
	return v.HasWindow()
}

// sortOf is the effective sort field of a view.
func sortOf(v model.View) string {
	if v.Sort != "" {
		return v.Sort
	}
	return model.ListFor(v.Tab).DefaultSort()
}

// list is a list tab by id, typed, for tests that look at its table.
func list[T model.Record, S model.Summary](h *harness, id model.Tab) *tabs.List[T, S] {
	return h.m.tabs[h.m.tabIndex(id)].(*tabs.List[T, S])
}
