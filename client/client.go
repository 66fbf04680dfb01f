package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// Options configures a Client. Zero values pick the documented defaults.
type Options struct {
	BaseURL string // e.g. https://billing.example.com/api ; paths append /v1/...
	APIKey  string // sent as a bearer token; never printed
	Version string // User-Agent: tally/<Version>; "" -> "dev"
	// Timeout bounds one request from start to end: every attempt, the
	// waits between them (backoff, Retry-After) and reading the body.
	// 0 -> DefaultTimeout.
	Timeout time.Duration
	// SlowAfter is how long an attempt may go unanswered before observers
	// hear EventSlow; 0 -> 3s.
	SlowAfter    time.Duration
	MaxAttempts  int           // GET attempts incl. first; 0 -> 5
	RetryWait    time.Duration // backoff base; 0 -> 250ms (tests set small)
	RetryMaxWait time.Duration // cap of one backoff wait and of Retry-After; 0 -> 30s
	Transport    http.RoundTripper
}

// DefaultTimeout is the time limit of one request, retries included: long
// enough for a slow page and a few retries with backoff, short enough that
// a server that stopped answering is reported within half a minute.
const DefaultTimeout = 30 * time.Second

const (
	defaultTimeout      = DefaultTimeout
	defaultSlowAfter    = 3 * time.Second
	defaultMaxAttempts  = 5
	defaultRetryWait    = 250 * time.Millisecond
	defaultRetryMaxWait = 30 * time.Second
	maxResponseBytes    = 16 << 20
	maxRedirects        = 5
)

// Client talks to the billing API. It is safe for concurrent use.
type Client struct {
	r            *resty.Client
	base         string // no trailing slash
	key          string // kept only to scrub it from anything the server echoes
	scrubber     *scrubber
	timeout      time.Duration
	maxAttempts  int
	retryWait    time.Duration
	retryMaxWait time.Duration
	maxBody      int64 // maxResponseBytes; a field so tests need not send 16 MiB every time
	slowAfter    time.Duration
	reqSeq       atomic.Uint64 // numbers requests for observers
	// bodies recycles response buffers: a walk reads one ~45 KB page after
	// another, and io.ReadAll's growing copies were a third of export's
	// allocated bytes. Decoding copies what it keeps, so a buffer is free
	// again once do returns.
	bodies sync.Pool
}

// maxPooledBody is the largest buffer kept for reuse: a rare huge answer
// is not held on to.
const maxPooledBody = 1 << 20

// New checks the options and builds a client. It sends no request.
func New(o Options) (*Client, error) {
	base, err := checkBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkKey(o.APIKey); err != nil {
		return nil, err
	}
	version := o.Version
	if version == "" {
		version = "dev"
	}
	c := &Client{
		base:         base,
		key:          o.APIKey,
		timeout:      orDefault(o.Timeout, defaultTimeout),
		slowAfter:    orDefault(o.SlowAfter, defaultSlowAfter),
		maxAttempts:  o.MaxAttempts,
		retryWait:    orDefault(o.RetryWait, defaultRetryWait),
		retryMaxWait: orDefault(o.RetryMaxWait, defaultRetryMaxWait),
		maxBody:      maxResponseBytes,
		scrubber:     newScrubber(o.APIKey),
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = defaultMaxAttempts
	}

	// resty is used as a request builder and executor only. Retries, timeouts
	// and body reading are done in do.go (see the comment there), so resty's
	// RetryCount stays 0, SetTimeout is unused and the body is not parsed by it.
	r := resty.New().
		SetLogger(discardLogger{}).
		SetDebug(false).
		SetDisableWarn(true).
		SetCookieJar(nil).
		SetDoNotParseResponse(true).
		SetAuthToken(o.APIKey).
		SetHeader("User-Agent", "tally/"+version).
		SetHeader("Accept", "application/json").
		SetRedirectPolicy(resty.RedirectPolicyFunc(c.redirectPolicy))
	// If anyone ever turns debug logging on, the bearer token must still not
	// reach the log: resty prints whatever headers this callback leaves.
	r.OnRequestLog(func(l *resty.RequestLog) error {
		if l.Header.Get("Authorization") != "" {
			l.Header.Set("Authorization", "Bearer [redacted]")
		}
		scrubHeader(l.Header, c.scrub)
		l.Body = c.scrub(l.Body)
		return nil
	})
	// A hostile or buggy server may echo the key back in a header.
	r.OnResponseLog(func(l *resty.ResponseLog) error {
		scrubHeader(l.Header, c.scrub)
		l.Body = c.scrub(l.Body)
		return nil
	})
	if o.Transport != nil {
		r.SetTransport(o.Transport) // tests: their transport, their proxy rule
	} else {
		r.SetTransport(newTransport())
	}
	c.r = r
	return c, nil
}

// BaseURL returns the normalised base URL (no trailing slash).
func (c *Client) BaseURL() string { return c.base }

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func checkBaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("no API base URL: set one such as https://billing.example.com/api")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("invalid API base URL %q: want an absolute http(s) URL such as https://billing.example.com/api", raw)
	}
	if u.User != nil {
		return "", errors.New("invalid API base URL: it must not contain a user name or password; the API key is sent separately")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid API base URL %q: remove the ?query or #fragment", u.Redacted())
	}
	if err := checkScheme(u); err != nil {
		return "", err
	}
	u.Host = canonicalHost(u)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u.String(), nil
}

// checkScheme allows plain http only where no network sees the bearer token.
func checkScheme(u *url.URL) error {
	if u.Scheme == "https" {
		return nil
	}
	if u.Scheme == "http" && loopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("refusing to send the API key over plain http to %s: use https:// (http:// is only allowed for localhost)", u.Host)
}

func checkKey(key string) error {
	if key == "" {
		return errors.New("no API key: run `tally login` or set TALLY_API_KEY")
	}
	for _, r := range key {
		if r <= ' ' || r == 0x7f {
			// The key itself is deliberately not quoted here.
			return errors.New("invalid API key: it contains spaces or control characters; run `tally login` again or fix TALLY_API_KEY")
		}
	}
	return nil
}

func scrubHeader(h http.Header, scrub func(string) string) {
	for k, vs := range h {
		for i, v := range vs {
			vs[i] = scrub(v)
		}
		h[k] = vs
	}
}

type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// redirectPolicy follows a few redirects on the same host, and never one
// that would downgrade to plain http off loopback. The target comes from the
// server's Location header: it reaches the message only through safeText.
func (c *Client) redirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return &redirectError{fmt.Sprintf("stopped after %d redirects", maxRedirects)}
	}
	target := cleanScrubbed(req.URL.Host, 100, c.scrub)
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && loopback(req.URL.Hostname())) {
		return &redirectError{fmt.Sprintf("server redirected to plain http (%s): refusing to send the API key unencrypted; use https://", target)}
	}
	if len(via) > 0 && !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
		return &redirectError{fmt.Sprintf("server redirected to another host (%s); if that is the API, use it as the base URL", target)}
	}
	return nil
}

// discardLogger keeps resty silent: its log lines would interleave with the
// TUI and could carry request details.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
