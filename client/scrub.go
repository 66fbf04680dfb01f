package client

import (
	"strings"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

// The API key must never reach the screen, not even in part, whatever a
// server echoes back (a reflected Authorization header in an error message,
// a request id, a field that fails to decode). Server text reaches errors
// only through safeText, which sanitises, then scrubs, then shortens:
// shortening first would cut an echoed key into a prefix that no longer
// matches it.

// minKeyRun is the shortest run of the key's characters that is scrubbed.
// A key is 30+ random characters: 8 of them are the first length at which a
// fragment says something about the key (a prefix, the tail after
// "Bearer "), while shorter runs occur by chance in ordinary text (ids,
// words, numbers) and scrubbing them would mangle messages. Runs made of
// fewer than 3 distinct characters (the demo key's "00000000") carry almost
// no information and are left alone for the same reason.
const minKeyRun = 8

// scrubber removes every run of at least minKeyRun characters that is also
// a substring of the key.
type scrubber struct {
	key   string
	min   int
	grams map[string]struct{} // every informative substring of the key of length min
}

func newScrubber(key string) *scrubber {
	s := &scrubber{key: key, min: min(minKeyRun, len(key))}
	if s.min == 0 {
		return nil
	}
	s.grams = make(map[string]struct{}, len(key))
	for i := 0; i+s.min <= len(key); i++ {
		if g := key[i : i+s.min]; s.min < minKeyRun || distinct(g) >= 3 {
			s.grams[g] = struct{}{}
		}
	}
	return s
}

func distinct(s string) int {
	var seen [256]bool
	n := 0
	for i := 0; i < len(s); i++ {
		if !seen[s[i]] {
			seen[s[i]] = true
			n++
		}
	}
	return n
}

const redacted = "[redacted]"

// scrub replaces each stretch of text covered by a run of the key's
// characters with [redacted]. Every start position is extended as far as
// the key allows, so overlapping runs are covered as a whole.
func (s *scrubber) scrub(text string) string {
	if s == nil || len(text) < s.min {
		return text
	}
	var cover []bool
	for i := 0; i+s.min <= len(text); i++ {
		if _, ok := s.grams[text[i:i+s.min]]; !ok {
			continue
		}
		j := i + s.min
		for j < len(text) && strings.Contains(s.key, text[i:j+1]) {
			j++
		}
		if cover == nil {
			cover = make([]bool, len(text))
		}
		for k := i; k < j; k++ {
			cover[k] = true
		}
	}
	if cover == nil {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		if !cover[i] {
			b.WriteByte(text[i])
			i++
			continue
		}
		b.WriteString(redacted)
		for i < len(text) && cover[i] {
			i++
		}
	}
	return b.String()
}

// maxRawText bounds how much of one server string is looked at: a 16 MiB
// text body need not be sanitised whole to quote 80 characters of it.
const maxRawText = 8 << 10

// safeText is the one way server or network text reaches an error: cut to
// a bounded size, sanitised (no escape sequences, controls or bidi
// overrides), runs of white space collapsed, the key scrubbed (scrub may be
// nil), and only then shortened to max runes.
func safeText(s string, max int, scrub func(string) string) string {
	precut := len(s) > maxRawText
	if precut {
		s = s[:maxRawText]
	}
	s = strings.Join(strings.Fields(model.Sanitize(s)), " ")
	if scrub != nil {
		s = scrub(s)
	}
	if precut {
		// The pre-cut may have split an echoed key; drop the tail that
		// could hold the start of one (too short for the scrubber).
		s = dropLastRunes(s, minKeyRun)
	}
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return s
}

func dropLastRunes(s string, n int) string {
	for ; n > 0 && s != ""; n-- {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
