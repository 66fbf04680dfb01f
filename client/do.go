package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Retries are done here, around single resty executions, instead of with
// resty's Backoff. resty v2.17's retry needs every rule re-stated (conditions
// replace the transport-error default, Retry-After is clamped to a 2 s
// default max, POSTs are retried when a condition allows, an oversized body
// is retried; see shared/field-notes.md). One loop that owns the attempt
// timeout, the body limit, the GET-only rule and the context-aware wait is
// shorter than configuring all of that and easier to show correct in tests.

type call struct {
	method  string
	path    string // "/v1/…", already path-escaped
	query   url.Values
	body    []byte // POST only
	idemKey string // POST only
}

func (cl call) op() string { return cl.method + " " + cl.path }

// attempt is the outcome of one round trip.
type attempt struct {
	err        error
	retry      bool
	retryAfter retryAfter
}

// ErrTimeLimit is wrapped by the error of a request that did not finish
// within Options.Timeout (attempts, waits between them and reading the body
// included). It also matches context.DeadlineExceeded.
var ErrTimeLimit = errors.New("request time limit reached")

// do runs cl, retrying GETs, and decodes a 2xx JSON body into out. The
// whole of it (every attempt, every wait) is bounded by c.timeout.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	maxAttempts := 1
	if cl.method == http.MethodGet && !singleAttempt(ctx) {
		maxAttempts = c.maxAttempts
	}
	rep := newReporter(ctx, c.reqSeq.Add(1), cl.op(), maxAttempts)
	defer rep.send(Event{Kind: EventDone})
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, ErrTimeLimit)
	defer cancel()
	for n := 1; ; n++ {
		stop := rep.slowTimer(c.slowAfter, n)
		a := c.once(ctx, cl, out)
		stop()
		if a.err == nil {
			return nil
		}
		if !a.retry || n >= maxAttempts {
			return c.finish(a.err, n, "")
		}
		wait := c.backoff(n)
		d, asked := a.retryAfter.wait()
		if asked {
			wait = min(d, c.retryMaxWait)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// The deadline (the caller's, or the time limit) would pass
			// while waiting: the server's answer is more useful than
			// "deadline exceeded".
			note := ""
			if pdl, ok := parent.Deadline(); !ok || pdl.After(dl) {
				note = fmt.Sprintf("the next attempt would start after %s, past the %s time limit for a request", roundUp(wait), c.timeout)
			}
			return c.finish(a.err, n, note)
		}
		status, reason := retryReason(a.err)
		ev := Event{Kind: EventRetry, Attempt: n + 1, Wait: wait, Status: status, RetryAfter: asked, Reason: reason}
		rep.send(ev)
		if err := pause(ctx, ev); err != nil {
			return c.finish(c.ctxError(ctx, cl.op(), err), n, "")
		}
	}
}

// retryReason says briefly why an attempt failed, for the wait status.
func retryReason(err error) (int, string) {
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Status == http.StatusTooManyRequests:
			return ae.Status, "rate limited"
		case ae.Type == typeBadResponse:
			return ae.Status, fmt.Sprintf("%d from a proxy or gateway", ae.Status)
		}
		return ae.Status, fmt.Sprintf("%d %s", ae.Status, strings.ToLower(http.StatusText(ae.Status)))
	}
	var te *transportError
	if errors.As(err, &te) {
		return 0, te.short
	}
	return 0, "no answer"
}

func (c *Client) once(ctx context.Context, cl call, out any) attempt {
	if err := ctx.Err(); err != nil {
		return attempt{err: c.ctxError(ctx, cl.op(), err)}
	}
	// No timeout per attempt: the time limit in ctx bounds them all.
	req := c.r.R().SetContext(ctx)
	if len(cl.query) > 0 {
		req.SetQueryParamsFromValues(cl.query)
	}
	if cl.method == http.MethodPost {
		req.SetHeader("Content-Type", "application/json").
			SetHeader("Idempotency-Key", cl.idemKey).
			SetBody(cl.body)
	}
	resp, err := req.Execute(cl.method, c.base+cl.path)
	if err != nil {
		return c.transportFailure(ctx, cl, err)
	}
	body := resp.RawBody()
	if body == nil {
		return c.transportFailure(ctx, cl, io.ErrUnexpectedEOF)
	}
	defer body.Close()

	rid := cleanScrubbed(resp.Header().Get("X-Request-Id"), 100, c.scrub)
	status := resp.StatusCode()
	if resp.RawResponse.ContentLength > c.maxBody {
		return attempt{err: &sizeError{op: cl.op(), limit: c.maxBody, requestID: rid}}
	}
	buf, _ := c.bodies.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooledBody {
			buf.Reset()
			c.bodies.Put(buf)
		}
	}()
	if n := resp.RawResponse.ContentLength; n > 0 {
		buf.Grow(int(n) + 1) // +1: ReadFrom needs room to see the end
	}
	_, err = buf.ReadFrom(io.LimitReader(body, c.maxBody+1))
	data := buf.Bytes()
	if err != nil {
		a := c.transportFailure(ctx, cl, err)
		var te *transportError
		if errors.As(a.err, &te) {
			te.requestID = rid
		}
		return a
	}
	if int64(len(data)) > c.maxBody {
		return attempt{err: &sizeError{op: cl.op(), limit: c.maxBody, requestID: rid}}
	}
	ct := resp.Header().Get("Content-Type")

	if status >= 200 && status < 300 {
		if err := decode(data, out); err != nil {
			return attempt{err: c.annotate(badResponse(status, ct, data, err, c.scrub), cl, rid)}
		}
		return attempt{}
	}
	ae := c.annotate(apiError(status, ct, data, c.scrub), cl, rid)
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return attempt{err: ae, retry: true, retryAfter: parseRetryAfter(resp.Header().Get("Retry-After"))}
	}
	return attempt{err: ae}
}

// decode reads a 2xx body. Every response of the contract is an object, so
// anything else (null, an array, HTML) is reported rather than silently
// decoded into zero values.
func decode(data []byte, out any) error {
	if !looksLikeJSONObject(data) {
		return errors.New("expected a JSON object")
	}
	if out == nil {
		return nil
	}
	// List pages decode and validate in one pass (model.Page.Decode);
	// json.Unmarshal would first scan the whole body only to validate it.
	if p, ok := out.(interface{ Decode([]byte) error }); ok {
		return p.Decode(data)
	}
	return json.Unmarshal(data, out)
}

func (c *Client) annotate(e *APIError, cl call, rid string) *APIError {
	e.method, e.path = cl.method, cl.path
	e.RequestID = rid
	e.Type = cleanScrubbed(e.Type, 60, c.scrub)
	e.Code = cleanScrubbed(e.Code, 60, c.scrub)
	e.Message = cleanScrubbed(e.Message, 500, c.scrub)
	e.Param = cleanScrubbed(e.Param, 60, c.scrub)
	return e
}

func (c *Client) transportFailure(ctx context.Context, cl call, err error) attempt {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return attempt{err: c.ctxError(ctx, cl.op(), ctxErr)}
	}
	u, perr := url.Parse(c.base + cl.path)
	if perr != nil {
		u = &url.URL{}
	}
	msg, short, retry := describeTransport(err, u, c.timeout, c.scrub)
	return attempt{err: &transportError{op: cl.op(), msg: c.scrub(msg), short: short, err: err}, retry: retry}
}

// ctxError describes a request stopped by its context: cancelled, the
// caller's deadline, or the client's time limit.
func (c *Client) ctxError(ctx context.Context, op string, err error) error {
	switch {
	case errors.Is(context.Cause(ctx), ErrTimeLimit):
		return &transportError{op: op, short: "time limit", err: timeLimitError{c.timeout},
			msg: fmt.Sprintf("no complete answer within %s, the time limit for one request (retries included)", c.timeout)}
	case errors.Is(err, context.DeadlineExceeded):
		return &transportError{op: op, short: "deadline", msg: "gave up: the deadline for this request passed", err: err}
	}
	return &transportError{op: op, short: "canceled", msg: "request canceled", err: err}
}

// timeLimitError is the cause of a request that hit Options.Timeout.
type timeLimitError struct{ limit time.Duration }

func (e timeLimitError) Error() string { return "time limit of " + e.limit.String() + " reached" }
func (e timeLimitError) Is(target error) bool {
	return target == ErrTimeLimit || target == context.DeadlineExceeded
}

// finish records how many attempts were made and makes sure no run of the
// key's characters leaves the package inside an error string, whatever the
// server echoed and wherever it ended up.
func (c *Client) finish(err error, attempts int, note string) error {
	var ae *APIError
	var te *transportError
	switch {
	case errors.As(err, &ae):
		ae.attempts, ae.note = attempts, note
	case errors.As(err, &te):
		te.attempts, te.note = attempts, note
	}
	if s := err.Error(); c.scrub(s) != s {
		return &scrubbedError{msg: c.scrub(s), err: err}
	}
	return err
}

func (c *Client) scrub(s string) string { return c.scrubber.scrub(s) }

// Scrub removes the client's API key from s, and any run of 8 or more of
// its characters: for text that did not come from the server but may still
// hold the key (a flag value the user pasted it into).
func (c *Client) Scrub(s string) string { return c.scrub(s) }

// get and post are the shapes every endpoint uses.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, call{method: http.MethodGet, path: path, query: q}, out)
}

func (c *Client) post(ctx context.Context, path string, body any, idemKey string, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("POST %s: cannot encode the request: %w", path, err)
	}
	if idemKey == "" {
		idemKey = NewIdempotencyKey()
	}
	return c.do(ctx, call{method: http.MethodPost, path: path, body: b, idemKey: idemKey}, out)
}

// listOf is the {"data": [...]} wrapper of the unpaginated lists.
type listOf[T any] struct {
	Data []T `json:"data"`
}
