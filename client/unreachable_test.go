package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestIsUnreachable(t *testing.T) {
	status := http.StatusBadGateway
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":{"type":"x","message":"no"}}`))
	}))
	c, err := New(Options{BaseURL: srv.URL, APIKey: "k", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status int
		want   bool
	}{{502, true}, {503, true}, {500, true}, {429, true}, {401, false}, {403, false}, {404, false}, {400, false}} {
		status = tc.status
		_, err := c.Me(context.Background())
		if got := IsUnreachable(err); got != tc.want {
			t.Errorf("%d: IsUnreachable = %v, want %v (%v)", tc.status, got, tc.want, err)
		}
	}
	srv.Close() // nothing listens any more
	_, err = c.Me(context.Background())
	if !IsUnreachable(err) {
		t.Errorf("a closed server is not unreachable: %v", err)
	}
	if IsUnreachable(nil) || IsUnreachable(context.Canceled) {
		t.Error("nil or a cancelled request counted as unreachable")
	}
}

func TestSingleAttemptDoesNotRetry(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, APIKey: "k", MaxAttempts: 4, RetryWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Me(context.Background())
	if n != 4 {
		t.Fatalf("%d attempts without SingleAttempt, want 4", n)
	}
	n = 0
	_, _ = c.Me(SingleAttempt(context.Background()))
	if n != 1 {
		t.Fatalf("%d attempts under SingleAttempt, want 1", n)
	}
}
