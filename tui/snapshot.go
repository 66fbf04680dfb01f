package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/tabs"
)

// SnapshotCache is the last-known billing document per workspace (the cache
// `tally status` answers from). The TUI paints the header and the Overview
// from it at once, marked "cached … ago", while the fresh answer is on its
// way, and saves every fresh answer back. Both methods do file I/O: the TUI
// calls them from commands only, never from Update.
type SnapshotCache interface {
	Load(ws string) (b model.Billing, fetchedAt time.Time, ok bool)
	Save(ws string, b model.Billing, fetchedAt time.Time) error
}

// known is a workspace's last-known /billing (unredacted, as fetched): from
// the cache, or from this session's own fetches.
type known struct {
	billing model.Billing
	at      time.Time
}

type snapshotsMsg struct{ found map[string]known }

// loadSnapshots reads the cached document of every workspace of the key:
// the current one paints at once, the others' remaining credits show in the
// workspace picker.
func (m *Model) loadSnapshots() tea.Cmd {
	cache := m.cfg.Snapshots
	if cache == nil || len(m.me.Workspaces) == 0 {
		return nil
	}
	ids := make([]string, len(m.me.Workspaces))
	for i, w := range m.me.Workspaces {
		ids[i] = string(w.ID)
	}
	return func() tea.Msg {
		found := map[string]known{}
		for _, id := range ids {
			if b, at, ok := cache.Load(id); ok {
				found[id] = known{billing: b, at: at}
			}
		}
		return snapshotsMsg{found: found}
	}
}

// onSnapshots keeps what this session has not fetched itself, and paints
// the current workspace from its snapshot when its /billing is still out.
func (m *Model) onSnapshots(msg snapshotsMsg) tea.Cmd {
	if m.known == nil {
		m.known = map[string]known{}
	}
	for id, k := range msg.found {
		if _, ok := m.known[id]; !ok {
			m.known[id] = k
		}
	}
	return m.paintCached()
}

// paintCached shows the current workspace's last-known document (the
// cache's, or this session's from before a switch) until the fresh one
// lands; onBillingMsg replaces it in place, in the same layout.
func (m *Model) paintCached() tea.Cmd {
	k, ok := m.known[m.sess.WS]
	if !m.hasWS || !ok || m.billing != nil {
		return nil
	}
	b := m.sess.Redact.Billing(k.billing)
	m.billing, m.billErr, m.cachedAt = &b, nil, k.at
	var cmds []tea.Cmd
	for i, t := range m.tabs {
		if r, ok := t.(tabs.BillingReceiver); ok {
			cmds = append(cmds, r.SetBilling(&b, nil, i == m.active))
		}
	}
	return tea.Batch(cmds...)
}

// rememberBilling saves a fresh document to the cache, from a command.
func (m *Model) rememberBilling(ws string, b model.Billing, at time.Time) tea.Cmd {
	if m.known == nil {
		m.known = map[string]known{}
	}
	m.known[ws] = known{billing: b, at: at}
	cache := m.cfg.Snapshots
	if cache == nil {
		return nil
	}
	names := []string{ws}
	// Also under the name the command line gave, so the next start with the
	// same --workspace finds it before /me answers (loadProvisional).
	if want := m.cfg.View.Workspace; want != "" && want != ws {
		if w, err := model.ResolveWorkspace(m.me.Workspaces, want); err == nil && string(w.ID) == ws {
			names = append(names, want)
		}
	}
	return func() tea.Msg {
		for _, n := range names {
			_ = cache.Save(n, b, at) // the cache only speeds things up
		}
		return nil
	}
}

// remainingNote is "951.63 left" for the picker, once known.
func (m *Model) remainingNote(ws string) string {
	k, ok := m.known[ws]
	if !ok {
		return ""
	}
	return k.billing.Credits.Remaining.Grouped() + " left"
}

// cachedText is the header's freshness while the figures are the cache's.
func (m *Model) cachedText() string {
	s := "cached " + common.Ago(m.cfg.Now().Sub(m.cachedAt))
	if m.tm.billBusy {
		s += " · updating…"
	}
	return s
}

type provisionalMsg struct {
	name string
	k    known
	ok   bool
}

// loadProvisional reads the snapshot of the workspace the command line
// names, so the first screen can show it before /me answers (a slow
// server); the CLI saved it under the name typed as well as the id.
func (m *Model) loadProvisional() tea.Cmd {
	cache, name := m.cfg.Snapshots, m.cfg.View.Workspace
	if cache == nil || name == "" {
		return nil
	}
	return func() tea.Msg {
		b, at, ok := cache.Load(name)
		return provisionalMsg{name: name, k: known{billing: b, at: at}, ok: ok && b.Workspace.ID != ""}
	}
}

// onProvisional opens the snapshot's workspace while /me is still out.
func (m *Model) onProvisional(msg provisionalMsg) tea.Cmd {
	if !msg.ok || m.hasWS || len(m.me.Workspaces) > 0 {
		return nil // /me answered first: it decides
	}
	b := msg.k.billing
	if m.known == nil {
		m.known = map[string]known{}
	}
	m.known[string(b.Workspace.ID)] = msg.k
	m.provisional = true
	return m.selectWorkspace(model.WorkspaceRef{ID: b.Workspace.ID, Name: b.Workspace.Name, Role: b.Role}, false)
}
