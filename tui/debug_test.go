package tui

import (
	"fmt"
	"testing"
)

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func TestDebugScreen(t *testing.T) {
	h := newHarness(t, harnessOpts{me: true})
	h.keys("enter")
	t.Log("\n" + h.screen())
	h.keys("2")
	t.Log("\n" + h.screen())
	h.keys("3", "enter")
	t.Log("\n" + h.screen())
	h.keys("esc", "4")
	t.Log("\n" + h.screen())
	h.keys("1", "enter")
	t.Log("\n" + h.screen())
}
