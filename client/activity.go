package client

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tallyhq/tally/model"
)

// ActivityQuery selects an Activity walk: a window on each list's time field
// (updated_at for conversations, created_at for the others).
type ActivityQuery struct {
	From, To time.Time // zero = unbounded; From inclusive, To exclusive
	PageSize int       // records per request and list: 1..200; 0 = 50
	// Redact masks key names, details and users before the rows' labels are
	// built from them (tally --redact); the zero value masks nothing.
	Redact model.Redactor
	// Oldest walks oldest first (the lists in ascending order, balances from
	// the window's opening up): the view's last rows, one request per list
	// away however long the history.
	Oldest bool
}

// order is the lists' order for q's walk.
func (q ActivityQuery) order() string {
	if q.Oldest {
		return "asc"
	}
	return "desc"
}

const defaultActivityPage = 50

func (q ActivityQuery) pageSize() int {
	if q.PageSize == 0 {
		return defaultActivityPage
	}
	return q.PageSize
}

// Validate reports the first problem with q; nothing is sent when it fails.
func (q ActivityQuery) Validate() error {
	if q.PageSize < 0 || q.PageSize > maxLimit {
		return fmt.Errorf("page size %d is out of range: use 1 to %d", q.PageSize, maxLimit)
	}
	return ListQuery{From: q.From, To: q.To}.validate("activity", nil)
}

// Activity is an Activity walk in progress: the lazy merge of the four
// lists' cursor walks, newest first, with the balance after each change.
//
// It is a value: copy it into a tea.Cmd, call MoreActivity there and keep
// the Activity it returns; the old one stays valid (a checkpoint to walk on
// from again). It holds at most one page per list, so a TUI keeps memory to
// the rows it shows and export streams.
type Activity struct {
	ws        string
	q         ActivityQuery
	users     bool
	remaining model.Credits
	m         model.ActivityMerge
	// guards are the four lists' walk guards (client.Walk), shared by the
	// values of one walk; pages is how many pages of each this value has
	// taken. A guard holds sets that only grow, so only the newest value of
	// a walk can be checked: walking on from an older one (guards ahead of
	// pages) drops them for that branch, where the merge's own checks (order,
	// repeated cursor, counts, summaries) still bound the walk.
	guards *activityGuards
	pages  [4]int
}

// activityGuards are a walk's guards and, once one of them refused a page
// (or the merge refused what they let through), that error: it ends the
// walk for every value of it. Without it a retry from the value before the
// refusal would find its guard a page ahead, step aside as for an older
// value, and let the refused page in unchecked.
type activityGuards struct {
	w       [4]Walk
	stopped error
}

// StoppedError is a walk ended by what the server sent: walking on from any
// checkpoint of it fails the same way, with no request; only a new walk
// (StartActivity) goes on.
type StoppedError struct{ Err error }

func (e *StoppedError) Error() string { return e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// Stopped is the error that ended a's walk, or nil while it can go on.
func (a Activity) Stopped() error {
	if a.guards == nil || a.guards.stopped == nil {
		return nil
	}
	return a.guards.stopped
}

// stop ends the walk a belongs to with err (see activityGuards).
func (a *Activity) stop(err error) error {
	if a.guards == nil {
		return err
	}
	if a.guards.stopped == nil {
		a.guards.stopped = &StoppedError{Err: err}
	}
	return a.guards.stopped
}

// StartActivity reads /billing for remaining and the role, the four lists'
// summaries at or after the window's end (when it has one) for the anchor,
// and the first page of each list, up to four requests at a time. The newest
// row's balance after is then the anchor: remaining, minus everything at or
// after To. Records that land between these requests make the balances off
// by their amount; Check tells, once the walk is done.
func (c *Client) StartActivity(ctx context.Context, ws string, q ActivityQuery) (Activity, error) {
	a := Activity{ws: ws, q: q}
	if _, err := wsPath(ws, ""); err != nil {
		return a, err
	}
	if err := q.Validate(); err != nil {
		return a, err
	}
	var (
		b     model.Billing
		after [4]model.ActivityWindow
		raw   [4]rawActivityPage
	)
	fns := []func(context.Context) error{func(ctx context.Context) error {
		var err error
		b, err = c.Billing(ctx, ws)
		return err
	}}
	for i, k := range model.ActivityKinds {
		fns = append(fns, func(ctx context.Context) error {
			var err error
			raw[i], err = c.activityPage(ctx, ws, k, ListQuery{From: q.From, To: q.To, Limit: q.pageSize(), Order: q.order()})
			return err
		})
		if !q.To.IsZero() {
			fns = append(fns, func(ctx context.Context) error {
				p, err := c.activityPage(ctx, ws, k, ListQuery{From: q.To, Limit: 1, Order: "desc"})
				after[i] = p.window
				return err
			})
		}
	}
	if err := parallel(ctx, ledgerParallel, fns...); err != nil {
		return a, err
	}
	a.guards = &activityGuards{}
	for i := range a.guards.w {
		a.guards.w[i] = c.NewWalk(q.pageSize())
	}
	if err := a.guard(raw[:]); err != nil {
		return a, err
	}
	a.users, a.remaining = b.Role.SeesUsers(), b.Credits.Remaining
	anchor := b.Credits.Remaining
	for _, w := range after {
		var err error
		if anchor, err = anchor.Sub(w.Amount); err != nil {
			return a, fmt.Errorf("activity: the balance at the end of the window is out of range")
		}
	}
	m := model.NewActivityMerge(anchor)
	if q.Oldest {
		m = model.NewActivityMergeOldest(anchor)
	}
	for i := range raw {
		var err error
		if m, err = m.Feed(raw[i].page(a.users, q.Redact)); err != nil {
			return a, err
		}
	}
	a.m = m
	return a, nil
}

// MoreActivity returns a's next n rows (fewer only at the end) and the walk
// advanced past them, fetching the next page of whichever lists the merge
// needs, concurrently. On an error it returns a unchanged and no rows, so the
// caller can show the error and retry from the same place.
func (c *Client) MoreActivity(ctx context.Context, a Activity, n int) (Activity, []model.ActivityRow, error) {
	if err := a.Stopped(); err != nil {
		return a, nil, err
	}
	m := a.m
	next := a
	var out []model.ActivityRow
	for {
		var rows []model.ActivityRow
		var err error
		if m, rows, err = m.Take(n - len(out)); err != nil {
			return a, nil, err
		}
		out = append(out, rows...)
		if len(out) >= n || m.Done() {
			next.m = m
			return next, out, nil
		}
		needs := m.Needs()
		raw := make([]rawActivityPage, len(needs))
		fns := make([]func(context.Context) error, len(needs))
		for i, k := range needs {
			cur := m.Cursor(k)
			fns[i] = func(ctx context.Context) error {
				var err error
				raw[i], err = c.activityPage(ctx, a.ws, k, ListQuery{From: a.q.From, To: a.q.To, Limit: a.q.pageSize(), Cursor: cur, Order: a.q.order()})
				return err
			}
		}
		if err := parallel(ctx, ledgerParallel, fns...); err != nil {
			return a, nil, err
		}
		if err := next.guard(raw); err != nil {
			return a, nil, err
		}
		for i := range raw {
			if m, err = m.Feed(raw[i].page(a.users, a.q.Redact)); err != nil {
				// The guards took these pages: walking them again would
				// find the guards ahead and check nothing.
				return a, nil, next.stop(err)
			}
		}
	}
}

// guard checks fetched pages with the lists' walk guards, in stream order,
// before the merge sees them, and counts them into a.pages. A refused page
// stops the walk (see activityGuards): the guard may have taken part of it.
func (a *Activity) guard(raw []rawActivityPage) error {
	if err := a.Stopped(); err != nil {
		return err
	}
	for _, r := range raw {
		i := slices.Index(model.ActivityKinds, r.kind)
		if a.guards == nil || i < 0 {
			return nil
		}
		g := &a.guards.w[i]
		if g.Pages() != a.pages[i] {
			a.guards = nil // an older value walking on: see Activity.guards
			return nil
		}
		if err := g.Page(a.pages[i]+1, r.info); err != nil {
			return a.stop(fmt.Errorf("%s: %w", r.kind.Tab().Title(), err))
		}
		a.pages[i]++
	}
	return nil
}

// Done reports that every row has been returned.
func (a Activity) Done() bool { return a.m.Done() }

// Taken counts the rows returned so far.
func (a Activity) Taken() int64 { return a.m.Taken() }

// Remaining is /billing's remaining as read by StartActivity.
func (a Activity) Remaining() model.Credits { return a.remaining }

// Anchor is the newest row's balance after (Remaining for an open-ended window).
func (a Activity) Anchor() model.Credits { return a.m.Anchor() }

// Totals are the window's figures: changes, spent, added, removed, net.
func (a Activity) Totals() model.ActivityTotals {
	t, _ := a.m.Totals()
	return t
}

// Opening is the balance before the window's oldest change (0 over all time).
func (a Activity) Opening() model.Credits {
	o, _ := a.m.Opening()
	return o
}

// ShowsUsers reports whether rows carry users (the role sees them).
func (a Activity) ShowsUsers() bool { return a.users }

// Query is the walk's window and page size.
func (a Activity) Query() ActivityQuery { return a.q }

// Check, once Done, reports rows that do not add up to the summaries
// (wrapping model.ErrActivityMismatch).
func (a Activity) Check() error { return a.m.Check() }

// rawActivityPage is a fetched page before its rows are converted (the role,
// from /billing, may not be known yet when the first pages arrive).
type rawActivityPage struct {
	kind   model.ActivityKind
	conv   []model.Conversation
	calls  []model.MCPCall
	imps   []model.Import
	adjs   []model.Adjustment
	next   string
	window model.ActivityWindow
	limit  int
	info   PageInfo // for the walk guard
}

func (r rawActivityPage) page(users bool, red model.Redactor) model.ActivityPage {
	p := model.ActivityPage{Kind: r.kind, Next: r.next, Window: r.window, Slack: r.limit}
	n := len(r.conv) + len(r.calls) + len(r.imps) + len(r.adjs)
	p.Rows = make([]model.ActivityRow, 0, n)
	for _, x := range r.conv {
		p.Rows = append(p.Rows, model.ConversationActivity(red.Conversation(x), users))
	}
	for _, x := range r.calls {
		p.Rows = append(p.Rows, model.MCPCallActivity(red.MCPCall(x), users))
	}
	for _, x := range r.imps {
		p.Rows = append(p.Rows, model.ImportActivity(red.Import(x), users))
	}
	for _, x := range r.adjs {
		p.Rows = append(p.Rows, model.AdjustmentActivity(red.Adjustment(x)))
	}
	return p
}

// activityPage fetches one page of one list newest first (its time field,
// descending: the merge's order).
func (c *Client) activityPage(ctx context.Context, ws string, k model.ActivityKind, lq ListQuery) (rawActivityPage, error) {
	r := rawActivityPage{kind: k, limit: lq.Limit}
	switch k {
	case model.ActivityConversation:
		lq.Sort = "updated_at"
		p, err := c.Conversations(ctx, ws, ConversationQuery{ListQuery: lq})
		r.conv, r.next, r.info = p.Data, p.Cursor(), InfoOf(p, lq.Cursor)
		r.window = model.ActivityWindow{Count: p.Summary.Conversations, Amount: p.Summary.Credits.Neg()}
		return r, err
	case model.ActivityMCPCall:
		lq.Sort = "created_at"
		p, err := c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: lq})
		r.calls, r.next, r.info = p.Data, p.Cursor(), InfoOf(p, lq.Cursor)
		r.window = model.ActivityWindow{Count: p.Summary.Calls, Amount: p.Summary.Credits.Neg()}
		return r, err
	case model.ActivityImport:
		lq.Sort = "created_at"
		p, err := c.Imports(ctx, ws, ImportQuery{ListQuery: lq})
		r.imps, r.next, r.info = p.Data, p.Cursor(), InfoOf(p, lq.Cursor)
		r.window = model.ActivityWindow{Count: p.Summary.Imports, Amount: p.Summary.Credits.Neg()}
		return r, err
	}
	lq.Sort = "created_at"
	p, err := c.Adjustments(ctx, ws, AdjustmentQuery{ListQuery: lq})
	r.adjs, r.next, r.info = p.Data, p.Cursor(), InfoOf(p, lq.Cursor)
	r.window = model.ActivityWindow{Count: p.Summary.Adjustments, Amount: p.Summary.Net,
		Added: p.Summary.CreditsAdded, Removed: p.Summary.CreditsRemoved}
	return r, err
}
