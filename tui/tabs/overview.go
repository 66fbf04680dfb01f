package tabs

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Overview is the landing tab: plan, credits, wallets, where the credits
// went this period, the daily spend chart, the forecast and feature access.
//
// It uses the root's /billing (the header's) so the card, the gauge and the
// ledger agree; the ledger is fetched when a /billing arrives while the tab
// is shown (or when it is next shown). /usage/daily is fetched independently.
// Its lines are built once per change of data, size or palette; View only
// slices the visible window.
type Overview struct {
	sess *common.Session
	view model.View
	w, h int
	off  int // first visible line

	billing *model.Billing
	billErr error

	ledger      *model.Reconciliation
	ledgerErr   error
	ledgerSeq   uint64
	ledgerBusy  bool
	ledgerAt    time.Time
	ledgerStale bool // a newer /billing arrived while hidden: refetch when shown

	daily     []model.DailyUsage
	dailyLoc  *time.Location
	dailyZone string
	dailyErr  error
	dailySeq  uint64
	dailyBusy bool
	dailyAt   time.Time

	fetchCtx context.Context    // shared by the ledger and chart fetches until Stop
	cancel   context.CancelFunc // cancels both fetches (workspace switch, quit)

	lines    []string
	builtFor string // the width, data generation and palette the lines were built for
	gen      uint64 // bumped whenever the data changes
}

type (
	ledgerMsg struct {
		seq     uint64
		billing model.Billing
		rec     model.Reconciliation
		err     error
		at      time.Time
	}
	dailyMsg struct {
		seq  uint64
		data []model.DailyUsage
		loc  *time.Location
		zone string
		err  error
		at   time.Time
	}
)

func (ledgerMsg) TabID() model.Tab { return model.TabOverview }
func (dailyMsg) TabID() model.Tab  { return model.TabOverview }

// NewOverview is the landing tab.
func NewOverview(sess *common.Session, v model.View) *Overview {
	t := &Overview{sess: sess}
	t.setView(v)
	return t
}

func (t *Overview) setView(v model.View) {
	t.view = model.View{Workspace: v.Workspace, Tab: model.TabOverview, TZ: v.TZ, AsRole: v.AsRole}
}

func (t *Overview) ID() model.Tab { return model.TabOverview }

// FetchedAt is the older of the ledger's and the chart's fetch times.
func (t *Overview) fetchedAt() time.Time {
	switch {
	case t.ledgerAt.IsZero():
		return t.dailyAt
	case t.dailyAt.IsZero() || t.ledgerAt.Before(t.dailyAt):
		return t.ledgerAt
	}
	return t.dailyAt
}

func (t *Overview) SetSize(w, h int) {
	t.w, t.h = w, h
	t.clampOff()
}

// Reset forgets everything (workspace switch) without fetching.
func (t *Overview) Reset(v model.View) {
	t.Stop()
	t.setView(v)
	t.billing, t.billErr = nil, nil
	t.ledger, t.ledgerErr, t.ledgerAt, t.ledgerStale = nil, nil, time.Time{}, false
	t.daily, t.dailyErr, t.dailyAt = nil, nil, time.Time{}
	t.off = 0
	t.gen++
}

func (t *Overview) Stop() {
	if t.cancel != nil {
		t.cancel()
		t.fetchCtx, t.cancel = nil, nil
	}
	t.ledgerSeq = t.sess.Seqs.Next()
	t.dailySeq = t.sess.Seqs.Next()
	t.ledgerBusy, t.dailyBusy = false, false
}

// Activate fetches what is missing or stale; data already shown stays.
func (t *Overview) Activate() tea.Cmd {
	var cmds []tea.Cmd
	if t.daily == nil && !t.dailyBusy && t.dailyErr == nil {
		cmds = append(cmds, t.fetchDaily())
	}
	if t.billing != nil && !t.ledgerBusy && ((t.ledger == nil && t.ledgerErr == nil) || t.ledgerStale) {
		cmds = append(cmds, t.fetchLedger())
	}
	return tea.Batch(cmds...)
}

// Refresh and SoftRefresh refetch the chart; the ledger follows the root's
// /billing refetch (see SetBilling). Shown data stays until replaced.
func (t *Overview) Refresh() tea.Cmd {
	if t.dailyBusy {
		return nil
	}
	return t.fetchDaily()
}
func (t *Overview) SoftRefresh() tea.Cmd { return t.Refresh() }

// SetBilling receives every /billing answer of the root. When the tab is
// shown the ledger is fetched for it at once; else on the next EnsureLoaded.
func (t *Overview) SetBilling(b *model.Billing, err error, shown bool) tea.Cmd {
	t.gen++
	if err != nil {
		t.billErr = err
		return nil
	}
	t.billing, t.billErr = b, nil
	if !shown {
		t.ledgerStale = true
		return nil
	}
	return t.fetchLedger()
}

func (t *Overview) ctx() context.Context {
	if t.cancel == nil {
		t.fetchCtx, t.cancel = context.WithCancel(t.sess.Ctx)
	}
	return t.fetchCtx
}

// fetchLedger reconciles the period against t.billing. When it does not
// reconcile, /billing and the ledger are read once more, as `tally balance`
// does: a record landing between requests is a false alarm, a real mismatch
// persists.
func (t *Overview) fetchLedger() tea.Cmd {
	t.ledgerSeq = t.sess.Seqs.Next()
	t.ledgerBusy, t.ledgerStale = true, false
	seq, c, ctx, ws, b := t.ledgerSeq, t.sess.Client, t.ctx(), t.sess.WS, *t.billing
	red, now := t.sess.Redact, t.sess.Now
	return func() tea.Msg {
		var rec model.Reconciliation
		for attempt := 0; attempt < 2; attempt++ {
			in, err := c.LedgerInput(ctx, ws, b)
			if err != nil {
				return ledgerMsg{seq: seq, err: err, at: now()}
			}
			rec = model.Reconcile(in)
			if rec.Reconciles || attempt == 1 {
				break
			}
			nb, err := c.Billing(ctx, ws)
			if err != nil {
				break
			}
			b = red.Billing(nb)
		}
		return ledgerMsg{seq: seq, billing: b, rec: rec, at: now()}
	}
}

// fetchDaily asks /usage/daily for the last 30 days in the user's zone (by
// its IANA name; in UTC when the local zone has none, and then computed in UTC).
func (t *Overview) fetchDaily() tea.Cmd {
	t.dailySeq = t.sess.Seqs.Next()
	t.dailyBusy = true
	seq, c, ctx, ws, loc, now := t.dailySeq, t.sess.Client, t.ctx(), t.sess.WS, t.sess.Loc, t.sess.Now
	return func() tea.Msg {
		zone, dloc := model.ZoneName(loc, os.Getenv), loc
		if zone == "" {
			zone, dloc = "UTC", time.UTC
		}
		from, to := model.DailyWindow(now(), dloc, model.ChartDays)
		d, err := c.Daily(ctx, ws, client.DailyQuery{From: from, To: to, TZ: zone})
		return dailyMsg{seq: seq, data: d.Data, loc: dloc, zone: zone, err: err, at: now()}
	}
}

func (t *Overview) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ledgerMsg:
		if msg.seq != t.ledgerSeq {
			return nil
		}
		t.ledgerBusy = false
		t.gen++
		if msg.err != nil {
			if !errors.Is(msg.err, context.Canceled) {
				t.ledgerErr = msg.err
			}
			return nil
		}
		rec := msg.rec
		t.ledger, t.ledgerErr, t.ledgerAt = &rec, nil, msg.at
		if c, o := msg.billing.Credits, t.billing; o != nil && (c.Remaining != o.Credits.Remaining || c.GrantedThisPeriod != o.Credits.GrantedThisPeriod || c.UsedThisPeriod != o.Credits.UsedThisPeriod) {
			// The retry read a newer /billing: show the figures the ledger used.
			b := msg.billing
			t.billing = &b
		}
	case dailyMsg:
		if msg.seq != t.dailySeq {
			return nil
		}
		t.dailyBusy = false
		t.gen++
		if msg.err != nil {
			if !errors.Is(msg.err, context.Canceled) {
				t.dailyErr = msg.err
			}
			return nil
		}
		if msg.data == nil {
			msg.data = []model.DailyUsage{}
		}
		t.daily, t.dailyLoc, t.dailyZone, t.dailyErr, t.dailyAt = msg.data, msg.loc, msg.zone, nil, msg.at
	}
	return nil
}

// Scrolling.

func (t *Overview) maxOff() int { return max(0, len(t.lines)-t.h) }

func (t *Overview) clampOff() { t.off = max(0, min(t.off, t.maxOff())) }

// Keys are the Overview's: it scrolls; the list keys say where they apply.
func (t *Overview) Keys() []common.Key {
	k := &t.sess.Keys.List
	why := "The Overview covers the billing period and the last 30 days: the lists take date filters"
	ks := []common.Key{common.On(common.Hint("j/k", "scroll")), common.On(common.Hint("1-"+strconv.Itoa(len(model.Lists())), "tabs")),
		common.On(&t.sess.Keys.Global.Refresh)} // r is global; the Overview lists it because refreshing is what it is for
	for _, b := range []*common.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom} {
		ks = append(ks, common.On(b))
	}
	ks = append(ks, common.OffIf(&k.Dates, why), common.OffIf(&k.Clear, why),
		common.OffIf(&k.Sort, "Nothing to sort here: the lists sort with s"),
		common.OffIf(&k.Reverse, "Nothing to sort here: the lists sort with s"),
		common.OffIf(&k.Details, "Nothing to open here: enter opens a record on the lists"),
		common.OffIf(&k.CopyID, "Nothing selected to copy"),
		common.OffIf(&k.Open, "Nothing to open here"))
	for i := range k.Filters {
		ks = append(ks, common.OffIf(&k.Filters[i], why))
	}
	return ks
}

// HandleKey scrolls.
func (t *Overview) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, common.Action) {
	k := &t.sess.Keys.List
	t.build()
	page := max(1, t.h-1)
	switch {
	case common.Matches(msg, &k.Up):
		t.off--
	case common.Matches(msg, &k.Down):
		t.off++
	case common.Matches(msg, &k.PageUp):
		t.off -= page
	case common.Matches(msg, &k.PageDown):
		t.off += page
	case common.Matches(msg, &k.HalfUp):
		t.off -= max(1, page/2)
	case common.Matches(msg, &k.HalfDown):
		t.off += max(1, page/2)
	case common.Matches(msg, &k.Top):
		t.off = 0
	case common.Matches(msg, &k.Bottom):
		t.off = t.maxOff()
	}
	t.clampOff()
	return nil, nil
}

func (t *Overview) Wheel(delta int) tea.Cmd {
	t.build()
	t.off += delta
	t.clampOff()
	return nil
}

// Click does nothing on the Overview.
func (t *Overview) Click(int, int) tea.Cmd { return nil }

// View is the visible window of the built lines.
func (t *Overview) View() string {
	h := t.h
	t.build()
	off := max(0, min(t.off, t.maxOff())) // the data may have shrunk since the last key
	out := make([]string, 0, h)
	out = append(out, t.lines[off:min(len(t.lines), off+h)]...)
	for len(out) < h {
		out = append(out, common.Spaces(t.w))
	}
	return strings.Join(out, "\n")
}
