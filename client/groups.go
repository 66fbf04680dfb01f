package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tallyhq/tally/model"
)

// Groups endpoints (contract 1.1): totals per key, user, type or period for
// a list's filters. A server from before 1.1 answers 404 unknown_route; the
// methods then return an error that IsCannotGroup recognises, so callers can
// say "this server cannot group" instead of failing.

// GroupQuery is what every groups request adds to the list's filters.
type GroupQuery struct {
	By    model.GroupBy // required; model.GroupBysFor(tab) lists the values per list
	Limit int           // 0 = server default (100); else 1..1000; time groupings ignore it
	TZ    string        // IANA zone for day/week/month; "" = UTC
}

// The groups query of each list is the list's own query plus the grouping.
// Only the list's filters are sent (from, to and its filter fields): its
// Sort, Order, Limit and Cursor are ignored, so a tab can pass the query it
// lists with.
type (
	ConversationGroupsQuery struct {
		List ConversationQuery
		GroupQuery
	}
	MCPCallGroupsQuery struct {
		List MCPCallQuery
		GroupQuery
	}
	ImportGroupsQuery struct {
		List ImportQuery
		GroupQuery
	}
	AdjustmentGroupsQuery struct {
		List AdjustmentQuery
		GroupQuery
	}
)

// Group documents per list.
type (
	ConversationGroups = model.Groups[model.ConversationSummary]
	MCPCallGroups      = model.Groups[model.MCPSummary]
	ImportGroups       = model.Groups[model.ImportSummary]
	AdjustmentGroups   = model.Groups[model.AdjustmentSummary]
)

const maxGroupLimit = 1000

// ErrCannotGroup is wrapped by the error a groups method returns when the
// server has no groups endpoint (404 unknown_route: a 1.0 server).
var ErrCannotGroup = errors.New("this server cannot group")

// IsCannotGroup reports whether err says the server has no groups endpoints.
func IsCannotGroup(err error) bool { return errors.Is(err, ErrCannotGroup) }

type cannotGroupError struct{ api *APIError }

func (e *cannotGroupError) Error() string {
	s := "this server cannot group: it has no " + e.api.path + " endpoint (contract 1.1); list the records instead"
	if e.api.RequestID != "" {
		s += " [request " + e.api.RequestID + "]"
	}
	return s
}

func (e *cannotGroupError) Unwrap() []error { return []error{ErrCannotGroup, e.api} }

// ConversationGroups is GET /usage/conversations/groups.
func (c *Client) ConversationGroups(ctx context.Context, ws string, q ConversationGroupsQuery) (ConversationGroups, error) {
	l := q.List
	l.ListQuery = l.ListQuery.filterOnly()
	return fetchGroups[model.ConversationSummary](ctx, c, ws, "/usage/conversations/groups", model.TabConversations, l.ListQuery, q.GroupQuery, l)
}

// MCPCallGroups is GET /usage/mcp-calls/groups.
func (c *Client) MCPCallGroups(ctx context.Context, ws string, q MCPCallGroupsQuery) (MCPCallGroups, error) {
	l := q.List
	l.ListQuery = l.ListQuery.filterOnly()
	return fetchGroups[model.MCPSummary](ctx, c, ws, "/usage/mcp-calls/groups", model.TabMCPCalls, l.ListQuery, q.GroupQuery, l)
}

// ImportGroups is GET /usage/imports/groups.
func (c *Client) ImportGroups(ctx context.Context, ws string, q ImportGroupsQuery) (ImportGroups, error) {
	l := q.List
	l.ListQuery = l.ListQuery.filterOnly()
	return fetchGroups[model.ImportSummary](ctx, c, ws, "/usage/imports/groups", model.TabImports, l.ListQuery, q.GroupQuery, l)
}

// AdjustmentGroups is GET /credit-adjustments/groups.
func (c *Client) AdjustmentGroups(ctx context.Context, ws string, q AdjustmentGroupsQuery) (AdjustmentGroups, error) {
	l := q.List
	l.ListQuery = l.ListQuery.filterOnly()
	return fetchGroups[model.AdjustmentSummary](ctx, c, ws, "/credit-adjustments/groups", model.TabAdjustments, l.ListQuery, q.GroupQuery, l)
}

func fetchGroups[S model.GroupSummary](ctx context.Context, c *Client, ws, suffix string, tab model.Tab, w ListQuery, g GroupQuery, list validator) (model.Groups[S], error) {
	var out model.Groups[S]
	err := c.groups(ctx, ws, suffix, tab, w, g, list, &out)
	return out, checkGroups(err, g, out.By, out.TZ, c.scrub)
}

// filterOnly keeps the window: groups take no sort, order, limit or cursor.
func (q ListQuery) filterOnly() ListQuery { return ListQuery{From: q.From, To: q.To} }

func (c *Client) groups(ctx context.Context, ws, suffix string, tab model.Tab, w ListQuery, g GroupQuery, list validator, out any) error {
	p, err := wsPath(ws, suffix)
	if err != nil {
		return err
	}
	if err := list.Validate(); err != nil {
		return err
	}
	if err := g.validate(tab, w); err != nil {
		return err
	}
	v := list.values()
	set(v, "by", string(g.By))
	if g.Limit > 0 {
		v.Set("limit", strconv.Itoa(g.Limit))
	}
	set(v, "tz", g.TZ)
	err = c.get(ctx, p, v, out)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound && ae.Code == "unknown_route" {
		return &cannotGroupError{api: ae}
	}
	return err
}

// validate checks the grouping against the list and the window, as the
// server would, so nothing is sent that must fail.
func (g GroupQuery) validate(tab model.Tab, w ListQuery) error {
	bys := model.GroupBysFor(tab)
	if g.By == "" {
		return fmt.Errorf("grouping %s needs a by: one of %s", tab.Title(), joinBys(bys))
	}
	if !slices.Contains(bys, g.By) {
		return fmt.Errorf("cannot group %s by %q: use one of %s", tab.Title(), cleanSnippet(string(g.By), 40), joinBys(bys))
	}
	if g.Limit < 0 || g.Limit > maxGroupLimit {
		return fmt.Errorf("group limit %d is out of range: use 1 to %d", g.Limit, maxGroupLimit)
	}
	loc := time.UTC
	if g.TZ != "" {
		if g.TZ == "Local" {
			return errors.New(`time zone "Local" is not a zone name: use an IANA name such as Europe/Berlin`)
		}
		var err error
		if loc, err = time.LoadLocation(g.TZ); err != nil {
			return fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Berlin or UTC", cleanSnippet(g.TZ, 60))
		}
	}
	if !g.By.IsTime() {
		return nil
	}
	if w.From.IsZero() || w.To.IsZero() {
		return fmt.Errorf("grouping by %s needs a window with both a start and an end (from and to)", g.By)
	}
	// What is sent is whole seconds, rounded up (wireTime).
	if _, ok := model.Buckets(g.By, ceilSecond(w.From), ceilSecond(w.To), loc, model.MaxBuckets); !ok {
		return fmt.Errorf("grouping by %s covers more than %d %ss from %s to %s: shorten the window or group by a longer period",
			g.By, model.MaxBuckets, g.By, wireTime(w.From), wireTime(w.To))
	}
	return nil
}

func joinBys(bys []model.GroupBy) string {
	s := make([]string, len(bys))
	for i, b := range bys {
		s[i] = string(b)
	}
	return strings.Join(s, ", ")
}

// checkGroups rejects a document for another grouping than asked: a server
// that ignores by or tz would otherwise be shown as if it had not. by and tz
// are the server's text: the key is scrubbed from them before they are cut.
func checkGroups(err error, q GroupQuery, by model.GroupBy, tz model.Text, scrub func(string) string) error {
	if err != nil {
		return err
	}
	if by != q.By {
		return fmt.Errorf("the server grouped by %q, not by %q as asked", cleanScrubbed(string(by), 40, scrub), q.By)
	}
	want := q.TZ
	if want == "" {
		want = "UTC"
	}
	if q.By.IsTime() && string(tz) != want {
		return fmt.Errorf("the server grouped in time zone %q, not %q as asked", cleanScrubbed(string(tz), 60, scrub), want)
	}
	return nil
}
