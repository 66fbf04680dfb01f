package client

import (
	"context"
	"errors"
	"net/http"
)

// IsUnreachable reports whether err says the server could not be reached
// or is failing for now, not that it refused the request: no usable HTTP
// response, a 5xx (a proxy's 502 with the server gone included), or a 429
// after the retries. Such a request is worth repeating later; a 4xx is not.
func IsUnreachable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var te *transportError
	if errors.As(err, &te) {
		return true
	}
	s := statusOf(err)
	return s >= 500 || s == http.StatusTooManyRequests
}

type singleAttemptKey struct{}

// SingleAttempt makes the requests under ctx try once, without retries: for
// a probe whose caller shows the failure and retries on its own (the TUI's
// start), where the client's backoff would be seconds of blank screen.
func SingleAttempt(ctx context.Context) context.Context {
	return context.WithValue(ctx, singleAttemptKey{}, true)
}

func singleAttempt(ctx context.Context) bool {
	v, _ := ctx.Value(singleAttemptKey{}).(bool)
	return v
}
