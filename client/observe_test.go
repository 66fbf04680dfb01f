package client

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tallyhq/tally/internal/badserver"
)

// events records what a request reported.
type events struct {
	mu sync.Mutex
	es []Event
}

func (e *events) Observe(ev Event) {
	e.mu.Lock()
	e.es = append(e.es, ev)
	e.mu.Unlock()
}

func (e *events) kinds() []EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var k []EventKind
	for _, ev := range e.es {
		k = append(k, ev.Kind)
	}
	return k
}

func TestRetryWaitIsVisibleWhileItLasts(t *testing.T) {
	s := badserver.Start(badserver.Config{Fault: badserver.RetryAfter, Status: 429, RetryAfterValue: "1"})
	c := badClient(t, s, testKey, func(o *Options) { o.MaxAttempts = 5; o.RetryMaxWait = 5 * time.Second })
	var status WaitStatus
	var rec events
	ctx := WithObserver(WithObserver(context.Background(), &rec), &status)
	done := make(chan error, 1)
	go func() { _, err := c.Me(ctx); done <- err }()

	var seen string
	deadline := time.Now().Add(900 * time.Millisecond)
	for time.Now().Before(deadline) && seen == "" {
		if w, ok := status.Current(); ok {
			seen = w.String(time.Now())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if want := "waiting for the server (attempt 2 of 5): rate limited, retrying in 1s…"; seen != want {
		t.Errorf("during the Retry-After wait the status said %q, want %q", seen, want)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, ok := status.Current(); ok || status.Waiting() != 0 {
		t.Error("the status still shows a wait after the request finished")
	}
	k := rec.kinds()
	if len(k) != 2 || k[0] != EventRetry || k[1] != EventDone {
		t.Errorf("events %v; the chained observer must hear them too", k)
	}
	if ev := rec.es[0]; !ev.RetryAfter || ev.Status != 429 || ev.Wait != time.Second || ev.Op != "GET /v1/me" {
		t.Errorf("retry event %+v", ev)
	}
}

func TestSlowAttemptsAreReported(t *testing.T) {
	for _, fault := range []badserver.Fault{badserver.SlowHeaders, badserver.SlowBody} {
		s := badserver.Start(badserver.Config{Fault: fault, Delay: 300 * time.Millisecond})
		c := badClient(t, s, testKey, func(o *Options) { o.SlowAfter = 50 * time.Millisecond; o.MaxAttempts = 5 })
		var status WaitStatus
		var rec events
		ctx := WithObserver(WithObserver(context.Background(), &rec), &status)
		done := make(chan error, 1)
		go func() { _, err := c.Me(ctx); done <- err }()
		time.Sleep(200 * time.Millisecond)
		w, ok := status.Current()
		if !ok || w.Attempt != 1 || w.Retrying {
			t.Fatalf("fault %d: no slow wait shown: %+v %v", fault, w, ok)
		}
		if msg := w.String(w.Since.Add(4 * time.Second)); msg != "waiting for the server for 4s (attempt 1 of 5)…" {
			t.Errorf("fault %d: %q", fault, msg)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if k := rec.kinds(); len(k) != 2 || k[0] != EventSlow || k[1] != EventDone {
			t.Errorf("fault %d: events %v", fault, k)
		}
		if status.Waiting() != 0 {
			t.Errorf("fault %d: wait left behind", fault)
		}
	}
}

// The time limit bounds the whole request, however the server stalls.
func TestTimeLimitBoundsTheWholeRequest(t *testing.T) {
	for _, fault := range []badserver.Fault{badserver.SlowHeaders, badserver.SlowBody} {
		s := badserver.Start(badserver.Config{Fault: fault, Delay: 10 * time.Second})
		c := badClient(t, s, testKey, func(o *Options) { o.Timeout = 200 * time.Millisecond; o.MaxAttempts = 5 })
		start := time.Now()
		_, err := c.Me(context.Background())
		if elapsed := time.Since(start); elapsed > 3*time.Second {
			t.Errorf("fault %d: returned after %v", fault, elapsed)
		}
		if !errors.Is(err, ErrTimeLimit) || !strings.Contains(err.Error(), "within 200ms") {
			t.Errorf("fault %d: %v", fault, err)
		}
	}
	// A Retry-After beyond the time limit: the server's answer at once,
	// saying why there was no retry.
	s := badserver.Start(badserver.Config{Fault: badserver.RetryAfter, Status: 503, RetryAfterValue: "120"})
	c := badClient(t, s, testKey, func(o *Options) { o.Timeout = 2 * time.Second; o.RetryMaxWait = 5 * time.Minute })
	start := time.Now()
	_, err := c.Me(context.Background())
	if time.Since(start) > time.Second || err == nil || !strings.Contains(err.Error(), "past the 2s time limit") {
		t.Errorf("after %v: %v", time.Since(start), err)
	}
}

func TestWaitStatusPicksTheLatestAttempt(t *testing.T) {
	var s WaitStatus
	t0 := time.Now()
	s.Observe(Event{Kind: EventSlow, Request: 1, Attempt: 1, MaxAttempts: 5, Since: t0.Add(-10 * time.Second)})
	s.Observe(Event{Kind: EventRetry, Request: 2, Attempt: 3, MaxAttempts: 5, At: t0, Wait: 4 * time.Second, Reason: "503 service unavailable"})
	w, _ := s.Current()
	if got := w.String(t0.Add(time.Second)); got != "waiting for the server (attempt 3 of 5): 503 service unavailable, retrying in 3s…" {
		t.Errorf("%q", got)
	}
	if got := w.String(t0.Add(5 * time.Second)); got != "waiting for the server (attempt 3 of 5)…" {
		t.Errorf("after the wait: %q", got)
	}
	s.Observe(Event{Kind: EventDone, Request: 2})
	if w, _ := s.Current(); w.Attempt != 1 {
		t.Errorf("after request 2 finished: %+v", w)
	}
}
