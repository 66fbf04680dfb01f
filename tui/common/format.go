package common

import (
	"math/bits"
	"strconv"
	"time"

	"github.com/tallyhq/tally/model"
)

// TimeLayout is how every record time is shown, in the user's --tz.
const TimeLayout = "2006-01-02 15:04"

func FmtTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format(TimeLayout)
}

// FmtCount groups an integer count with thousands separators ("8,311").
func FmtCount(n int64) string { return model.GroupInt(n) }

// Plural picks the noun for a count ("1 call", "2 calls").
func Plural(n int64, one, many string) string {
	if n == 1 {
		return FmtCount(n) + " " + one
	}
	return FmtCount(n) + " " + many
}

// FmtDay is a short calendar day ("Dec 3").
func FmtDay(t time.Time, loc *time.Location) string { return t.In(loc).Format("Jan 2") }

// RelDays says how far a day is from now on loc's calendar ("today", "in 12 days").
func RelDays(t, now time.Time, loc *time.Location) string {
	a := now.In(loc)
	b := t.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	n := int(db.Sub(da).Hours() / 24)
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n < 0:
		return strconv.Itoa(-n) + " days ago"
	}
	return "in " + strconv.Itoa(n) + " days"
}

// UserName is the User column: the name, or "Deleted user" for a null user.
func UserName(u *model.User) string { return model.DisplayName(u) }

// UserFull is the detail panel's user line, with the email.
func UserFull(u *model.User) string {
	if u == nil {
		return "Deleted user"
	}
	name := model.DisplayName(u)
	if u.Email != "" && string(u.Email) != name {
		return name + " <" + string(u.Email) + ">"
	}
	return name
}

// PercentUsed is used/granted in whole percent (floored), exact integer
// arithmetic, clamped to 0..100.
func PercentUsed(used, granted model.Credits) int {
	if granted <= 0 || used <= 0 {
		return 0
	}
	if used >= granted {
		return 100
	}
	// used < granted, so the 128-bit quotient fits and Div64 cannot panic.
	hi, lo := bits.Mul64(uint64(used), 100)
	q, _ := bits.Div64(hi, lo, uint64(granted))
	return int(q)
}

// LowCredits reports remaining below 10% of the period's grant.
func LowCredits(c model.CreditBalance) bool {
	g, r := c.GrantedThisPeriod, c.Remaining
	if g <= 0 {
		return false
	}
	if r < 0 {
		return true
	}
	return r < g/10 || (r == g/10 && g%10 != 0)
}

// ExpirySoon is how near an expiry of credits must be for the header and the
// Overview to warn about it.
const ExpirySoon = 7 * 24 * time.Hour
