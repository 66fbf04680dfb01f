package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a demo server listening on a local port.
type Running struct {
	URL    string
	Key    string
	Server *Server
	srv    *http.Server
	done   chan error

	mu    sync.Mutex
	fresh map[net.Conn]struct{} // accepted, no request read yet
}

// Start builds a server and serves it in a goroutine on addr ("" = 127.0.0.1:0).
func Start(o Options, addr string) (*Running, error) {
	s, err := New(o)
	if err != nil {
		return nil, err
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo server cannot listen on %s: %w", addr, err)
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	r := &Running{URL: "http://" + ln.Addr().String(), Key: OwnerKey, Server: s, srv: hs, done: make(chan error, 1),
		fresh: map[net.Conn]struct{}{}}
	hs.ConnState = r.track
	go func() {
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	return r, nil
}

// track remembers connections that have not sent a request yet. Shutdown
// counts such a connection as busy for its first 5 s, and an HTTP client
// that dials one connection too many under concurrent requests (Go's does)
// would hold every Close for those 5 s.
func (r *Running) track(c net.Conn, st http.ConnState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st == http.StateNew {
		r.fresh[c] = struct{}{}
	} else {
		delete(r.fresh, c)
	}
}

// Close stops accepting connections and waits (up to 5 s) for requests in flight.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.mu.Lock()
	for c := range r.fresh {
		_ = c.Close() // no request on it: nothing in flight to wait for
	}
	r.mu.Unlock()
	err := r.srv.Shutdown(ctx)
	if serr := <-r.done; err == nil {
		err = serr
	}
	return err
}
