package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// actionInner is the inner width of an action dialog: roomy on wide
// terminals, never wider than the screen.
func actionInner(w int) int { return min(max(w-6, 20), 74) }

// fitLines fits a dialog body into room lines: pinned top and bottom lines
// around a list windowed so the line at focus stays visible. When room is
// short the top pins go first, then the bottom ones; the list keeps one line.
func fitLines(top, list, bottom []string, focus, room int) []string {
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

// wrapAll wraps each paragraph to w cells (words kept whole when they fit).
func wrapAll(w int, paras ...string) []string {
	var out []string
	for _, p := range paras {
		if p == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(oneLine(p), max(10, w), ""), "\n")...)
	}
	return out
}

// hardWrap breaks s every w cells, for URLs that must be shown whole.
func hardWrap(s string, w int) []string {
	return strings.Split(ansi.Hardwrap(s, max(10, w), false), "\n")
}

// scrollBody fits a text body and its hint into room lines: blank lines go
// first when it is too long, then it scrolls (↑↓) and the hint says so.
func scrollBody(st *Styles, body []string, scroll *int, room int, hint string) []string {
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
	lines := fitLines(nil, body[*scroll:], nil, 0, room)
	return append(lines, st.Muted.Render(hint))
}
