package model

import (
	"fmt"
	"strconv"
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
