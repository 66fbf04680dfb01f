package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tallyhq/tally/model"
)

// WithArticle reads as English: "a member", "an admin".
func WithArticle(role string) string {
	if role != "" && strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}

func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// FitLines fits a dialog body into room lines: pinned top and bottom lines
// around a list windowed so the line at focus stays visible. When room is
// short the top pins go first, then the bottom ones; the list keeps one line.
func FitLines(top, list, bottom []string, focus, room int) []string {
	room = max(1, room)
	need := func() int { return len(top) + len(bottom) + min(len(list), 1) }
	for need() > room && len(top) > 0 {
		top = top[:len(top)-1]
	}
	for need() > room && len(bottom) > 0 {
		bottom = bottom[:len(bottom)-1]
	}
	listRoom := room - len(top) - len(bottom)
	start := 0
	if len(list) > listRoom {
		focus = min(max(focus, 0), len(list)-1)
		start = min(max(0, focus-listRoom+1), len(list)-listRoom)
		if focus < start {
			start = focus
		}
	}
	end := min(len(list), start+listRoom)
	out := make([]string, 0, room)
	out = append(out, top...)
	out = append(out, list[start:end]...)
	return append(out, bottom...)
}

// Wrap wraps each paragraph to w cells (words kept whole when they fit).
func Wrap(w int, paras ...string) []string {
	var out []string
	for _, p := range paras {
		if p == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(OneLine(p), max(10, w), ""), "\n")...)
	}
	return out
}

// HardWrap breaks s every w cells, for URLs that must be shown whole.
func HardWrap(s string, w int) []string {
	return strings.Split(ansi.Hardwrap(s, max(10, w), false), "\n")
}

// ScrollBody fits a text body and its hint into room lines: blank lines go
// first when it is too long, then it scrolls (↑↓) and the hint says so.
func ScrollBody(st *Styles, body []string, scroll *int, room int, hint string) []string {
	if len(body) > room {
		kept := body[:0:0]
		for _, l := range body {
			if l != "" {
				kept = append(kept, l)
			}
		}
		body = kept
	}
	if len(body) > room {
		hint += " · ↑↓ more"
	}
	*scroll = min(max(0, *scroll), max(0, len(body)-room))
	lines := FitLines(nil, body[*scroll:], nil, 0, room)
	return append(lines, st.Muted.Render(hint))
}

// WrapParts joins parts with sep, breaking lines between parts so a figure or
// a date is never split; a part wider than w is hard-wrapped on its own.
func WrapParts(parts []string, sep string, w int) []string {
	var out []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case ansi.StringWidth(line+sep+p) <= w:
			line += sep + p
		default:
			out = append(out, line+strings.TrimRight(sep, " "))
			line = p
		}
		if ansi.StringWidth(line) > w {
			wrapped := strings.Split(ansi.Hardwrap(line, w, true), "\n")
			out = append(out, wrapped[:len(wrapped)-1]...)
			line = wrapped[len(wrapped)-1]
		}
	}
	return append(out, line)
}

func PadLeft(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return s
	}
	return Spaces(w-sw) + s
}

// Box frames lines with a titled border, each line padded to the inner width.
func Box(st *Styles, title string, lines []string, inner int) string {
	var b strings.Builder
	t := ansi.Truncate(" "+title+" ", inner, "…")
	b.WriteString(st.Border.Render("┌" + t + strings.Repeat("─", max(0, inner+2-ansi.StringWidth(t))) + "┐"))
	for _, l := range lines {
		b.WriteByte('\n')
		b.WriteString(st.Border.Render("│") + " " + PadRight(l, inner) + " " + st.Border.Render("│"))
	}
	b.WriteByte('\n')
	b.WriteString(st.Border.Render("└" + strings.Repeat("─", inner+2) + "┘"))
	return b.String()
}

func AppendNonEmpty(xs []string, s string) []string {
	if s == "" {
		return xs
	}
	return append(xs, s)
}

type Align uint8

// Fit truncates s to w display cells (with …) and pads it to exactly w.
func Fit(b *strings.Builder, s string, w int, a Align) {
	s = FlatEmoji(s)
	sw := TextWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	pad := w - sw
	if a == AlignRight {
		b.WriteString(Spaces(pad))
		b.WriteString(s)
		return
	}
	b.WriteString(s)
	b.WriteString(Spaces(pad))
}

const blanks = "                                                                                                                                "

func Spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// PadRight pads a (possibly styled) line to w cells or truncates it.
func PadRight(s string, w int) string {
	s = FlatEmoji(s) // whole lines too: dialogs, details and the header carry API text
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + Spaces(w-sw)
}

// TextWidth is ansi.StringWidth with a fast path for plain printable ASCII,
// the common case for ids, numbers and times.
func TextWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// ErrText is an error's message made safe for the screen.
func ErrText(err error) string { return model.Sanitize(err.Error()) }

func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Spread puts left and right on one line of width w, truncating left first.
func Spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		if rw+12 > w {
			return PadRight(left, w)
		}
		left = ansi.Truncate(left, w-rw-1, "…")
		lw = ansi.StringWidth(left)
	}
	return left + Spaces(w-lw-rw) + right
}

// Money is an exact amount with its currency ("29.00 USD").
func Money(c model.Credits, cur model.Text) string {
	s := c.Fixed(2)
	if cur != "" {
		s += " " + string(cur)
	}
	return s
}

const (
	AlignLeft Align = iota
	AlignRight
)
