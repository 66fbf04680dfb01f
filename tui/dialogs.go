package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// A dialog is an overlay with its own small Update/View. It reports what the
// user chose by returning a command that yields a message for the root.
type dialog interface {
	Update(msg tea.KeyPressMsg) tea.Cmd
	View() string
	SetSize(w, h int)
}

// Messages from dialogs to the root.
type (
	closeDialogMsg struct{}
	choiceMsg      struct {
		kind  string // "date", "type", "apikey", "workspace"
		value string
	}
	customRangeMsg struct{ from, to time.Time }
	copyMsg        struct{ text, what string }
)

func emit(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// listDialog picks one option (date quick picks, types, API keys, workspaces).
type listDialog struct {
	sess   *common.Session
	kind   string
	title  string
	opts   []common.Option
	cursor int
	w, h   int
	note   string // shown under the list (e.g. "loading keys…")
}

func newListDialog(sess *common.Session, kind, title string, opts []common.Option, current string) *listDialog {
	d := &listDialog{sess: sess, kind: kind, title: title, opts: opts}
	for i, o := range opts {
		if o.Value == current {
			d.cursor = i
		}
	}
	return d
}

func (d *listDialog) SetSize(w, h int) { d.w, d.h = w, h }

func (d *listDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	if c, ok := MoveCursor(k, msg, d.cursor, len(d.opts)); ok {
		d.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return emit(closeDialogMsg{})
	case key.Matches(msg, k.Confirm):
		if d.cursor < len(d.opts) {
			return emit(choiceMsg{kind: d.kind, value: d.opts[d.cursor].Value})
		}
	}
	return nil
}

// MoveCursor applies a movement key (up, down, first, last) to a cursor over
// n items; ok is false for any other key. The cursor stays in [0, n), and at 0
// when the list is empty, so it can always be compared with len.
func MoveCursor(k *common.KeyMap, msg tea.KeyPressMsg, cur, n int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		cur--
	case key.Matches(msg, k.Down):
		cur++
	case key.Matches(msg, k.Top):
		cur = 0
	case key.Matches(msg, k.Bottom):
		cur = n - 1
	default:
		return cur, false
	}
	return max(0, min(cur, n-1)), true
}

func IsMove(k *common.KeyMap, msg tea.KeyPressMsg) bool {
	return key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom)
}

func (d *listDialog) innerWidth() int {
	w := ansi.StringWidth(d.title) + 4
	for _, o := range d.opts {
		w = max(w, ansi.StringWidth(o.Label)+ansi.StringWidth(o.Note)+6)
	}
	return min(max(w, 24), max(d.w-6, 20))
}

func (d *listDialog) View() string {
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

// dateDialog is the date range picker: four quick picks and a custom from–to.
type dateDialog struct {
	listDialog
	custom  bool
	field   int // 0 from, 1 to
	from    lineEdit
	to      lineEdit
	errText string
}

const customValue = "custom"

func newDateDialog(sess *common.Session, v model.View) *dateDialog {
	opts := []common.Option{
		{Label: "Last 7 days", Value: "7d"}, {Label: "Last 30 days", Value: "30d"},
		{Label: "Last 3 months", Value: "3m"}, {Label: "All time", Value: ""},
		{Label: "Custom…", Value: customValue},
	}
	cur := v.Last
	if v.Last == "" && (!v.From.IsZero() || !v.To.IsZero()) {
		cur = customValue
	}
	d := &dateDialog{listDialog: *newListDialog(sess, "date", "Date range", opts, cur)}
	if !v.From.IsZero() {
		d.from.set(v.From.In(sess.Loc).Format("2006-01-02"))
	}
	if !v.To.IsZero() {
		d.to.set(common.InclusiveEnd(v.To, sess.Loc).Format("2006-01-02"))
	}
	return d
}

func (d *dateDialog) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := d.sess.Keys
	if !d.custom {
		if key.Matches(msg, k.Confirm) && d.opts[d.cursor].Value == customValue {
			d.custom = true
			return nil
		}
		return d.listDialog.Update(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		d.custom = false
		d.errText = ""
		return nil
	case key.Matches(msg, k.NextField):
		d.field = 1 - d.field
		return nil
	case key.Matches(msg, k.Confirm):
		from, to, err := parseRange(d.from.value(), d.to.value(), d.sess.Loc)
		if err != "" {
			d.errText = err
			return nil
		}
		return emit(customRangeMsg{from: from, to: to})
	}
	if d.field == 0 {
		d.from.key(msg)
	} else {
		d.to.key(msg)
	}
	d.errText = ""
	return nil
}

// parseRange validates the custom entry: YYYY-MM-DD days in loc, either may be
// blank, "to" is inclusive (stored as the next midnight, the API's exclusive end).
func parseRange(fromS, toS string, loc *time.Location) (from, to time.Time, errText string) {
	fromS, toS = strings.TrimSpace(fromS), strings.TrimSpace(toS)
	if fromS == "" && toS == "" {
		return from, to, "enter a from or a to date (YYYY-MM-DD)"
	}
	if fromS != "" {
		t, err := time.ParseInLocation("2006-01-02", fromS, loc)
		if err != nil {
			return from, to, "from: use YYYY-MM-DD, e.g. 2026-11-01"
		}
		from = t
	}
	if toS != "" {
		t, err := time.ParseInLocation("2006-01-02", toS, loc)
		if err != nil {
			return from, to, "to: use YYYY-MM-DD, e.g. 2026-11-30"
		}
		to = t.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, "from must not be after to"
	}
	return from, to, ""
}

func (d *dateDialog) View() string {
	if !d.custom {
		return d.listDialog.View()
	}
	st := d.sess.Styles
	inner := 38
	field := func(label string, e *lineEdit, focused bool) string {
		v := e.value()
		if focused {
			v += "█"
		}
		s := label + " " + common.PadRight(v, 12)
		if focused {
			return st.Strong.Render(s)
		}
		return s
	}
	lines := []string{
		"Custom range (YYYY-MM-DD)",
		"",
		field("from", &d.from, d.field == 0),
		field("to  ", &d.to, d.field == 1),
		"",
	}
	if d.errText != "" {
		lines = append(lines, st.Error.Render(d.errText))
	} else {
		lines = append(lines, st.Muted.Render("tab switch · enter apply · esc back"))
	}
	return common.Box(st, "Date range", lines, inner)
}

// lineEdit is a minimal single-line editor (search box, dates): no cursor
// blinking, so it renders the same in tests and in a terminal.
type lineEdit struct {
	runes []rune
}

func (e *lineEdit) set(s string)  { e.runes = []rune(s) }
func (e *lineEdit) value() string { return string(e.runes) }

// key applies an editing key and reports whether the text changed.
func (e *lineEdit) key(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "backspace", "ctrl+h":
		if len(e.runes) > 0 {
			e.runes = e.runes[:len(e.runes)-1]
			return true
		}
		return false
	case "ctrl+u":
		changed := len(e.runes) > 0
		e.runes = e.runes[:0]
		return changed
	case "space":
		e.runes = append(e.runes, ' ')
		return true
	}
	if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
		clean := model.Sanitize(msg.Text)
		if clean == "" || len(e.runes) >= 200 {
			return false
		}
		e.runes = append(e.runes, []rune(clean)...)
		return true
	}
	return false
}
