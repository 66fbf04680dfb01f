package common

import "strings"

// FlatEmoji drops the joiners, variation selectors and skin-tone modifiers
// that make a terminal without grapheme clustering (mode 2027: tmux, xterm,
// most others) draw an emoji wider than ansi.StringWidth counts it, which
// pushes the rest of a table row out of its columns. "👍🏽" becomes "👍" and
// "👨‍👩‍👧" three faces: the same width under either way of counting.
func FlatEmoji(s string) string {
	if !strings.ContainsFunc(s, emojiGlue) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if emojiGlue(r) {
			return -1
		}
		return r
	}, s)
}

func emojiGlue(r rune) bool {
	return r == 0x200d || r == 0xfe0e || r == 0xfe0f || (r >= 0x1f3fb && r <= 0x1f3ff)
}
