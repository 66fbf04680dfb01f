package client

import "context"

// RetryGate takes over the wait between two attempts of a request made
// with its context: e is the EventRetry just reported (e.Wait is the
// backoff or the server's Retry-After). It returns when the next attempt
// may start, or ctx's error. Parallel export uses it so that a retried
// request gives back its slot while it waits and queues for one again: a
// 429 then lowers the requests in flight, retries included.
type RetryGate func(ctx context.Context, e Event) error

type retryGateKey struct{}

// WithRetryGate returns a context whose requests wait between attempts
// through g instead of sleeping.
func WithRetryGate(ctx context.Context, g RetryGate) context.Context {
	return context.WithValue(ctx, retryGateKey{}, g)
}

// pause waits before attempt e.Attempt: through the context's gate, or e.Wait.
func pause(ctx context.Context, e Event) error {
	if g, ok := ctx.Value(retryGateKey{}).(RetryGate); ok && g != nil {
		return g(ctx, e)
	}
	return Sleep(ctx, e.Wait)
}
