package dialog

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Detail shows every field of a record in full, or a conversation's billing
// sheet once it arrives. Long values wrap instead of being cut; the body
// scrolls, so every item stays reachable at 60×16.
type Detail struct {
	sess   *common.Session
	title  string
	id     string
	url    string // the record's openable URL ("" = none)
	https  bool   // the URL opens only over https
	fields []common.Field

	conv   *model.Conversation // billing sheet mode
	seq    uint64
	sheet  *model.ConversationDetail
	err    error
	scroll int
	w, h   int
}

// sheetMsg carries a conversation's billing sheet to the Detail that asked.
type sheetMsg struct {
	to     *Detail
	seq    uint64
	detail model.ConversationDetail
	err    error
}

func (m sheetMsg) ForDialog() common.Dialog { return m.to }

// NewFields shows a record's fields; url is what o opens ("" = nothing).
func NewFields(sess *common.Session, title, id string, fields []common.Field, url string, httpsOnly bool) *Detail {
	return &Detail{sess: sess, title: title, id: id, fields: fields, url: url, https: httpsOnly}
}

// NewSheet shows a conversation's billing sheet; the command fetches it.
func NewSheet(sess *common.Session, c *model.Conversation) (*Detail, tea.Cmd) {
	title := string(c.Title)
	if title == "" {
		title = "Conversation"
	}
	d := &Detail{sess: sess, title: title + " · " + string(c.ID), id: string(c.ID), conv: c, seq: sess.Seqs.Next()}
	cl, ctx, ws, id, seq, red := sess.Client, sess.Ctx, sess.WS, string(c.ID), d.seq, sess.Redact
	return d, func() tea.Msg {
		det, err := cl.Conversation(ctx, ws, id)
		return sheetMsg{to: d, seq: seq, detail: red.ConversationDetail(det), err: err}
	}
}

func (d *Detail) SetSize(w, h int) {
	d.w, d.h = w, h
	d.clamp()
}

func (d *Detail) inner() int { return max(20, min(d.w-4, 96)) }

// room is the number of body lines shown; the last line is the hint.
func (d *Detail) room() int { return max(1, d.h-3) - 1 }

func (d *Detail) clamp() { d.scroll = max(0, min(d.scroll, len(d.body())-d.room())) }

func (d *Detail) Keys() []common.Key {
	k := &d.sess.Keys.Detail
	long := onlyIf(len(d.body()) > d.room(), "everything is on screen")
	ks := []common.Key{}
	if long == "" {
		ks = append(ks, common.On(common.Hint("↑↓", "scroll")))
	}
	return append(ks,
		common.OffIf(&k.Up, long), common.OffIf(&k.Down, long), common.OffIf(&k.PageUp, long),
		common.OffIf(&k.PageDown, long), common.OffIf(&k.Top, long),
		common.On(&k.CopyID),
		common.OffIf(&k.Open, onlyIf(d.url != "", "no URL on this record")),
		common.On(&k.Close),
	)
}

func (d *Detail) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	switch msg := msg.(type) {
	case sheetMsg:
		if d.conv != nil && msg.seq == d.seq {
			if msg.err != nil {
				d.err = msg.err
			} else {
				s := msg.detail
				d.sheet = &s
			}
			d.clamp()
		}
		return nil, nil
	case tea.KeyPressMsg:
		k := &d.sess.Keys.Detail
		page := max(1, d.room()-1)
		switch {
		case common.Matches(msg, &k.Close):
			return nil, common.CloseDialog{}
		case common.Matches(msg, &k.Up):
			d.scroll--
		case common.Matches(msg, &k.Down):
			d.scroll++
		case common.Matches(msg, &k.PageDown):
			d.scroll += page
		case common.Matches(msg, &k.PageUp):
			d.scroll -= page
		case common.Matches(msg, &k.Top):
			d.scroll = 0
		case common.Matches(msg, &k.CopyID):
			return nil, common.Copy{Text: d.id, What: "ID " + d.id}
		case common.Matches(msg, &k.Open) && d.url != "":
			return nil, common.OpenURL{URL: d.url, HTTPSOnly: d.https}
		}
		d.clamp()
	}
	return nil, nil
}

func (d *Detail) body() []string {
	st := d.sess.Styles
	inner := d.inner()
	loc := d.sess.Loc
	var out []string
	if d.conv == nil {
		lw := 0
		for _, f := range d.fields {
			lw = max(lw, ansi.StringWidth(f.Label))
		}
		for _, f := range d.fields {
			val := f.Value
			if val == "" {
				val = "—"
			}
			wrapped := strings.Split(ansi.Hardwrap(val, max(10, inner-lw-2), true), "\n")
			for i, l := range wrapped {
				lab := ""
				if i == 0 {
					lab = f.Label
				}
				out = append(out, st.Muted.Render(common.PadRight(lab, lw))+"  "+l)
			}
		}
		return out
	}
	c := d.conv
	parts := []string{c.BillingType.Label(), common.Plural(c.MessageCount, "message", "messages"), c.Credits.Grouped() + " credits"}
	if d.sess.SeesUsers {
		parts = append(parts, common.UserFull(c.User))
	}
	parts = append(parts, "updated "+common.FmtTime(c.UpdatedAt, loc))
	out = append(out, common.WrapParts(parts, " · ", inner)...)
	out = append(out, "")
	switch {
	case d.err != nil:
		out = append(out, st.Error.Render("✗ Couldn't load the billing sheet"))
		out = append(out, common.Wrap(inner, common.ErrText(d.err))...)
		return out
	case d.sheet == nil:
		return append(out, st.Muted.Render("Loading billing items…"))
	}
	// The time and the amount always show; the type and the description
	// share what is left (the type goes first on a narrow screen).
	amtW := 12
	rest := inner - 16 - 2 - amtW - 2
	typeW := min(17, max(0, rest-2-20))
	if typeW < 8 {
		typeW = 0
	}
	descW := max(4, rest-typeW-min(typeW, 2))
	var total model.Credits
	overflow := false
	for _, it := range d.sheet.Items {
		var err error
		if total, err = total.Add(it.Credits); err != nil {
			overflow = true
		}
		desc := string(it.Description)
		if it.Status == model.ItemRefunded {
			desc = "↩ " + desc
		}
		var b strings.Builder
		b.WriteString(common.FmtTime(it.At, loc))
		b.WriteString("  ")
		if typeW > 0 {
			common.Fit(&b, it.BillingType.Label(), typeW, common.AlignLeft)
			b.WriteString("  ")
		}
		common.Fit(&b, desc, descW, common.AlignLeft)
		b.WriteString("  ")
		amt := it.Credits.Grouped()
		if it.Status == model.ItemRefunded && it.Credits < 0 {
			amt = it.Credits.Grouped() + " returned"
		}
		var a strings.Builder
		common.Fit(&a, amt, amtW, common.AlignRight)
		if it.Credits < 0 {
			b.WriteString(st.Negative.Render(a.String()))
		} else {
			b.WriteString(a.String())
		}
		out = append(out, b.String())
	}
	if len(d.sheet.Items) == 0 {
		out = append(out, st.Muted.Render("No billing items."))
	}
	out = append(out, "")
	check := "✓ matches the row"
	if overflow || total != c.Credits {
		check = st.Error.Render("✗ row says " + c.Credits.Grouped())
	}
	out = append(out, common.PadLeft("items total  "+total.Grouped()+"  "+check, inner))
	return out
}

func (d *Detail) View() string {
	st := d.sess.Styles
	inner := d.inner()
	body := d.body()
	room := d.room()
	// Scrolling is applied in Update and SetSize; View only slices.
	start := max(0, min(d.scroll, len(body)-room))
	end := min(len(body), start+room)
	lines := append([]string{}, body[start:end]...)
	hint := "esc close · y copy id"
	if d.url != "" {
		hint += " · o open"
	}
	if len(body) > room {
		hint += " · ↑↓ scroll"
	}
	lines = append(lines, st.Muted.Render(hint))
	return common.Box(st, d.title, lines, inner)
}
