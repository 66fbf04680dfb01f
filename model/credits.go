package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Credits is an exact decimal amount in ten-thousandths (4 fractional digits),
// the precision of the wire format. It is also used for money amounts
// (invoice totals, prices), which the contract sends with at most 4 digits too.
// Floats never touch it: totals must match the server to the last 0.0001.
type Credits int64

// Scale is the number of Credits units in one whole credit.
const Scale = 10000

const fracDigits = 4

// ErrCreditsRange is returned when a value does not fit in an int64 of ten-thousandths.
var ErrCreditsRange = errors.New("credit amount out of range")

// NewCredits returns whole credits (e.g. NewCredits(12) is 12 credits).
func NewCredits(whole int64) Credits { return Credits(whole * Scale) }

// ParseCredits parses a wire decimal `^-?[0-9]+(\.[0-9]{1,4})?$` exactly.
// More than four fractional digits, other syntax, or an out-of-range value is an error.
func ParseCredits(s string) (Credits, error) {
	orig := s
	if s == "" {
		return 0, fmt.Errorf("invalid credit amount %q: empty", orig)
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) {
		return 0, fmt.Errorf("invalid credit amount %q: want digits like 12.5", quoteShort(orig))
	}
	if hasDot && (frac == "" || !allDigits(frac)) {
		return 0, fmt.Errorf("invalid credit amount %q: want digits after the point", quoteShort(orig))
	}
	if len(frac) > fracDigits {
		return 0, fmt.Errorf("invalid credit amount %q: more than %d decimal places", quoteShort(orig), fracDigits)
	}
	// Strip leading zeros so long zero-padded inputs still parse; keep one digit.
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if len(intPart) > 15 {
		return 0, fmt.Errorf("invalid credit amount %q: %w", quoteShort(orig), ErrCreditsRange)
	}
	whole, err := strconv.ParseUint(intPart, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid credit amount %q: %w", quoteShort(orig), ErrCreditsRange)
	}
	var f uint64
	if frac != "" {
		f, _ = strconv.ParseUint(frac+strings.Repeat("0", fracDigits-len(frac)), 10, 64)
	}
	// whole < 1e15 so whole*Scale+f < 1e19 fits uint64; check against int64 bounds.
	u := whole*Scale + f
	if neg {
		if u > uint64(math.MaxInt64)+1 {
			return 0, fmt.Errorf("invalid credit amount %q: %w", quoteShort(orig), ErrCreditsRange)
		}
		return Credits(-int64(u-1) - 1), nil
	}
	if u > math.MaxInt64 {
		return 0, fmt.Errorf("invalid credit amount %q: %w", quoteShort(orig), ErrCreditsRange)
	}
	return Credits(u), nil
}

// MustCredits parses s or panics; for literals in tests and generated demo data only.
func MustCredits(s string) Credits {
	c, err := ParseCredits(s)
	if err != nil {
		panic(err)
	}
	return c
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func quoteShort(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Add returns c+o, or ErrCreditsRange on overflow.
func (c Credits) Add(o Credits) (Credits, error) {
	r := c + o
	if (o > 0 && r < c) || (o < 0 && r > c) {
		return 0, ErrCreditsRange
	}
	return r, nil
}

// Sub returns c-o, or ErrCreditsRange on overflow.
func (c Credits) Sub(o Credits) (Credits, error) {
	r := c - o
	if (o > 0 && r > c) || (o < 0 && r < c) {
		return 0, ErrCreditsRange
	}
	return r, nil
}

// Mul returns c*n, or ErrCreditsRange on overflow.
func (c Credits) Mul(n int64) (Credits, error) {
	if c == 0 || n == 0 {
		return 0, nil
	}
	r := c * Credits(n)
	if r/Credits(n) != c || (c == -1 && n == math.MinInt64) || (n == -1 && c == math.MinInt64) {
		return 0, ErrCreditsRange
	}
	return r, nil
}

// Neg returns -c (math.MinInt64 saturates, it cannot come from ParseCredits' inverse).
func (c Credits) Neg() Credits {
	if c == math.MinInt64 {
		return math.MaxInt64
	}
	return -c
}

// Sign reports -1, 0 or +1.
func (c Credits) Sign() int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

// Units returns the raw count of ten-thousandths.
func (c Credits) Units() int64 { return int64(c) }

// parts splits |c| into whole and fractional digits (fraction without trailing zeros).
func (c Credits) parts() (neg bool, whole uint64, frac string) {
	u := uint64(c)
	if c < 0 {
		neg = true
		u = uint64(-(c + 1)) + 1
	}
	whole = u / Scale
	f := u % Scale
	if f != 0 {
		frac = strings.TrimRight(fmt.Sprintf("%04d", f), "0")
	}
	return
}

// AppendDecimal appends the canonical wire form (String) without allocating.
func (c Credits) AppendDecimal(b []byte) []byte {
	u := uint64(c)
	if c < 0 {
		b = append(b, '-')
		u = uint64(-(c + 1)) + 1
	}
	b = strconv.AppendUint(b, u/Scale, 10)
	if f := u % Scale; f != 0 {
		d := [fracDigits]byte{byte('0' + f/1000), byte('0' + f/100%10), byte('0' + f/10%10), byte('0' + f%10)}
		n := fracDigits
		for d[n-1] == '0' {
			n--
		}
		b = append(b, '.')
		b = append(b, d[:n]...)
	}
	return b
}

// String is the canonical wire form: minimal digits, ASCII minus ("-12.5", "0.0125", "300").
func (c Credits) String() string {
	neg, whole, frac := c.parts()
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(strconv.FormatUint(whole, 10))
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Grouped is the human form: thousands separators, trailing zeros trimmed and a real
// minus sign (U+2212) for negatives: "12,404.5", "−1,200".
func (c Credits) Grouped() string { return c.format(0, true) }

// Fixed formats with at least minFrac fractional digits (for money: "29.00"), grouped.
func (c Credits) Fixed(minFrac int) string { return c.format(minFrac, true) }

// Signed is Grouped with an explicit "+" on positive values ("+9,500").
func (c Credits) Signed() string {
	if c > 0 {
		return "+" + c.Grouped()
	}
	return c.Grouped()
}

func (c Credits) format(minFrac int, unicodeMinus bool) string {
	neg, whole, frac := c.parts()
	for len(frac) < minFrac {
		frac += "0"
	}
	var b strings.Builder
	if neg {
		if unicodeMinus {
			b.WriteString("−")
		} else {
			b.WriteByte('-')
		}
	}
	b.WriteString(groupThousands(strconv.FormatUint(whole, 10)))
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// GroupInt is a count with thousands separators and a real minus sign
// (U+2212): "8,311", "−1,200". The one grouper of tally's screens and messages.
func GroupInt(n int64) string {
	if n < 0 {
		// -(n+1)+1 avoids overflowing on the smallest int64.
		return "−" + groupThousands(strconv.FormatUint(uint64(-(n+1))+1, 10))
	}
	return groupThousands(strconv.FormatInt(n, 10))
}

func groupThousands(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	if head > 0 {
		b.WriteString(d[:head])
	}
	for i := head; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// MarshalJSON writes the decimal string form.
func (c Credits) MarshalJSON() ([]byte, error) {
	return []byte(`"` + c.String() + `"`), nil
}

// UnmarshalJSON accepts only a JSON string holding a wire decimal.
func (c *Credits) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("credit amount must be a decimal string, got %s", quoteShort(string(b)))
	}
	v, err := parseCreditsBytes(b[1 : len(b)-1])
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// parseCreditsBytes avoids allocating a string for the common, valid case.
func parseCreditsBytes(b []byte) (Credits, error) {
	if len(b) > 0 && len(b) <= 20 {
		var buf [20]byte
		n := copy(buf[:], b)
		if v, ok := parseSmall(buf[:n]); ok {
			return v, nil
		}
	}
	return ParseCredits(string(b))
}

// parseSmall handles `-?d{1,14}(.d{1,4})?` without allocation; anything else
// (errors included) goes through ParseCredits for its messages.
func parseSmall(b []byte) (Credits, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	var whole, frac int64
	i, digits := 0, 0
	for ; i < len(b) && b[i] != '.'; i++ {
		if b[i] < '0' || b[i] > '9' || digits == 14 {
			return 0, false
		}
		whole = whole*10 + int64(b[i]-'0')
		digits++
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(b) {
		f := b[i+1:]
		if len(f) == 0 || len(f) > fracDigits {
			return 0, false
		}
		for j := 0; j < fracDigits; j++ {
			frac *= 10
			if j < len(f) {
				if f[j] < '0' || f[j] > '9' {
					return 0, false
				}
				frac += int64(f[j] - '0')
			}
		}
	}
	v := whole*Scale + frac
	if neg {
		v = -v
	}
	return Credits(v), true
}

// MarshalText/UnmarshalText let Credits sit in TOML, CSV helpers and map keys.
func (c Credits) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c *Credits) UnmarshalText(b []byte) error {
	v, err := ParseCredits(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
