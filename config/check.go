package config

import (
	"fmt"
	"strconv"
)

// CheckDefaults is a profile's [profiles.NAME.check] table: the thresholds
// `tally check` uses when no flag gives them. Values keep the text the user
// wrote (see Number); `tally check` parses and validates them.
type CheckDefaults struct {
	MinRemaining   Number `toml:"min_remaining,omitempty"`
	MinPercent     Number `toml:"min_percent,omitempty"`
	Runway         Number `toml:"runway,omitempty"`
	ExpiringWithin Number `toml:"expiring_within,omitempty"`
}

// Number is a TOML integer, float or string kept as text, so a threshold such
// as 1999.9999 reaches the exact decimal parser as written rather than as a
// float64 approximation. A float is printed back in its shortest form, which
// reproduces what the user typed for up to 15 significant digits.
type Number string

// UnmarshalTOML accepts an integer, a float or a string.
func (n *Number) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		*n = Number(strconv.FormatInt(x, 10))
	case float64:
		*n = Number(strconv.FormatFloat(x, 'f', -1, 64))
	case string:
		*n = Number(x)
	default:
		return fmt.Errorf("want a number or a string, not %T", v)
	}
	return nil
}
