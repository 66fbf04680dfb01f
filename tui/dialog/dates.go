package dialog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// Dates is the date range picker: quick picks (relative and calendar) and a
// custom from–to form.
type Dates struct {
	Picker
	custom   bool
	field    int // 0 from, 1 to
	from, to textinput.Model
	errText  string
	apply    func(common.DateWindow) common.Action
}

const (
	customValue = "custom"
	calPrefix   = "cal:" // a calendar pick's value: "cal:2026-11"
)

// NewDates opens the picker on v's window; apply turns the choice into what
// the root must do. The calendar picks (this month, last month, this year)
// are months and years of the session's zone, stored as such (View.Calendar)
// so Y prints the month that was on screen.
func NewDates(sess *common.Session, v model.View, apply func(common.DateWindow) common.Action) *Dates {
	now := sess.Now()
	cal := func(label string, c model.CalendarSpan) common.Option {
		return common.Option{Label: label, Value: calPrefix + c.String(), Note: c.Label()}
	}
	opts := []common.Option{
		{Label: "Last 7 days", Value: "7d"}, {Label: "Last 30 days", Value: "30d"},
		{Label: "Last 3 months", Value: "3m"},
		cal("This month", model.MonthOf(now, sess.Loc, 0)), cal("Last month", model.MonthOf(now, sess.Loc, -1)),
		cal("This year", model.YearOf(now, sess.Loc)),
		{Label: "All time", Value: ""},
		{Label: "Custom…", Value: customValue},
	}
	cur := v.Last
	switch {
	case v.Calendar != "":
		cur = calPrefix + v.Calendar
		if !slices.ContainsFunc(opts, func(o common.Option) bool { return o.Value == cur }) {
			// Another month from the command line: listed, so it stays chosen.
			if c, err := model.ParseCalendar(v.Calendar); err == nil {
				opts = slices.Insert(opts, len(opts)-2, common.Option{Label: c.Label(), Value: cur})
			}
		}
	case v.Last == "" && (!v.From.IsZero() || !v.To.IsZero()):
		cur = customValue
	}
	d := &Dates{apply: apply}
	d.Picker = *NewPicker(sess, "Date range", opts, cur, func(val string) common.Action {
		if c, ok := strings.CutPrefix(val, calPrefix); ok {
			return apply(common.DateWindow{Calendar: c})
		}
		return apply(common.DateWindow{Last: val})
	})
	d.from, d.to = newDateInput(sess), newDateInput(sess)
	// The form starts with the range in force, so a one-day change is one edit.
	from, to, err := v.Window(sess.Now(), sess.Loc)
	if err == nil {
		if !from.IsZero() {
			d.from.SetValue(from.In(sess.Loc).Format("2006-01-02"))
		}
		if !to.IsZero() {
			d.to.SetValue(common.InclusiveEnd(to, sess.Loc).Format("2006-01-02"))
		}
	}
	return d
}

func newDateInput(sess *common.Session) textinput.Model {
	in := common.NewInput(sess.Styles, "YYYY-MM-DD", 10)
	in.SetWidth(11)
	return in
}

func (d *Dates) Keys() []common.Key {
	if !d.custom {
		return d.Picker.Keys()
	}
	k := &d.sess.Keys.Picker
	return []common.Key{common.On(&k.NextField), common.On(&k.Apply), common.On(&k.BackToList)}
}

func (d *Dates) focus() tea.Cmd {
	if d.field == 0 {
		d.to.Blur()
		return d.from.Focus()
	}
	d.from.Blur()
	return d.to.Focus()
}

func (d *Dates) Update(msg tea.Msg) (tea.Cmd, common.Action) {
	k := &d.sess.Keys.Picker
	if !d.custom {
		if key, ok := msg.(tea.KeyPressMsg); ok && common.Matches(key, &k.Choose) && d.cursor < len(d.opts) && d.opts[d.cursor].Value == customValue {
			d.custom = true
			d.field = 0
			return d.focus(), nil
		}
		return d.Picker.Update(msg)
	}
	if key, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case common.Matches(key, &k.BackToList):
			d.custom, d.errText = false, ""
			return nil, nil
		case common.Matches(key, &k.NextField):
			d.field = 1 - d.field
			return d.focus(), nil
		case common.Matches(key, &k.Apply):
			from, to, err := ParseRange(d.from.Value(), d.to.Value(), d.sess.Loc)
			if err != nil {
				d.errText = err.Error()
				return nil, nil
			}
			return nil, common.Actions{common.CloseDialog{}, d.apply(common.DateWindow{From: from, To: to})}
		}
	}
	var cmd tea.Cmd
	if d.field == 0 {
		d.from, cmd = d.from.Update(msg)
		common.CleanInput(&d.from)
	} else {
		d.to, cmd = d.to.Update(msg)
		common.CleanInput(&d.to)
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		d.errText = ""
	}
	return cmd, nil
}

// ParseRange validates the custom entry: YYYY-MM-DD days in loc, either may
// be blank, "to" inclusive (stored as the next midnight, the API's exclusive
// end). Errors say what is wrong with the date, not only that it is wrong.
func ParseRange(fromS, toS string, loc *time.Location) (from, to time.Time, err error) {
	fromS, toS = strings.TrimSpace(fromS), strings.TrimSpace(toS)
	if fromS == "" && toS == "" {
		return from, to, fmt.Errorf("enter a from or a to date (YYYY-MM-DD)")
	}
	if fromS != "" {
		if from, err = parseDay(fromS, loc); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("from: %v", err)
		}
	}
	if toS != "" {
		t, err := parseDay(toS, loc)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("to: %v", err)
		}
		to = t.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, fmt.Errorf("from must not be after to")
	}
	return from, to, nil
}

// parseDay reads YYYY-MM-DD, naming the part that is wrong.
func parseDay(s string, loc *time.Location) (time.Time, error) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return time.Time{}, fmt.Errorf("use YYYY-MM-DD, e.g. 2026-11-30")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return time.Time{}, fmt.Errorf("use digits: YYYY-MM-DD, e.g. 2026-11-30")
		}
		n[i] = v
	}
	y, m, day := n[0], n[1], n[2]
	if m < 1 || m > 12 {
		return time.Time{}, fmt.Errorf("month %d does not exist", m)
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return time.Time{}, fmt.Errorf("%s %d has %d days", time.Month(m), y, last)
	}
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, loc), nil
}

func (d *Dates) View() string {
	if !d.custom {
		return d.Picker.View()
	}
	st := d.sess.Styles
	inner := 38
	field := func(label string, in *textinput.Model, focused bool) string {
		s := label + " " + in.View()
		if focused {
			return st.Strong.Render(label) + " " + in.View()
		}
		return s
	}
	lines := []string{
		"Custom range (YYYY-MM-DD, to inclusive)",
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
