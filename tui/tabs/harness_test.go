package tabs

import (
	"context"
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
	"github.com/tallyhq/tally/tui/common"
)

// fixedNow is the clock of every test: the demo data is relative to it.
var fixedNow = time.Date(2026, 11, 20, 15, 4, 0, 0, time.UTC)

// harness drives one tab against the demo server, delivering its commands'
// answers synchronously, as the root would.
type harness struct {
	t        testing.TB
	sess     *common.Session
	srv      *demo.Server
	c        *client.Client
	requests atomic.Int64
	tab      Tab
	acts     []common.Action
	hold     bool      // key keeps the commands instead of running them
	held     []tea.Cmd // commands kept while hold
}

func newHarness(t testing.TB, key string, role model.Role) *harness {
	return newDemoHarness(t, demo.Options{}, key, role)
}

// newDemoHarness is a harness on a demo server with options o (size…).
func newDemoHarness(t testing.TB, o demo.Options, key string, role model.Role) *harness {
	t.Helper()
	o.Now, o.Seed = fixedNow, 1
	srv, err := demo.New(o)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandlerHarness(t, srv, key, role)
	h.srv = srv
	return h
}

// newHandlerHarness is a harness on any API handler (a fake server).
func newHandlerHarness(t testing.TB, api http.Handler, key string, role model.Role) *harness {
	t.Helper()
	h := &harness{t: t}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	c, err := client.New(client.Options{BaseURL: hs.URL, APIKey: key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	st := common.NewStyles(true, true)
	keys := common.DefaultKeyMap()
	h.sess = &common.Session{Seqs: &common.SeqSource{}, Caps: &common.Caps{}, Ctx: context.Background(), Client: c, WS: "ws_acme",
		Loc: time.UTC, Now: func() time.Time { return fixedNow }, Styles: &st, Keys: &keys,
		SeesUsers: role.SeesUsers(), Role: role}
	return h
}

// open builds the tab for id on view v, sized w×h, and shows it.
func (h *harness) open(id model.Tab, v model.View, w, ht int) Tab {
	h.t.Helper()
	v.Workspace, v.Tab = "ws_acme", id
	for _, t := range Build(h.sess, v) {
		if t.ID() == id {
			h.tab = t
		}
	}
	h.tab.SetSize(w, ht)
	h.run(h.tab.Activate())
	return h.tab
}

// run executes a command and feeds its messages to the tab, and so on
// with what the tab asks for next.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	h.deliver([]tea.Cmd{cmd}, true)
}

// deliver runs cmds and feeds their messages to the tab; the commands the
// tab returns run too (follow) or are held for a later step.
func (h *harness) deliver(queue []tea.Cmd, follow bool) {
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			if m, ok := msg.(Msg); ok && m.TabID() == h.tab.ID() {
				next := h.tab.Update(msg)
				switch {
				case follow:
					queue = append(queue, next)
				case next != nil:
					h.held = append(h.held, next)
				}
			}
		}
	}
}

// key presses a key and keeps the action it returned. While held, the
// commands it returns wait in h.held (pages that have not arrived yet).
func (h *harness) key(msg tea.KeyPressMsg) {
	h.t.Helper()
	cmd, act := h.tab.HandleKey(msg)
	if act != nil {
		h.acts = append(h.acts, act)
	}
	if h.hold {
		if cmd != nil {
			h.held = append(h.held, cmd)
		}
		return
	}
	h.run(cmd)
}

// step lets the held commands' answers arrive; what they ask for next is
// held in turn (one round trip).
func (h *harness) step() {
	h.t.Helper()
	held := h.held
	h.held = nil
	h.deliver(held, false)
}

// arrive lets the held commands run, in order, with what follows from them.
func (h *harness) arrive() {
	h.t.Helper()
	held := h.held
	h.held, h.hold = nil, false
	for _, c := range held {
		h.run(c)
	}
}

func (h *harness) screen() string { return ansi.Strip(h.tab.View()) }

func press(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
