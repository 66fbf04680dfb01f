package client

import (
	"context"
	"sync"
	"time"
)

// A slow server must be visible: whoever waits on a request (export's
// progress line, the TUI's loading row, parallel export's rate control) can
// put an Observer in the request's context and hear about retries, long
// Retry-After waits and attempts that have gone unanswered for a while.

// EventKind says what an Event reports.
type EventKind int

const (
	// EventSlow: the attempt has waited SlowAfter without a complete answer.
	EventSlow EventKind = iota + 1
	// EventRetry: the attempt failed in a way worth retrying; attempt
	// Attempt (the next one) starts after Wait.
	EventRetry
	// EventDone: the request finished, whatever the outcome. No event of
	// this request follows.
	EventDone
)

// Event is one report about one request.
type Event struct {
	Kind        EventKind
	Request     uint64 // the same for every event of one request
	Op          string // "GET /v1/workspaces/ws_acme/usage/mcp-calls"
	Attempt     int    // EventSlow: the attempt waiting; EventRetry: the next attempt
	MaxAttempts int
	Since       time.Time     // EventSlow: when the attempt started
	Wait        time.Duration // EventRetry: the wait before the next attempt
	Status      int           // EventRetry: the HTTP status that failed (0: no response)
	RetryAfter  bool          // EventRetry: the server asked for Wait (Retry-After)
	Reason      string        // EventRetry: why, short and sanitised ("rate limited", "503", "connection refused")
	At          time.Time     // when the event happened
}

// Observer receives events. Observe may be called from any goroutine and
// must not block.
type Observer interface{ Observe(Event) }

// ObserverFunc adapts a function to an Observer.
type ObserverFunc func(Event)

func (f ObserverFunc) Observe(e Event) { f(e) }

type observerKey struct{}

// WithObserver returns a context whose requests report to o, as well as to
// any observer ctx already has.
func WithObserver(ctx context.Context, o Observer) context.Context {
	if parent, ok := ctx.Value(observerKey{}).(Observer); ok {
		o = observers{o, parent}
	}
	return context.WithValue(ctx, observerKey{}, o)
}

type observers []Observer

func (os observers) Observe(e Event) {
	for _, o := range os {
		o.Observe(e)
	}
}

// reporter sends one request's events, and none after EventDone (a slow
// timer can fire as the answer arrives).
type reporter struct {
	mu   sync.Mutex
	obs  Observer
	done bool
	base Event
}

func newReporter(ctx context.Context, id uint64, op string, maxAttempts int) *reporter {
	o, _ := ctx.Value(observerKey{}).(Observer)
	if o == nil {
		return nil
	}
	return &reporter{obs: o, base: Event{Request: id, Op: op, MaxAttempts: maxAttempts}}
}

func (r *reporter) send(e Event) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return
	}
	e.Request, e.Op, e.MaxAttempts = r.base.Request, r.base.Op, r.base.MaxAttempts
	e.At = time.Now()
	r.done = e.Kind == EventDone
	r.obs.Observe(e)
}

// slowTimer reports EventSlow if attempt n is still running after d.
func (r *reporter) slowTimer(d time.Duration, n int) (stop func()) {
	if r == nil || d <= 0 {
		return func() {}
	}
	start := time.Now()
	t := time.AfterFunc(d, func() { r.send(Event{Kind: EventSlow, Attempt: n, Since: start}) })
	return func() { t.Stop() }
}
