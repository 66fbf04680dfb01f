package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is exponential with full jitter: a uniform wait in
// [0, min(RetryMaxWait, RetryWait·2^(n-1))] before attempt n+1, so clients
// that failed together do not retry together.
func (c *Client) backoff(n int) time.Duration {
	ceiling := c.retryWait
	for i := 1; i < n && ceiling < c.retryMaxWait; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, c.retryMaxWait)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// retryAfter is a parsed Retry-After header: delay-seconds or an HTTP-date.
type retryAfter struct {
	set   bool
	delay time.Duration
	at    time.Time
}

func parseRetryAfter(v string) retryAfter {
	v = strings.TrimSpace(v)
	if v == "" {
		return retryAfter{}
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return retryAfter{}
		}
		// Clamp before multiplying so a huge value cannot overflow.
		secs = min(secs, int64(24*time.Hour/time.Second))
		return retryAfter{set: true, delay: time.Duration(secs) * time.Second}
	}
	if t, err := http.ParseTime(v); err == nil {
		return retryAfter{set: true, at: t}
	}
	return retryAfter{}
}

// wait is how long the server asked us to wait; ok is false when it did not.
func (r retryAfter) wait() (time.Duration, bool) {
	if !r.set {
		return 0, false
	}
	if !r.at.IsZero() {
		return max(time.Until(r.at), 0), true
	}
	return r.delay, true
}

// Sleep waits d or until ctx is done, whichever is first (ctx's error then).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
