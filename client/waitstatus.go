package client

import (
	"fmt"
	"sync"
	"time"
)

// WaitStatus turns a client's events into what a loading row or a progress
// line shows: "waiting for the server (attempt 2 of 5): rate limited,
// retrying in 25s…". It is an Observer, safe for concurrent use: requests
// report into it from their goroutines (a tea.Cmd, export's workers) and
// the display reads Current on its own ticks. The zero value is ready; use
// it by pointer.
type WaitStatus struct {
	mu    sync.Mutex
	waits map[uint64]Wait
}

// Wait is one request that is taking long.
type Wait struct {
	Op          string
	Attempt     int // the attempt running, or the next one while Retrying
	MaxAttempts int
	Since       time.Time // the running attempt's start (Slow) or the retry's decision
	Until       time.Time // Retrying: when the next attempt starts
	Reason      string    // Retrying: why the last attempt failed
	Retrying    bool      // between attempts, waiting until Until
}

// Observe records e.
func (s *WaitStatus) Observe(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waits == nil {
		s.waits = map[uint64]Wait{}
	}
	switch e.Kind {
	case EventDone:
		delete(s.waits, e.Request)
	case EventSlow:
		s.waits[e.Request] = Wait{Op: e.Op, Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, Since: e.Since}
	case EventRetry:
		s.waits[e.Request] = Wait{Op: e.Op, Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, Since: e.At,
			Until: e.At.Add(e.Wait), Reason: e.Reason, Retrying: true}
	}
}

// Current returns the wait most worth showing (the latest attempt, then the
// longest wait), and false when no request is slow or retrying.
func (s *WaitStatus) Current() (Wait, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best Wait
	found := false
	for _, w := range s.waits {
		if !found || w.Attempt > best.Attempt || (w.Attempt == best.Attempt && w.Since.Before(best.Since)) {
			best, found = w, true
		}
	}
	return best, found
}

// Waiting returns how many requests are slow or between attempts.
func (s *WaitStatus) Waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waits)
}

// String describes w at now, e.g. "waiting for the server for 12s (attempt
// 1 of 5)…" or "waiting for the server (attempt 2 of 5): 503, retrying in
// 4s…".
func (w Wait) String(now time.Time) string {
	attempt := fmt.Sprintf("attempt %d of %d", w.Attempt, w.MaxAttempts)
	if w.Retrying && now.Before(w.Until) {
		return fmt.Sprintf("waiting for the server (%s): %s, retrying in %s…", attempt, w.Reason, roundUp(w.Until.Sub(now)))
	}
	if w.Retrying {
		return fmt.Sprintf("waiting for the server (%s)…", attempt)
	}
	return fmt.Sprintf("waiting for the server for %s (%s)…", roundUp(now.Sub(w.Since)), attempt)
}

// roundUp shows whole seconds, at least 1s: "retrying in 0s" reads as stuck.
func roundUp(d time.Duration) time.Duration {
	return max(d.Round(time.Second), time.Second)
}
