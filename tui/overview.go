package tui

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// overviewTab is the landing tab: plan, credits, wallets, where the credits
// went this period, the daily spend chart, the forecast and feature access.
//
// It uses the root's /billing (the header's) so the card, the gauge and the
// ledger agree; the ledger is fetched when a /billing arrives while the tab
// is shown (or when it is next shown). /usage/daily is fetched independently.
// Its lines are built once per change of data, size or palette; View only
// slices the visible window.
type overviewTab struct {
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

func (ledgerMsg) tabID() model.Tab { return model.TabOverview }
func (dailyMsg) tabID() model.Tab  { return model.TabOverview }

func newOverviewTab(sess *common.Session, v model.View) *overviewTab {
	t := &overviewTab{sess: sess}
	t.setView(v)
	return t
}

func (t *overviewTab) setView(v model.View) {
	t.view = model.View{Workspace: v.Workspace, Tab: model.TabOverview, TZ: v.TZ, AsRole: v.AsRole}
}

func (t *overviewTab) ID() model.Tab          { return model.TabOverview }
func (t *overviewTab) Title() string          { return model.TabOverview.Title() }
func (t *overviewTab) View() model.View       { return t.view }
func (t *overviewTab) SetSeesUsers(bool)      {}
func (t *overviewTab) Loaded() bool           { return t.ledger != nil || t.daily != nil }
func (t *overviewTab) Err() error             { return nil } // errors are shown per section
func (t *overviewTab) Busy() bool             { return t.ledgerBusy || t.dailyBusy }
func (t *overviewTab) RefreshErr() error      { return nil }
func (t *overviewTab) Caps() tabCaps          { return tabCaps{} }
func (t *overviewTab) NextSort() tea.Cmd      { return nil }
func (t *overviewTab) Reverse() tea.Cmd       { return nil }
func (t *overviewTab) Click(int, int) tea.Cmd { return nil }
func (t *overviewTab) SortLabel() string      { return "" }
func (t *overviewTab) SearchEnabled() bool    { return false }
func (t *overviewTab) APIKeyEnabled() bool    { return false }
func (t *overviewTab) TypeFilter() (string, []common.Option, string, bool) {
	return "", nil, "", false
}
func (t *overviewTab) SelectedID() string                        { return "" }
func (t *overviewTab) SelectedURL() string                       { return "" }
func (t *overviewTab) SelectedFields() []common.Field            { return nil }
func (t *overviewTab) SelectedConversation() *model.Conversation { return nil }

// FetchedAt is the older of the ledger's and the chart's fetch times.
func (t *overviewTab) FetchedAt() time.Time {
	switch {
	case t.ledgerAt.IsZero():
		return t.dailyAt
	case t.dailyAt.IsZero() || t.ledgerAt.Before(t.dailyAt):
		return t.ledgerAt
	}
	return t.dailyAt
}

func (t *overviewTab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.clampOff()
}

func (t *overviewTab) Reload(v model.View) tea.Cmd { t.setView(v); return nil }

// Reset forgets everything (workspace switch) without fetching.
func (t *overviewTab) Reset(v model.View) {
	t.Stop()
	t.setView(v)
	t.billing, t.billErr = nil, nil
	t.ledger, t.ledgerErr, t.ledgerAt, t.ledgerStale = nil, nil, time.Time{}, false
	t.daily, t.dailyErr, t.dailyAt = nil, nil, time.Time{}
	t.off = 0
	t.gen++
}

func (t *overviewTab) Stop() {
	if t.cancel != nil {
		t.cancel()
		t.fetchCtx, t.cancel = nil, nil
	}
	t.ledgerSeq = t.sess.Seqs.Next()
	t.dailySeq = t.sess.Seqs.Next()
	t.ledgerBusy, t.dailyBusy = false, false
}

// EnsureLoaded fetches what is missing or stale; data already shown stays.
func (t *overviewTab) EnsureLoaded() tea.Cmd {
	var cmds []tea.Cmd
	if t.daily == nil && !t.dailyBusy && t.dailyErr == nil {
		cmds = append(cmds, t.fetchDaily())
	}
	if t.billing != nil && !t.ledgerBusy && ((t.ledger == nil && t.ledgerErr == nil) || t.ledgerStale) {
		cmds = append(cmds, t.fetchLedger())
	}
	return tea.Batch(cmds...)
}

// Refresh, SoftRefresh and Retry refetch the chart; the ledger follows the
// root's /billing refetch (see SetBilling). Shown data stays until replaced.
func (t *overviewTab) Refresh() tea.Cmd {
	if t.dailyBusy {
		return nil
	}
	return t.fetchDaily()
}
func (t *overviewTab) SoftRefresh() tea.Cmd { return t.Refresh() }
func (t *overviewTab) Retry() tea.Cmd       { return t.Refresh() }

// SetBilling receives every /billing answer of the root. When the tab is
// shown the ledger is fetched for it at once; else on the next EnsureLoaded.
func (t *overviewTab) SetBilling(b *model.Billing, err error, shown bool) tea.Cmd {
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

func (t *overviewTab) ctx() context.Context {
	if t.cancel == nil {
		t.fetchCtx, t.cancel = context.WithCancel(t.sess.Ctx)
	}
	return t.fetchCtx
}

// fetchLedger reconciles the period against t.billing. When it does not
// reconcile, /billing and the ledger are read once more, as `tally balance`
// does: a record landing between requests is a false alarm, a real mismatch
// persists.
func (t *overviewTab) fetchLedger() tea.Cmd {
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
func (t *overviewTab) fetchDaily() tea.Cmd {
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

func (t *overviewTab) Update(msg tea.Msg) tea.Cmd {
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
		if t.billing != nil && msg.billing.Credits != t.billing.Credits {
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

func (t *overviewTab) maxOff() int { return max(0, len(t.lines)-t.h) }

func (t *overviewTab) clampOff() { t.off = max(0, min(t.off, t.maxOff())) }

func (t *overviewTab) Navigate(k *common.KeyMap, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	t.build()
	switch {
	case keyMatches(msg, k.Up):
		t.off--
	case keyMatches(msg, k.Down):
		t.off++
	case keyMatches(msg, k.PageUp):
		t.off -= max(1, t.h-1)
	case keyMatches(msg, k.PageDown):
		t.off += max(1, t.h-1)
	case keyMatches(msg, k.Top):
		t.off = 0
	case keyMatches(msg, k.Bottom):
		t.off = t.maxOff()
	default:
		return false, nil
	}
	t.clampOff()
	return true, nil
}

func (t *overviewTab) Wheel(delta int) tea.Cmd {
	t.build()
	t.off += delta
	t.clampOff()
	return nil
}

// Render is the visible window of the built lines.
func (t *overviewTab) Render(h int) string {
	t.build()
	t.clampOff()
	out := make([]string, 0, h)
	out = append(out, t.lines[t.off:min(len(t.lines), t.off+h)]...)
	for len(out) < h {
		out = append(out, common.Spaces(t.w))
	}
	return strings.Join(out, "\n")
}
