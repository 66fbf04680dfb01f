package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func TestLedgerInputReconcilesAgainstDemo(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s, err := demo.New(demo.Options{Now: now, Size: 600})
	if err != nil {
		t.Fatal(err)
	}
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		s.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ws := range []string{"ws_acme", "ws_side", "ws_free"} {
		b, err := c.Billing(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		requests.Store(0)
		in, err := c.LedgerInput(ctx, ws, b)
		if err != nil {
			t.Fatal(err)
		}
		r := model.Reconcile(in)
		if !r.Reconciles {
			t.Fatalf("%s: demo data must reconcile: %s", ws, r.Explanation)
		}
		wantChecks, maxReq := 3, int64(9)
		if ws == "ws_free" {
			wantChecks, maxReq = 1, 4
		}
		if len(r.Checks) != wantChecks || r.Opening == nil {
			t.Fatalf("%s: %d checks, opening %v", ws, len(r.Checks), r.Opening)
		}
		if n := requests.Load(); n > maxReq {
			t.Fatalf("%s: %d requests, want at most %d", ws, n, maxReq)
		}
		if ws == "ws_acme" && (len(r.Granted) == 0 || r.SpentTotal.Sign() <= 0) {
			t.Fatalf("acme breakdown empty: %+v", r)
		}
	}
}

func TestLedgerInputStopsAtTheFirstError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, 403, errBody("permission", "forbidden", "members cannot see adjustments", ""))
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, APIKey: "k_test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LedgerInput(context.Background(), "ws_1", model.Billing{}); !IsPermission(err) {
		t.Fatalf("want the 403, got %v", err)
	}
}
