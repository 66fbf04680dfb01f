package client

import (
	"context"
	"fmt"
	"iter"

	"github.com/tallyhq/tally/model"
)

// FetchFunc fetches the page at cursor ("" = first page) of one fixed query.
type FetchFunc[T, S any] func(ctx context.Context, cursor string) (model.Page[T, S], error)

// Pages walks next_cursor from the first page to the last. On an error it
// yields (zero page, err) once and stops. A cursor the server already handed
// out is an error, so a looping server cannot make the walk endless.
func Pages[T, S any](ctx context.Context, fetch FetchFunc[T, S]) iter.Seq2[model.Page[T, S], error] {
	return func(yield func(model.Page[T, S], error) bool) {
		var zero model.Page[T, S]
		seen := map[string]bool{}
		cursor := ""
		for n := 1; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			next := page.Cursor()
			if next == "" {
				return
			}
			if next == cursor || seen[next] {
				yield(zero, fmt.Errorf("server returned the same page cursor twice (page %d): stopping instead of looping forever", n+1))
				return
			}
			seen[next] = true
			cursor = next
		}
	}
}

// WalkAll streams every record of every page through fn, stopping at the
// first error (fn's errors are returned unchanged). first is the summary of
// the first page, which covers all matching records; n counts records seen.
func WalkAll[T, S any](ctx context.Context, fetch FetchFunc[T, S], fn func(T) error) (first S, n int64, err error) {
	gotFirst := false
	for page, err := range Pages(ctx, fetch) {
		if err != nil {
			return first, n, err
		}
		if !gotFirst {
			first, gotFirst = page.Summary, true
		}
		for _, rec := range page.Data {
			if err := fn(rec); err != nil {
				return first, n, err
			}
			n++
		}
	}
	return first, n, nil
}
