package tabs

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/table"
)

// Paging: the tab walks the list from both ends on demand. The head walk
// follows next_cursor from the first page; the tail walk is the same query
// with the order flipped, so its first page is the list's last records. The
// table decides which end needs a page (the one the cursor is headed for or
// near); the tab asks for it, one request at a time, and a page that fails
// the walk guard or the network stops that walk until r.

// reqKind is what a page request is for.
type reqKind int

const (
	reqNone    reqKind = iota
	reqFirst           // the walk's first page: replaces everything held
	reqHead            // the head walk's next page
	reqTail            // the tail walk's next page (its first, too)
	reqRefresh         // a refresh's page (list_refresh.go)
)

// pageMsg carries one page (or its error) back to the tab that asked.
type pageMsg[T model.Record, S model.Summary] struct {
	tab  model.Tab
	seq  uint64
	kind reqKind
	sent string // the cursor the page was asked for with
	page model.Page[T, S]
	err  error
	at   time.Time // when the answer arrived
}

func (m pageMsg[T, S]) TabID() model.Tab { return m.tab }

// walk is the state of one end's walk.
type walk struct {
	next    string // its next page's cursor
	started bool   // its first page arrived
	win     common.Window
	err     error // its last page failed: nothing more is asked until r
	guard   *client.Walk
}

func (w *walk) ended() bool { return w.started && w.next == "" }

// checkPage runs the page through the walk's guard (client.Walk, the one
// every walker uses), made on its first page. A record a server repeats
// is dropped by the table, which holds every id (the walk goes on);
// anything else the guard refuses stops the walk.
func checkPage[T model.Record, S model.Summary](guard **client.Walk, c *client.Client, sent string, p *model.Page[T, S]) error {
	if *guard == nil {
		g := c.NewWalk(PageLimit)
		g.TolerateMoves = true // a live list: new records on top are normal
		g.NoIDs = true         // the table holds every id and drops repeats
		*guard = &g
	}
	g := *guard
	return g.Page(g.Pages()+1, client.InfoOf(*p, sent))
}

// ahead is how far beyond the window the held rows reach before the next
// page is asked for: two screens and a page. A page then arrives before the
// cursor gets there unless scrolling outruns a round trip: holding pgdn
// (~30 screens a second) at 30 rows a screen eats 900 rows a second, so
// 2×30+200 = 260 rows last ~290 ms, longer than a slow API's round trip.
func (t *List[T, S]) ahead() int { return 2*t.tbl.Height() + PageLimit }

func (t *List[T, S]) request(kind reqKind) tea.Cmd {
	var (
		cursor string
		win    = t.win
		order  = t.view.Order
	)
	switch kind {
	case reqHead:
		cursor, win = t.walks[table.Head].next, t.walks[table.Head].win
	case reqTail:
		w := &t.walks[table.Tail]
		if !w.started {
			w.win = t.win
		}
		cursor, win, order = w.next, w.win, flip(order)
	case reqRefresh:
		cursor, win = t.ref.next, t.ref.win
	}
	return t.requestPage(kind, win, order, cursor)
}

// flip is the reversed order of a list's order ("" is the default, desc).
func flip(order string) string {
	if order == "asc" {
		return "desc"
	}
	return "asc"
}

func (t *List[T, S]) requestPage(kind reqKind, w common.Window, order, cursor string) tea.Cmd {
	if t.cancel != nil {
		t.cancel() // never two in flight: the earlier answer would be dropped anyway
	}
	t.seq = t.sess.Seqs.Next()
	seq := t.seq
	ctx, cancel := context.WithCancel(t.sess.Ctx)
	ctx = client.WithObserver(ctx, t.wait)
	t.cancel = cancel
	t.loading, t.inflight = true, kind
	t.syncEdge()
	// Copies only: the command must not read the model after Update returns.
	c, ws, id := t.sess.Client, t.sess.WS, t.spec.List.Tab
	q := client.ViewQuery{List: t.spec.List, View: t.view,
		ListQuery: client.ListQuery{From: w.From, To: w.To, Sort: t.view.Sort, Order: order, Limit: PageLimit, Cursor: cursor}}
	red, mask, now := t.sess.Redact, t.spec.Redact, t.sess.Now
	return tea.Batch(func() tea.Msg {
		defer cancel()
		p, err := client.FetchPage[T, S](ctx, c, ws, q)
		if mask != nil && red.Enabled() {
			for i := range p.Data {
				p.Data[i] = mask(red, p.Data[i])
			}
		}
		return pageMsg[T, S]{tab: id, seq: seq, kind: kind, sent: cursor, page: p, err: err, at: now()}
	}, t.waitTick(seq))
}

// maybeMore asks for the page the table needs next, if its walk may go on.
// A cursor headed for the other end (G while the head's page loads) cancels
// the page on its way; a refresh or a first page is never cut short.
func (t *List[T, S]) maybeMore() tea.Cmd {
	if !t.loaded || t.err != nil {
		return nil
	}
	need := t.tbl.Need(t.ahead())
	if need == table.None {
		return nil
	}
	w := &t.walks[need]
	if w.err != nil || w.ended() {
		t.tbl.StopAiming() // keys pressed against a stopped walk go no further
		return nil
	}
	kind := reqHead
	if need == table.Tail {
		kind = reqTail
	}
	if t.loading {
		other := t.inflight == reqHead || t.inflight == reqTail
		if !other || t.inflight == kind || !t.tbl.Pending() {
			return nil
		}
		t.stop()
	}
	return t.request(kind)
}

// Update handles this tab's page and reference-list answers.
func (t *List[T, S]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case refsMsg:
		return t.onRefs(msg)
	case waitTickMsg:
		return t.onWaitTick(msg)
	case groupsMsg:
		if t.groups != nil {
			return t.groups.update(msg)
		}
	case pageMsg[T, S]:
		if msg.seq != t.seq {
			return nil // stale: a newer request superseded it
		}
		t.loading, t.inflight, t.cancel = false, reqNone, nil
		if msg.kind == reqRefresh {
			return t.onRefreshPage(msg)
		}
		return t.onPage(msg)
	}
	return nil
}

func (t *List[T, S]) onPage(msg pageMsg[T, S]) tea.Cmd {
	defer t.syncEdge()
	seg := table.Head
	if msg.kind == reqTail {
		seg = table.Tail
	}
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		if msg.kind == reqFirst {
			t.err = msg.err
		} else {
			t.walks[seg].err = msg.err
		}
		return nil
	}
	p := msg.page
	if msg.kind == reqFirst {
		t.tbl.Reset()
		t.walks = [3]walk{}
		t.walks[table.Head].win = t.win
		t.summary, t.fetched, t.refreshErr = p.Summary, msg.at, nil
		t.tbl.SetTotal(int(t.spec.Total(p.Summary)))
		t.loaded = true
	}
	w := &t.walks[seg]
	announced := int(t.spec.Total(t.summary))
	if err := checkPage(&w.guard, t.sess.Client, msg.sent, &p); err != nil {
		if msg.kind == reqFirst {
			t.err, t.loaded = err, false
		} else {
			w.err = err
		}
		return nil
	}
	internRecords(t.intern, p.Data)
	w.started, w.next = true, p.Cursor()
	if seg == table.Head {
		t.tbl.AppendHead(p.Data)
		if w.ended() {
			t.tbl.HeadEnded()
		}
	} else {
		t.tbl.AppendTail(p.Data)
		if w.ended() {
			t.tbl.TailEnded()
		}
	}
	if !t.tbl.Complete() && t.tbl.Len() > announced+PageLimit {
		// The walks passed each other without meeting.
		w.err = &client.WalkError{Page: w.guard.Pages(), Problem: client.TooManyRecords, Records: int64(t.tbl.Len()), Announced: int64(announced)}
	}
	t.syncEdge()
	return t.maybeMore()
}

// syncEdge asks for the edge line after the head while a page is coming or
// a walk failed (the tail's own edge line is always there).
func (t *List[T, S]) syncEdge() {
	busy := t.loading && (t.inflight == reqHead || t.inflight == reqTail)
	t.tbl.SetEdge(t.loaded && (busy || t.walkErr() != nil))
}

// walkErr is the error of a stopped walk, the one on the cursor's side first.
func (t *List[T, S]) walkErr() error {
	h, tl := t.walks[table.Head].err, t.walks[table.Tail].err
	if t.tbl.InTail() && tl != nil || h == nil {
		return tl
	}
	return h
}

// retryOnScroll lets a movement key towards a walk that stopped on a failed
// request (the server was down, a 5xx, a timeout) ask for that page again:
// once the server is back, scrolling on just works, as in a pager. A key
// press is one retry at most, and only while nothing is in flight, so
// holding j against a dead server does not flood it. A page the guard
// refused (a loop, repeated ids) or a refused key stays stopped until r.
func (t *List[T, S]) retryOnScroll() {
	if !t.loaded || t.err != nil || t.loading {
		return
	}
	need := t.tbl.Need(t.ahead())
	if need == table.None {
		return
	}
	w := &t.walks[need]
	var refused *client.WalkError
	if w.err == nil || errors.As(w.err, &refused) || client.IsAuth(w.err) {
		return
	}
	w.err = nil
	t.syncEdge()
}

// retryWalk is r after a walk failed: the failed page is asked for again.
func (t *List[T, S]) retryWalk() tea.Cmd {
	seg, kind := table.Head, reqHead
	if t.walks[table.Head].err == nil || t.tbl.InTail() && t.walks[table.Tail].err != nil {
		seg, kind = table.Tail, reqTail
	}
	t.walks[seg].err = nil
	if t.loading {
		t.stop()
	}
	return t.request(kind)
}

// edgeText is what the edge line says: a stopped walk, a page coming, or
// how many records are not loaded between the head and the tail.
func (t *List[T, S]) edgeText() string {
	st := t.sess.Styles
	switch err := t.walkErr(); {
	case err != nil:
		// The walk guard's errors in brief: the edge is one row, and the
		// way out (r retry) must stay on it.
		why := common.OneLine(common.ErrText(err))
		var we *client.WalkError
		if errors.As(err, &we) {
			why = we.Brief()
		}
		room := max(10, t.tbl.Width()-len(" · r retry")-len("✗ more rows failed: ")-2)
		return st.Error.Render("✗ more rows failed: " + ansi.Truncate(why, room, "…") + " · r retry")
	case t.loading && t.inflight != reqRefresh:
		return st.Muted.Render("… loading more" + t.waitText())
	}
	if gap := t.tbl.Count() - t.tbl.Len(); gap > 0 {
		return st.Muted.Render("⋯ " + common.Plural(int64(gap), "more row", "more rows"))
	}
	return st.Muted.Render("⋯ more rows")
}

// Refresh repeats what failed (a stopped walk's page, else the whole walk),
// or refreshes keeping the selection (list_refresh.go).
func (t *List[T, S]) Refresh() tea.Cmd {
	switch {
	case t.restricted():
		return nil
	case t.grouping():
		return t.refetch() // one request: the groups stay shown until it answers
	case t.err != nil || !t.loaded:
		return t.refetch()
	case t.walkErr() != nil:
		return t.retryWalk()
	}
	return t.refresh(true)
}
