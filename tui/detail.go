package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// detailMsg carries a conversation's billing sheet.
type detailMsg struct {
	seq    uint64
	detail model.ConversationDetail
	err    error
}

// detailDialog shows every field of a record in full, or a conversation's
// billing sheet once it arrives. Long values wrap instead of being cut.
type detailDialog struct {
	sess   *common.Session
	title  string
	id     string
	fields []common.Field

	conv   *model.Conversation // conversation sheet mode
	seq    uint64
	sheet  *model.ConversationDetail
	err    error
	scroll int
	w, h   int
}

func newFieldsDialog(sess *common.Session, title, id string, fields []common.Field) *detailDialog {
	return &detailDialog{sess: sess, title: title, id: id, fields: fields}
}

func newSheetDialog(sess *common.Session, c *model.Conversation, seq uint64) *detailDialog {
	title := string(c.Title)
	if title == "" {
		title = "Conversation"
	}
	return &detailDialog{sess: sess, title: title + " · " + string(c.ID), id: string(c.ID), conv: c, seq: seq}
}

func (d *detailDialog) SetSize(w, h int) { d.w, d.h = w, h }

func (d *detailDialog) inner() int { return max(20, min(d.w-4, 96)) }

func (d *detailDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Details), key.Matches(msg, k.Quit):
		return emit(closeDialogMsg{})
	case key.Matches(msg, k.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(msg, k.Down):
		d.scroll++
	case key.Matches(msg, k.PageDown):
		d.scroll += max(1, d.h-6)
	case key.Matches(msg, k.PageUp):
		d.scroll = max(0, d.scroll-max(1, d.h-6))
	case key.Matches(msg, k.Top):
		d.scroll = 0
	case key.Matches(msg, k.CopyID):
		return emit(copyMsg{text: d.id, what: "ID " + d.id})
	}
	return nil
}

// setSheet stores the fetched sheet if it answers the current request.
func (d *detailDialog) setSheet(m detailMsg) {
	if d.conv == nil || m.seq != d.seq {
		return
	}
	if m.err != nil {
		d.err = m.err
		return
	}
	s := m.detail
	d.sheet = &s
}

func (d *detailDialog) body() []string {
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
	amtW := 12
	typeW := 17
	descW := max(8, inner-16-2-typeW-2-amtW-2)
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
		common.Fit(&b, it.BillingType.Label(), typeW, common.AlignLeft)
		b.WriteString("  ")
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

func (d *detailDialog) View() string {
	st := d.sess.Styles
	inner := d.inner()
	body := d.body()
	room := max(1, d.h-3)
	d.scroll = min(d.scroll, max(0, len(body)-(room-1)))
	end := min(len(body), d.scroll+room-1)
	lines := append([]string{}, body[d.scroll:end]...)
	hint := "esc close · y copy id"
	if len(body) > room-1 {
		hint += " · ↑↓ scroll"
	}
	lines = append(lines, st.Muted.Render(hint))
	return common.Box(st, d.title, lines, inner)
}

// helpDialog lists every binding of the KeyMap.
type helpDialog struct {
	sess    *common.Session
	blocked string // why the plan actions are unavailable, "" if they are not (see actionBlock)
	scroll  int
	w, h    int
}

func (d *helpDialog) SetSize(w, h int) { d.w, d.h = w, h }

func (d *helpDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	switch {
	case key.Matches(msg, k.Back, k.Help, k.Quit):
		return emit(closeDialogMsg{})
	case key.Matches(msg, k.Up):
		d.scroll = max(0, d.scroll-1)
	case key.Matches(msg, k.Down):
		d.scroll++
	case key.Matches(msg, k.PageUp):
		d.scroll = max(0, d.scroll-max(1, d.h-3))
	case key.Matches(msg, k.PageDown):
		d.scroll += max(1, d.h-3)
	}
	return nil
}

func (d *helpDialog) View() string {
	st := d.sess.Styles
	groups := d.sess.Keys.FullHelp()
	names := []string{"Tabs", "Move", "Filter & sort", "Actions"}
	cols := 2
	if d.w < 80 {
		cols = 1
	}
	var blocks [][]string
	for gi, g := range groups {
		name := ""
		if gi < len(names) {
			name = names[gi]
		}
		isPlan := len(g) > 0 && g[0].Help().Key == d.sess.Keys.Plan.Help().Key
		if isPlan {
			name = "Plan & credits"
		}
		lines := []string{st.Strong.Render(name)}
		planGroup := isPlan && d.blocked != ""
		for _, b := range g {
			h := b.Help()
			if planGroup {
				// Greyed out: the keys exist but this role cannot use them.
				lines = append(lines, st.Muted.Render(common.PadRight(h.Key, 10)+" "+h.Desc))
				continue
			}
			lines = append(lines, st.Key.Render(common.PadRight(h.Key, 10))+" "+h.Desc)
		}
		if planGroup {
			for _, l := range common.Wrap(32, common.UpperFirst(d.blocked)) {
				lines = append(lines, st.Muted.Render(l))
			}
		}
		blocks = append(blocks, lines)
	}
	lines := []string{}
	colW := 34
	for i := 0; i < len(blocks); i += cols {
		rows := 0
		for c := 0; c < cols && i+c < len(blocks); c++ {
			rows = max(rows, len(blocks[i+c]))
		}
		for r := 0; r < rows; r++ {
			var b strings.Builder
			for c := 0; c < cols && i+c < len(blocks); c++ {
				cell := ""
				if r < len(blocks[i+c]) {
					cell = blocks[i+c][r]
				}
				b.WriteString(common.PadRight(cell, colW))
			}
			lines = append(lines, b.String())
		}
		lines = append(lines, "")
	}
	lines = append(lines, st.Muted.Render("Mouse: wheel scrolls · click selects a row or tab · click a header to sort"))
	lines = append(lines, st.Muted.Render("esc or ? closes"))
	room := max(1, d.h-2)
	if len(lines) > room {
		// Too long for the screen: scroll, the last line saying so.
		d.scroll = min(d.scroll, len(lines)-(room-1))
		lines = append(append([]string{}, lines[d.scroll:d.scroll+room-1]...), st.Muted.Render("↑↓ scroll · esc or ? closes"))
	}
	return common.Box(st, "Keys", lines, min(max(d.w-6, 20), colW*cols+2))
}
