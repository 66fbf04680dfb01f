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
}

func newHarness(t testing.TB, key string, role model.Role) *harness {
	t.Helper()
	srv, err := demo.New(demo.Options{Now: fixedNow, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	c, err := client.New(client.Options{BaseURL: hs.URL, APIKey: key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	st := common.NewStyles(true, true)
	keys := common.DefaultKeyMap()
	h.sess = &common.Session{Seqs: &common.SeqSource{}, Ctx: context.Background(), Client: c, WS: "ws_acme",
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

// run executes a command and feeds its messages to the tab.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
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
				queue = append(queue, h.tab.Update(msg))
			}
		}
	}
}

// key presses a key and keeps the action it returned.
func (h *harness) key(msg tea.KeyPressMsg) {
	h.t.Helper()
	cmd, act := h.tab.HandleKey(msg)
	if act != nil {
		h.acts = append(h.acts, act)
	}
	h.run(cmd)
}

func (h *harness) screen() string { return ansi.Strip(h.tab.View()) }

func press(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
