package tui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestRandomSessionNeverPanicsOrOverflows drives the demo with a seeded
// random mix of keys, clicks, wheel turns, resizes (tiny ones too) and
// background colours, delivering command results asynchronously as a
// program would (so answers race with keys and stale ones get exercised).
// After every step no screen line may be wider than the terminal.
func TestRandomSessionNeverPanicsOrOverflows(t *testing.T) {
	keys := []string{"tab", "shift+tab", "1", "2", "3", "4", "5", "6", "j", "k", "down", "up", "pgdown", "pgup",
		"g", "G", "/", "d", "t", "a", "s", "S", "c", "enter", "esc", "y", "Y", "r", "w", "?", "p", "b", "x", "u",
		"m", "+", "-", "backspace", "space", "2", "0", "-", "e", "z"}
	for _, seed := range []uint64{1, 2} {
		h := newHarness(t, harnessOpts{hostile: seed == 2, w: 100, h: 30, refresh: time.Minute})
		h.m.open = func(string) tea.Cmd { return nil }
		rng := rand.New(rand.NewPCG(seed, 7))
		msgs := make(chan tea.Msg, 1024)
		start := func(c tea.Cmd) {
			if c == nil {
				return
			}
			go func() {
				timer := time.NewTimer(50 * time.Millisecond)
				defer timer.Stop()
				done := make(chan tea.Msg, 1)
				go func() { done <- c() }()
				select {
				case m := <-done:
					msgs <- m
				case <-timer.C: // a tick (flash, debounce): it fires after the test
				}
			}()
		}
		deliver := func(msg tea.Msg, fromCmd bool) {
			switch msg := msg.(type) {
			case nil, tea.QuitMsg:
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			default:
				if !fromCmd || !isInternalTeaMsg(msg) {
					_, cmd := h.m.Update(msg)
					start(cmd)
				}
			}
		}
		w, ht := 100, 30
		for step := 0; step < 1200; step++ {
			var msg tea.Msg
			switch r := rng.IntN(100); {
			case r < 62:
				msg = keyMsg(keys[rng.IntN(len(keys))])
			case r < 74: // dialogs and the search box take most keys: leave them often
				msg = keyMsg([]string{"esc", "enter", "2", "3", "4", "5", "6", "7"}[rng.IntN(8)])
			case r < 84:
				msg = tea.MouseClickMsg{X: rng.IntN(w+10) - 5, Y: rng.IntN(ht+10) - 5, Button: tea.MouseLeft}
			case r < 91:
				b := tea.MouseWheelDown
				if rng.IntN(2) == 0 {
					b = tea.MouseWheelUp
				}
				msg = tea.MouseWheelMsg{X: rng.IntN(w + 1), Y: rng.IntN(ht + 1), Button: b}
			case r < 95: // mostly usable sizes, sometimes too small or zero
				w, ht = []int{0, 1, 7, 59, 60, 61, 80, 99, 100, 160}[rng.IntN(10)], []int{0, 15, 16, 17, 24, 30, 50}[rng.IntN(7)]
				msg = tea.WindowSizeMsg{Width: w, Height: ht}
			case r < 97:
				msg = refreshTickMsg{seq: h.m.tm.refreshSeq}
			case r < 98:
				msg = staleTickMsg{seq: h.m.tm.staleSeq}
			default:
				msg = tea.BackgroundColorMsg{}
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("seed %d step %d (%#v, %dx%d): panic %v", seed, step, msg, w, ht, p)
					}
				}()
				deliver(msg, false)
				for drained := false; !drained; {
					select {
					case m := <-msgs:
						deliver(m, true)
					default:
						drained = true
					}
				}
				lines := strings.Split(ansi.Strip(h.m.View().Content), "\n")
				if !h.m.tooSmall() && len(lines) != ht {
					t.Fatalf("seed %d step %d (%#v): %d lines at height %d", seed, step, msg, len(lines), ht)
				}
				// Below 12 columns the too-small note keeps its words whole on
				// purpose (TestSizesDownTo60x16AndTooSmall): widths are checked above.
				for i, l := range lines {
					if lw := ansi.StringWidth(l); w >= 12 && lw > w {
						t.Fatalf("seed %d step %d (%#v): line %d is %d cells at width %d: %q", seed, step, msg, i, lw, w, l)
					}
				}
			}()
			if step%10 == 0 {
				time.Sleep(2 * time.Millisecond) // let answers arrive between bursts of keys
			}
		}
	}
}
