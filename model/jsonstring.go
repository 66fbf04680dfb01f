// String values: escapes, surrogate pairs and invalid UTF-8 exactly as
// encoding/json reads them, and the interning of short repeated strings.

package model

import (
	"unicode/utf16"
	"unicode/utf8"
)

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
