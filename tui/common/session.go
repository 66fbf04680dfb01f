package common

import (
	"context"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// Session is what every component reads about the running program. The root
// owns it and replaces fields (workspace, styles); components never write it
// (they only draw request numbers from seqs).
type Session struct {
	Seqs      *SeqSource
	Ctx       context.Context
	Client    *client.Client
	WS        string // workspace id
	Loc       *time.Location
	Now       func() time.Time
	Styles    *Styles
	Keys      *KeyMap
	SeesUsers bool       // effective role (real role narrowed by --as-role)
	Role      model.Role // effective role, for what the role may read (invoices)
	// Redact masks names, emails, titles, key names and URLs once, when a
	// response arrives (inside the command), so nothing downstream sees them.
	Redact model.Redactor
	// Caps is what the server turned out not to speak, learnt from its
	// answers; like Seqs it is written in Update only. nil = nothing learnt.
	Caps *Caps
	// WaitTicks re-renders a tab about once a second while one of its
	// requests waits, so "waiting for the server (attempt 2 of 5)" counts
	// on screen; off in tests, which never sleep.
	WaitTicks bool
}

// Caps records what the server lacks. The contract has no version field: a
// 1.0 server is known by the 404 of a 1.1 route, so the first refusal is
// remembered and every grouping and user filter after it says why at once
// instead of asking again.
type Caps struct{ noGroups bool }

// NoGroups reports that the server has no groups endpoints (contract 1.0).
func (c *Caps) NoGroups() bool { return c != nil && c.noGroups }

// SetNoGroups records it (a nil Caps remembers nothing).
func (c *Caps) SetNoGroups() {
	if c != nil {
		c.noGroups = true
	}
}

// NoGroupsWhy is what a refused grouping or user filter says.
const NoGroupsWhy = "needs API 1.1: this server speaks 1.0 (it has no groups endpoints)"

// SeqSource numbers the requests of the whole program (drawn in Update only),
// so an answer addressed to a tab that a workspace switch replaced can never
// carry the number its successor waits for.
type SeqSource struct{ n uint64 }

func (s *SeqSource) Next() uint64 {
	s.n++
	return s.n
}

// Window is a resolved [from, to) for one walk of a list; every page of the
// walk reuses it because the API rejects a cursor with other filters.
type Window struct{ From, To time.Time }

// Option is one choice of a picker: its label and the raw value it sets.
type Option struct {
	Label string
	Value string
	Note  string // e.g. "revoked"
}

// Field is one line of a detail panel.
type Field struct{ Label, Value string }
