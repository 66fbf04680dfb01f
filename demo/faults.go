package demo

import (
	"net/http"
	"strconv"
	"time"
)

const htmlProxyPage = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
`

// latencyLocked is Options.Latency varied by Options.Jitter: uniform in
// [Latency-Jitter, Latency+Jitter], since a remote API's round trips vary.
// normalized keeps Jitter <= Latency, so it is never negative. s.mu is held.
func (s *Server) latencyLocked() time.Duration {
	l, j := s.opts.Latency, s.opts.Jitter
	if j > 0 {
		l += time.Duration(s.rng.Int64N(int64(2*j)+1)) - j
	}
	return l
}

// injectFaults applies Options.Latency plus the current Faults: latency and maybe a
// failure; false means the response is already written (or the client went
// away during the latency). Faults come before authentication, like a proxy's.
func (s *Server) injectFaults(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	f := s.faults
	var roll float64
	var pick int
	if f.Rate429 > 0 || f.Rate5xx > 0 || f.RateHTML > 0 {
		roll = s.rng.Float64()
		pick = s.rng.IntN(4)
	} else {
		roll = 2
	}
	latency := f.Latency + s.latencyLocked()
	s.mu.Unlock()
	if !sleepCtx(r.Context(), latency) {
		return false
	}
	switch {
	case roll < f.Rate429:
		ra := f.RetryAfter
		if ra <= 0 {
			ra = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(ra))
		writeErr(w, &apiErr{status: 429, typ: "rate_limit", code: "rate_limited", msg: "too many requests: retry after " + strconv.Itoa(ra) + " s"})
		return false
	case roll < f.Rate429+f.Rate5xx:
		status := []int{500, 502, 503, 504}[pick]
		writeErr(w, &apiErr{status: status, typ: "api", code: "upstream_error", msg: "the billing service had a problem (injected fault): retry later"})
		return false
	case roll < f.Rate429+f.Rate5xx+f.RateHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(htmlProxyPage))
		return false
	}
	return true
}
