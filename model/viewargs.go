package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Args returns the flags that reopen exactly this view (`tally` and `tally
// export` accept the same set). Zero fields are omitted; every set field is
// printed, so parsing Args gives back an equal View. Times are RFC 3339 in
// their own zone so the instant survives whatever --tz the reader uses.
func (v View) Args() []string {
	var a []string
	add := func(flag, val string) {
		if val == "" {
			return
		}
		if strings.HasPrefix(val, "-") {
			// "--search -x" would read as a flag to a human; the = form is unambiguous.
			a = append(a, "--"+flag+"="+val)
			return
		}
		a = append(a, "--"+flag, val)
	}
	add("workspace", v.Workspace)
	add("tab", string(v.Tab))
	if v.Last != "" {
		add("last", v.Last)
	}
	if c, err := ParseCalendar(v.Calendar); err == nil && c.Month != 0 {
		add("month", v.Calendar)
	} else {
		add("year", v.Calendar)
	}
	if !v.From.IsZero() {
		add("from", v.From.Format(time.RFC3339Nano))
	}
	if !v.To.IsZero() {
		add("to", v.To.Format(time.RFC3339Nano))
	}
	for _, f := range AllFilters() {
		add(f.Flag, f.Get(v))
	}
	add("group-by", string(v.GroupBy))
	add("sort", v.Sort)
	add("order", v.Order)
	add("tz", v.TZ)
	add("as-role", string(v.AsRole))
	return a
}

// CommandLine is Args as one line a POSIX shell reads back unchanged.
func (v View) CommandLine() string { return v.CommandLineFor("tally") }

// CommandLineFor is CommandLine for another command that takes the view flags
// ("tally demo" when the view is on the demo server).
func (v View) CommandLineFor(command string) string {
	var b strings.Builder
	b.WriteString(command)
	for _, a := range v.Args() {
		b.WriteByte(' ')
		b.WriteString(ShellQuote(a))
	}
	return b.String()
}

// ShellQuote returns s unchanged when a POSIX shell would read it as one plain
// word, else wrapped in single quotes (a ' inside becomes '\”).
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	plain := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// LastSpan is a parsed --last value: N days, weeks or months back from now.
type LastSpan struct {
	N    int
	Unit byte // 'd', 'w' or 'm'
}

// maxLastN bounds --last so AddDate cannot overflow (9999 months is 833 years).
const maxLastN = 9999

// ParseLast parses a --last value: "7d", "30d", "3m", any "Nd", "Nw" or "Nm"
// with 1 <= N <= 9999.
func ParseLast(s string) (LastSpan, error) {
	bad := fmt.Errorf("invalid --last %q: use a count and a unit d, w or m, e.g. 7d, 2w, 3m", s)
	if len(s) < 2 {
		return LastSpan{}, bad
	}
	unit := s[len(s)-1]
	if unit != 'd' && unit != 'w' && unit != 'm' {
		return LastSpan{}, bad
	}
	digits := s[:len(s)-1]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return LastSpan{}, bad
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 || n > maxLastN {
		return LastSpan{}, bad
	}
	return LastSpan{N: n, Unit: unit}, nil
}

// Start is the beginning of the span ending at now, computed on the calendar
// of loc so that "1m" on 31 March and a DST change behave like a wall clock.
func (l LastSpan) Start(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	t := now.In(loc)
	switch l.Unit {
	case 'w':
		return t.AddDate(0, 0, -7*l.N)
	case 'm':
		return t.AddDate(0, -l.N, 0)
	default:
		return t.AddDate(0, 0, -l.N)
	}
}

// Window resolves the view's time window. With Last set it is [now−Last, now)
// and From/To are ignored; with Calendar, that month or year in loc;
// otherwise it is From/To as stored (zero = unbounded). An empty window
// (From >= To) is an error.
func (v View) Window(now time.Time, loc *time.Location) (from, to time.Time, err error) {
	if v.Last != "" {
		span, err := ParseLast(v.Last)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		if loc == nil {
			loc = time.Local
		}
		return span.Start(now, loc), now.In(loc), nil
	}
	if v.Calendar != "" {
		c, err := ParseCalendar(v.Calendar)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		from, to = c.Window(loc)
		return from, to, nil
	}
	if !v.From.IsZero() && !v.To.IsZero() && !v.From.Before(v.To) {
		return time.Time{}, time.Time{}, fmt.Errorf("--from (%s) must be before --to (%s)",
			v.From.Format(time.RFC3339), v.To.Format(time.RFC3339))
	}
	return v.From, v.To, nil
}

// LoadTZ resolves an IANA zone name; "" is the local zone.
func LoadTZ(name string) (*time.Location, error) {
	if name == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Berlin or UTC", name)
	}
	return loc, nil
}
