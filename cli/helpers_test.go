package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// syncBuffer is a bytes.Buffer safe for a command running in a goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs the real command tree against buffers, a mock keyring and
// an environment map.
type harness struct {
	t      *testing.T
	env    map[string]string
	stdin  string
	stdout *syncBuffer
	stderr *syncBuffer
	tuiCfg *tui.Config
	e      *Env
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	keyring.MockInit()
	h := &harness{t: t, env: map[string]string{"XDG_CONFIG_HOME": t.TempDir(), "HOME": t.TempDir()}}
	h.reset()
	return h
}

func (h *harness) reset() {
	h.stdout, h.stderr = &syncBuffer{}, &syncBuffer{}
	h.e = &Env{
		Stdout:           h.stdout,
		Stderr:           h.stderr,
		Getenv:           func(k string) string { return h.env[k] },
		Keyring:          config.SystemKeyring{},
		KeyringTimeout:   time.Second,
		Now:              func() time.Time { return testNow },
		StdinIsTerminal:  func() bool { return false },
		StderrIsTerminal: func() bool { return false },
		ReadSecret:       func(context.Context) (string, error) { h.t.Fatal("prompted without a terminal"); return "", nil },
		RunTUI: func(_ context.Context, c tui.Config) error {
			h.tuiCfg = &c
			return nil
		},
		RetryWait: time.Millisecond,
	}
}

// run executes args and returns the exit code; stdout/stderr are fresh per run.
func (h *harness) run(args ...string) int {
	h.t.Helper()
	h.stdout, h.stderr = &syncBuffer{}, &syncBuffer{}
	h.e.Stdout, h.e.Stderr = h.stdout, h.stderr
	h.e.Stdin = strings.NewReader(h.stdin)
	return Run(context.Background(), h.e, args)
}

func (h *harness) mustRun(args ...string) string {
	h.t.Helper()
	if code := h.run(args...); code != 0 {
		h.t.Fatalf("tally %s: exit %d\nstderr: %s", strings.Join(args, " "), code, h.stderr.String())
	}
	return h.stdout.String()
}

// startDemo serves the demo API on loopback for the test's lifetime.
func startDemo(t *testing.T, o demo.Options) *httptest.Server {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	if o.Size == 0 {
		o.Size = 400
	}
	s, err := demo.New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

// useDemo points the harness at a demo server with the given key via env.
func (h *harness) useDemo(srv *httptest.Server, key string) {
	h.env[config.EnvBaseURL] = srv.URL
	h.env[config.EnvAPIKey] = key
}

// ownerWithBilling is a harness on a demo of size records, logged in as the
// owner, with ws_acme's /billing as the API returns it.
func ownerWithBilling(t *testing.T, size int) (*harness, model.Billing) {
	t.Helper()
	srv := startDemo(t, demo.Options{Size: size})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: demo.OwnerKey})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Billing(context.Background(), "ws_acme")
	if err != nil {
		t.Fatal(err)
	}
	return h, b
}
