package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tallyhq/tally/model"
)

// The groups endpoints (contract 1.1): totals per key, user, type or period
// over the same filters as the list, with the list's summary beside them.

func (s *Server) groupRoutes() map[string]func(*reqCtx) (int, []byte, *apiErr) {
	return map[string]func(*reqCtx) (int, []byte, *apiErr){
		"usage/conversations/groups": s.conversationGroups,
		"usage/mcp-calls/groups":     s.callGroups,
		"usage/imports/groups":       s.importGroups,
		"credit-adjustments/groups":  s.adjustmentGroups,
	}
}

const (
	defaultGroupLimit = 100
	maxGroupLimit     = 1000
)

// groupReq is a validated groups request.
type groupReq struct {
	by       string
	limit    int
	tz       string
	from, to int64 // unbounded() when absent
	keys     []string
	bounds   []int64 // time groupings only
}

// parseGroups runs the contract's three steps in order for the parameters
// every groups endpoint shares: presence (unknown, repeated, empty: 400),
// role (403), values (400). filters are the list's own parameters; the
// caller checks their values after this returns.
func (s *Server) parseGroups(rc *reqCtx, bys, filters []string, users bool) (groupReq, *apiErr) {
	allowed := append([]string{"from", "to", "by", "limit", "tz"}, filters...)
	if users {
		allowed = append(allowed, "user_id")
	}
	if e := checkParams(rc.vals, allowed...); e != nil {
		return groupReq{}, e
	}
	if users {
		if e := checkUserRole(rc); e != nil {
			return groupReq{}, e
		}
	}
	v := rc.vals.Get
	if v("by") == "user" && slices.Contains(bys, "user") && !rc.role.SeesUsers() {
		e := forbidden("grouping by user needs a role that sees users (owner, admin or support); your role is " + string(rc.role))
		e.param = "by"
		return groupReq{}, e
	}
	q := groupReq{by: v("by"), limit: defaultGroupLimit, tz: "UTC"}
	if q.by == "" {
		return q, badParam("by", "missing_parameter", "by is required: one of %s", strings.Join(bys, ", "))
	}
	if !slices.Contains(bys, q.by) {
		return q, badParam("by", "invalid_parameter", "by must be one of %s, got %q", strings.Join(bys, ", "), short(q.by))
	}
	q.from, q.to = unbounded()
	var fromT, toT time.Time
	var e *apiErr
	if x := v("from"); x != "" {
		if q.from, fromT, e = parseTimeExact("from", x); e != nil {
			return q, e
		}
	}
	if x := v("to"); x != "" {
		if q.to, toT, e = parseTimeExact("to", x); e != nil {
			return q, e
		}
	}
	if v("from") != "" && v("to") != "" && !fromT.Before(toT) {
		return q, badParam("from", "invalid_parameter", "from must be before to")
	}
	if x := v("limit"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 1 || n > maxGroupLimit {
			return q, badParam("limit", "invalid_parameter", "limit must be a whole number from 1 to %d, got %q", maxGroupLimit, short(x))
		}
		q.limit = n
	}
	if x := v("tz"); x != "" {
		q.tz = x
	}
	loc, err := time.LoadLocation(q.tz)
	if err != nil || q.tz == "Local" {
		return q, badParam("tz", "invalid_parameter", "tz must be an IANA time zone like Europe/Berlin, got %q", short(q.tz))
	}
	if q.by == "day" || q.by == "week" || q.by == "month" {
		if v("from") == "" || v("to") == "" {
			return q, badParam("by", "invalid_parameter", "grouping by %s needs both from and to", q.by)
		}
		var ok bool
		if q.keys, q.bounds, ok = buckets(q.by, q.from, q.to, loc); !ok {
			return q, badParam("by", "invalid_parameter", "grouping by %s covers more than %d %ss in %s: shorten the window or group by a longer period", q.by, model.MaxBuckets, q.by, q.tz)
		}
	}
	return q, nil
}

func (s *Server) conversationGroups(rc *reqCtx) (int, []byte, *apiErr) {
	q, e := s.parseGroups(rc, []string{"user", "billing_type", "day", "week", "month"}, []string{"q", "billing_type"}, true)
	if e != nil {
		return 0, nil, e
	}
	g, _, e := enumGroup(rc, "billing_type", billingTypes)
	if e != nil {
		return 0, nil, e
	}
	search, e := searchValue(rc)
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	t := &rc.ws.conv
	var match func(int32) bool
	if search != "" {
		match = s.convMatcher(rc.ws, rc.role, search)
	}
	match = withUser(match, t.user, u)
	var gr grouping
	switch q.by {
	case "user":
		gr = s.userGrouping(t.user)
	case "billing_type":
		gr = enumGrouping(billingTypes)
	}
	return 200, s.groupsDoc(&t.table, q, g, match, gr, convSummary), nil
}

func (s *Server) callGroups(rc *reqCtx) (int, []byte, *apiErr) {
	q, e := s.parseGroups(rc, []string{"api_key", "user", "tool", "day", "week", "month"}, []string{"api_key_id"}, true)
	if e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	g, _, e := enumGroup(rc, "api_key_id", ws.keyIDs())
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	t := &ws.calls
	var gr grouping
	switch q.by {
	case "api_key":
		gr = grouping{n: len(ws.keys), own: true, name: func(k int) (*string, *string) {
			return &ws.keys[k].id, &ws.keys[k].name
		}}
	case "user":
		gr = s.userGrouping(t.user)
	case "tool":
		tools := s.world.cat.tools
		gr = grouping{n: len(tools), key: func(r int32) int { return int(t.tool[r]) },
			name: func(k int) (*string, *string) { return &tools[k], &tools[k] }}
	}
	return 200, s.groupsDoc(&t.table, q, g, withUser(nil, t.user, u), gr, callSummary), nil
}

func (s *Server) importGroups(rc *reqCtx) (int, []byte, *apiErr) {
	q, e := s.parseGroups(rc, []string{"user", "import_type", "day", "week", "month"}, []string{"import_type"}, true)
	if e != nil {
		return 0, nil, e
	}
	g, _, e := enumGroup(rc, "import_type", importTypes)
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	t := &rc.ws.imps
	var gr grouping
	switch q.by {
	case "user":
		gr = s.userGrouping(t.user)
	case "import_type":
		gr = enumGrouping(importTypes)
	}
	return 200, s.groupsDoc(&t.table, q, g, withUser(nil, t.user, u), gr, importSummary), nil
}

func (s *Server) adjustmentGroups(rc *reqCtx) (int, []byte, *apiErr) {
	q, e := s.parseGroups(rc, []string{"type", "day", "week", "month"}, []string{"type"}, false)
	if e != nil {
		return 0, nil, e
	}
	g, _, e := enumGroup(rc, "type", model.AdjustmentTypes)
	if e != nil {
		return 0, nil, e
	}
	var gr grouping
	if q.by == "type" {
		gr = enumGrouping(model.AdjustmentTypes)
	}
	return 200, s.groupsDoc(&rc.ws.adjs.table, q, g, nil, gr, adjSummary), nil
}

// userGrouping keys records by person; deleted people have no key or label
// (the contract's null group), which groupsDoc folds into one.
func (s *Server) userGrouping(users []uint8) grouping {
	people := s.world.cat.people
	return grouping{n: len(people), key: func(r int32) int { return int(users[r]) },
		name: func(k int) (*string, *string) {
			if people[k].deleted {
				return nil, nil
			}
			return &people[k].id, &people[k].name
		}}
}

// enumGrouping keys records by the table's own group column; the label is
// the raw value, as the contract says for enums.
func enumGrouping[T ~string](values []T) grouping {
	return grouping{n: len(values), own: true, name: func(k int) (*string, *string) {
		v := string(values[k])
		return &v, &v
	}}
}
