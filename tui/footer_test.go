package tui

import (
	"strings"
	"testing"
)

func (h *harness) footerLine() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

// Under an overlay the footer lists that overlay's keys, not a picker's.
func TestFooterFollowsTheOpenDialog(t *testing.T) {
	h := newHarness(t, acme())
	cases := []struct {
		open      []string
		want, not []string
	}{
		{[]string{"?"}, []string{"↑↓ scroll", "esc/? close"}, []string{"enter choose"}},
		{[]string{"enter"}, []string{"↑↓ scroll", "y copy id", "esc close"}, []string{"enter choose"}},
		{[]string{"d"}, []string{"↑↓ move", "enter choose", "esc close"}, nil},
		{[]string{"d", "G", "enter"}, []string{"tab from/to", "enter apply", "esc back"}, []string{"enter choose"}},
		{[]string{"x"}, []string{"esc close"}, []string{"enter choose"}},
	}
	for _, c := range cases {
		h.keys(c.open...)
		if h.m.dialog == nil {
			t.Fatalf("%v opened no dialog", c.open)
		}
		f := h.footerLine()
		mustContain(t, f, c.want...)
		mustNotContain(t, f, c.not...)
		for h.m.dialog != nil {
			h.keys("esc")
		}
	}
}
