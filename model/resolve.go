package model

import (
	"fmt"
	"strings"
)

// Names users type — a workspace, an API key, a user — are resolved here, one
// function each, for the TUI and the CLI alike: the same input gives the same
// answer everywhere. The rule: an exact id; else the one exact name (or
// email); else the one case-insensitive match. Several matches at the first
// rule that matches are ambiguous: an error listing them, never a guess.

// ResolveError is a name that matched nothing or more than one candidate.
type ResolveError struct {
	What       string   // "workspace", "API key", "user"
	Typed      string   // what the user typed (sanitised)
	Ambiguous  bool     // several matched; Candidates are those
	Candidates []string // "Acme Studio (ws_acme)", at most maxCandidates
	More       int      // candidates left out of the list
}

const maxCandidates = 8

func (e *ResolveError) Error() string {
	list := strings.Join(e.Candidates, ", ")
	if e.More > 0 {
		list += fmt.Sprintf(" and %d more", e.More)
	}
	switch {
	case e.Ambiguous:
		return fmt.Sprintf("%s %q is ambiguous: it matches %s; use the id", e.What, e.Typed, list)
	case len(e.Candidates) == 0:
		return fmt.Sprintf("no %s %q: there are none here", e.What, e.Typed)
	}
	return fmt.Sprintf("no %s %q; choose one of %s", e.What, e.Typed, list)
}

// candidate is what the resolver knows of one item.
type candidate struct {
	id    string
	names []string // name, then alternatives (a user's email)
	label string   // how the item is listed in an error
}

func resolveIndex(what, typed string, cs []candidate) (int, error) {
	for i, c := range cs {
		if c.id == typed {
			return i, nil
		}
	}
	match := func(eq func(a, b string) bool) []int {
		var out []int
		for i, c := range cs {
			for _, n := range c.names {
				if n != "" && eq(n, typed) {
					out = append(out, i)
					break
				}
			}
		}
		return out
	}
	hits := match(func(a, b string) bool { return a == b })
	if len(hits) == 0 {
		hits = match(strings.EqualFold)
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	e := &ResolveError{What: what, Typed: Sanitize(typed), Ambiguous: len(hits) > 1}
	pool := hits
	if len(hits) == 0 {
		pool = make([]int, len(cs))
		for i := range cs {
			pool[i] = i
		}
	}
	for k, i := range pool {
		if k == maxCandidates {
			e.More = len(pool) - k
			break
		}
		e.Candidates = append(e.Candidates, cs[i].label)
	}
	return -1, e
}

// ResolveWorkspace finds a workspace by id or name.
func ResolveWorkspace(all []WorkspaceRef, typed string) (WorkspaceRef, error) {
	cs := make([]candidate, len(all))
	for i, w := range all {
		cs[i] = candidate{id: string(w.ID), names: []string{string(w.Name)},
			label: fmt.Sprintf("%s (%s, %s)", w.Name, w.ID, w.Role)}
	}
	i, err := resolveIndex("workspace", typed, cs)
	if err != nil {
		return WorkspaceRef{}, err
	}
	return all[i], nil
}

// ResolveAPIKey finds an API key by id or name.
func ResolveAPIKey(all []APIKey, typed string) (APIKey, error) {
	cs := make([]candidate, len(all))
	for i, k := range all {
		label := fmt.Sprintf("%q (%s)", string(k.Name), k.ID)
		if k.Revoked() {
			label += " revoked"
		}
		cs[i] = candidate{id: string(k.ID), names: []string{string(k.Name)}, label: label}
	}
	i, err := resolveIndex("API key", typed, cs)
	if err != nil {
		return APIKey{}, err
	}
	return all[i], nil
}

// ResolveUser finds a user by id, name or email.
func ResolveUser(all []User, typed string) (User, error) {
	cs := make([]candidate, len(all))
	for i, u := range all {
		label := fmt.Sprintf("%s (%s)", DisplayName(&u), u.ID)
		if u.Email != "" {
			label = fmt.Sprintf("%s <%s> (%s)", DisplayName(&u), u.Email, u.ID)
		}
		cs[i] = candidate{id: string(u.ID), names: []string{string(u.Name), string(u.Email)}, label: label}
	}
	i, err := resolveIndex("user", typed, cs)
	if err != nil {
		return User{}, err
	}
	return all[i], nil
}
