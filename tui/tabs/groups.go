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
	"github.com/tallyhq/tally/tui/table"
)

// Groups is a usage list's group-by view (contract 1.1): the groups of the
// list's current filters — label, count, credits and share of the total —
// in the server's order, the other row, and whether they add up to the
// list's summary. Time groupings draw a bar chart above the table. The List
// tab delegates to it while its view has a GroupBy (list_groups.go).
type Groups struct {
	sess  *common.Session
	list  *model.List
	fetch groupFetch
	// summary says a groups document's summary in words (the list's Spec.Summary).
	summary func(any) string

	view    model.View // what is shown (its GroupBy, filters and window)
	win     common.Window
	seq     uint64
	loading bool
	cancel  context.CancelFunc
	doc     *groupDoc
	err     error
	fetched time.Time

	tbl  table.Table[groupRow]
	rows []groupRow // as the server sent them (the other row last)
	w, h int
	// sort is the column the groups are ordered by ("" = the server's
	// order: credits, largest first, or time, oldest first); asc its way.
	sort string
	asc  bool
}

// groupDoc is a groups document of any list, as the view needs it.
type groupDoc struct {
	by      model.GroupBy
	data    []model.Group
	other   model.GroupOther
	count   int64
	credits model.Credits
	summary any   // the list's summary type
	check   error // the identity (groups + other = summary); nil = ✓
	loc     *time.Location
	zone    string
	from    time.Time // the window grouped, for time buckets
	to      time.Time
}

// groupFetch fetches one list's groups (groupsOf, per Spec).
type groupFetch func(ctx context.Context, c *client.Client, ws string, q client.ViewQuery, g client.GroupQuery) (groupDoc, error)

// groupsOf is the Spec.Groups of a list whose summary type is S.
func groupsOf[S model.GroupSummary](ctx context.Context, c *client.Client, ws string, q client.ViewQuery, g client.GroupQuery) (groupDoc, error) {
	d, err := client.FetchGroups[S](ctx, c, ws, q, g)
	if err != nil {
		return groupDoc{}, err
	}
	n, credits := d.Summary.Totals()
	return groupDoc{by: d.By, data: d.Data, other: d.Other, count: n, credits: credits, summary: d.Summary, check: d.Check()}, nil
}

// groupRowID is a row's identity in the table: the cursor stays on its
// group when the groups are refreshed or sorted.
func groupRowID(r *groupRow) string {
	if r.other {
		return "\x00other"
	}
	return r.g.KeyString() + "\x00" + r.label
}

// groupRow is one line of the table: a group, or the other row.
type groupRow struct {
	label   string
	g       model.Group
	other   bool
	share   int64 // tenths of a percent of the total
	shareOK bool
}

type groupsMsg struct {
	tab model.Tab
	seq uint64
	doc groupDoc
	err error
	at  time.Time
}

func (m groupsMsg) TabID() model.Tab { return m.tab }

// groupLimit is how many groups a categorical grouping shows; the rest are
// folded into other by the server (the contract's default).
const groupLimit = 100

func newGroups(sess *common.Session, l *model.List, fetch groupFetch, summary func(any) string) *Groups {
	g := &Groups{sess: sess, list: l, fetch: fetch, summary: summary}
	g.tbl.SetColumns(groupColumns(l, ""))
	g.tbl.SetFormat(table.CellFmt{Loc: sess.Loc}, sess.Redact.Enabled())
	g.tbl.SetIdentity(groupRowID)
	return g
}

func (g *Groups) SetSize(w, h int) {
	g.w, g.h = w, h
	g.tbl.SetSize(w, g.tableLines())
}

// started reports that a load is in flight, arrived or failed.
func (g *Groups) started() bool { return g.loading || g.doc != nil || g.err != nil }

// roleOff is why the role cannot have this grouping ("" = it can).
func (g *Groups) roleOff(by model.GroupBy) string {
	if by == model.GroupByUser && !g.sess.Role.SeesUsers() {
		return "A " + string(g.sess.Role) + " does not see who spent: grouping by user is for owners, admins and support"
	}
	return ""
}

// load fetches the groups of view v (reference filters resolved) over w.
// The shown groups stay until the answer replaces them, unless the
// grouping itself changed.
func (g *Groups) load(v model.View, w common.Window) tea.Cmd {
	g.stop()
	if g.doc != nil && (g.doc.by != v.GroupBy || g.view.GroupBy != v.GroupBy) {
		g.doc = nil
	}
	if g.view.GroupBy != v.GroupBy {
		g.tbl.SetColumns(groupColumns(g.list, v.GroupBy))
		g.tbl.SetSize(g.w, g.tableLines())
		g.tbl.Reset()
		g.sort, g.asc = "", false
		g.tbl.SetSort("", false)
	}
	g.view, g.win, g.err = v, w, nil
	if off := g.roleOff(v.GroupBy); off != "" {
		g.err = errors.New(off) // nothing is sent: the server would answer 403
		return nil
	}
	g.seq = g.sess.Seqs.Next()
	g.loading = true
	ctx, cancel := context.WithCancel(g.sess.Ctx)
	g.cancel = cancel
	// Copies only: the command must not read the model after Update returns.
	seq, c, ws, id, fetch, now, loc := g.seq, g.sess.Client, g.sess.WS, g.list.Tab, g.fetch, g.sess.Now, g.sess.Loc
	q := client.ViewQuery{List: g.list, View: v, ListQuery: client.ListQuery{From: w.From, To: w.To}}
	gq := client.GroupQuery{By: v.GroupBy, Limit: groupLimit}
	red := g.sess.Redact
	return func() tea.Msg {
		defer cancel()
		zone, zloc := "", loc
		if gq.By.IsTime() {
			// Buckets are calendar days in the session's zone, by its IANA
			// name (UTC when the local zone has none, and then shown in UTC).
			if zone = model.ZoneName(loc, os.Getenv); zone == "" {
				zone, zloc = "UTC", time.UTC
			}
			gq.TZ = zone
		}
		d, err := fetch(ctx, c, ws, q, gq)
		d.loc, d.zone, d.from, d.to = zloc, zone, q.From, q.To
		for i, x := range d.data {
			d.data[i].Label = redactGroupLabel(red, d.by, x.Label)
		}
		return groupsMsg{tab: id, seq: seq, doc: d, err: err, at: now()}
	}
}

// redactGroupLabel masks what --redact masks elsewhere: people's and keys' names.
func redactGroupLabel(r model.Redactor, by model.GroupBy, l *model.Text) *model.Text {
	if l == nil || !r.Enabled() {
		return l
	}
	var v model.Text
	switch by {
	case model.GroupByUser:
		v = r.Name(*l)
	case model.GroupByAPIKey:
		v = r.KeyName(*l)
	default:
		return l
	}
	return &v
}

func (g *Groups) stop() {
	if g.cancel != nil {
		g.cancel()
		g.cancel = nil
	}
	g.seq = g.sess.Seqs.Next()
	g.loading = false
}

// reset forgets everything (a new workspace).
func (g *Groups) reset() {
	g.stop()
	g.doc, g.err, g.fetched = nil, nil, time.Time{}
	g.view = model.View{}
	g.tbl.Reset()
}

func (g *Groups) update(m groupsMsg) tea.Cmd {
	if m.seq != g.seq {
		return nil // stale: a newer request superseded it
	}
	g.loading, g.cancel = false, nil
	if m.err != nil {
		if client.IsCannotGroup(m.err) {
			g.sess.Caps.SetNoGroups()
		}
		if !errors.Is(m.err, context.Canceled) {
			g.err, g.doc = m.err, nil
		}
		return nil
	}
	d := m.doc
	g.doc, g.err, g.fetched = &d, nil, m.at
	rows := make([]groupRow, 0, len(d.data)+1)
	for _, x := range d.data {
		share, ok := model.ShareTenths(x.Credits, d.credits)
		rows = append(rows, groupRow{label: g.label(d.by, x), g: x, share: share, shareOK: ok})
	}
	if d.other.Groups > 0 {
		share, ok := model.ShareTenths(d.other.Credits, d.credits)
		rows = append(rows, groupRow{label: otherLabel(d.by, d.other.Groups), other: true,
			g: model.Group{Count: d.other.Count, Credits: d.other.Credits}, share: share, shareOK: ok})
	}
	g.rows = rows
	g.order()
	return nil
}

// label is a group's name: an enum's label from the registry ("Subscription
// renewal", where the server sends the raw value), else the server's.
func (g *Groups) label(by model.GroupBy, x model.Group) string {
	if by.IsTime() {
		if d, err := time.Parse(time.DateOnly, x.KeyString()); err == nil {
			return bucketLabel(by, d, g.sess.Now().In(g.sess.Loc).Year())
		}
	}
	if f := g.list.FilterFor(by); f != nil && f.Kind == model.FilterEnum && x.Key != nil {
		return f.LabelOf(x.KeyString())
	}
	return x.Display(by)
}

// bucketLabel is a time bucket in words that fit a narrow column: "Mon
// Nov 2", "Nov 2 – Nov 8", "Nov 2026"; days and weeks of another year than
// this one say it ("Mon Dec 29 2025").
func bucketLabel(by model.GroupBy, d time.Time, thisYear int) string {
	year := ""
	if d.Year() != thisYear {
		year = " " + strconv.Itoa(d.Year())
	}
	switch by {
	case model.GroupByMonth:
		return d.Format("Jan 2006")
	case model.GroupByWeek:
		return d.Format("Jan 2") + " – " + d.AddDate(0, 0, 6).Format("Jan 2") + year
	}
	return d.Format("Mon Jan 2") + year
}

// otherLabel is "other (3 keys)".
func otherLabel(by model.GroupBy, n int64) string {
	what := map[model.GroupBy][2]string{
		model.GroupByAPIKey: {"key", "keys"}, model.GroupByUser: {"user", "users"}, model.GroupByTool: {"tool", "tools"},
	}[by]
	if what[0] == "" {
		what = [2]string{"type", "types"}
	}
	return "other (" + common.Plural(n, what[0], what[1]) + ")"
}

// drill is the view enter opens for the selected group: the list filtered
// by its key (the registry filter whose values are this grouping's keys),
// or its bucket's part of the window. why says why there is none.
func (g *Groups) drill() (v model.View, why string) {
	r := g.tbl.Selected()
	if r == nil || g.doc == nil {
		return v, "Nothing selected"
	}
	by := g.doc.by
	v = g.view
	v.GroupBy = ""
	switch {
	case r.other:
		return v, "The other row folds the smallest groups together: it cannot be opened"
	case by.IsTime():
		from, to, ok := r.g.Bucket(by, g.doc.loc)
		if !ok {
			return v, "This bucket has no date"
		}
		// Only the bucket's part of the window: the records the group counted.
		if !g.doc.from.IsZero() && from.Before(g.doc.from) {
			from = g.doc.from
		}
		if !g.doc.to.IsZero() && to.After(g.doc.to) {
			to = g.doc.to
		}
		return common.DateWindow{From: from, To: to}.Apply(v), ""
	}
	f := g.list.FilterFor(by)
	switch {
	case f == nil:
		return v, "The " + strings.ToLower(g.list.Title) + " list has no " + byWords(by) + " filter: a group cannot be opened"
	case r.g.Key == nil:
		return v, "Deleted users' records cannot be filtered by user"
	}
	f.Set(&v, r.g.KeyString())
	return v, ""
}

// moveKey applies a movement key; false if msg is none.
func (g *Groups) moveKey(msg tea.KeyPressMsg) bool {
	return moveKey(&g.sess.Keys.List, msg, &g.tbl)
}

// selectedKey is the selected group's key ("" for other and null keys).
func (g *Groups) selectedKey() string {
	if r := g.tbl.Selected(); r != nil && !r.other {
		return r.g.KeyString()
	}
	return ""
}

// click selects the group at a line of the table area (0 = the header,
// which sorts by the clicked column).
func (g *Groups) click(x, line int) {
	line -= g.chartLines() // the chart of a time grouping is above the table
	if line < 0 {
		return
	}
	if line == 0 {
		if f := g.tbl.SortAt(x); f != "" {
			if cur, _ := g.sortState(); cur == f {
				g.reverse()
				return
			}
			g.sort, g.asc = f, f == "name"
			g.order()
		}
		return
	}
	if i := g.tbl.RowAt(line); i >= 0 {
		g.tbl.SetCursor(i)
	}
}
