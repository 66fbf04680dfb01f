package cli

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/tallyhq/tally/client"
)

// limiter bounds a parallel export's requests in flight. It starts at the
// --parallel limit, halves on a 429 (once per generation of requests: the
// other requests that were already in flight when it halved do not halve it
// again) and stops new requests until the server's Retry-After has passed;
// after 2·limit requests in a row without a 429 it allows one more again,
// up to the start value (additive increase, multiplicative decrease, as TCP).
type limiter struct {
	mu       sync.Mutex
	max      int
	limit    int
	inflight int
	epoch    int // bumped at every halving
	okRun    int
	pause    time.Time // no new request before this (Retry-After)
	wake     chan struct{}
	lowest   int // the lowest limit reached, for tests and the note
	halvings int
}

func newLimiter(n int) *limiter {
	return &limiter{max: n, limit: n, lowest: n, wake: make(chan struct{})}
}

// broadcast wakes every waiter; l.mu is held.
func (l *limiter) broadcast() {
	close(l.wake)
	l.wake = make(chan struct{})
}

// acquire waits for a slot and returns a context for one request (its
// retries wait through the limiter: see client.RetryGate) and the release
// to call when the request is done.
func (l *limiter) acquire(ctx context.Context) (context.Context, func(), error) {
	epoch, err := l.take(ctx)
	if err != nil {
		return ctx, nil, err
	}
	held := true
	gate := func(ctx context.Context, e client.Event) error {
		// Give the slot back while waiting, then queue for one again: a
		// storm of 429s lowers the requests in flight, retries included.
		if e.Status == http.StatusTooManyRequests {
			l.limited(epoch, e.Wait)
		}
		l.release(epoch, false)
		held = false
		if err := client.Sleep(ctx, e.Wait); err != nil {
			return err
		}
		if epoch, err = l.take(ctx); err != nil {
			return err
		}
		held = true
		return nil
	}
	rctx := client.WithRetryGate(ctx, gate)
	return rctx, func() {
		if held {
			l.release(epoch, true)
			held = false
		}
	}, nil
}

// take waits until a request may start and returns its generation.
func (l *limiter) take(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		wait := time.Until(l.pause)
		if l.inflight < l.limit && wait <= 0 {
			l.inflight++
			epoch := l.epoch
			l.mu.Unlock()
			return epoch, nil
		}
		wake := l.wake
		l.mu.Unlock()
		var timer <-chan time.Time
		if wait > 0 {
			t := time.NewTimer(wait)
			timer = t.C
			defer t.Stop()
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-wake:
		case <-timer:
		}
	}
}

// limited is a 429 on a request started in generation epoch, retried after wait.
func (l *limiter) limited(epoch int, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.okRun = 0
	if until := time.Now().Add(wait); until.After(l.pause) {
		l.pause = until
	}
	if epoch == l.epoch {
		l.limit = max(1, l.limit/2)
		l.lowest = min(l.lowest, l.limit)
		l.epoch++
		l.halvings++
	}
}

// release gives a slot back; ok: the request succeeded.
func (l *limiter) release(epoch int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight--
	if ok && epoch == l.epoch {
		if l.okRun++; l.okRun >= 2*l.limit && l.limit < l.max {
			l.limit++
			l.okRun = 0
		}
	}
	l.broadcast()
}

// stats is the lowest limit reached and how many times it halved.
func (l *limiter) stats() (lowest, halvings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lowest, l.halvings
}
