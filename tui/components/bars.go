package components

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/tui/common"
)

// Toolbar is the line (or two) of active filters in words and the sort.
type Toolbar struct {
	Filters  []string
	Idle     []bool // Filters[i] is at its default: dropped, last first, to keep one line
	Sort     string // "Sort: Credits ▼"; "" = none
	Filtered bool   // say "c clear filters" on the right
}

// Rows is 2 when the filters and sort do not fit on one line: they are
// never cut off.
func (t Toolbar) Rows(w int) int {
	return t.fit(w).rows(w)
}

func (t Toolbar) rows(w int) int {
	if ansi.StringWidth(" "+strings.Join(common.AppendNonEmpty(t.Filters, t.Sort), "   ")) > w {
		return 2
	}
	return 1
}

// fit drops idle filters, the last first, until the toolbar fits one line
// (or none is left to drop): what is set always shows.
func (t Toolbar) fit(w int) Toolbar {
	t.Filters = slices.Clone(t.Filters)
	t.Idle = slices.Clone(t.Idle)
	for i := min(len(t.Idle), len(t.Filters)) - 1; i >= 0 && t.rows(w) > 1; i-- {
		if t.Idle[i] {
			t.Filters = slices.Delete(t.Filters, i, i+1)
			t.Idle = slices.Delete(t.Idle, i, i+1)
		}
	}
	return t
}

func (t Toolbar) View(st *common.Styles, w int) []string {
	t = t.fit(w)
	right := ""
	if t.Filtered {
		right = st.Muted.Render("c clear filters ")
	}
	if t.rows(w) == 1 {
		left := " " + strings.Join(common.AppendNonEmpty(t.Filters, t.Sort), "   ")
		if ansi.StringWidth(left)+ansi.StringWidth(right)+1 > w {
			right = ""
		}
		return []string{common.Spread(left, right, w)}
	}
	return []string{common.PadRight(" "+strings.Join(t.Filters, "   "), w), common.Spread(" "+t.Sort, right, w)}
}

// Summary is the summary bar: a label ("Filtered", "Total", "Forecast"),
// the figures, and "showing N of M". Below 100 columns it takes two lines so
// the figures are never cut off.
type Summary struct {
	Label    string
	Filtered bool // the label is styled as a filter warning
	Text     string
	Showing  string
	Known    bool
	OneLine  bool // a sentence (the Overview's forecast): always one line
}

func (s Summary) Rows(w int) int {
	if s.OneLine || w >= 100 && s.fitsOneLine(w) {
		return 1
	}
	return 2
}

// fitsOneLine: the figures and the position (shortened) fit in w, so a
// wide screen keeps the position rather than dropping it (the layout
// follows: the table is sized for the bar's rows on every frame).
func (s Summary) fitsOneLine(w int) bool {
	show := strings.TrimPrefix(s.Showing, "showing ")
	need := ansi.StringWidth(" " + s.Label + "  " + s.Text)
	if show != "" {
		need += ansi.StringWidth(show) + 3
	}
	return need <= w
}

func (s Summary) View(st *common.Styles, w int) []string {
	n := s.Rows(w)
	out := make([]string, n)
	for i := range out {
		out[i] = common.PadRight("", w)
	}
	if !s.Known {
		out[0] = common.PadRight(" "+st.Muted.Render("Summary …"), w)
		return out
	}
	label := st.Muted.Render(s.Label)
	if s.Filtered {
		label = st.Filtered.Render(s.Label)
	}
	left := " " + label + "  " + s.Text
	showing := s.Showing
	if n == 1 {
		// The figures matter most: shorten, then drop, the "showing" part first.
		lw := ansi.StringWidth(left)
		short := strings.TrimPrefix(showing, "showing ")
		switch {
		case showing == "":
			return []string{common.PadRight(left, w)}
		case lw+ansi.StringWidth(showing)+3 <= w:
		case lw+ansi.StringWidth(short)+3 <= w:
			showing = short
		default:
			return []string{common.PadRight(left, w)}
		}
		return []string{common.Spread(left, st.Muted.Render(showing+" "), w)}
	}
	right := st.Muted.Render(showing + " ")
	if ansi.StringWidth(left) <= w {
		return []string{common.PadRight(left, w), common.Spread("", right, w)}
	}
	// Too wide for one line: break between figures, never inside one.
	parts := strings.Split(s.Text, " · ")
	first := " " + label + " "
	k := 0
	for k < len(parts) && ansi.StringWidth(first+" "+strings.Join(parts[:k+1], " · ")) <= w {
		k++
	}
	k = max(k, 1)
	line1 := first + " " + strings.Join(parts[:k], " · ")
	rest := "   " + strings.Join(parts[k:], " · ")
	if k < len(parts) {
		line1 += " ·"
	}
	if ansi.StringWidth(rest)+ansi.StringWidth(right)+1 > w && ansi.StringWidth(rest) <= w {
		right = "" // the figures matter most: the position goes before one is cut
	}
	return []string{common.PadRight(line1, w), common.Spread(rest, right, w)}
}

// Footer is the bottom line: a flash message, or the keys that apply here,
// rendered with bubbles help. As many keys fit as the width allows, always
// ending with the tail ones (help, quit).
type Footer struct {
	Flash    string
	FlashErr bool
	Keys     []common.Key // the context's keys; those that apply and show in the footer are listed
	Tail     []common.Key
}

// FooterBindings are the bindings the footer lists from ks.
func FooterBindings(ks []common.Key) []key.Binding {
	var out []key.Binding
	seen := map[string]bool{}
	for _, k := range ks {
		if k.B == nil || !k.B.Footer || k.Off != "" {
			continue
		}
		h := k.B.Help()
		if seen[h.Key] {
			continue
		}
		seen[h.Key] = true
		out = append(out, k.B.Binding)
	}
	return out
}

func (f Footer) View(st *common.Styles, w int) string {
	if f.Flash != "" {
		s := st.Flash
		if f.FlashErr {
			s = st.Error
		}
		return common.PadRight(" "+s.Render(common.OneLine(f.Flash)), w)
	}
	h := help.New()
	h.ShortSeparator = "  "
	h.Styles.ShortKey = st.Key
	h.Styles.ShortDesc = st.Muted
	h.Styles.ShortSeparator = st.Muted
	bs, tail := FooterBindings(f.Keys), FooterBindings(f.Tail)
	avail := w - 2
	for n := len(bs); n >= 0; n-- {
		s := h.ShortHelpView(append(append([]key.Binding{}, bs[:n]...), tail...))
		if ansi.StringWidth(s) <= avail {
			return common.PadRight(" "+s, w)
		}
	}
	return common.PadRight(" "+h.ShortHelpView(tail), w)
}
