package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/tallyhq/tally/model"
)

// APIError is a non-2xx answer, or a 2xx answer whose body could not be read
// as the contract's JSON (Type "bad_response").
type APIError struct {
	Status    int
	Type      string // invalid_request, authentication, permission, not_found, rate_limit, api, bad_response, or a new one
	Code      string
	Message   string
	Param     string
	RequestID string

	method, path string // for Error(); empty when built by hand
	attempts     int    // > 1 when retries were exhausted
	note         string // why the client stopped retrying early, if it did
}

// typeBadResponse is the Type of an APIError whose body was not the contract's JSON.
const typeBadResponse = "bad_response"

func (e *APIError) Error() string {
	var b strings.Builder
	if e.method != "" {
		b.WriteString(e.method + " " + e.path + ": ")
	}
	fmt.Fprintf(&b, "%d", e.Status)
	if e.Type != "" {
		b.WriteString(" " + e.Type)
	}
	msg := e.Message
	if msg == "" {
		msg = strings.ToLower(http.StatusText(e.Status))
	}
	if msg != "" {
		b.WriteString(": " + msg)
	}
	if e.Param != "" {
		b.WriteString(" (param " + e.Param + ")")
	}
	if e.Status == http.StatusUnauthorized {
		b.WriteString(" — the API key is missing or invalid: run `tally login` or set TALLY_API_KEY")
	}
	b.WriteString(gaveUp(e.attempts, e.note))
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// gaveUp says how many attempts were made and why the client stopped.
func gaveUp(attempts int, note string) string {
	switch {
	case attempts > 1 && note != "":
		return fmt.Sprintf(" (gave up after %d attempts: %s)", attempts, note)
	case attempts > 1:
		return fmt.Sprintf(" (gave up after %d attempts)", attempts)
	case note != "":
		return " (gave up: " + note + ")"
	}
	return ""
}

// ErrResponseTooLarge is wrapped by the error returned when a response body
// exceeds 16 MiB; such a response is not retried.
var ErrResponseTooLarge = errors.New("response too large")

type sizeError struct {
	op        string
	limit     int64
	requestID string
}

func (e *sizeError) Error() string {
	s := fmt.Sprintf("%s: response too large: it exceeds the %s limit, refusing to read it", e.op, sizeString(e.limit))
	if e.requestID != "" {
		s += " [request " + e.requestID + "]"
	}
	return s
}
func (e *sizeError) Unwrap() error { return ErrResponseTooLarge }

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// transportError is a request that got no usable HTTP response (or was cut
// off while reading it). It unwraps to the underlying cause so callers can
// test errors.Is(err, context.DeadlineExceeded) and the like.
type transportError struct {
	op        string
	msg       string
	short     string // a few words for the wait status: "connection refused"
	attempts  int
	note      string
	requestID string // set when the failure came after the response headers
	err       error
}

func (e *transportError) Error() string {
	s := e.op + ": " + e.msg + gaveUp(e.attempts, e.note)
	if e.requestID != "" {
		s += " [request " + e.requestID + "]"
	}
	return s
}
func (e *transportError) Unwrap() error { return e.err }

// scrubbedError replaces an error whose text would reveal the API key.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// IsAuth reports whether err is a 401: the key is missing, wrong or revoked.
func IsAuth(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsPermission reports whether err is a 403: the role may not do this.
func IsPermission(err error) bool { return statusOf(err) == http.StatusForbidden }

func statusOf(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// RequestID returns the server's X-Request-Id carried by err, or "".
func RequestID(err error) string {
	var e *APIError
	if errors.As(err, &e) {
		return e.RequestID
	}
	var s *sizeError
	if errors.As(err, &s) {
		return s.requestID
	}
	var te *transportError
	if errors.As(err, &te) {
		return te.requestID
	}
	return ""
}

// apiError builds the error for a non-2xx response from its body.
func apiError(status int, contentType string, body []byte, scrub func(string) string) *APIError {
	var env model.ErrorBody
	if looksLikeJSONObject(body) && json.Unmarshal(body, &env) == nil &&
		(env.Error.Message != "" || env.Error.Type != "" || env.Error.Code != "") {
		return &APIError{
			Status:  status,
			Type:    string(env.Error.Type),
			Code:    string(env.Error.Code),
			Message: string(env.Error.Message),
			Param:   string(env.Error.Param),
		}
	}
	return badResponse(status, contentType, body, nil, scrub)
}

// badResponse describes a body that is not what the contract promises. cause
// is the JSON decoding error for 2xx bodies, nil otherwise. scrub removes the
// API key from quoted text before it is cut short (see cleanScrubbed).
func badResponse(status int, contentType string, body []byte, cause error, scrub func(string) string) *APIError {
	st := fmt.Sprintf("status %d %s", status, http.StatusText(status))
	mt, _, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(body)
	var msg string
	switch {
	case len(trimmed) == 0:
		msg = "server returned an empty body (" + st + ")"
	case mt == "text/html" || bytes.HasPrefix(trimmed, []byte("<")):
		msg = "server returned an HTML page instead of JSON (" + st + ")"
		if t := htmlTitle(trimmed, scrub); t != "" {
			msg += ": " + strconvQuote(t)
		}
		msg += " — a proxy or gateway may be in the way"
	case json.Valid(trimmed):
		if cause != nil {
			msg = "server returned JSON that does not match the API (" + st + "): " + describeDecode(cause, scrub)
		} else {
			msg = "server returned an error without details (" + st + ")"
		}
	case trimmed[0] == '{' || trimmed[0] == '[':
		msg = "server returned truncated or malformed JSON (" + st + ")"
	default:
		kind := "a non-JSON response"
		if mt != "" {
			kind = "a non-JSON response (" + cleanScrubbed(mt, 60, scrub) + ")"
		}
		msg = "server returned " + kind + " (" + st + "): " + strconvQuote(cleanScrubbed(string(trimmed), 80, scrub))
	}
	return &APIError{Status: status, Type: typeBadResponse, Message: msg}
}

// describeDecode shortens encoding/json's messages, which name Go types. A
// model.DecodeError carries the offending value whole: it is scrubbed before
// it is cut, then the whole line is scrubbed again (a record id may hold an
// echoed key too).
func describeDecode(err error, scrub func(string) string) string {
	var de *model.DecodeError
	if errors.As(err, &de) {
		msg := de.Describe(func(v string) string { return strconvQuote(cleanScrubbed(v, 40, scrub)) })
		return cleanScrubbed(msg, 300, scrub)
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		if ute.Field == "" {
			return "the document is a JSON " + cleanSnippet(ute.Value, 40) + ", not an object"
		}
		return fmt.Sprintf("field %s is a JSON %s of the wrong kind", cleanSnippet(ute.Field, 80), cleanSnippet(ute.Value, 40))
	}
	return cleanScrubbed(err.Error(), 160, scrub)
}

func looksLikeJSONObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// htmlTitle finds <title>…</title> in the first few KiB, case-insensitively.
func htmlTitle(b []byte, scrub func(string) string) string {
	if len(b) > 8192 {
		b = b[:8192]
	}
	lower := bytes.ToLower(b)
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := bytes.Index(lower[start:], []byte("</title"))
	if end < 0 {
		return ""
	}
	return cleanScrubbed(string(b[start:start+end]), 80, scrub)
}

// cleanSnippet makes text safe and short for an error line (no key to scrub).
func cleanSnippet(s string, max int) string { return safeText(s, max, nil) }

// cleanScrubbed is safeText: sanitise, scrub the key, then shorten.
func cleanScrubbed(s string, max int, scrub func(string) string) string {
	return safeText(s, max, scrub)
}

func strconvQuote(s string) string { return "\u201c" + s + "\u201d" }

// describeTransport turns a failed round trip into a message a person can
// act on, and says whether another attempt could help.
func describeTransport(err error, u *url.URL, timeout time.Duration, scrub func(string) string) (msg, short string, retry bool) {
	var re *redirectError
	if errors.As(err, &re) {
		return re.msg, "redirect refused", false // built from sanitised parts (redirectPolicy)
	}
	host := cleanScrubbed(u.Host, 100, scrub)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("request timed out after %s", timeout), "timed out", true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		host = cleanScrubbed(dns.Name, 100, scrub)
		if host == "" {
			host = cleanScrubbed(u.Hostname(), 100, scrub)
		}
		if dns.IsNotFound {
			return fmt.Sprintf("cannot resolve host %s — check the API URL and your network", host), "unknown host", false
		}
		return fmt.Sprintf("cannot resolve host %s: DNS lookup failed", host), "DNS lookup failed", true
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Sprintf("cannot connect to %s: connection refused — is the server running?", host), "connection refused", true
	}
	var (
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		recHdErr tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &hostErr), errors.As(err, &invalid):
		return fmt.Sprintf("the TLS certificate of %s is not trusted: %s", host, cleanScrubbed(innerError(err).Error(), 160, scrub)), "untrusted certificate", false
	case errors.As(err, &recHdErr):
		return fmt.Sprintf("%s did not answer with TLS — is it a plain http:// server?", host), "no TLS", false
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Sprintf("connection to %s was closed unexpectedly", host), "connection closed", true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Sprintf("request timed out after %s", timeout), "timed out", true
	}
	return fmt.Sprintf("cannot reach %s: %s", host, cleanScrubbed(innerError(err).Error(), 160, scrub)), "network error", true
}

// innerError drops *url.Error's `Get "https://…":` prefix, which repeats what
// the op already says.
func innerError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
