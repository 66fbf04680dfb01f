package dialog

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/tui/common"
)

// Help lists the keys of the current context first (the tab or the dialog
// under it), then the ones that work everywhere, each group under its
// title. Keys that do nothing here are greyed out; when every key of a group
// is off for one reason, the reason is said once under it.
type Help struct {
	sess   *common.Session
	groups []helpGroup
	scroll int
	w, h   int
}

type helpGroup struct {
	title string
	keys  []common.Key
}

// NewHelp builds the help screen from the context's keys and the global ones.
func NewHelp(sess *common.Session, context, global []common.Key) *Help {
	d := &Help{sess: sess}
	d.groups = append(groupKeys(context), groupKeys(global)...)
	return d
}

// groupKeys splits keys by their help group, in the order groups first appear.
func groupKeys(ks []common.Key) []helpGroup {
	var out []helpGroup
	index := map[common.Group]int{}
	for _, k := range ks {
		if k.B == nil || k.B.IsHint() {
			continue
		}
		i, ok := index[k.B.Group]
		if !ok {
			i = len(out)
			index[k.B.Group] = i
			out = append(out, helpGroup{title: k.B.Group.Title()})
		}
		out[i].keys = append(out[i].keys, k)
	}
	return out
}

func (d *Help) SetSize(w, h int) {
	d.w, d.h = w, h
	d.clamp()
}

func (d *Help) Keys() []common.Key {
	k := &d.sess.Keys.Help
	long := onlyIf(len(d.lines()) > d.room(), "everything is on screen")
	var ks []common.Key
	if long == "" {
		ks = append(ks, common.On(common.Hint("↑↓", "scroll")))
	}
	return append(ks, common.OffIf(&k.Up, long), common.OffIf(&k.Down, long), common.OffIf(&k.PageUp, long),
		common.OffIf(&k.PageDown, long), common.On(&k.Close))
}

func (d *Help) room() int { return max(1, d.h-2) }

func (d *Help) clamp() { d.scroll = max(0, min(d.scroll, len(d.lines())-(d.room()-1))) }

func (d *Help) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	k := &d.sess.Keys.Help
	switch {
	case common.Matches(key, &k.Close):
		return nil, common.CloseDialog{}
	case common.Matches(key, &k.Up):
		d.scroll--
	case common.Matches(key, &k.Down):
		d.scroll++
	case common.Matches(key, &k.PageUp):
		d.scroll -= max(1, d.room()-1)
	case common.Matches(key, &k.PageDown):
		d.scroll += max(1, d.room()-1)
	}
	d.clamp()
	return nil, nil
}

const helpColW = 36

func (d *Help) cols() int {
	if d.w < 84 {
		return 1
	}
	return 2
}

// lines lays the groups out in one or two columns. When every key of a
// group is off for one reason, the reason is said once, on a full-width line
// under the row of groups (not squeezed into a column).
func (d *Help) lines() []string {
	st := d.sess.Styles
	type block struct {
		lines []string
		note  string
	}
	var blocks []block
	for _, g := range d.groups {
		b := block{lines: []string{st.Strong.Render(g.title)}}
		reason, same := "", true
		for i, k := range g.keys {
			if i == 0 {
				reason = k.Off
			} else if k.Off != reason {
				same = false
			}
		}
		groupOff := same && reason != ""
		for _, k := range g.keys {
			h := k.B.Help()
			if k.Off != "" {
				// Greyed, and (colour or not) the reason under it, unless the
				// whole group shares one, said once below the group.
				b.lines = append(b.lines, st.Muted.Render(common.PadRight(h.Key, 10)+" "+h.Desc+" (off)"))
				if !groupOff {
					for _, l := range common.Wrap(helpColW-13, k.Off) {
						b.lines = append(b.lines, st.Muted.Render(common.Spaces(11)+l))
					}
				}
				continue
			}
			b.lines = append(b.lines, st.Key.Render(common.PadRight(h.Key, 10))+" "+h.Desc)
		}
		if groupOff {
			b.note = g.title + ": " + reason
		}
		blocks = append(blocks, b)
	}
	cols := d.cols()
	width := helpColW * cols
	var out []string
	for i := 0; i < len(blocks); i += cols {
		rows := 0
		for c := 0; c < cols && i+c < len(blocks); c++ {
			rows = max(rows, len(blocks[i+c].lines))
		}
		for r := 0; r < rows; r++ {
			var b strings.Builder
			for c := 0; c < cols && i+c < len(blocks); c++ {
				cell := ""
				if r < len(blocks[i+c].lines) {
					cell = blocks[i+c].lines[r]
				}
				b.WriteString(common.PadRight(cell, helpColW))
			}
			out = append(out, b.String())
		}
		for c := 0; c < cols && i+c < len(blocks); c++ {
			if n := blocks[i+c].note; n != "" {
				for _, l := range common.Wrap(width-2, n) {
					out = append(out, st.Muted.Render(l))
				}
			}
		}
		out = append(out, "")
	}
	for _, s := range []string{"Mouse: wheel scrolls · click selects a row or tab · click a header to sort",
		"Greyed keys do nothing here; pressing one says why.",
		"g and G stay first and last row, as in less, vim and k9s: v cycles the groupings (none, API key, user, type), V picks one, day, week and month too.",
		"esc or ? closes"} {
		for _, l := range common.Wrap(width-2, s) { // wrapped, never cut
			out = append(out, st.Muted.Render(l))
		}
	}
	return out
}

func (d *Help) View() string {
	st := d.sess.Styles
	lines := d.lines()
	room := d.room()
	if len(lines) > room {
		// Too long for the screen: scroll, the last line saying so.
		start := max(0, min(d.scroll, len(lines)-(room-1)))
		lines = append(append([]string{}, lines[start:start+room-1]...), st.Muted.Render("↑↓ scroll · esc or ? closes"))
	}
	return common.Box(st, "Keys", lines, min(max(d.w-6, 20), helpColW*d.cols()+2))
}
