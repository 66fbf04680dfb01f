package dialog

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// The calendar picks are months and years of the session's zone, stored as
// calendar windows (View.Calendar).
func TestDatePickerCalendarPicks(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata")
	}
	sess := testSession()
	sess.Loc = berlin
	sess.Now = func() time.Time { return time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC) } // Nov 1 in Berlin
	choose := func(label string, v model.View) common.DateWindow {
		t.Helper()
		var got common.DateWindow
		d := NewDates(sess, v, func(w common.DateWindow) common.Action { got = w; return nil })
		d.SetSize(80, 20)
		d.Update(press("g"))
		for i := 0; i < 12 && !strings.Contains(ansi.Strip(d.View()), "▸ "+label); i++ {
			d.Update(press("j"))
		}
		if !strings.Contains(ansi.Strip(d.View()), "▸ "+label) {
			t.Fatalf("no %q in\n%s", label, ansi.Strip(d.View()))
		}
		d.Update(press("enter"))
		return got
	}
	for label, want := range map[string]string{"This month": "2026-11", "Last month": "2026-10", "This year": "2026"} {
		if w := choose(label, model.View{}); w.Calendar != want || w.Last != "" || !w.From.IsZero() {
			t.Errorf("%s: %+v, want calendar %s", label, w, want)
		}
	}
	if w := choose("Last 30 days", model.View{Calendar: "2026-11"}); w.Last != "30d" || w.Calendar != "" {
		t.Errorf("a relative pick replaces the calendar: %+v", w)
	}
	// The picks name their month; a month from the command line is listed and chosen.
	d := NewDates(sess, model.View{Calendar: "2025-03"}, func(common.DateWindow) common.Action { return nil })
	d.SetSize(80, 20)
	scr := ansi.Strip(d.View())
	for _, s := range []string{"This month", "November 2026", "Last month", "October 2026", "This year", "▸ March 2025"} {
		if !strings.Contains(scr, s) {
			t.Errorf("picker lacks %q:\n%s", s, scr)
		}
	}
	// The custom form starts on the calendar window's days.
	d.Update(press("G"))
	d.Update(press("enter"))
	if got := ansi.Strip(d.View()); !strings.Contains(got, "2025-03-01") || !strings.Contains(got, "2025-03-31") {
		t.Errorf("custom form:\n%s", got)
	}
}

func TestDateLabelNamesCalendarWindows(t *testing.T) {
	if got := common.DateLabel(model.View{Calendar: "2026-10"}, time.UTC); got != "October 2026" {
		t.Errorf("month: %q", got)
	}
	if got := common.DateLabel(model.View{Calendar: "2026"}, time.UTC); got != "2026" {
		t.Errorf("year: %q", got)
	}
}
