package demo

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

// Hand-written JSON: the contract's shapes (absent vs null user, decimal
// strings, Z times) are explicit here, and big pages encode without reflection.

const hexDigits = "0123456789abcdef"

func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xf])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func appendTime(b []byte, unix int64) []byte {
	b = append(b, '"')
	b = time.Unix(unix, 0).UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
	return append(b, '"')
}

// appendTimeOrNull writes null for 0.
func appendTimeOrNull(b []byte, unix int64) []byte {
	if unix == 0 {
		return append(b, "null"...)
	}
	return appendTime(b, unix)
}

func appendCredits(b []byte, units int64) []byte {
	return appendStr(b, model.Credits(units).String())
}

// appendMoney writes two decimals at least ("29.00").
func appendMoney(b []byte, units int64) []byte {
	neg := units < 0
	if neg {
		units = -units
	}
	b = append(b, '"')
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, units/unit, 10)
	frac := units % unit
	b = append(b, '.', byte('0'+frac/1000), byte('0'+frac/100%10))
	if rest := frac % 100; rest != 0 {
		b = append(b, byte('0'+rest/10))
		if rest%10 != 0 {
			b = append(b, byte('0'+rest%10))
		}
	}
	return append(b, '"')
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// appendNextCursor writes ,"next_cursor":... (null on the last page).
func appendNextCursor(b []byte, c string) []byte {
	b = append(b, `,"next_cursor":`...)
	if c == "" {
		return append(b, "null"...)
	}
	return appendStr(b, c)
}
