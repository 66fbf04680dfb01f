package model

import (
	"fmt"
	"math/big"
	"slices"
	"time"
)

// GroupBy is the `by` of a groups request (contract 1.1).
type GroupBy string

const (
	GroupByUser        GroupBy = "user"
	GroupByAPIKey      GroupBy = "api_key"
	GroupByTool        GroupBy = "tool"
	GroupByBillingType GroupBy = "billing_type"
	GroupByImportType  GroupBy = "import_type"
	GroupByType        GroupBy = "type"
	GroupByDay         GroupBy = "day"
	GroupByWeek        GroupBy = "week"
	GroupByMonth       GroupBy = "month"
)

// GroupBys lists every known value.
var GroupBys = []GroupBy{GroupByUser, GroupByAPIKey, GroupByTool, GroupByBillingType,
	GroupByImportType, GroupByType, GroupByDay, GroupByWeek, GroupByMonth}

func (g GroupBy) Label() string {
	return label(string(g), map[string]string{
		"user": "User", "api_key": "API key", "tool": "Tool", "billing_type": "Billing type",
		"import_type": "Import type", "type": "Type", "day": "Day", "week": "Week", "month": "Month",
	})
}

func (g *GroupBy) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, (*string)(g)) }

// IsTime reports the calendar groupings (buckets in a time zone, need from and to).
func (g GroupBy) IsTime() bool { return g == GroupByDay || g == GroupByWeek || g == GroupByMonth }

// GroupBysFor is the `by` values the contract allows on a usage tab's list,
// in the order a picker shows them; nil for tabs without a groups endpoint.
func GroupBysFor(t Tab) []GroupBy {
	switch t {
	case TabConversations:
		return []GroupBy{GroupByUser, GroupByBillingType, GroupByDay, GroupByWeek, GroupByMonth}
	case TabMCPCalls:
		return []GroupBy{GroupByAPIKey, GroupByUser, GroupByTool, GroupByDay, GroupByWeek, GroupByMonth}
	case TabImports:
		return []GroupBy{GroupByUser, GroupByImportType, GroupByDay, GroupByWeek, GroupByMonth}
	case TabAdjustments:
		return []GroupBy{GroupByType, GroupByDay, GroupByWeek, GroupByMonth}
	}
	return nil
}

// GroupBysForRole is GroupBysFor without `user` for roles that do not see
// users (the server answers those with 403).
func GroupBysForRole(t Tab, r Role) []GroupBy {
	all := GroupBysFor(t)
	if r.SeesUsers() {
		return all
	}
	return slices.DeleteFunc(slices.Clone(all), func(g GroupBy) bool { return g == GroupByUser })
}

// Group is one row of a groups document.
type Group struct {
	// Key is the id or enum value (the bucket's first day, YYYY-MM-DD, for
	// time groups); nil for records whose user is unknown (deleted).
	Key *Text `json:"key"`
	// Label is the display name; nil for time buckets and unknown users.
	Label   *Text   `json:"label"`
	Count   int64   `json:"count"`
	Credits Credits `json:"credits"`
}

// KeyString is the key, "" for a null key.
func (g Group) KeyString() string {
	if g.Key == nil {
		return ""
	}
	return string(*g.Key)
}

// Display is what a table shows for the group: the label, else the key;
// "Deleted user" for the null user; a time bucket as its first day
// ("2026-11-02"), "Week of 2026-11-02", or "2026-11" for a month.
func (g Group) Display(by GroupBy) string {
	switch {
	case by == GroupByWeek && g.Key != nil:
		return "Week of " + string(*g.Key)
	case by == GroupByMonth && g.Key != nil && len(*g.Key) >= 7:
		return string(*g.Key)[:7]
	case g.Label != nil && *g.Label != "":
		return string(*g.Label)
	case g.Key == nil && by == GroupByUser:
		return "Deleted user"
	case g.Key == nil:
		return "(none)"
	}
	return string(*g.Key)
}

// Bucket is a time group's window [from, to) in loc: the day, the Monday
// week or the month starting at Key. ok is false for other groupings or a key
// that is not a date.
func (g Group) Bucket(by GroupBy, loc *time.Location) (from, to time.Time, ok bool) {
	if !by.IsTime() || g.Key == nil {
		return time.Time{}, time.Time{}, false
	}
	d, err := time.ParseInLocation(time.DateOnly, string(*g.Key), time.UTC)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	y, m, day := d.Date()
	switch by {
	case GroupByDay:
		return DayStart(y, m, day, loc), DayStart(y, m, day+1, loc), true
	case GroupByWeek:
		return DayStart(y, m, day, loc), DayStart(y, m, day+7, loc), true
	}
	return DayStart(y, m, day, loc), DayStart(y, m+1, day, loc), true
}

// DayStart is the first instant of the calendar date in loc. time.Date at
// 00:00 is not always that: where a DST change skips midnight (America/Havana,
// Asia/Beirut, …), it returns 23:00 of the day before.
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC) // normalises d overflow
	if ty, tm, td := t.Date(); time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Before(want) {
		_, end := t.ZoneBounds()
		return end
	}
	return t
}

// GroupOther folds the groups beyond the request's limit.
type GroupOther struct {
	Groups  int64   `json:"groups"`
	Count   int64   `json:"count"`
	Credits Credits `json:"credits"`
}

// GroupSummary is a list summary as the groups identity reads it: its record
// count and its credits (for credit adjustments, net).
type GroupSummary interface {
	ConversationSummary | MCPSummary | ImportSummary | AdjustmentSummary
	Totals() (count int64, credits Credits)
}

func (s ConversationSummary) Totals() (int64, Credits) { return s.Conversations, s.Credits }
func (s MCPSummary) Totals() (int64, Credits)          { return s.Calls, s.Credits }
func (s ImportSummary) Totals() (int64, Credits)       { return s.Imports, s.Credits }
func (s AdjustmentSummary) Totals() (int64, Credits)   { return s.Adjustments, s.Net }

// Groups is a groups document: totals per key, user, type or period for the
// filters of one list, with Summary exactly that list's summary.
type Groups[S GroupSummary] struct {
	By      GroupBy    `json:"by"`
	TZ      Text       `json:"tz"`
	Data    []Group    `json:"data"`
	Other   GroupOther `json:"other"`
	Summary S          `json:"summary"`
}

// Check is the contract's identity: Σ data.count + other.count equals the
// summary's record count and Σ data.credits + other.credits its credits (net
// for adjustments). The error says by how much it misses.
func (g Groups[S]) Check() error {
	var n, c big.Int
	for _, x := range g.Data {
		n.Add(&n, big.NewInt(x.Count))
		c.Add(&c, big.NewInt(x.Credits.Units()))
	}
	n.Add(&n, big.NewInt(g.Other.Count))
	c.Add(&c, big.NewInt(g.Other.Credits.Units()))
	wantN, wantC := g.Summary.Totals()
	if n.IsInt64() && c.IsInt64() && n.Int64() == wantN && Credits(c.Int64()) == wantC {
		return nil
	}
	got := func(b *big.Int) string {
		if b.IsInt64() {
			return Credits(b.Int64()).Grouped()
		}
		return b.String() + " units"
	}
	count := n.String()
	if n.Sign() >= 0 {
		count = groupThousands(count)
	}
	return fmt.Errorf("the groups do not add up to the list's summary: groups + other = %s records, %s credits; summary = %s records, %s credits",
		count, got(&c), groupThousands(fmt.Sprint(wantN)), wantC.Grouped())
}

// ShareTenths is part/total in tenths of a percent, rounded half away from
// zero (712 is 71.2%); ok is false when total is zero. Exact, for the share
// column and gauges.
func ShareTenths(part, total Credits) (int64, bool) {
	if total == 0 {
		return 0, false
	}
	a := new(big.Int).Mul(big.NewInt(part.Units()), big.NewInt(1000))
	b := big.NewInt(total.Units())
	if b.Sign() < 0 {
		a.Neg(a)
		b.Neg(b)
	}
	return divRoundHalfAway(a, b), true
}

// UnmarshalJSON requires by, tz, data, other and summary; each group needs
// key and label (null allowed), count and credits. Time groups must have
// date keys, oldest first, as the contract promises.
func (g *Groups[S]) UnmarshalJSON(b []byte) error {
	o, err := decodeObject(b)
	if err != nil {
		return err
	}
	var v Groups[S]
	if err := o.required("by", &v.By); err != nil {
		return err
	}
	if err := o.required("tz", &v.TZ); err != nil {
		return err
	}
	if _, ok := o["data"]; !ok {
		return fmt.Errorf("field %q is missing", "data")
	}
	if v.Data, err = decodeList[Group](o["data"], "data"); err != nil {
		return err
	}
	if err := o.required("other", &v.Other); err != nil {
		return err
	}
	if err := o.required("summary", &v.Summary); err != nil {
		return err
	}
	if v.By.IsTime() {
		prev := ""
		for i, x := range v.Data {
			k := x.KeyString()
			if _, err := time.Parse(time.DateOnly, k); x.Key == nil || err != nil {
				return fmt.Errorf("data[%d]: a %s group's key must be a date like 2026-11-02, got %q", i, v.By, k)
			}
			if k <= prev {
				return fmt.Errorf("data[%d]: %s groups must be oldest first, but %s follows %s", i, v.By, k, prev)
			}
			prev = k
		}
	}
	*g = v
	return nil
}

// UnmarshalJSON requires all four members; a null key or label stays nil.
func (x *Group) UnmarshalJSON(b []byte) error {
	o, err := decodeObject(b)
	if err != nil {
		return err
	}
	var v Group
	if err := o.nullable("key", &v.Key); err != nil {
		return err
	}
	if err := o.nullable("label", &v.Label); err != nil {
		return err
	}
	if v.Count, err = decodeCount(o, "count"); err != nil {
		return err
	}
	if err := o.required("credits", &v.Credits); err != nil {
		return err
	}
	*x = v
	return nil
}

// UnmarshalJSON requires groups, count and credits.
func (x *GroupOther) UnmarshalJSON(b []byte) error {
	o, err := decodeObject(b)
	if err != nil {
		return err
	}
	var v GroupOther
	if v.Groups, err = decodeCount(o, "groups"); err != nil {
		return fmt.Errorf("other: %w", err)
	}
	if v.Count, err = decodeCount(o, "count"); err != nil {
		return fmt.Errorf("other: %w", err)
	}
	if err := o.required("credits", &v.Credits); err != nil {
		return fmt.Errorf("other: %w", err)
	}
	*x = v
	return nil
}
