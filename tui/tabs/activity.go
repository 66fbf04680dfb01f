package tabs

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
	"github.com/tallyhq/tally/tui/dialog"
	"github.com/tallyhq/tally/tui/table"
)

// Activity is every change to the balance, newest first, in one list: the
// lazy k-way merge of the four lists' cursor walks (client.Activity), with
// the balance after each change. It holds the rows shown so far and the
// walks' checkpoints (at most one page per list), so memory follows what was
// scrolled, not the workspace's history.
//
// Like the other lists it has two segments: the head, walked newest first
// from the top, and the tail, walked oldest first (the same merge reversed,
// its balances carried up from the window's opening) when G asks for the
// oldest change. Scrolling up from the tail walks on backwards; the two join
// where they meet, and every row has the same balance either way.
type Activity struct {
	Base
	sess *common.Session
	list *model.List
	view model.View

	tbl         table.Table[model.ActivityRow]
	walk        client.Activity // the head's walk
	started     bool            // StartActivity answered: walk holds the checkpoint
	tail        client.Activity // the tail's walk, oldest first
	tailStarted bool
	win         common.Window
	seamErr     error // the segments met, but their balances do not agree

	seq      uint64
	loading  bool
	inflight table.Segment // the segment the request in flight is for
	cancel   context.CancelFunc
	err      error // the first screen failed: shown in place of the rows
	moreErr  error // a later page failed: shown on the edge line, r retries
	errSeg   table.Segment
	fetched  time.Time
	keep     *activityPlace // where r left the cursor, until it is back there
	// reloading: r's new walk is on its way; the rows held stay on screen
	// (and navigable) until its first page replaces them.
	reloading bool
}

// activityMsg is one step of the walk: the checkpoint after it and its rows.
type activityMsg struct {
	seq   uint64
	first bool
	seg   table.Segment
	walk  client.Activity
	rows  []model.ActivityRow
	err   error
	at    time.Time
}

func (activityMsg) TabID() model.Tab { return model.TabActivity }

// activityStep is how many rows one request for more asks the merge for:
// a few screens, which is one page of each list at the default page size.
const activityStep = 100

func newActivity(sess *common.Session, l *model.List, v model.View) *Activity {
	t := &Activity{sess: sess, list: l}
	t.tbl.SetColumns(activityColumns(sess.SeesUsers))
	t.tbl.SetFormat(table.CellFmt{Loc: sess.Loc}, sess.Redact.Enabled())
	t.tbl.SetIdentity(activityID)
	t.tbl.SetSort("at", false)
	t.view = l.Normalize(v)
	return t
}

func (t *Activity) ID() model.Tab    { return model.TabActivity }
func (t *Activity) SetSize(w, h int) { t.tbl.SetSize(w, h) }

// Reload applies a new window (the only filter Activity has).
func (t *Activity) Reload(v model.View) tea.Cmd {
	t.view = t.list.Normalize(v)
	return t.refetch()
}

// Reset forgets everything (a new workspace) without fetching.
func (t *Activity) Reset(v model.View) {
	t.Stop()
	t.tbl.SetColumns(activityColumns(t.sess.SeesUsers))
	t.view = t.list.Normalize(v)
	t.clear()
}

func (t *Activity) clear() {
	t.tbl.Reset()
	t.walk, t.started = client.Activity{}, false
	t.tail, t.tailStarted, t.seamErr = client.Activity{}, false, nil
	t.err, t.moreErr, t.errSeg, t.fetched = nil, nil, table.None, time.Time{}
	t.keep, t.reloading = nil, false
}

func (t *Activity) Stop() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.seq = t.sess.Seqs.Next()
	t.loading, t.reloading = false, false
	t.tbl.SetEdge(false)
}

// Activate starts the walk unless it started, is starting or failed.
func (t *Activity) Activate() tea.Cmd {
	if t.started || t.loading || t.err != nil {
		return nil
	}
	return t.refetch()
}

func (t *Activity) refetch() tea.Cmd {
	t.Stop()
	t.clear()
	from, to, err := t.view.Window(t.sess.Now(), t.sess.Loc)
	if err != nil {
		t.err = err
		return nil
	}
	t.win = common.Window{From: from, To: to}
	return t.start(table.Head)
}

// start begins a segment's walk: the head newest first, the tail oldest first.
func (t *Activity) start(seg table.Segment) tea.Cmd {
	q := client.ActivityQuery{From: t.win.From, To: t.win.To, Redact: t.sess.Redact, Oldest: seg == table.Tail}
	return t.request(func(ctx context.Context, c *client.Client, ws string) (client.Activity, []model.ActivityRow, error) {
		a, err := c.StartActivity(ctx, ws, q)
		if err != nil {
			return a, nil, err
		}
		return c.MoreActivity(ctx, a, activityStep)
	}, seg, seg == table.Head)
}

// more asks a segment's walk for its next rows, from the checkpoint held
// (the tail's first request starts its walk).
func (t *Activity) more(seg table.Segment) tea.Cmd {
	if t.loading || !t.started || t.tbl.Complete() {
		return nil
	}
	a := t.walk // a copy: the command never reads the tab
	if seg == table.Tail {
		if !t.tailStarted {
			t.tbl.SetEdge(true)
			return t.start(table.Tail)
		}
		a = t.tail
	}
	if a.Done() {
		return nil
	}
	t.tbl.SetEdge(true) // the edge line says what is coming (the tail's rows land below it)
	return t.request(func(ctx context.Context, c *client.Client, _ string) (client.Activity, []model.ActivityRow, error) {
		return c.MoreActivity(ctx, a, activityStep)
	}, seg, false)
}

func (t *Activity) request(step func(context.Context, *client.Client, string) (client.Activity, []model.ActivityRow, error), seg table.Segment, first bool) tea.Cmd {
	t.seq = t.sess.Seqs.Next()
	t.loading, t.inflight = true, seg
	ctx, cancel := context.WithCancel(t.sess.Ctx)
	t.cancel = cancel
	seq, c, ws, now := t.seq, t.sess.Client, t.sess.WS, t.sess.Now
	return func() tea.Msg {
		defer cancel()
		a, rows, err := step(ctx, c, ws)
		return activityMsg{seq: seq, first: first, seg: seg, walk: a, rows: rows, err: err, at: now()}
	}
}

func (t *Activity) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(activityMsg)
	if !ok || m.seq != t.seq {
		return nil // stale: a newer request superseded it
	}
	t.loading, t.cancel, t.inflight = false, nil, table.None
	t.tbl.SetEdge(false)
	if m.err != nil {
		if errors.Is(m.err, context.Canceled) {
			return nil
		}
		if m.first {
			t.clear() // a reload that failed: its error in place of the old rows
			t.err = m.err
		} else {
			t.moreErr, t.errSeg = m.err, m.seg
			t.tbl.SetEdge(true)
		}
		return nil
	}
	t.moreErr, t.errSeg = nil, table.None
	if m.seg == table.Tail {
		t.tail, t.tailStarted = m.walk, true
		if _, met := t.tbl.AppendTail(m.rows); met {
			t.checkSeam()
		} else if t.tail.Done() {
			t.tbl.TailEnded()
		}
		t.land()
		return t.maybeMore()
	}
	if m.first {
		t.replaceHeld()
		t.fetched = m.at
		t.tbl.SetTotal(int(m.walk.Totals().Changes))
	}
	t.walk, t.started = m.walk, true
	_, met := t.tbl.AppendHead(m.rows)
	if met {
		t.checkSeam()
	} else if t.walk.Done() {
		t.tbl.HeadEnded()
	}
	if m.first {
		t.aimBack()
	}
	t.land()
	if !met && t.walk.Done() {
		return nil
	}
	return t.maybeMore()
}

// checkSeam runs when the segments join: the rows held are then the whole
// window, so they must be as many as the summaries say, and each balance
// must follow from the one above it (the tail's are carried up from the
// opening, the head's down from remaining: records that changed between
// the two walks break the chain at the seam).
func (t *Activity) checkSeam() {
	t.seamErr = nil
	n := t.tbl.Len()
	if want := t.walk.Totals().Changes; int64(n) != want {
		t.seamErr = fmt.Errorf("%d changes held, the summaries say %d", n, want)
		return
	}
	for i := 1; i < n; i++ {
		a, b := t.tbl.Row(i-1), t.tbl.Row(i)
		if b.BalanceAfter != a.BalanceAfter-a.Amount {
			t.seamErr = fmt.Errorf("the balance after %s does not follow from %s", b.ID, a.ID)
			return
		}
	}
}

// Done reports that every change of the window is held and adds up: the
// head walked to the end, or the two segments met.
func (t *Activity) Done() (done bool, err error) {
	switch {
	case t.walk.Done():
		return true, t.walk.Check()
	case t.tbl.Complete():
		return true, t.seamErr
	}
	return false, nil
}

// maybeMore fetches the next rows of the segment the cursor is heading for,
// when it comes within two screens of its loaded end (never while a page
// failed: r or a scroll retries).
func (t *Activity) maybeMore() tea.Cmd {
	if t.moreErr != nil {
		return nil
	}
	if seg := t.tbl.Need(2 * t.tbl.Height()); seg != table.None {
		return t.more(seg)
	}
	return nil
}

// Selected is the row under the cursor, for y.
func (t *Activity) Selected() *Selection {
	r := t.tbl.Selected()
	if r == nil {
		return nil
	}
	return &Selection{ID: string(r.ID)}
}

// Wheel and Click move through the rows (a click on the header does
// nothing: Activity has one order).
func (t *Activity) Wheel(delta int) tea.Cmd {
	t.tbl.Scroll(delta)
	return t.maybeMore()
}

func (t *Activity) Click(_, line int) tea.Cmd {
	if i := t.tbl.RowAt(line); line > 0 && i >= 0 {
		t.tbl.SetCursor(i)
	}
	return t.maybeMore()
}

func (t *Activity) Keys() []common.Key {
	k := &t.sess.Keys.List
	sel := onlyIf(t.tbl.Selected() != nil, "Nothing selected")
	order := "One order, newest first: each balance after is built from remaining down"
	ks := []common.Key{}
	for _, b := range []*common.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom} {
		ks = append(ks, common.On(b))
	}
	ks = append(ks, common.On(&k.Dates),
		common.OffIf(&k.Sort, order), common.OffIf(&k.Reverse, order),
		common.OffIf(&k.Group, "Activity mixes four lists: v groups one of them on its own tab"),
		common.OffIf(&k.Clear, onlyIf(t.view.HasWindow(), "No dates to clear")),
		common.OffIf(&k.Details, sel), common.OffIf(&k.CopyID, sel),
		common.OffIf(&k.Open, "Nothing to open on Activity"))
	for i := range k.Filters {
		ks = append(ks, common.OffIf(&k.Filters[i], "Activity takes dates only: filter one list on its own tab"))
	}
	return ks
}

func (t *Activity) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &t.sess.Keys.List
	switch {
	case moveKey(k, msg, &t.tbl):
		// G included: the table aims at the oldest change, and Need sends
		// the tail's walk for it (the oldest first, one page per list).
		t.keep = nil // the user moved on from where r left them
	case common.Matches(msg, &k.Dates):
		return nil, common.ShowDialog{Dialog: dialog.NewDates(t.sess, t.view, func(w common.DateWindow) common.Action {
			return common.ApplyView{View: w.Apply(t.view)}
		})}
	case common.Matches(msg, &k.Clear):
		return t.Reload(common.DateWindow{}.Apply(t.view)), common.Flash{Text: "Cleared the dates"}
	case common.Matches(msg, &k.Details):
		return t.openDetail()
	case common.Matches(msg, &k.CopyID):
		if s := t.Selected(); s != nil {
			return nil, common.Copy{Text: s.ID, What: "ID " + s.ID}
		}
		return nil, nil
	default:
		return nil, nil
	}
	if t.moreErr != nil && t.tbl.Need(t.tbl.Height()) == t.errSeg && t.segWalk(t.errSeg).Stopped() == nil {
		t.moreErr = nil // scrolling to a failed page retries it (a stopped walk only r starts over)
	}
	return t.maybeMore(), nil
}

// openDetail is enter: a conversation's billing sheet, else the change's fields.
func (t *Activity) openDetail() (tea.Cmd, common.Action) {
	r := t.tbl.Selected()
	if r == nil {
		return nil, nil
	}
	if c, ok := r.Source.(*model.Conversation); ok && c != nil {
		d, cmd := dialog.NewSheet(t.sess, c)
		return cmd, common.ShowDialog{Dialog: d}
	}
	id := string(r.ID)
	fields := []common.Field{
		{Label: "What", Value: r.Label},
		{Label: "ID", Value: id},
		{Label: "At", Value: common.FmtTime(r.At, t.sess.Loc)},
		{Label: "Amount", Value: r.Amount.Signed()},
		{Label: "Balance after", Value: r.BalanceAfter.Grouped()},
	}
	if r.HasUser {
		fields = append(fields, common.Field{Label: "User", Value: r.UserName()})
	}
	return nil, common.ShowDialog{Dialog: dialog.NewFields(t.sess, "Activity · "+id, id, fields, "", false)}
}
