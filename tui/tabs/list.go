package tabs

import (
	"context"
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
type Spec[T model.Record, S model.Summary] struct {
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
	// Groups fetches the list's groups (groupsOf[S]); nil = no groupings.
	Groups groupFetch
}

// List is one list tab: its view (filters + sort), the held records and the
// state of the walks through the API's pages (list_paging.go): the head,
// forward from the first record, and the tail, backward from the last.
type List[T model.Record, S model.Summary] struct {
	spec *Spec[T, S]
	sess *common.Session
	view model.View

	tbl     table.Table[T]
	users   bool // the columns were built for a role that sees users
	summary S
	loaded  bool // the first page of the current walk arrived
	win     common.Window
	walks   [3]walk // indexed by table.Head and table.Tail
	intern  *interner

	// At most one page request is in flight: its number, kind and cancel.
	seq      uint64
	loading  bool
	inflight reqKind
	cancel   context.CancelFunc
	err      error              // the first page failed: shown in place of the rows
	wait     *client.WaitStatus // the in-flight request's slow attempts and retries (list_wait.go)

	fetched    time.Time // when the shown records' first page arrived
	ref        refreshWalk[T, S]
	refreshErr error // the last refresh failed; the old rows are still shown

	groups *Groups     // the group-by view (list_groups.go); nil = no groupings
	back   *model.View // the groups a drill-in came from: esc returns to them
}

func newList[T model.Record, S model.Summary](sess *common.Session, spec *Spec[T, S], v model.View) *List[T, S] {
	t := &List[T, S]{spec: spec, sess: sess, intern: newInterner(), wait: &client.WaitStatus{}}
	t.users = sess.SeesUsers
	t.tbl.SetColumns(spec.Columns(t.users))
	t.tbl.SetFormat(table.CellFmt{Loc: sess.Loc}, sess.Redact.Enabled())
	t.tbl.SetIdentity(spec.ID)
	t.initGroups()
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

func (t *List[T, S]) SetSize(w, h int) {
	t.tbl.SetSize(w, h)
	if t.groups != nil {
		t.groups.SetSize(w, h)
	}
}

// Reload applies a new view chosen in the TUI: in-flight requests are
// cancelled, their answers will be dropped by sequence number, and the first
// page is fetched.
func (t *List[T, S]) Reload(v model.View) tea.Cmd {
	if v.GroupBy != "" {
		t.back = nil // grouping again: nothing to go back to
	}
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
	t.intern = newInterner() // another workspace: other users and keys
	t.resetGroups()
	t.setView(v, false)
	t.clear()
}

func (t *List[T, S]) clear() {
	t.tbl.Reset()
	t.fetched = time.Time{}
	t.refreshErr = nil
	t.loaded = false
	t.walks = [3]walk{}
	t.err = nil
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
	if t.grouping() {
		return t.groups.load(t.view, t.win)
	}
	return t.request(reqFirst)
}

// stop cancels the in-flight request and forgets it.
func (t *List[T, S]) stop() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.seq = t.sess.Seqs.Next()
	t.loading = false
	t.inflight = reqNone
	t.ref = refreshWalk[T, S]{}
	t.syncEdge()
	if t.groups != nil {
		t.groups.stop()
	}
}

// Stop cancels any request (workspace switch, quit).
func (t *List[T, S]) Stop() { t.stop() }

// Activate fetches the first page unless it is loaded, coming or failed.
func (t *List[T, S]) Activate() tea.Cmd {
	if t.loaded || t.loading || t.err != nil || t.restricted() || (t.grouping() && t.groups.started()) {
		return nil
	}
	return t.refetch()
}

// restricted reports that the effective role may not read this list: no
// request is made and the tab says so instead of showing a 403.
func (t *List[T, S]) restricted() bool { return !t.spec.List.ReadableBy(t.sess.Role) }

// Wheel scrolls by delta rows.
func (t *List[T, S]) Wheel(delta int) tea.Cmd {
	if t.grouping() {
		t.groups.tbl.Scroll(delta)
		return nil
	}
	t.tbl.Scroll(delta)
	return t.maybeMore()
}

// Click selects the row at a line of the table area (0 = header) or sorts
// by the clicked header column.
func (t *List[T, S]) Click(x, line int) tea.Cmd {
	if t.grouping() {
		t.groups.click(x, line)
		return nil
	}
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
// flight: benchmarks and tests load a million rows without a server. first
// starts the walk again; otherwise the page is the head's next.
func (t *List[T, S]) Deliver(p model.Page[T, S], first bool) tea.Cmd {
	kind := reqHead
	if first {
		kind = reqFirst
	}
	t.stop()
	t.inflight, t.loading = kind, true
	return t.Update(pageMsg[T, S]{tab: t.ID(), seq: t.seq, kind: kind, sent: t.walks[table.Head].next, page: p, at: t.sess.Now()})
}
