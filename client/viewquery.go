package client

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

// ViewQuery is one page of a registry list, its parameters taken from the
// registry: the list's own filters as the View holds them (reference
// filters already resolved to ids), plus the window, sort and paging of
// ListQuery. A filter added to the registry is sent without a change here.
type ViewQuery struct {
	ListQuery
	List *model.List
	View model.View
}

// Validate checks what would be sent: the sort, order, window and limit,
// and each filter value (known enum values, bounded text, ids without
// control characters).
func (q ViewQuery) Validate() error {
	if q.List == nil || !q.List.Paged {
		return fmt.Errorf("not a list")
	}
	if err := q.ListQuery.validate(q.List.Noun, q.List.SortFields()); err != nil {
		return err
	}
	for _, f := range q.List.Filters {
		v := f.Get(q.View)
		switch f.Kind {
		case model.FilterText:
			if n := utf8.RuneCountInString(v); f.MaxLen > 0 && n > f.MaxLen {
				return fmt.Errorf("%s is %d characters long: at most %d are allowed", strings.ToLower(f.Label), n, f.MaxLen)
			}
			if !utf8.ValidString(v) {
				return fmt.Errorf("%s is not valid UTF-8", strings.ToLower(f.Label))
			}
		case model.FilterEnum:
			if v != "" && !knownChoice(f, v) {
				return fmt.Errorf("unknown %s %q: use one of %s", f.Param, cleanSnippet(v, 60), strings.Join(f.ValueNames(), ", "))
			}
		case model.FilterRef:
			if err := checkID(f.Param, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func knownChoice(f *model.Filter, v string) bool {
	for _, c := range f.Values {
		if c.Value == v {
			return true
		}
	}
	return false
}

func (q ViewQuery) values() url.Values {
	v := q.ListQuery.values()
	for _, f := range q.List.Filters {
		set(v, f.Param, f.Get(q.View))
	}
	return v
}

// FetchPage is one page of the registry list q names, decoded into its
// record and summary types.
func FetchPage[T, S any](ctx context.Context, c *Client, ws string, q ViewQuery) (model.Page[T, S], error) {
	var out model.Page[T, S]
	if q.List == nil {
		return out, fmt.Errorf("no list")
	}
	return out, c.list(ctx, ws, q.List.Path, q, &out)
}
