package tabs

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// A reference filter holds an id the server knows (an API key, a user),
// while people type names. Its source loads the workspace's list once, names
// the id in the toolbar and the picker, and resolves a name typed on the
// command line with the one resolver the CLI uses (model.ResolveAPIKey …).

// refs is one reference filter's source and state, whatever its item type.
type refs interface {
	filter() *model.Filter
	title() string // the picker's title
	load(sess *common.Session, tab model.Tab) tea.Cmd
	apply(m refsMsg) bool // false: not this source's answer (or stale)
	state() (loaded bool, err error)
	options() []common.Option // "All …" first
	label(id string) string   // the item's name, else id
	// know names an id learnt elsewhere (a group's label), so the toolbar
	// says "Key: CI pipeline" after a drill-in without loading the list.
	know(id, name string)
	resolve(typed string) (id string, err error)
	// setTyped records the view's value and whether it is an id already
	// (resolved) or text from the command line to resolve once loaded.
	setTyped(v string, resolved bool)
	typed() (v string, resolved bool)
	forget()
}

// refsMsg is a reference list's answer.
type refsMsg struct {
	tab   model.Tab
	flag  string
	seq   uint64
	items any
	err   error
}

func (m refsMsg) TabID() model.Tab { return m.tab }

// refSource is a refs over items of type R.
type refSource[R any] struct {
	f    *model.Filter
	pick string // picker title
	// fetch loads the items; typed is the name to resolve ("" when the
	// picker asks), for a source that can look it up (a user's email).
	fetch    func(ctx context.Context, c *client.Client, ws, typed string) ([]R, error)
	mask     func(model.Redactor, R) R
	option   func(R) common.Option
	resolveF func([]R, string) (R, error)
	idOf     func(R) string

	seq    uint64
	busy   bool
	items  []R
	loaded bool
	err    error
	value  string
	isID   bool
	known  map[string]string // names learnt from groups (know)
}

func (s *refSource[R]) filter() *model.Filter { return s.f }
func (s *refSource[R]) title() string         { return s.pick }

func (s *refSource[R]) load(sess *common.Session, tab model.Tab) tea.Cmd {
	if s.busy {
		return nil
	}
	s.seq = sess.Seqs.Next()
	s.busy, s.err = true, nil
	typed := ""
	if !s.isID {
		typed = s.value
	}
	seq, c, ctx, ws, red, fetch, mask, flag := s.seq, sess.Client, sess.Ctx, sess.WS, sess.Redact, s.fetch, s.mask, s.f.Flag
	return func() tea.Msg {
		items, err := fetch(ctx, c, ws, typed)
		if mask != nil && red.Enabled() {
			for i := range items {
				items[i] = mask(red, items[i])
			}
		}
		return refsMsg{tab: tab, flag: flag, seq: seq, items: items, err: err}
	}
}

func (s *refSource[R]) apply(m refsMsg) bool {
	if m.flag != s.f.Flag || m.seq != s.seq {
		return false
	}
	s.busy = false
	if m.err != nil {
		if !errors.Is(m.err, context.Canceled) {
			s.err = m.err
		}
		return true
	}
	s.items, _ = m.items.([]R)
	s.loaded, s.err = true, nil
	return true
}

func (s *refSource[R]) state() (bool, error) { return s.loaded, s.err }

func (s *refSource[R]) options() []common.Option {
	out := []common.Option{{Label: s.f.AllLabel}}
	for _, it := range s.items {
		out = append(out, s.option(it))
	}
	return out
}

func (s *refSource[R]) label(id string) string {
	if id == "" {
		return s.f.AllLabel
	}
	for _, it := range s.items {
		if s.idOf(it) == id {
			return s.option(it).Label
		}
	}
	if n, ok := s.known[id]; ok {
		return n
	}
	return id
}

func (s *refSource[R]) know(id, name string) {
	if s.known == nil {
		s.known = map[string]string{}
	}
	s.known[id] = name
}

func (s *refSource[R]) resolve(typed string) (string, error) {
	it, err := s.resolveF(s.items, typed)
	if err != nil {
		return "", err
	}
	return s.idOf(it), nil
}

func (s *refSource[R]) setTyped(v string, resolved bool) { s.value, s.isID = v, resolved || v == "" }
func (s *refSource[R]) typed() (string, bool)            { return s.value, s.isID }

// forget drops the list (a new workspace); an answer still on its way is
// stale (seq 0 is never drawn).
func (s *refSource[R]) forget() {
	s.items, s.loaded, s.err, s.busy, s.seq, s.known = nil, false, nil, false, 0, nil
}

// apiKeys is the API-key filter's source.
func apiKeys(f *model.Filter) refs {
	return &refSource[model.APIKey]{
		f: f, pick: "API key",
		fetch: func(ctx context.Context, c *client.Client, ws, _ string) ([]model.APIKey, error) {
			return c.APIKeys(ctx, ws)
		},
		mask: func(r model.Redactor, k model.APIKey) model.APIKey { return r.APIKey(k) },
		option: func(k model.APIKey) common.Option {
			note := string(k.Prefix)
			if k.Revoked() {
				note = "revoked"
			}
			return common.Option{Label: string(k.Name), Value: string(k.ID), Note: note}
		},
		resolveF: model.ResolveAPIKey,
		idOf:     func(k model.APIKey) string { return string(k.ID) },
	}
}

// users is the user filter's source: the users the groups endpoints name
// (client.Users), resolved like the CLI resolves --user.
func users(f *model.Filter) refs {
	return &refSource[model.User]{
		f: f, pick: "User",
		fetch: func(ctx context.Context, c *client.Client, ws, typed string) ([]model.User, error) {
			return c.Users(ctx, ws, typed)
		},
		mask: func(r model.Redactor, u model.User) model.User {
			if m := r.User(&u); m != nil {
				return *m
			}
			return u
		},
		option: func(u model.User) common.Option {
			note := string(u.Email)
			if note == "" {
				note = string(u.ID)
			}
			return common.Option{Label: model.DisplayName(&u), Value: string(u.ID), Note: note}
		},
		resolveF: client.ResolveUser,
		idOf:     func(u model.User) string { return string(u.ID) },
	}
}

// resolveRefs resolves names typed on the command line before the first
// page is fetched: wait is true while a list is loading (cmd loads it).
// A name that does not resolve is the tab's error, shown in place with the
// candidates; nothing is fetched with a name the server would not know.
func (t *List[T, S]) resolveRefs() (cmd tea.Cmd, wait bool) {
	for _, r := range t.spec.Refs {
		v, ok := r.typed()
		if ok {
			continue
		}
		if off := t.roleOff(r.filter()); off != "" {
			t.err = errors.New(off) // shown in place: the server would answer 403
			return nil, false
		}
		if loaded, _ := r.state(); !loaded {
			return r.load(t.sess, t.ID()), true // after a failure too: r retries
		}
		id, rerr := r.resolve(v)
		if rerr != nil {
			t.err = rerr
			return nil, false
		}
		r.filter().Set(&t.view, id)
		r.setTyped(id, true)
	}
	return nil, false
}

// onRefs stores a reference list; a walk waiting for it starts.
func (t *List[T, S]) onRefs(m refsMsg) tea.Cmd {
	if client.IsCannotGroup(m.err) {
		t.sess.Caps.SetNoGroups() // the users come from the groups endpoints
	}
	for _, r := range t.spec.Refs {
		if !r.apply(m) {
			continue
		}
		if _, resolved := r.typed(); resolved || t.loaded || t.loading {
			return nil
		}
		if _, err := r.state(); err != nil {
			t.err = err // shown in place; r loads it again
			return nil
		}
		return t.refetch()
	}
	return nil
}

func (t *List[T, S]) refFor(f *model.Filter) refs {
	for _, r := range t.spec.Refs {
		if r.filter() == f {
			return r
		}
	}
	return nil
}

// refsFor are the sources of a list's reference filters.
func refsFor(l *model.List) []refs {
	var out []refs
	for _, f := range l.Filters {
		switch {
		case f.Kind != model.FilterRef:
		case f.Flag == "api-key":
			out = append(out, apiKeys(f))
		case f.Flag == "user":
			out = append(out, users(f))
		}
	}
	return out
}
