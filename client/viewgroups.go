package client

import (
	"context"
	"fmt"

	"github.com/tallyhq/tally/model"
)

// FetchGroups is the groups document of the registry list q names, for the
// filters q sends for a page (the View's, reference filters resolved to ids,
// and the window of q.ListQuery; its sort, order, limit and cursor are not
// sent), so a grouping follows the registry exactly as the list does.
func FetchGroups[S model.GroupSummary](ctx context.Context, c *Client, ws string, q ViewQuery, g GroupQuery) (model.Groups[S], error) {
	if q.List == nil || q.List.Path == "" || model.GroupBysFor(q.List.Tab) == nil {
		name := "this list"
		if q.List != nil {
			name = q.List.Title
		}
		return model.Groups[S]{}, fmt.Errorf("%s has no groups", name)
	}
	q.ListQuery = q.ListQuery.filterOnly()
	return fetchGroups[S](ctx, c, ws, q.List.Path+"/groups", q.List.Tab, q.ListQuery, g, q)
}
