package model

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"time"
)

// Contract 1.1 adds plan.limits and credits.expiring to /billing. A 1.0 server
// sends neither, so both decode into a value with Known = false: "this server
// does not say", which callers must not show as "no limits" or "nothing expires".

// PlanLimit is one thing the plan includes, with how much of it is used.
type PlanLimit struct {
	Key  Text    `json:"key"`
	Name Text    `json:"name"`
	Used Credits `json:"used"`
	// Limit is nil when the plan has no limit on it ("unlimited"); zero when
	// the plan does not include it at all.
	Limit *Credits `json:"limit"`
	// ResetsAt is nil when the limit does not reset (websites, seats).
	ResetsAt *time.Time `json:"resets_at"`
}

// Unlimited reports a null limit.
func (l PlanLimit) Unlimited() bool { return l.Limit == nil }

// Included reports whether the plan includes the thing at all ("0" means not).
func (l PlanLimit) Included() bool { return l.Limit == nil || *l.Limit != 0 }

// UsedPercent is used/limit in whole percent, rounded down (so 100 means the
// limit is reached, never "almost"); ok is false when there is no finite,
// positive limit to measure against. It can exceed 100 when a server reports
// overage.
func (l PlanLimit) UsedPercent() (pct int64, ok bool) {
	if l.Limit == nil || l.Limit.Sign() <= 0 {
		return 0, false
	}
	if l.Used.Sign() <= 0 {
		return 0, true
	}
	q := new(big.Int).Mul(big.NewInt(l.Used.Units()), big.NewInt(100))
	q.Quo(q, big.NewInt(l.Limit.Units()))
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// Usage is the figure to show: "120 of 500", "41 used · unlimited",
// "not included" (or "2 used · not included" when a server reports use anyway).
func (l PlanLimit) Usage() string {
	switch {
	case l.Limit == nil:
		return l.Used.Grouped() + " used · unlimited"
	case *l.Limit == 0 && l.Used == 0:
		return "not included"
	case *l.Limit == 0:
		return l.Used.Grouped() + " used · not included"
	}
	return l.Used.Grouped() + " of " + l.Limit.Grouped()
}

// Resets is "resets Dec 3" in loc (with the year when it is not now's), or ""
// when the limit does not reset.
func (l PlanLimit) Resets(now time.Time, loc *time.Location) string {
	if l.ResetsAt == nil {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	return "resets " + shortDate(*l.ResetsAt, now, loc)
}

// Line is the limit in one line: "Image generations: 120 of 500 · resets Dec 3".
func (l PlanLimit) Line(now time.Time, loc *time.Location) string {
	s := string(l.Name) + ": " + l.Usage()
	if r := l.Resets(now, loc); r != "" {
		s += " · " + r
	}
	return s
}

// UnmarshalJSON requires every field: a missing limit must not read as
// "unlimited", nor a missing resets_at as "never resets".
func (l *PlanLimit) UnmarshalJSON(b []byte) error {
	o, err := decodeObject(b)
	if err != nil {
		return err
	}
	var v PlanLimit
	for _, f := range []struct {
		name string
		dst  any
	}{{"key", &v.Key}, {"name", &v.Name}, {"used", &v.Used}} {
		if err := o.required(f.name, f.dst); err != nil {
			return err
		}
	}
	if err := o.nullable("limit", &v.Limit); err != nil {
		return err
	}
	if err := o.nullable("resets_at", &v.ResetsAt); err != nil {
		return err
	}
	if v.Used.Sign() < 0 {
		return fmt.Errorf("field \"used\" is negative (%s)", v.Used)
	}
	if v.Limit != nil && v.Limit.Sign() < 0 {
		return fmt.Errorf("field \"limit\" is negative (%s)", *v.Limit)
	}
	*l = v
	return nil
}

// PlanLimits is plan.limits. Known() is false when the server did not send
// the field (contract 1.0): unknown, which is not the same as an empty list.
//
// The list sits behind a pointer so that Plan (and CreditBalance, with
// ExpiringCredits) stay comparable with ==; == then compares identity, so use
// Equal to compare contents. The list is shared: treat it as read-only.
type PlanLimits struct{ p *[]PlanLimit }

// KnownLimits returns limits a server reported (nil means an empty list).
func KnownLimits(list []PlanLimit) PlanLimits {
	l := nonNil(list)
	return PlanLimits{&l}
}

// Known reports whether the server sent plan.limits.
func (l PlanLimits) Known() bool { return l.p != nil }

// List is the reported limits; nil when unknown.
func (l PlanLimits) List() []PlanLimit {
	if l.p == nil {
		return nil
	}
	return *l.p
}

// Equal compares contents.
func (l PlanLimits) Equal(o PlanLimits) bool {
	if l.Known() != o.Known() {
		return false
	}
	return slices.EqualFunc(l.List(), o.List(), func(a, b PlanLimit) bool {
		return a.Key == b.Key && a.Name == b.Name && a.Used == b.Used &&
			ptrEqual(a.Limit, b.Limit, func(x, y Credits) bool { return x == y }) &&
			ptrEqual(a.ResetsAt, b.ResetsAt, time.Time.Equal)
	})
}

func ptrEqual[T any](a, b *T, eq func(T, T) bool) bool {
	if a == nil || b == nil {
		return a == b
	}
	return eq(*a, *b)
}

// IsZero lets `json:",omitzero"` leave an unknown value out.
func (l PlanLimits) IsZero() bool { return !l.Known() }

// MarshalJSON writes the list ([] when known and empty) or null when unknown.
func (l PlanLimits) MarshalJSON() ([]byte, error) {
	if !l.Known() {
		return []byte("null"), nil
	}
	return json.Marshal(l.List())
}

// UnmarshalJSON: null is treated like absence (unknown); each entry is strict
// and an error names its position.
func (l *PlanLimits) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	list, err := decodeList[PlanLimit](b, "plan.limits")
	if err != nil {
		return err
	}
	*l = KnownLimits(list)
	return nil
}

// decodeList decodes a JSON array element by element so an error says which.
func decodeList[T any](b []byte, what string) ([]T, error) {
	raw, err := decodeArray(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out := make([]T, len(raw))
	for i, m := range raw {
		if isNull(m) {
			return nil, fmt.Errorf("%s[%d] is null", what, i)
		}
		if err := json.Unmarshal(m, &out[i]); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", what, i, err)
		}
	}
	return out, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
