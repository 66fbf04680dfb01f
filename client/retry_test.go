package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

func TestRetriesTransientStatusesThenSucceeds(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		var n atomic.Int32
		c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) < 3 {
				jsonReply(w, status, errBody("api", "", "try again", ""))
				return
			}
			jsonReply(w, 200, `{"user":{"id":"usr_1","name":"Ada"},"workspaces":[]}`)
		})
		me, err := c.Me(context.Background())
		if err != nil || me.User.Name != "Ada" {
			t.Errorf("%d: me=%+v err=%v", status, me, err)
		}
		if rec.count() != 3 {
			t.Errorf("%d: %d attempts, want 3", status, rec.count())
		}
	}
}

func TestNoRetryForClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			jsonReply(w, status, errBody("x", "", "no", ""))
		})
		if _, err := c.Me(context.Background()); err == nil {
			t.Errorf("%d: no error", status)
		}
		if rec.count() != 1 {
			t.Errorf("%d: %d attempts, want 1", status, rec.count())
		}
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 503, errBody("api", "unavailable", "maintenance", ""))
	})
	_, err := c.Me(context.Background())
	if rec.count() != 5 {
		t.Errorf("%d attempts, want the default 5", rec.count())
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 503 {
		t.Fatalf("err = %v", err)
	}
	if want := "GET /v1/me: 503 api: maintenance (gave up after 5 attempts) [request req_test]"; err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}

	c3, rec3 := newTest(t, func(w http.ResponseWriter, r *http.Request) { jsonReply(w, 502, "") },
		func(o *Options) { o.MaxAttempts = 3 })
	_, _ = c3.Me(context.Background())
	if rec3.count() != 3 {
		t.Errorf("MaxAttempts 3: %d attempts", rec3.count())
	}
}

func TestPOSTIsNeverRetried(t *testing.T) {
	for _, status := range []int{429, 500, 503} {
		c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			jsonReply(w, status, errBody("api", "", "busy", ""))
		})
		ctx := context.Background()
		calls := []func() error{
			func() error {
				_, err := c.CreateCheckout(ctx, "ws", model.CheckoutRequest{PlanID: "business", Interval: "year"}, "")
				return err
			},
			func() error { _, err := c.CreatePortal(ctx, "ws", ""); return err },
			func() error { _, err := c.CancelSubscription(ctx, "ws", ""); return err },
			func() error { _, err := c.ResumeSubscription(ctx, "ws", ""); return err },
		}
		for i, call := range calls {
			before := rec.count()
			err := call()
			if err == nil || strings.Contains(err.Error(), "attempts") {
				t.Errorf("%d/%d: err = %v", status, i, err)
			}
			if n := rec.count() - before; n != 1 {
				t.Errorf("%d: POST %d sent %d times, want exactly 1", status, i, n)
			}
		}
	}
	// A transport failure on POST is not retried either.
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.ReadAll(r.Body)
		<-r.Context().Done()
	}, func(o *Options) { o.Timeout = 20 * time.Millisecond })
	if _, err := c.CreatePortal(context.Background(), "ws", ""); err == nil {
		t.Error("no error")
	}
	if rec.count() != 1 {
		t.Errorf("timed-out POST sent %d times", rec.count())
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	// Retry-After: 3600 with RetryMaxWait 5ms: the wait is capped, so this
	// finishes at once; without the cap the test would hang for an hour.
	var n atomic.Int32
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			jsonReply(w, 429, errBody("rate_limit", "", "slow down", ""))
			return
		}
		jsonReply(w, 200, `{}`)
	})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 {
		t.Errorf("%d attempts", rec.count())
	}
}

// TestCancelStopsRetryAfterWait: a 429 asking for 30 s must not hold a
// caller who cancels after 50 ms.
func TestCancelStopsRetryAfterWait(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		jsonReply(w, 429, errBody("rate_limit", "", "slow down", ""))
	}, func(o *Options) { o.RetryMaxWait = 30 * time.Second; o.Timeout = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Me(ctx)
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want it to wrap the context's error", err)
	}
	// Generous bound for a loaded 2-core machine; the point is "not 30 s".
	if elapsed > 2*time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	if rec.count() != 1 {
		t.Errorf("%d attempts", rec.count())
	}

	// A deadline that the wait would overrun: return the 429 at once.
	dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer dcancel()
	_, err = c.Me(dctx)
	if !strings.Contains(err.Error(), "429 rate_limit: slow down") || rec.count() != 2 {
		t.Errorf("deadline shorter than Retry-After: %v after %d requests", err, rec.count())
	}

	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := c.Me(ctx2); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("cancelled ctx: %v", err)
	}
	if rec.count() != 2 {
		t.Error("a request was sent with an already-cancelled context")
	}
}

func TestParseRetryAfter(t *testing.T) {
	future := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		in     string
		ok     bool
		lo, hi time.Duration
	}{
		{"", false, 0, 0},
		{"7", true, 7 * time.Second, 7 * time.Second},
		{" 0 ", true, 0, 0},
		{"-3", false, 0, 0},
		{"soon", false, 0, 0},
		{"1.5", false, 0, 0},
		{"99999999999999999", true, 24 * time.Hour, 24 * time.Hour},
		{future, true, 80 * time.Second, 91 * time.Second},
		{"Wed, 21 Oct 2015 07:28:00 GMT", true, 0, 0}, // in the past: retry now
	}
	for _, tc := range cases {
		d, ok := parseRetryAfter(tc.in).wait()
		if ok != tc.ok || d < tc.lo || d > tc.hi {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v in [%v, %v]", tc.in, d, ok, tc.ok, tc.lo, tc.hi)
		}
	}
}

func TestBackoffIsBoundedFullJitter(t *testing.T) {
	c := &Client{retryWait: 100 * time.Millisecond, retryMaxWait: time.Second}
	for n := 1; n <= 40; n++ {
		ceiling := min(time.Second, 100*time.Millisecond<<min(n-1, 20))
		for range 50 {
			if d := c.backoff(n); d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, want within [0, %v]", n, d, ceiling)
			}
		}
	}
	// Full jitter: waits spread across the range rather than sitting at the top.
	var low bool
	for range 200 {
		if c.backoff(4) < 400*time.Millisecond {
			low = true
			break
		}
	}
	if !low {
		t.Error("backoff(4) never below half its ceiling: no jitter")
	}
}

func TestTransportErrorsAreRetried(t *testing.T) {
	// The first two attempts have their connection cut mid-response.
	var n atomic.Int32
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte(`{"user":`))
			panic(http.ErrAbortHandler)
		}
		jsonReply(w, 200, `{"user":{"name":"Ada"}}`)
	})
	me, err := c.Me(context.Background())
	if err != nil || me.User.Name != "Ada" {
		t.Fatalf("me=%+v err=%v", me, err)
	}
	if rec.count() != 3 {
		t.Errorf("%d attempts, want 3", rec.count())
	}

	// When every attempt is cut off, the error says so and names the request.
	c2, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_cut")
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"user":`))
		w.(http.Flusher).Flush() // headers reach the client; the body never completes
		panic(http.ErrAbortHandler)
	}, func(o *Options) { o.MaxAttempts = 2 })
	_, err = c2.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "closed unexpectedly (gave up after 2 attempts) [request req_cut]") || RequestID(err) != "req_cut" {
		t.Errorf("err = %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 200, emptyPage)
	})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 5 {
				if _, err := c.MCPCalls(context.Background(), "ws", MCPCallQuery{ListQuery: ListQuery{Limit: i*10 + j + 1}}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if rec.count() != 40 {
		t.Errorf("%d requests", rec.count())
	}
}
