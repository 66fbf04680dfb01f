// A parallel export's parts: the checks on each part's records, its errors,
// and writing the parts' spools out in window order.

package cli

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// check refuses a record outside the part's window (a server that ignores
// from/to would otherwise repeat records in every part) and an id already
// seen anywhere in the whole window (as one walk's guard does).
func (r *parallelRun[T, S]) check(pt *part[S], page int, recs []T) error {
	for i := range recs {
		at := r.spec.at(&recs[i])
		if (!pt.lo.IsZero() && at.Before(pt.lo)) || (!pt.hi.IsZero() && !at.Before(pt.hi)) {
			return fmt.Errorf("page %d: the server sent a record of %s for from=%s to=%s: it does not filter by time, so the window cannot be split: export with --parallel 1",
				page, at.UTC().Format(time.RFC3339), wireOrOpen(pt.lo), wireOrOpen(pt.hi))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var dup *client.WalkError
	for i := range recs {
		id := recs[i].RecordID()
		h := maphash.String(r.idSeed, id)
		if _, seen := r.ids[h]; !seen {
			r.ids[h] = struct{}{}
			continue
		}
		if dup == nil {
			dup = &client.WalkError{Page: page, Problem: client.DuplicateID, ID: model.Sanitize(r.j.c.Scrub(id))}
		}
		dup.Positions = append(dup.Positions, i)
	}
	if dup != nil {
		return dup
	}
	return nil
}

// partError says which part of the window a page belongs to.
func (r *parallelRun[T, S]) partError(pt *part[S], err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &partErr{lo: pt.lo, hi: pt.hi, err: err}
}

type partErr struct {
	lo, hi time.Time
	err    error
}

func (e *partErr) Error() string {
	return fmt.Sprintf("in the part of the window from %s to %s, %v", wireOrOpen(e.lo), wireOrOpen(e.hi), e.err)
}

func (e *partErr) Unwrap() error { return e.err }

func wireOrOpen(t time.Time) string {
	if t.IsZero() {
		return "(open)"
	}
	return t.UTC().Format(time.RFC3339)
}

// write appends pt's records to out once every part before it is written.
func (r *parallelRun[T, S]) write(ctx context.Context, out *sink, first S, observed *S, pt *part[S], res *exportResult) error {
	select {
	case <-pt.done:
	case <-ctx.Done():
		r.mu.Lock()
		err := r.err
		r.mu.Unlock()
		if err == nil {
			err = ctx.Err()
		}
		return err
	}
	for _, kid := range pt.kids {
		if err := r.write(ctx, out, first, observed, kid, res); err != nil {
			return err
		}
	}
	if pt.kids != nil {
		return nil
	}
	if err := out.begin(first); err != nil {
		return err
	}
	if err := r.spec.merge(observed, pt.partial); err != nil {
		return err
	}
	rd, err := pt.spool.reader()
	if err == nil {
		err = out.copyFrom(rd, pt.n)
	}
	pt.spool.close()
	res.n += int64(pt.n)
	r.j.progress.wrote(pt.n)
	return err
}

func closeSpools[S any](pt *part[S]) {
	select {
	case <-pt.done:
	default:
		pt.spool.close() // a worker that stopped at an error
		return
	}
	for _, kid := range pt.kids {
		closeSpools(kid)
	}
	pt.spool.close()
}
