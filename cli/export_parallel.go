package cli

import (
	"context"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// A walk in time order (the list's time field, either direction) is a
// concatenation of walks of adjacent time windows: the API's from is
// inclusive and to exclusive, and every boundary is a whole second, so each
// record (and every record sharing its timestamp) falls in exactly one part,
// and ties on the time are broken by id within that part as in the whole.
// Writing the parts in window order therefore gives the sequential walk's
// bytes. See docs/benchmarks.md for what it buys at 20 ms a round trip.

const (
	maxParallel     = config.MaxParallel
	defaultParallel = 8 // automatic: enough for ≥ 4× at 20 ms; few enough for any API
	// minParallelPages: below this many pages the first page, the probe
	// for the other end and the final summary cost more than they save.
	minParallelPages = 8
	maxParts         = 512 // bounds goroutines' queue and the spools
)

// part is one time window of a parallel walk, in output order. It is
// either walked (spool, n, partial) or split (kids) once done is closed.
type part[S any] struct {
	lo, hi   time.Time // sent as from, to (zero = unbounded, the whole window's edge)
	elo, ehi time.Time // where its records can be (finite): what a split divides
	path     []int     // position in output order
	done     chan struct{}
	kids     []*part[S]
	spool    *spool
	n        int
	partial  S
}

// parallelRun is the shared state of one parallel walk.
type parallelRun[T model.Record, S model.Summary] struct {
	j      *exportJob
	spec   *listSpec[T, S]
	lim    *limiter
	budget *memBudget
	target int64 // records a part should hold at most (twice this splits it)
	desc   bool

	mu      sync.Mutex
	queue   []*part[S]
	parts   int
	ids     map[uint64]struct{}
	idSeed  maphash.Seed
	err     error
	cancel  context.CancelFunc
	changed sync.Cond
}

// runWalk exports one list: as one cursor walk, or in parallel time windows
// when the walk is in time order and large enough.
func runWalk[T model.Record, S model.Summary](ctx context.Context, j *exportJob, out *sink, spec *listSpec[T, S]) (exportResult, error) {
	p := j.parallel
	if p == 0 {
		p = defaultParallel
	}
	if l := model.ExportList(j.list); p > 1 && j.q.Sort != "" && j.q.Sort != l.DefaultSort() {
		if j.explicit && j.stderr != nil {
			fmt.Fprintf(j.stderr, "tally: --sort %s is not in time order, so the export is one walk (--parallel splits walks by %s only)\n", j.q.Sort, l.DefaultSort())
		}
		p = 1
	}
	first, err := spec.fetch(ctx, j.q)
	if err != nil {
		return exportResult{}, err
	}
	if p > 1 && first.Cursor() != "" && first.Summary.Count() >= int64(minParallelPages*j.q.Limit) {
		res, err, ok := runParallel(ctx, j, out, spec, first, p)
		if ok {
			return res, err
		}
	}
	// One walk, going on from the page already fetched.
	return runSequential(ctx, j, out, spec, &first)
}

// runParallel is the parallel walk; ok is false when the window cannot be
// split (all records within one second): the caller walks it in one.
func runParallel[T model.Record, S model.Summary](ctx context.Context, j *exportJob, out *sink, spec *listSpec[T, S], first model.Page[T, S], p int) (exportResult, error, bool) {
	var res exportResult
	guard := j.c.NewWalk(j.q.Limit)
	if err := guard.Page(1, client.InfoOf(first, "")); err != nil {
		return res, err, true
	}
	if len(first.Data) == 0 {
		return res, nil, false
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &parallelRun[T, S]{j: j, spec: spec, lim: newLimiter(p), budget: &memBudget{left: spoolMemory},
		desc: j.q.Order != "asc", ids: map[uint64]struct{}{}, idSeed: maphash.MakeSeed(), cancel: cancel}
	r.changed.L = &r.mu
	stop := context.AfterFunc(ctx, func() { r.mu.Lock(); r.changed.Broadcast(); r.mu.Unlock() })
	defer stop()

	// The other end of the window: one record in the reverse order.
	pq := j.q
	pq.Limit, pq.Order = 1, "asc"
	if !r.desc {
		pq.Order = "desc"
	}
	probe, err := r.fetch(ctx, pq)
	if err != nil {
		return res, err, true
	}
	if err := j.c.SummaryChange(2, first.Summary, probe.Summary); err != nil {
		return res, err, true
	}
	if len(probe.Data) == 0 {
		return res, nil, false
	}
	newest, oldest := spec.at(&first.Data[0]), spec.at(&probe.Data[0])
	if !r.desc {
		newest, oldest = oldest, newest
	}
	elo, ehi := oldest.Truncate(time.Second), newest.Truncate(time.Second).Add(time.Second)
	if ehi.Sub(elo) < 2*time.Second {
		return res, nil, false
	}
	total := first.Summary.Count()
	j.progress.splitWalk()
	j.progress.start(total)
	r.target = max(int64(2*j.q.Limit), (total+int64(4*p)-1)/int64(4*p))
	root := &part[S]{lo: j.q.From, hi: j.q.To, elo: elo, ehi: ehi}
	roots := r.split(root, int((total+r.target-1)/r.target))
	r.mu.Lock()
	r.queue = append(r.queue, roots...)
	r.mu.Unlock()

	var wg sync.WaitGroup
	for range p {
		wg.Add(1)
		go func() { defer wg.Done(); r.worker(ctx) }()
	}
	defer func() {
		cancel()
		wg.Wait()
		for _, pt := range roots {
			closeSpools(pt)
		}
	}()

	var observed S
	for _, pt := range roots {
		if err := r.write(ctx, out, first.Summary, &observed, pt, &res); err != nil {
			return res, err, true
		}
	}
	// The whole window once more: what a sequential walk's later pages
	// would have shown, had records moved while the parts were walked.
	pq.Order = j.q.Order
	again, err := r.fetch(ctx, pq)
	if err != nil {
		return res, err, true
	}
	if err := j.c.SummaryChange(guard.Pages()+1, first.Summary, again.Summary); err != nil {
		return res, err, true
	}
	res, err = finish(out, first.Summary, observed, spec, res)
	return res, err, true
}

// fetch is one request through the limiter.
func (r *parallelRun[T, S]) fetch(ctx context.Context, q client.ListQuery) (model.Page[T, S], error) {
	rctx, release, err := r.lim.acquire(ctx)
	if err != nil {
		return model.Page[T, S]{}, err
	}
	defer release()
	return r.spec.fetch(rctx, q)
}

// split divides pt into k parts of equal time span (whole seconds), in
// output order. A part never splits below one second.
func (r *parallelRun[T, S]) split(pt *part[S], k int) []*part[S] {
	secs := int64(pt.ehi.Sub(pt.elo) / time.Second)
	r.mu.Lock()
	k = int(min(int64(k), secs, int64(maxParts-r.parts)))
	if k < 2 {
		r.mu.Unlock()
		return nil
	}
	r.parts += k
	r.mu.Unlock()
	kids := make([]*part[S], k)
	for i := range k {
		b := func(i int) time.Time { return pt.elo.Add(time.Duration(secs*int64(i)/int64(k)) * time.Second) }
		kid := &part[S]{lo: b(i), hi: b(i + 1), elo: b(i), ehi: b(i + 1), done: make(chan struct{})}
		if i == 0 {
			kid.lo = pt.lo
		}
		if i == k-1 {
			kid.hi = pt.hi
		}
		kids[i] = kid
	}
	if r.desc {
		slices.Reverse(kids)
	}
	for i, kid := range kids {
		kid.path = append(slices.Clone(pt.path), i)
	}
	return kids
}

// worker walks parts, earliest in output order first, until none is left.
func (r *parallelRun[T, S]) worker(ctx context.Context) {
	enc := newEncoder(r.spec, r.j)
	for {
		r.mu.Lock()
		for len(r.queue) == 0 && r.parts > 0 && ctx.Err() == nil {
			r.changed.Wait()
		}
		if len(r.queue) == 0 || ctx.Err() != nil {
			r.mu.Unlock()
			return
		}
		slices.SortFunc(r.queue, func(a, b *part[S]) int { return slices.Compare(a.path, b.path) })
		pt := r.queue[0]
		r.queue = r.queue[1:]
		r.mu.Unlock()
		if err := r.walk(ctx, enc, pt); err != nil {
			r.fail(err)
			return
		}
	}
}

func (r *parallelRun[T, S]) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
	r.cancel()
}

// walk walks one part into its spool, or splits it when its first page
// says it holds more than twice the target.
func (r *parallelRun[T, S]) walk(ctx context.Context, enc *encoder[T, S], pt *part[S]) error {
	guard := r.j.c.NewWalk(r.j.q.Limit)
	guard.NoIDs = true // one id set for the whole window: r.ids
	q := r.j.q
	q.From, q.To = pt.lo, pt.hi
	fetch := func(ctx context.Context, cur string) (model.Page[T, S], error) {
		q.Cursor = cur
		return r.fetch(ctx, q)
	}
	pt.spool = &spool{budget: r.budget}
	n := 0
	for page, err := range client.Pages(ctx, fetch, &guard) {
		if err != nil {
			return r.partError(pt, err)
		}
		if n++; n == 1 && page.Summary.Count() > 2*r.target && pt.ehi.Sub(pt.elo) >= 2*time.Second {
			k := int((page.Summary.Count() + r.target - 1) / r.target)
			if kids := r.split(pt, min(k, 16)); kids != nil {
				pt.spool.close()
				pt.spool, pt.kids = nil, kids
				r.mu.Lock()
				r.queue = append(r.queue, kids...)
				r.parts--
				r.changed.Broadcast()
				r.mu.Unlock()
				close(pt.done)
				return nil
			}
		}
		if err := r.check(pt, n, page.Data); err != nil {
			return r.partError(pt, err)
		}
		ep, err := enc.page(page.Data)
		if err != nil {
			return err
		}
		if err := r.spec.merge(&pt.partial, ep.partial); err != nil {
			return err
		}
		if _, err := pt.spool.Write(ep.data); err != nil {
			return fmt.Errorf("cannot hold part of the export in a temporary file: %v", cleanPathError(err))
		}
		pt.n += ep.n
		r.j.progress.add(ep.n)
	}
	r.mu.Lock()
	r.parts--
	r.changed.Broadcast()
	r.mu.Unlock()
	close(pt.done)
	return nil
}
