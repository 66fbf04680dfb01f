package model

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes untrusted text safe to print on a terminal or into a file a
// terminal may later cat. Libraries pass escape sequences through (see
// shared/field-notes.md), and JSON's \u001b decodes to a real ESC, so every
// free-text field goes through here once, at decode time.
//
// It removes ESC/CSI/OSC/DCS/APC/PM/SOS sequences (7- and 8-bit), turns \t \n \r
// into a space, drops every other C0, DEL and C1 control and the bidi
// embedding/override/isolate controls, and replaces invalid UTF-8 with U+FFFD.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsRune(s, 0x1b) || containsC1Introducer(s) {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// drop: C0, DEL, C1 (U+009B is a one-byte CSI on some terminals)
		case isBidiControl(r):
			// drop: would reorder the rest of the line
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			return isCleanSlow(s[i:])
		}
	}
	return true
}

func isCleanSlow(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			return false
		}
	}
	return true
}

func containsC1Introducer(s string) bool {
	for _, r := range s {
		switch r {
		case 0x90, 0x9b, 0x9d, 0x98, 0x9e, 0x9f:
			return true
		}
	}
	return false
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// Text is a string from the API that has been sanitised while decoding. Every
// free-text field of a record uses it, so nothing unsanitised can be rendered
// by accident.
type Text string

// String returns the sanitised text.
func (t Text) String() string { return string(t) }

// UnmarshalJSON decodes a JSON string (or null, as "") and sanitises it.
func (t *Text) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = ""
		return nil
	}
	// Fast path: a quoted string without escapes is its own value (the decoder has
	// already checked it is valid JSON, so it holds no raw control bytes); this
	// halves the allocations of a page decode, where most fields are plain.
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		*t = Text(Sanitize(string(b[1 : len(b)-1])))
		return nil
	}
	var s string
	if err := jsonUnmarshalString(b, &s); err != nil {
		return err
	}
	*t = Text(Sanitize(s))
	return nil
}
