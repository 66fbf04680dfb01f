package client

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

const (
	maxLimit     = 200
	maxQueryLen  = 200
	maxDailySpan = 366 * 24 * time.Hour
)

// Validate reports the first problem with q; the list methods call it and
// send nothing when it fails.
func (q ConversationQuery) Validate() error {
	if err := q.ListQuery.validate("conversations", ConversationSorts); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(q.Q); n > maxQueryLen {
		return fmt.Errorf("search text is %d characters long: at most %d are allowed", n, maxQueryLen)
	}
	if !utf8.ValidString(q.Q) {
		return errors.New("search text is not valid UTF-8")
	}
	if err := checkID("user id", q.UserID); err != nil {
		return err
	}
	return checkEnum("billing type", q.BillingType, model.BillingTypes)
}

func (q ConversationQuery) values() url.Values {
	v := q.ListQuery.values()
	set(v, "q", q.Q)
	set(v, "billing_type", string(q.BillingType))
	set(v, "user_id", q.UserID)
	return v
}

func (q MCPCallQuery) Validate() error {
	if err := q.ListQuery.validate("MCP calls", MCPCallSorts); err != nil {
		return err
	}
	if err := checkID("user id", q.UserID); err != nil {
		return err
	}
	return checkID("API key id", q.APIKeyID)
}

func (q MCPCallQuery) values() url.Values {
	v := q.ListQuery.values()
	set(v, "api_key_id", q.APIKeyID)
	set(v, "user_id", q.UserID)
	return v
}

func (q ImportQuery) Validate() error {
	if err := q.ListQuery.validate("imports", ImportSorts); err != nil {
		return err
	}
	if err := checkID("user id", q.UserID); err != nil {
		return err
	}
	return checkEnum("import type", q.ImportType, model.ImportTypes)
}

func (q ImportQuery) values() url.Values {
	v := q.ListQuery.values()
	set(v, "import_type", string(q.ImportType))
	set(v, "user_id", q.UserID)
	return v
}

func (q AdjustmentQuery) Validate() error {
	if err := q.ListQuery.validate("credit adjustments", AdjustmentSorts); err != nil {
		return err
	}
	return checkEnum("adjustment type", q.Type, model.AdjustmentTypes)
}

func (q AdjustmentQuery) values() url.Values {
	v := q.ListQuery.values()
	set(v, "type", string(q.Type))
	return v
}

func (q InvoiceQuery) Validate() error { return q.ListQuery.validate("invoices", InvoiceSorts) }

func (q InvoiceQuery) values() url.Values { return q.ListQuery.values() }

// Validate checks the required window (at most 366 days) and the time zone.
func (q DailyQuery) Validate() error {
	if q.From.IsZero() || q.To.IsZero() {
		return errors.New("daily usage needs both from and to")
	}
	from, to := wireTime(q.From), wireTime(q.To)
	if !ceilSecond(q.From).Before(ceilSecond(q.To)) {
		return fmt.Errorf("from (%s) must be before to (%s)", from, to)
	}
	if span := q.To.Sub(q.From); span > maxDailySpan {
		days := (span + 24*time.Hour - 1) / (24 * time.Hour)
		return fmt.Errorf("daily usage covers at most 366 days, but %s to %s spans %d: shorten the window", from, to, days)
	}
	if q.TZ != "" {
		if q.TZ == "Local" {
			return errors.New(`time zone "Local" is not a zone name: use an IANA name such as Europe/Berlin`)
		}
		if _, err := time.LoadLocation(q.TZ); err != nil {
			return fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Berlin or UTC", cleanSnippet(q.TZ, 60))
		}
	}
	return nil
}

func (q DailyQuery) values() url.Values {
	v := url.Values{}
	set(v, "from", wireTime(q.From))
	set(v, "to", wireTime(q.To))
	set(v, "tz", q.TZ)
	return v
}

func (q ListQuery) validate(list string, sorts []string) error {
	if q.Sort != "" && !slices.Contains(sorts, q.Sort) {
		return fmt.Errorf("cannot sort %s by %q: use one of %s", list, cleanSnippet(q.Sort, 40), strings.Join(sorts, ", "))
	}
	if q.Order != "" && q.Order != "asc" && q.Order != "desc" {
		return fmt.Errorf("unknown order %q: use asc or desc", cleanSnippet(q.Order, 40))
	}
	// Compare what is sent: times go out rounded up to whole seconds.
	if !q.From.IsZero() && !q.To.IsZero() && !ceilSecond(q.From).Before(ceilSecond(q.To)) {
		return fmt.Errorf("from (%s) must be before to (%s)", wireTime(q.From), wireTime(q.To))
	}
	if q.Limit < 0 || q.Limit > maxLimit {
		return fmt.Errorf("limit %d is out of range: use 1 to %d", q.Limit, maxLimit)
	}
	return checkID("cursor", q.Cursor)
}

func (q ListQuery) values() url.Values {
	v := url.Values{}
	if !q.From.IsZero() {
		v.Set("from", wireTime(q.From))
	}
	if !q.To.IsZero() {
		v.Set("to", wireTime(q.To))
	}
	set(v, "sort", q.Sort)
	set(v, "order", q.Order)
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	set(v, "cursor", q.Cursor)
	return v
}

// wireTime is RFC 3339 in UTC with Z at whole seconds, like the contract's
// examples. Records carry whole seconds, so rounding a fractional bound up
// keeps both "from inclusive" and "to exclusive" exact.
func wireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ceilSecond(t).UTC().Format(time.RFC3339)
}

func ceilSecond(t time.Time) time.Time {
	if s := t.Truncate(time.Second); !s.Equal(t) {
		return s.Add(time.Second)
	}
	return t
}

// set adds a parameter only when it has a value: the server rejects empty ones.
func set(v url.Values, k, val string) {
	if val != "" {
		v.Set(k, val)
	}
}

func checkEnum[T ~string](what string, v T, all []T) error {
	if v == "" || model.Known(v, all) {
		return nil
	}
	names := make([]string, len(all))
	for i, a := range all {
		names[i] = string(a)
	}
	return fmt.Errorf("unknown %s %q: use one of %s", what, cleanSnippet(string(v), 60), strings.Join(names, ", "))
}

// checkID rejects ids that cannot be sent as a single path segment or
// parameter value unchanged.
func checkID(what, id string) error {
	if id == "" {
		return nil
	}
	if !utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("invalid %s: it contains control characters", what)
	}
	return nil
}
