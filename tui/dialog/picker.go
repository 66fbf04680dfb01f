// Package dialog holds the overlays: pickers, the date range, the detail
// sheet, the help screen and the owner's plan, credit-pack and subscription
// dialogs. A dialog gets the keys while it is open and the answers addressed
// to it, and returns typed common.Actions for the root; it never reaches
// into the root or a tab.
package dialog

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/tui/common"
)

// Picker chooses one option (types, API keys, workspaces, users).
type Picker struct {
	sess   *common.Session
	title  string
	opts   []common.Option
	cursor int
	note   string // under the list, e.g. "loading keys…"
	choose func(value string) common.Action
	// source, when set, is asked for the options before each use: the list
	// of a tab that is still loading it (API keys) fills in when it arrives.
	source  func() (opts []common.Option, note string)
	current string
	w, h    int
}

// NewPicker opens a picker on current (a value); choose turns the chosen
// value into what the root must do.
func NewPicker(sess *common.Session, title string, opts []common.Option, current string, choose func(string) common.Action) *Picker {
	d := &Picker{sess: sess, title: title, choose: choose, current: current}
	d.setOptions(opts)
	return d
}

// WithSource makes the picker read its options from src (see Picker.source).
func (d *Picker) WithSource(src func() ([]common.Option, string)) *Picker {
	d.source = src
	d.sync()
	return d
}

func (d *Picker) setOptions(opts []common.Option) {
	d.opts = opts
	d.cursor = 0
	for i, o := range opts {
		if o.Value == d.current {
			d.cursor = i
		}
	}
}

func (d *Picker) sync() {
	if d.source == nil {
		return
	}
	opts, note := d.source()
	d.note = note
	if len(opts) != len(d.opts) {
		cur := d.cursor
		d.setOptions(opts)
		if cur > 0 && cur < len(opts) {
			d.cursor = cur
		}
	}
}

func (d *Picker) SetSize(w, h int) { d.w, d.h = w, h }

func (d *Picker) Keys() []common.Key {
	k := &d.sess.Keys.Picker
	none := onlyIf(len(d.opts) > 0, "nothing to choose yet")
	return []common.Key{
		common.On(common.Hint("↑↓", "move")),
		common.OffIf(&k.Up, none), common.OffIf(&k.Down, none), common.OffIf(&k.Top, none), common.OffIf(&k.Bottom, none),
		common.OffIf(&k.Choose, none), common.On(&k.Close),
	}
}

func (d *Picker) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	d.sync()
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	k := &d.sess.Keys.Picker
	switch {
	case common.Matches(key, &k.Up, &k.Down, &k.Top, &k.Bottom):
		d.cursor = moveCursor(&k.Up, &k.Down, &k.Top, &k.Bottom, key, d.cursor, len(d.opts))
	case common.Matches(key, &k.Close):
		return nil, common.CloseDialog{}
	case common.Matches(key, &k.Choose):
		if d.cursor < len(d.opts) {
			return nil, common.Actions{common.CloseDialog{}, d.choose(d.opts[d.cursor].Value)}
		}
	}
	return nil, nil
}

// moveCursor applies a movement key to a cursor over n items. The cursor
// stays in [0, n), and at 0 when the list is empty, so it can always be
// compared with n.
func moveCursor(up, down, top, bottom *common.Binding, msg tea.KeyPressMsg, cur, n int) int {
	switch {
	case common.Matches(msg, up):
		cur--
	case common.Matches(msg, down):
		cur++
	case common.Matches(msg, top):
		cur = 0
	case common.Matches(msg, bottom):
		cur = n - 1
	}
	return max(0, min(cur, n-1))
}

func (d *Picker) innerWidth() int {
	w := ansi.StringWidth(d.title) + 4
	for _, o := range d.opts {
		w = max(w, ansi.StringWidth(o.Label)+ansi.StringWidth(o.Note)+6)
	}
	return min(max(w, 24), max(d.w-6, 20))
}

func (d *Picker) View() string {
	d.sync()
	st := d.sess.Styles
	inner := d.innerWidth()
	visible := max(1, d.h-4)
	start := 0
	if d.cursor >= visible {
		start = d.cursor - visible + 1
	}
	var lines []string
	for i := start; i < len(d.opts) && i < start+visible; i++ {
		o := d.opts[i]
		mark := "  "
		if i == d.cursor {
			mark = "▸ "
		}
		label := o.Label
		if o.Note != "" {
			gap := inner - 2 - ansi.StringWidth(o.Note)
			label = common.PadRight(ansi.Truncate(label, gap-1, "…"), gap) + o.Note
		}
		line := mark + label
		if i == d.cursor {
			line = st.Selected.Render(common.PadRight(line, inner))
		}
		lines = append(lines, line)
	}
	if d.note != "" {
		lines = append(lines, st.Muted.Render(d.note))
	}
	return common.Box(st, d.title, lines, inner)
}
