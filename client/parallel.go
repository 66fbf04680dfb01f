package client

import (
	"context"
	"sync"
)

// parallel runs fns with at most limit at a time on a context that is
// cancelled at the first error, and returns that error. Every fn has
// returned when parallel does, so none writes into its caller's variables
// afterwards.
func parallel(ctx context.Context, limit int, fns ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, max(limit, 1))
	)
	for _, f := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if err := f(ctx); err != nil {
				mu.Lock()
				if first == nil {
					first = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
