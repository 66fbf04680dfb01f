package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// PageLimit is the page size the TUI asks for: the contract's maximum, so a
// screenful needs one request and scrolling a long list few.
const PageLimit = 200

// fetchFunc requests one page; it runs inside a tea.Cmd and touches only its arguments.
type fetchFunc[T, S any] func(ctx context.Context, c *client.Client, ws string, v model.View, w common.Window, cursor string) (model.Page[T, S], error)

// tabSpec is what makes one list tab different from another; everything else
// (paging, staleness, sorting, rendering) is shared by listTab.
type tabSpec[T, S any] struct {
	id       model.Tab
	noun     string // "conversations", for errors and empty states
	sorts    []string
	sortName map[string]string // sort field -> column title
	columns  func(seesUsers bool) []table.Column[T]
	fetch    fetchFunc[T, S]
	summary  func(s S) string
	total    func(s S) int64
	recordID func(r *T) string
	url      func(r *T) string // the openable URL, "" if none
	fields   func(r *T, loc *time.Location, seesUsers bool) []common.Field

	// type filter (t): options and how it reads/writes the View
	typeName  string
	typeOpts  []common.Option
	getType   func(v model.View) string
	setType   func(v *model.View, s string)
	hasSearch bool
	hasAPIKey bool

	redact    func(r model.Redactor, x T) T // masks one record; nil = nothing to mask
	ownerOnly bool                          // invoices: members get a note and no request
	httpsOnly bool                          // url opens only over https (invoice PDFs)
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

func (m pageMsg[T, S]) tabID() model.Tab { return m.tab }

// tabMsg is a message addressed to one tab.
type tabMsg interface{ tabID() model.Tab }

// listTab is one usage list: its view (filters + sort), the loaded records and
// the state of the walk through the API's pages.
type listTab[T, S any] struct {
	spec *tabSpec[T, S]
	sess *common.Session
	view model.View

	tbl     table.Table[T]
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

func newListTab[T, S any](spec *tabSpec[T, S], sess *common.Session, v model.View) *listTab[T, S] {
	t := &listTab[T, S]{spec: spec, sess: sess}
	t.tbl.SetColumns(spec.columns(sess.SeesUsers))
	t.setView(v)
	return t
}

func (t *listTab[T, S]) ID() model.Tab    { return t.spec.id }
func (t *listTab[T, S]) Title() string    { return t.spec.id.Title() }
func (t *listTab[T, S]) View() model.View { return t.view }
func (t *listTab[T, S]) Loaded() bool     { return t.loaded }
func (t *listTab[T, S]) Err() error       { return t.err }

// setView stores the tab's view keeping only what applies to this list.
func (t *listTab[T, S]) setView(v model.View) {
	v.Tab = t.spec.id
	if !t.spec.hasSearch {
		v.Search = ""
	}
	if t.spec.id != model.TabConversations {
		v.BillingType = ""
	}
	if !t.spec.hasAPIKey {
		v.APIKey = ""
	}
	if t.spec.id != model.TabImports {
		v.ImportType = ""
	}
	if t.spec.id != model.TabAdjustments {
		v.AdjType = ""
	}
	if !contains(t.spec.sorts, v.Sort) || v.Sort == t.spec.sorts[0] {
		v.Sort = ""
	}
	if v.Order != "asc" {
		v.Order = ""
	}
	t.view = v
	field, asc := t.sortState()
	t.tbl.SetSort(field, asc)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// sortState is the effective sort field and direction.
func (t *listTab[T, S]) sortState() (string, bool) {
	f := t.view.Sort
	if f == "" {
		f = t.spec.sorts[0]
	}
	return f, t.view.Order == "asc"
}

// SetSeesUsers switches the column set when the effective role changes.
func (t *listTab[T, S]) SetSeesUsers(v bool) {
	t.tbl.SetColumns(t.spec.columns(v))
}

func (t *listTab[T, S]) SetSize(w, h int) { t.tbl.SetSize(w, h) }

// Reload applies a new view: in-flight requests are cancelled, their answers
// will be dropped by sequence number, and the first page is fetched.
func (t *listTab[T, S]) Reload(v model.View) tea.Cmd {
	t.setView(v)
	return t.Refresh()
}

// Reset applies a view and forgets every record without fetching.
func (t *listTab[T, S]) Reset(v model.View) {
	t.stop()
	t.setView(v)
	t.clear()
}

func (t *listTab[T, S]) clear() {
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

// Refresh starts the walk again with the same view.
func (t *listTab[T, S]) Refresh() tea.Cmd {
	if t.restricted() {
		t.Reset(t.view)
		return nil
	}
	t.stop()
	t.clear()
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		t.err = err
		return nil
	}
	t.win = common.Window{From: from, To: to}
	return t.request(true)
}

// stop cancels the in-flight request and forgets it.
func (t *listTab[T, S]) stop() {
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
func (t *listTab[T, S]) syncTail() {
	n := 0
	if t.loaded && ((t.loading && !t.soft) || t.err != nil) {
		n = 1
	}
	t.tbl.SetTail(n)
}

// Stop cancels any request (workspace switch, quit).
func (t *listTab[T, S]) Stop() { t.stop() }

// EnsureLoaded fetches the first page unless it is loaded or coming.
func (t *listTab[T, S]) EnsureLoaded() tea.Cmd {
	if t.loaded || t.loading || t.err != nil || t.restricted() {
		return nil
	}
	return t.Refresh()
}

// restricted reports that the effective role may not read this list: no
// request is made and the tab says so instead of showing a 403.
func (t *listTab[T, S]) restricted() bool {
	return t.spec.ownerOnly && (t.sess.Role == model.RoleMember || t.sess.Role == "")
}

func (t *listTab[T, S]) request(first bool) tea.Cmd {
	cursor := ""
	if !first {
		cursor = t.next
	}
	return t.requestPage(first, false, t.win, cursor)
}

func (t *listTab[T, S]) requestPage(first, soft bool, w common.Window, cursor string) tea.Cmd {
	t.seq = t.sess.Seqs.Next()
	seq := t.seq
	ctx, cancel := context.WithCancel(t.sess.Ctx)
	t.cancel = cancel
	t.loading = true
	t.syncTail()
	// Copies only: the command must not read the model after Update returns.
	fetch, c, ws, v, id := t.spec.fetch, t.sess.Client, t.sess.WS, t.view, t.spec.id
	red, mask, now := t.sess.Redact, t.spec.redact, t.sess.Now
	return func() tea.Msg {
		defer cancel()
		p, err := fetch(ctx, c, ws, v, w, cursor)
		if mask != nil && red.Enabled() {
			for i := range p.Data {
				p.Data[i] = mask(red, p.Data[i])
			}
		}
		return pageMsg[T, S]{tab: id, seq: seq, first: first, soft: soft, page: p, err: err, at: now()}
	}
}

// maybeMore fetches the next page when the cursor nears the end of what is loaded.
func (t *listTab[T, S]) maybeMore() tea.Cmd {
	if !t.loaded || t.loading || t.next == "" || t.err != nil || !t.tbl.NearEnd() {
		return nil
	}
	return t.request(false)
}

// Update handles this tab's page messages and navigation keys.
func (t *listTab[T, S]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
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

// Navigate handles a movement key; it never waits for the network.
func (t *listTab[T, S]) Navigate(k *common.KeyMap, msg tea.KeyPressMsg) (handled bool, cmd tea.Cmd) {
	switch {
	case keyMatches(msg, k.Up):
		t.tbl.Move(-1)
	case keyMatches(msg, k.Down):
		t.tbl.Move(1)
	case keyMatches(msg, k.PageUp):
		t.tbl.Move(-t.tbl.Height())
	case keyMatches(msg, k.PageDown):
		t.tbl.Move(t.tbl.Height())
	case keyMatches(msg, k.Top):
		t.tbl.SetCursor(0)
	case keyMatches(msg, k.Bottom):
		t.tbl.SetCursor(t.tbl.Len() - 1)
	default:
		return false, nil
	}
	return true, t.maybeMore()
}

// Wheel scrolls by delta rows.
func (t *listTab[T, S]) Wheel(delta int) tea.Cmd {
	t.tbl.Scroll(delta)
	return t.maybeMore()
}

// ClickRow selects the row at a line of the table area (0 = header) or sorts
// by the clicked header column.
func (t *listTab[T, S]) Click(x, line int) tea.Cmd {
	if line == 0 {
		if f := t.tbl.SortAt(x); f != "" {
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
func (t *listTab[T, S]) SortBy(f string) tea.Cmd {
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
func (t *listTab[T, S]) NextSort() tea.Cmd {
	cur, _ := t.sortState()
	i := 0
	for k, s := range t.spec.sorts {
		if s == cur {
			i = k
		}
	}
	v := t.view
	v.Sort = t.spec.sorts[(i+1)%len(t.spec.sorts)]
	v.Order = ""
	return t.Reload(v)
}

// Reverse flips the sort order (S).
func (t *listTab[T, S]) Reverse() tea.Cmd {
	cur, _ := t.sortState()
	return t.SortBy(cur)
}

// Retry repeats what failed: the next page if rows are shown, else the walk.
func (t *listTab[T, S]) Retry() tea.Cmd {
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
	return t.Refresh()
}

func keyMatches(msg tea.KeyPressMsg, b ...key.Binding) bool { return key.Matches(msg, b...) }
