package demo

import (
	"testing"
	"time"
)

func TestJitterVariesLatencyWithinItsBounds(t *testing.T) {
	s := newTestServer(t, Options{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond})
	lo, hi := time.Hour, time.Duration(0)
	for range 2000 {
		s.mu.Lock()
		l := s.latencyLocked()
		s.mu.Unlock()
		lo, hi = min(lo, l), max(hi, l)
	}
	if lo < 30*time.Millisecond || hi > 50*time.Millisecond {
		t.Fatalf("latency in [%v, %v], want within [30ms, 50ms]", lo, hi)
	}
	// It does vary, across most of the range.
	if lo > 32*time.Millisecond || hi < 48*time.Millisecond {
		t.Fatalf("latency in [%v, %v]: jitter not applied", lo, hi)
	}
	plain := newTestServer(t, Options{Latency: 40 * time.Millisecond})
	if l := plain.latencyLocked(); l != 40*time.Millisecond {
		t.Fatalf("no jitter: %v", l)
	}
}

func TestLatencyAndJitterAreBounded(t *testing.T) {
	for _, o := range []Options{
		{Latency: -time.Millisecond},
		{Jitter: -time.Millisecond},
		{Latency: MaxLatency + 1},
		{Latency: time.Millisecond, Jitter: 2 * time.Millisecond},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
