package model

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// reader is a pull parser over one JSON document held in memory. The page
// decoders use it to decode and validate a list page in one pass, without
// reflection: encoding/json first scans the whole body to validate it, then
// decodes it by reflection, then the records needed a second look to find
// missing fields. Its string rules follow encoding/json exactly (escapes,
// surrogate pairs, each invalid UTF-8 byte becoming U+FFFD), so decoded text
// is the same as before.
type reader struct {
	b       []byte
	i       int
	scratch []byte            // unescaped strings, reused
	strs    map[string]string // interned short strings that repeat (enums, tools, key names)
}

// maxDepth bounds the nesting of values the decoders skip (encoding/json
// allows 10000; so does this).
const maxDepth = 10000

// SyntaxError is a body that is not valid JSON.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

func (r *reader) fail(format string, a ...any) error {
	return &SyntaxError{Offset: r.i, Msg: fmt.Sprintf(format, a...)}
}

// describe names the byte at the read position for a syntax error; %q keeps
// control bytes from reaching a terminal.
func (r *reader) describe() string {
	if r.i >= len(r.b) {
		return "end of input"
	}
	return strconv.QuoteRune(rune(r.b[r.i]))
}

func (r *reader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (r *reader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// null consumes a null literal if one is next.
func (r *reader) null() bool {
	if r.peek() == 'n' && len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "null" {
		r.i += 4
		return true
	}
	return false
}

// end checks that nothing but white space follows the document.
func (r *reader) end() error {
	if r.ws(); r.i < len(r.b) {
		return r.fail("unexpected %s after the document", r.describe())
	}
	return nil
}

// beginObject consumes '{'.
func (r *reader) beginObject() error {
	if r.peek() != '{' {
		return r.fail("expected an object, found %s", r.describe())
	}
	r.i++
	return nil
}

// nextKey reads the next member's key and its ':'; ok is false after the
// closing '}'. *first must be true before the first call. The key is valid
// until the next read.
func (r *reader) nextKey(first *bool) (key []byte, ok bool, err error) {
	c := r.peek()
	if c == '}' {
		r.i++
		return nil, false, nil
	}
	if !*first {
		if c != ',' {
			return nil, false, r.fail("expected ',' or '}' in an object, found %s", r.describe())
		}
		r.i++
		c = r.peek()
	}
	*first = false
	if c != '"' {
		return nil, false, r.fail("expected a string key, found %s", r.describe())
	}
	key, err = r.strBytes()
	if err != nil {
		return nil, false, err
	}
	if r.peek() != ':' {
		return nil, false, r.fail("expected ':' after an object key, found %s", r.describe())
	}
	r.i++
	return key, true, nil
}

// nextElem reports whether another element follows (consuming its ',');
// false after the closing ']'.
func (r *reader) nextElem(first *bool) (bool, error) {
	c := r.peek()
	if c == ']' {
		r.i++
		return false, nil
	}
	if !*first {
		if c != ',' {
			return false, r.fail("expected ',' or ']' in an array, found %s", r.describe())
		}
		r.i++
		if r.peek() == ']' {
			return false, r.fail("unexpected ']' after ','")
		}
	}
	*first = false
	return true, nil
}

// strBytes reads a JSON string and returns its unescaped bytes: a slice of
// the input when it needs no unescaping, else of the scratch buffer (valid
// until the next string is read).
func (r *reader) strBytes() ([]byte, error) {
	if r.peek() != '"' {
		return nil, r.fail("expected a string, found %s", r.describe())
	}
	r.i++
	start := r.i
	ascii := true
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			if ascii || utf8.Valid(s) {
				return s, nil
			}
			return r.unescape(s), nil
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return nil, r.fail("control character %s in a string", r.describe())
		case c >= utf8.RuneSelf:
			ascii = false
		}
		r.i++
	}
	return nil, r.fail("unterminated string")
}

// escaped finishes a string that has escapes, from start (after the quote).
func (r *reader) escaped(start int) ([]byte, error) {
	// Validate first, so unescape works on a string known to be well formed.
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			return r.unescape(s), nil
		case c == '\\':
			if r.i+1 >= len(r.b) {
				return nil, r.fail("unterminated string")
			}
			switch r.b[r.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				r.i += 2
			case 'u':
				if r.i+6 > len(r.b) || hex4(r.b[r.i+2:r.i+6]) < 0 {
					r.i++
					return nil, r.fail("invalid \\u escape in a string")
				}
				r.i += 6
			default:
				r.i++
				return nil, r.fail("invalid escape %s in a string", r.describe())
			}
		case c < 0x20:
			return nil, r.fail("control character %s in a string", r.describe())
		default:
			r.i++
		}
	}
	return nil, r.fail("unterminated string")
}

// unescape decodes a validated string body the way encoding/json does.
func (r *reader) unescape(s []byte) []byte {
	b := r.scratch[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' {
			switch s[i+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(s[i+2 : i+6])
				i += 6
				if utf16.IsSurrogate(rr) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(s[i+2:i+6])); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // " \ /
				b = append(b, s[i+1])
			}
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		rr, size := utf8.DecodeRune(s[i:])
		b = utf8.AppendRune(b, rr) // an invalid byte becomes U+FFFD, one per byte
		i += size
	}
	r.scratch = b
	return b
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// str reads a string as a Go string (one allocation).
func (r *reader) str() (string, error) {
	b, err := r.strBytes()
	return string(b), err
}

// interned reads a string that repeats across records (an enum, a tool, a
// key name) and returns one shared copy of it.
func (r *reader) interned() (string, error) {
	b, err := r.strBytes()
	if err != nil || len(b) > 64 {
		return string(b), err
	}
	if s, ok := r.strs[string(b)]; ok {
		return s, nil
	}
	s := string(b)
	if r.strs == nil {
		r.strs = make(map[string]string, 32)
	}
	if len(r.strs) < 1024 {
		r.strs[s] = s
	}
	return s, nil
}

// number reads a JSON number and returns its text.
func (r *reader) number() ([]byte, error) {
	r.ws()
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.b) && r.b[r.i] == '0':
		r.i++
	case r.i < len(r.b) && r.b[r.i] >= '1' && r.b[r.i] <= '9':
		r.digits()
	default:
		return nil, r.fail("expected a number, found %s", r.describe())
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if r.digits() == 0 {
			return nil, r.fail("expected a digit after the decimal point")
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if r.digits() == 0 {
			return nil, r.fail("expected a digit in the exponent")
		}
	}
	return r.b[start:r.i], nil
}

func (r *reader) digits() int {
	n := 0
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
		n++
	}
	return n
}

// skip reads and discards one value of any kind, validating it.
func (r *reader) skip() error { return r.skipDepth(0) }

func (r *reader) skipDepth(depth int) error {
	if depth > maxDepth {
		return r.fail("values nested too deeply")
	}
	switch c := r.peek(); c {
	case '{':
		r.i++
		for first := true; ; {
			_, ok, err := r.nextKey(&first)
			if err != nil || !ok {
				return err
			}
			if err := r.skipDepth(depth + 1); err != nil {
				return err
			}
		}
	case '[':
		r.i++
		for first := true; ; {
			more, err := r.nextElem(&first)
			if err != nil || !more {
				return err
			}
			if err := r.skipDepth(depth + 1); err != nil {
				return err
			}
		}
	case '"':
		_, err := r.strBytes()
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	default:
		_, err := r.number()
		return err
	}
}

func (r *reader) literal(s string) error {
	if len(r.b)-r.i < len(s) || string(r.b[r.i:r.i+len(s)]) != s {
		return r.fail("invalid literal at %s", r.describe())
	}
	r.i += len(s)
	return nil
}

// kind names the JSON type of the next value, for "must be a string, not …".
func (r *reader) kind() string {
	switch r.peek() {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	if r.i >= len(r.b) {
		return "nothing"
	}
	return "a number"
}
