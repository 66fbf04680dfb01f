package client

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/tallyhq/tally/model"
)

// FetchFunc fetches the page at cursor ("" = first page) of one fixed query.
type FetchFunc[T, S any] func(ctx context.Context, cursor string) (model.Page[T, S], error)

// Pages walks next_cursor from the first page to the last, checking every
// page with guard (nil = a fresh Walk with no page size). On an error it
// yields (zero page, err) once and stops: a fetch error of page 2 or later
// says which page it was, and a guard error is a *WalkError. A repeated
// record id stops this walk too; the TUI, which may skip such records,
// calls Walk.Page itself.
func Pages[T model.Record, S model.Summary](ctx context.Context, fetch FetchFunc[T, S], guard *Walk) iter.Seq2[model.Page[T, S], error] {
	return func(yield func(model.Page[T, S], error) bool) {
		var zero model.Page[T, S]
		if guard == nil {
			guard = &Walk{}
		}
		cursor := ""
		for n := 1; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, pageError(n, err))
				return
			}
			if err := guard.Page(n, InfoOf(page, cursor)); err != nil {
				yield(zero, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			if cursor = page.Cursor(); cursor == "" {
				return
			}
		}
	}
}

// pageError names the page of a failed fetch after the first (the first
// page's error is simply the request's).
func pageError(n int, err error) error {
	if n == 1 || errors.Is(err, context.Canceled) {
		return err
	}
	return &PageFetchError{Page: n, Err: err}
}

// PageFetchError is a fetch that failed on page 2 or later of a walk.
type PageFetchError struct {
	Page int
	Err  error
}

func (e *PageFetchError) Error() string { return fmt.Sprintf("page %d: %v", e.Page, e.Err) }
func (e *PageFetchError) Unwrap() error { return e.Err }

// WalkAll streams every record of every page through fn, stopping at the
// first error (fn's errors are returned unchanged). first is the summary of
// the first page, which covers all matching records; n counts records seen.
// guard may be nil (see Pages).
func WalkAll[T model.Record, S model.Summary](ctx context.Context, fetch FetchFunc[T, S], guard *Walk, fn func(T) error) (first S, n int64, err error) {
	gotFirst := false
	for page, err := range Pages(ctx, fetch, guard) {
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
