package tabs

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// PageLimit is the page size the TUI asks for: the contract's maximum, so a
// screenful needs one request and scrolling a long list few.
const PageLimit = 200

// Spec is what makes one list tab different from another: its registry
// entry and its columns, summary and detail. Everything else (paging,
// staleness, sorting, filters, rendering) is shared by List.
type Spec[T, S any] struct {
	List      *model.List
	Columns   func(seesUsers bool) []table.Column[T]
	Summary   func(s S) string
	Total     func(s S) int64
	ID        func(r *T) string
	URL       func(r *T) string // the openable URL, "" if none; nil = the list has none
	HTTPSOnly bool              // the URL opens only over https (invoice PDFs)
	Fields    func(r *T, loc *time.Location, seesUsers bool) []common.Field
	Redact    func(r model.Redactor, x T) T // masks one record; nil = nothing to mask
	// Sheet, when set, is the conversation whose billing sheet enter opens.
	Sheet func(r *T) *model.Conversation
	// Refs are the sources of the list's reference filters (API keys).
	Refs []refs
}

// pageMsg carries one page (or its error) back to the tab that asked.
type pageMsg[T, S any] struct {
	tab   model.Tab
	seq   uint64
	first bool
	soft  bool // part of a background refresh walk
	page  model.Page[T, S]
	err   error
	at    time.Time // when the answer arrived
}

func (m pageMsg[T, S]) TabID() model.Tab { return m.tab }

// List is one list tab: its view (filters + sort), the loaded records and
// the state of the walk through the API's pages.
type List[T, S any] struct {
	spec *Spec[T, S]
	sess *common.Session
	view model.View

	tbl     table.Table[T]
	users   bool // the columns were built for a role that sees users
	summary S
	loaded  bool   // the first page of the current walk arrived
	next    string // cursor of the next page; "" with loaded = end
	win     common.Window
	seq     uint64 // the request whose answer we are waiting for; 0 = none
	loading bool
	cancel  context.CancelFunc
	err     error
	errMore bool // the error came from a later page (rows are still shown)

	fetched time.Time // when the shown records' first page arrived
	// A soft refresh walks the same view again into stage while the old rows
	// stay on screen, then swaps them in keeping the selection (see SoftRefresh).
	soft       bool
	softWin    common.Window
	softWant   int // rows to stage before swapping: enough to cover the cursor and screen
	stage      []T
	stageSum   S
	refreshErr error // the last soft refresh failed; the old rows are still shown
}

func newList[T, S any](sess *common.Session, spec *Spec[T, S], v model.View) *List[T, S] {
	t := &List[T, S]{spec: spec, sess: sess}
	t.users = sess.SeesUsers
	t.tbl.SetColumns(spec.Columns(t.users))
	t.tbl.SetFormat(table.CellFmt{Loc: sess.Loc}, sess.Redact.Enabled())
	t.setView(v, false)
	return t
}

func (t *List[T, S]) ID() model.Tab { return t.spec.List.Tab }

// setView stores the tab's view keeping only what applies to this list;
// resolved says whether its reference filters hold ids (chosen in a picker)
// or text to resolve (typed on the command line).
func (t *List[T, S]) setView(v model.View, resolved bool) {
	t.view = t.spec.List.Normalize(v)
	for _, r := range t.spec.Refs {
		r.setTyped(r.filter().Get(t.view), resolved)
	}
	field, asc := t.sortState()
	t.tbl.SetSort(field, asc)
}

// sortState is the effective sort field and direction.
func (t *List[T, S]) sortState() (string, bool) {
	f := t.view.Sort
	if f == "" {
		f = t.spec.List.DefaultSort()
	}
	return f, t.view.Order == "asc"
}

func (t *List[T, S]) SetSize(w, h int) { t.tbl.SetSize(w, h) }

// Reload applies a new view chosen in the TUI: in-flight requests are
// cancelled, their answers will be dropped by sequence number, and the first
// page is fetched.
func (t *List[T, S]) Reload(v model.View) tea.Cmd {
	t.setView(v, true)
	return t.refetch()
}

// Reset applies a view and forgets every record without fetching; the
// columns follow the role the session now has.
func (t *List[T, S]) Reset(v model.View) {
	t.stop()
	if t.users != t.sess.SeesUsers {
		t.users = t.sess.SeesUsers
		t.tbl.SetColumns(t.spec.Columns(t.users))
	}
	for _, r := range t.spec.Refs {
		r.forget()
	}
	t.setView(v, false)
	t.clear()
}

func (t *List[T, S]) clear() {
	t.tbl.Reset()
	t.fetched = time.Time{}
	t.refreshErr = nil
	t.loaded = false
	t.next = ""
	t.err = nil
	t.errMore = false
	var zero S
	t.summary = zero
}

// refetch starts the walk again with the same view, resolving names typed
// on the command line first.
func (t *List[T, S]) refetch() tea.Cmd {
	if t.restricted() {
		t.stop()
		t.clear()
		return nil
	}
	t.stop()
	t.clear()
	if cmd, wait := t.resolveRefs(); wait {
		return cmd
	}
	if t.err != nil {
		return nil // a name did not resolve: the error is shown in place
	}
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		t.err = err
		return nil
	}
	t.win = common.Window{From: from, To: to}
	return t.request(true)
}

// stop cancels the in-flight request and forgets it.
func (t *List[T, S]) stop() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.seq = t.sess.Seqs.Next()
	t.loading = false
	t.soft = false
	t.stage = nil
	t.syncTail()
}

// syncTail reserves a line after the records while more are coming or failed.
func (t *List[T, S]) syncTail() {
	n := 0
	if t.loaded && ((t.loading && !t.soft) || t.err != nil) {
		n = 1
	}
	t.tbl.SetTail(n)
}

// Stop cancels any request (workspace switch, quit).
func (t *List[T, S]) Stop() { t.stop() }

// Activate fetches the first page unless it is loaded, coming or failed.
func (t *List[T, S]) Activate() tea.Cmd {
	if t.loaded || t.loading || t.err != nil || t.restricted() {
		return nil
	}
	return t.refetch()
}

// restricted reports that the effective role may not read this list: no
// request is made and the tab says so instead of showing a 403.
func (t *List[T, S]) restricted() bool { return !t.spec.List.ReadableBy(t.sess.Role) }

func (t *List[T, S]) request(first bool) tea.Cmd {
	cursor := ""
	if !first {
		cursor = t.next
	}
	return t.requestPage(first, false, t.win, cursor)
}

func (t *List[T, S]) requestPage(first, soft bool, w common.Window, cursor string) tea.Cmd {
	t.seq = t.sess.Seqs.Next()
	seq := t.seq
	ctx, cancel := context.WithCancel(t.sess.Ctx)
	t.cancel = cancel
	t.loading = true
	t.syncTail()
	// Copies only: the command must not read the model after Update returns.
	c, ws, id := t.sess.Client, t.sess.WS, t.spec.List.Tab
	q := client.ViewQuery{List: t.spec.List, View: t.view,
		ListQuery: client.ListQuery{From: w.From, To: w.To, Sort: t.view.Sort, Order: t.view.Order, Limit: PageLimit, Cursor: cursor}}
	red, mask, now := t.sess.Redact, t.spec.Redact, t.sess.Now
	return func() tea.Msg {
		defer cancel()
		p, err := client.FetchPage[T, S](ctx, c, ws, q)
		if mask != nil && red.Enabled() {
			for i := range p.Data {
				p.Data[i] = mask(red, p.Data[i])
			}
		}
		return pageMsg[T, S]{tab: id, seq: seq, first: first, soft: soft, page: p, err: err, at: now()}
	}
}

// maybeMore fetches the next page when the cursor nears the end of what is loaded.
func (t *List[T, S]) maybeMore() tea.Cmd {
	if !t.loaded || t.loading || t.next == "" || t.err != nil || !t.tbl.NearEnd() {
		return nil
	}
	return t.request(false)
}

// Update handles this tab's page and reference-list answers.
func (t *List[T, S]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refsMsg:
		return t.onRefs(msg)
	case pageMsg[T, S]:
		if msg.seq != t.seq {
			return nil // stale: a newer request superseded it
		}
		t.loading = false
		t.cancel = nil
		if msg.soft {
			return t.onSoftPage(msg)
		}
		if msg.err != nil {
			if !errors.Is(msg.err, context.Canceled) {
				t.err = msg.err
				t.errMore = !msg.first
			}
			t.syncTail()
			return nil
		}
		if msg.first {
			t.tbl.Reset()
			t.summary = msg.page.Summary
			t.fetched = msg.at
			t.refreshErr = nil
		}
		t.loaded = true
		t.tbl.Append(msg.page.Data)
		t.next = msg.page.Cursor()
		t.syncTail()
		return t.maybeMore()
	}
	return nil
}

// Wheel scrolls by delta rows.
func (t *List[T, S]) Wheel(delta int) tea.Cmd {
	t.tbl.Scroll(delta)
	return t.maybeMore()
}

// Click selects the row at a line of the table area (0 = header) or sorts
// by the clicked header column.
func (t *List[T, S]) Click(x, line int) tea.Cmd {
	if line == 0 {
		if f := t.tbl.SortAt(x); f != "" && !t.restricted() {
			return t.SortBy(f)
		}
		return nil
	}
	if i := t.tbl.RowAt(line); i >= 0 {
		t.tbl.SetCursor(i)
		return t.maybeMore()
	}
	return nil
}

// SortBy sorts by a field; choosing the current field again reverses it.
func (t *List[T, S]) SortBy(f string) tea.Cmd {
	cur, asc := t.sortState()
	v := t.view
	if f == cur {
		if asc {
			v.Order = ""
		} else {
			v.Order = "asc"
		}
	} else {
		v.Sort = f
		v.Order = ""
	}
	return t.Reload(v)
}

// NextSort moves to the next sortable column (s), newest/largest first.
func (t *List[T, S]) NextSort() tea.Cmd {
	cur, _ := t.sortState()
	sorts := t.spec.List.SortFields()
	i := 0
	for k, s := range sorts {
		if s == cur {
			i = k
		}
	}
	v := t.view
	v.Sort = sorts[(i+1)%len(sorts)]
	v.Order = ""
	return t.Reload(v)
}

// Reverse flips the sort order (S).
func (t *List[T, S]) Reverse() tea.Cmd {
	cur, _ := t.sortState()
	return t.SortBy(cur)
}

// Refresh repeats what failed (the next page if rows are shown, else the
// walk), or refetches keeping the selection.
func (t *List[T, S]) Refresh() tea.Cmd {
	if t.restricted() {
		return nil
	}
	if t.err == nil && t.loaded {
		return t.SoftRefresh()
	}
	if t.err != nil && t.errMore {
		t.err = nil
		t.errMore = false
		t.syncTail()
		return t.request(false)
	}
	return t.refetch()
}

// Selected is the record under the cursor, or nil.
func (t *List[T, S]) Selected() *Selection {
	r := t.tbl.Selected()
	if r == nil {
		return nil
	}
	s := &Selection{ID: t.spec.ID(r), HTTPSOnly: t.spec.HTTPSOnly}
	if t.spec.URL != nil {
		s.URL = t.spec.URL(r)
	}
	return s
}

// Table is the tab's table, for tests and benchmarks that check what is
// loaded and where the cursor is.
func (t *List[T, S]) Table() *table.Table[T] { return &t.tbl }

// Loaded reports that the first page of the current walk arrived; Err is
// the error shown in place of the rows, if any.
func (t *List[T, S]) Loaded() bool { return t.loaded }
func (t *List[T, S]) Err() error   { return t.err }

// Deliver applies a page as if the server had answered the request in
// flight: benchmarks and tests load a million rows without a server.
func (t *List[T, S]) Deliver(p model.Page[T, S], first bool) tea.Cmd {
	t.seq = t.sess.Seqs.Next()
	return t.Update(pageMsg[T, S]{tab: t.ID(), seq: t.seq, first: first, page: p, at: t.sess.Now()})
}
