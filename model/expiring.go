package model

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// ExpirySource says where expiring credits came from.
type ExpirySource string

const (
	ExpiryPeriod   ExpirySource = "period"   // this period's allowance
	ExpiryRollover ExpirySource = "rollover" // carried over from the last period
	ExpiryPack     ExpirySource = "pack"
	ExpiryPromo    ExpirySource = "promo"
)

// ExpirySources lists the known values in the contract's order.
var ExpirySources = []ExpirySource{ExpiryPeriod, ExpiryRollover, ExpiryPack, ExpiryPromo}

func (v ExpirySource) Label() string {
	return label(string(v), map[string]string{
		"period": "This period", "rollover": "Rollover", "pack": "Credit pack", "promo": "Promo",
	})
}

func (v *ExpirySource) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, (*string)(v)) }

// ExpiringCredit is one entry of credits.expiring: credits of remaining that
// lapse at ExpiresAt unless spent first.
type ExpiringCredit struct {
	Amount    Credits      `json:"amount"`
	ExpiresAt time.Time    `json:"expires_at"`
	Source    ExpirySource `json:"source"`
}

// UnmarshalJSON requires every field; a negative amount is an error.
func (e *ExpiringCredit) UnmarshalJSON(b []byte) error {
	o, err := decodeObject(b)
	if err != nil {
		return err
	}
	var v ExpiringCredit
	if err := o.required("amount", &v.Amount); err != nil {
		return err
	}
	if err := o.required("expires_at", &v.ExpiresAt); err != nil {
		return err
	}
	if err := o.required("source", &v.Source); err != nil {
		return err
	}
	if v.Amount.Sign() < 0 {
		return fmt.Errorf("field \"amount\" is negative (%s)", v.Amount)
	}
	*e = v
	return nil
}

// ExpiringCredits is credits.expiring. Known() is false when the server did
// not send the field (contract 1.0): unknown, which is not "nothing expires".
// Like PlanLimits, the list sits behind a pointer so CreditBalance stays
// comparable; use Equal to compare contents, and treat List as read-only.
type ExpiringCredits struct{ p *[]ExpiringCredit }

// KnownExpiring returns expiring credits a server reported (nil = none expire).
func KnownExpiring(list []ExpiringCredit) ExpiringCredits {
	l := nonNil(list)
	return ExpiringCredits{&l}
}

// Known reports whether the server sent credits.expiring.
func (e ExpiringCredits) Known() bool { return e.p != nil }

// List is the reported entries in the server's order; nil when unknown.
func (e ExpiringCredits) List() []ExpiringCredit {
	if e.p == nil {
		return nil
	}
	return *e.p
}

// Equal compares contents.
func (e ExpiringCredits) Equal(o ExpiringCredits) bool {
	return e.Known() == o.Known() && slices.EqualFunc(e.List(), o.List(), func(a, b ExpiringCredit) bool {
		return a.Amount == b.Amount && a.ExpiresAt.Equal(b.ExpiresAt) && a.Source == b.Source
	})
}

// IsZero lets `json:",omitzero"` leave an unknown value out.
func (e ExpiringCredits) IsZero() bool { return !e.Known() }

// MarshalJSON writes the list ([] when known and empty) or null when unknown.
func (e ExpiringCredits) MarshalJSON() ([]byte, error) {
	if !e.Known() {
		return []byte("null"), nil
	}
	return json.Marshal(e.List())
}

// UnmarshalJSON: null is treated like absence (unknown). Entries keep the
// server's order; Sorted gives them by expiry.
func (e *ExpiringCredits) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	list, err := decodeList[ExpiringCredit](b, "credits.expiring")
	if err != nil {
		return err
	}
	*e = KnownExpiring(list)
	return nil
}

// Sorted returns a copy ordered by expiry (stable, so equal times keep the
// server's order). The contract promises this order; computing on a copy
// means a server that breaks it cannot make a forecast wrong.
func (e ExpiringCredits) Sorted() []ExpiringCredit {
	s := slices.Clone(e.List())
	slices.SortStableFunc(s, func(a, b ExpiringCredit) int { return a.ExpiresAt.Compare(b.ExpiresAt) })
	return s
}

// Total is the exact sum of the amounts.
func (e ExpiringCredits) Total() (Credits, error) {
	var t Credits
	for _, x := range e.List() {
		var err error
		if t, err = t.Add(x.Amount); err != nil {
			return 0, err
		}
	}
	return t, nil
}

// Nearest is the first entry with a positive amount expiring after now.
func (e ExpiringCredits) Nearest(now time.Time) (ExpiringCredit, bool) {
	for _, x := range e.Sorted() {
		if x.Amount.Sign() > 0 && x.ExpiresAt.After(now) {
			return x, true
		}
	}
	return ExpiringCredit{}, false
}

// Check reports a document that breaks the contract's promise that the
// expiring credits are part of remaining (their sum never exceeds it).
func (e ExpiringCredits) Check(remaining Credits) error {
	t, err := e.Total()
	if err != nil {
		return fmt.Errorf("expiring credits do not add up: %w", err)
	}
	if t > remaining {
		return fmt.Errorf("the server lists %s expiring credits but only %s remaining: expiring credits are part of remaining, so these figures disagree",
			t.Grouped(), remaining.Grouped())
	}
	return nil
}
