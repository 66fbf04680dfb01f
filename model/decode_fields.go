package model

import (
	"errors"
	"time"
)

// fields decodes the members of one record (or summary) and remembers which
// required ones it saw, so a missing one is named instead of becoming a
// zero value.
type fields struct {
	r    *reader
	list string
	rec  int    // 1-based record position; 0 = not a record (summary, page)
	id   string // the record's id once read
	path string // prefix of nested fields ("api_key.", "summary.")
	seen uint32
}

func (f *fields) err(field, problem, value string) error {
	return &DecodeError{List: f.list, Record: f.rec, ID: f.id, Field: f.path + field, Problem: problem, Value: value}
}

// wrongKind reports a value of the wrong JSON type (and skips nothing: the
// page is refused anyway).
func (f *fields) wrongKind(field, want string) error {
	if k := f.r.kind(); k == "null" {
		return f.err(field, "is null", "")
	} else {
		return f.err(field, "must be "+want+", not "+k, "")
	}
}

// text reads an optional string: null stays empty (the contract's free text).
func (f *fields) text(field string, dst *Text) error {
	if f.r.null() {
		*dst = ""
		return nil
	}
	if f.r.peek() != '"' {
		return f.wrongKind(field, "a string")
	}
	s, err := f.r.str()
	*dst = Text(Sanitize(s))
	return err
}

// reqText reads a required string; intern shares repeating values.
func (f *fields) reqText(field string, bit uint32, dst *Text, intern bool) error {
	f.seen |= bit
	if f.r.peek() != '"' {
		return f.wrongKind(field, "a string")
	}
	var s string
	var err error
	if intern {
		s, err = f.r.interned()
	} else {
		s, err = f.r.str()
	}
	*dst = Text(Sanitize(s))
	return err
}

// reqEnum reads a required enum value (unknown values are kept, sanitised).
func reqEnum[E ~string](f *fields, field string, bit uint32, dst *E) error {
	var t Text
	err := f.reqText(field, bit, &t, true)
	*dst = E(t)
	return err
}

// id reads the record's required, non-empty id.
func (f *fields) readID(bit uint32, dst *Text) error {
	if err := f.reqText("id", bit, dst, false); err != nil {
		return err
	}
	if *dst == "" {
		return f.err("id", "is empty", "")
	}
	f.id = string(*dst)
	return nil
}

// credits reads a required decimal string.
func (f *fields) credits(field string, bit uint32, dst *Credits) error {
	f.seen |= bit
	if f.r.peek() != '"' {
		return f.wrongKind(field, "a decimal string")
	}
	b, err := f.r.strBytes()
	if err != nil {
		return err
	}
	v, err := parseCreditsBytes(b)
	if err != nil {
		problem := `is not a decimal amount like "12.5" (at most 4 decimal places):`
		if errors.Is(err, ErrCreditsRange) {
			problem = "is out of range:"
		}
		return f.err(field, problem, string(b))
	}
	*dst = v
	return nil
}

// instant reads a required RFC 3339 time.
func (f *fields) instant(field string, bit uint32, dst *time.Time) error {
	f.seen |= bit
	if f.r.peek() != '"' {
		return f.wrongKind(field, "an RFC 3339 time string")
	}
	b, err := f.r.strBytes()
	if err != nil {
		return err
	}
	if t, ok := parseUTCSeconds(b); ok {
		*dst = t
		return nil
	}
	// Anything else (fractions, offsets, errors) the way encoding/json
	// decodes a time.Time: strict RFC 3339.
	if err := dst.UnmarshalText(b); err != nil {
		return f.err(field, "is not an RFC 3339 time like 2026-11-20T14:03:22Z:", string(b))
	}
	return nil
}

// integer reads a required whole number.
func (f *fields) integer(field string, bit uint32, dst *int64) error {
	f.seen |= bit
	switch f.r.peek() {
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
	default:
		return f.wrongKind(field, "a number")
	}
	b, err := f.r.number()
	if err != nil {
		return err
	}
	n, ok := parseInt(b)
	if !ok {
		return f.err(field, "must be a whole number in range:", string(b))
	}
	*dst = n
	return nil
}

// require names the first required field whose bit was not seen.
func (f *fields) require(names []string) error {
	for i, n := range names {
		if f.seen&(1<<i) == 0 {
			return f.err(n, "is missing", "")
		}
	}
	return nil
}

// user reads an optional user: absent or null is nil (a member's view, or a
// deleted user). Identical user objects on one page share one *User.
func (f *fields) user(dst **User, cache map[string]*User) error {
	if f.r.null() {
		*dst = nil
		return nil
	}
	if f.r.peek() != '{' {
		return f.wrongKind("user", "an object")
	}
	start := f.r.i
	if err := f.r.skip(); err != nil {
		return err
	}
	if u, ok := cache[string(f.r.b[start:f.r.i])]; ok {
		*dst = u
		return nil
	}
	end := f.r.i
	f.r.i = start
	u := &User{}
	sub := fields{r: f.r, list: f.list, rec: f.rec, id: f.id, path: f.path + "user."}
	if err := sub.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return sub.reqText("id", 1, &u.ID, true)
		case "name":
			return sub.text("name", &u.Name)
		case "email":
			return sub.text("email", &u.Email)
		}
		return f.r.skip()
	}); err != nil {
		return err
	}
	if err := sub.require([]string{"id"}); err != nil {
		return err
	}
	if len(cache) < 4096 {
		cache[string(f.r.b[start:end])] = u
	}
	*dst = u
	return nil
}

// object iterates the members of an object, calling member for each key;
// member must consume the value.
func (f *fields) object(member func(key []byte) error) error {
	if err := f.r.beginObject(); err != nil {
		return err
	}
	for first := true; ; {
		key, ok, err := f.r.nextKey(&first)
		if err != nil || !ok {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
	}
}

// parseUTCSeconds is the fast path for the contract's own form,
// "2026-11-20T14:03:22Z"; anything else returns false.
func parseUTCSeconds(b []byte) (time.Time, bool) {
	if len(b) != 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, s := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysIn(time.Month(mo), y) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC), true
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// parseInt parses a JSON number as an int64 the way encoding/json does for
// an int64 field: no fraction, no exponent, in range.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u-1) - 1, true
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}
