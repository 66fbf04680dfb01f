package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAPIErrorFormat(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_123")
		jsonReplyNoID(w, 400, errBody("invalid_request", "invalid_parameter", "from must be before to", "from"))
	})
	_, err := c.MCPCalls(context.Background(), "ws_acme", MCPCallQuery{})
	want := "GET /v1/workspaces/ws_acme/usage/mcp-calls: 400 invalid_request: from must be before to (param from) [request req_123]"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant  %s", err, want)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 400 || ae.Code != "invalid_parameter" || ae.Param != "from" || ae.RequestID != "req_123" {
		t.Errorf("APIError = %+v", ae)
	}
	if RequestID(err) != "req_123" || IsAuth(err) || IsPermission(err) {
		t.Error("helpers disagree with the error")
	}
}

func jsonReplyNoID(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func TestAuthAndPermissionHelpers(t *testing.T) {
	status := 401
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, status, errBody(map[int]string{401: "authentication", 403: "permission"}[status], "x", "nope", ""))
	})
	_, err := c.Me(context.Background())
	if !IsAuth(err) || IsPermission(err) || !strings.Contains(err.Error(), "tally login") || !strings.Contains(err.Error(), "TALLY_API_KEY") {
		t.Errorf("401: %v", err)
	}
	status = 403
	_, err = c.Invoices(context.Background(), "ws", InvoiceQuery{})
	if IsAuth(err) || !IsPermission(err) || !strings.Contains(err.Error(), "403 permission: nope") {
		t.Errorf("403: %v", err)
	}
	if IsAuth(nil) || IsPermission(errors.New("x")) || RequestID(nil) != "" {
		t.Error("helpers on non-API errors")
	}
}

// TestBadBodies covers everything a proxy or a broken server can send back.
func TestBadBodies(t *testing.T) {
	cases := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
	}{
		{"html 502", 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
			"502 bad_response: server returned an HTML page instead of JSON (status 502 Bad Gateway): \u201c502 Bad Gateway\u201d"},
		{"html 200", 200, "text/html; charset=utf-8", "<!doctype html><p>captive portal", "server returned an HTML page instead of JSON (status 200 OK)"},
		{"empty 500", 500, "", "", "server returned an empty body (status 500 Internal Server Error)"},
		{"empty 200", 200, "application/json", "", "server returned an empty body (status 200 OK)"},
		{"truncated error", 400, "application/json", `{"error":{"type":"invalid_req`, "400 bad_response: server returned truncated or malformed JSON"},
		{"truncated 200", 200, "application/json", `{"data":[{"id":"call_1","cre`, "200 bad_response: server returned truncated or malformed JSON (status 200 OK)"},
		{"wrong shape 200", 200, "application/json", `{"data":{"id":1}}`, "server returned JSON that does not match the API (status 200 OK)"},
		{"bad credits 200", 200, "application/json", `{"data":[{"credits":"1.23456"}]}`, "does not match the API"},
		{"array 200", 200, "application/json", `[]`, "does not match the API"},
		{"null 200", 200, "application/json", `null`, "does not match the API"},
		{"json without envelope", 418, "application/json", `{"message":"teapot"}`, "418 bad_response: server returned an error without details"},
		{"plain text", 503, "text/plain", "upstream connect error\x1b[31m or disconnect", "non-JSON response (text/plain) (status 503 Service Unavailable): \u201cupstream connect error or disconnect\u201d"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.Header().Set("X-Request-Id", "req_bad")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}, func(o *Options) { o.MaxAttempts = 2 })
			_, err := c.MCPCalls(context.Background(), "ws", MCPCallQuery{})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) || ae.Status != tc.status || ae.Type != "bad_response" {
				t.Errorf("err = %v\nwant it to contain %q", err, tc.want)
			}
			if !strings.HasSuffix(err.Error(), "[request req_bad]") || RequestID(err) != "req_bad" {
				t.Errorf("request id missing: %v", err)
			}
			if strings.ContainsRune(err.Error(), 0x1b) {
				t.Errorf("control characters in error: %q", err)
			}
		})
	}
}

func TestResponseTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), maxResponseBytes+1)
	chunked := false
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_big")
		if chunked {
			// No Content-Length: the limit must hold while reading.
			w.(http.Flusher).Flush()
		}
		_, _ = w.Write(big)
	})
	for _, ch := range []bool{false, true} {
		chunked = ch
		before := rec.count()
		_, err := c.Me(context.Background())
		if !errors.Is(err, ErrResponseTooLarge) {
			t.Fatalf("chunked=%v: err = %v, want ErrResponseTooLarge", ch, err)
		}
		if !strings.Contains(err.Error(), "16 MiB") || !strings.Contains(err.Error(), "[request req_big]") || RequestID(err) != "req_big" {
			t.Errorf("message: %v", err)
		}
		if n := rec.count() - before; n != 1 {
			t.Errorf("chunked=%v: %d requests, want 1 (too large is not retried)", ch, n)
		}
	}
	// Exactly at the limit is fine (a smaller limit keeps this test cheap).
	c2, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"user":{}}     `)) })
	c2.maxBody = int64(len(`{"user":{}}     `))
	if _, err := c2.Me(context.Background()); err != nil {
		t.Errorf("body at the limit: %v", err)
	}
}

func TestTimeoutMessage(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		func(o *Options) { o.Timeout = 20 * time.Millisecond; o.MaxAttempts = 2 })
	_, err := c.Me(context.Background())
	// The time limit bounds the whole request: the stalled first attempt
	// used all of it, so there is no second.
	if err == nil || !strings.Contains(err.Error(), "GET /v1/me: no complete answer within 20ms, the time limit for one request (retries included)") {
		t.Errorf("err = %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrTimeLimit) {
		t.Errorf("timeout does not unwrap to DeadlineExceeded and ErrTimeLimit: %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d attempts, want 1", rec.count())
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := New(Options{BaseURL: "http://" + addr, APIKey: testKey, MaxAttempts: 2, RetryWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	want := "cannot connect to " + addr + ": connection refused — is the server running?"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// dnsFail is a transport whose dial fails like a lookup of an unknown host.
type dnsFail struct{ calls int }

func (d *dnsFail) RoundTrip(r *http.Request) (*http.Response, error) {
	d.calls++
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), IsNotFound: true}}
}

func TestDNSFailure(t *testing.T) {
	tr := &dnsFail{}
	c, err := New(Options{BaseURL: "https://billing.nowhere.invalid/api", APIKey: testKey, Transport: tr, RetryWait: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET /v1/me: cannot resolve host billing.nowhere.invalid") {
		t.Errorf("err = %v", err)
	}
	if tr.calls != 1 {
		t.Errorf("unknown host tried %d times, want 1", tr.calls)
	}
}

func TestPlainHTTPRedirectRefused(t *testing.T) {
	c, rec := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://billing.example.com/v1/me", http.StatusFound)
	})
	_, err := c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("err = %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests", rec.count())
	}
}

// TestKeyNeverLeaks runs every error path against a server that echoes the
// key back wherever it can, with resty's debug log switched on.
func TestKeyNeverLeaks(t *testing.T) {
	echo := func(r *http.Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") }
	handlers := map[string]http.HandlerFunc{
		"json error": func(w http.ResponseWriter, r *http.Request) {
			k := echo(r)
			w.Header().Set("X-Request-Id", "req_"+k)
			jsonReplyNoID(w, 401, errBody("authentication_"+k, "c_"+k, "bad key "+k, "p_"+k))
		},
		"html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<title>%s</title>", echo(r))
		},
		"text": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			fmt.Fprintf(w, "oops %s", echo(r))
		},
		"bad json 200": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"data":[{"credits":"%s"}]}`, echo(r))
		},
		"too large": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", echo(r))
			_, _ = w.Write(make([]byte, 2048))
		},
		"rate limit": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			jsonReply(w, 429, errBody("rate_limit", "", "slow down "+echo(r), ""))
		},
		"timeout": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://other.example/"+echo(r), http.StatusFound)
		},
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			c, _ := newTest(t, h, func(o *Options) { o.Timeout = 20 * time.Millisecond; o.MaxAttempts = 2 })
			c.maxBody = 1024
			var logged bytes.Buffer
			c.r.SetLogger(teeWatcher{keyWatcher{t}, &logged}).SetDebug(true)
			_, err := c.MCPCalls(context.Background(), "ws", MCPCallQuery{})
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("key in error: %v", err)
			}
			if strings.Contains(RequestID(err), testKey) {
				t.Errorf("key in request id")
			}
			var ae *APIError
			if errors.As(err, &ae) && strings.Contains(fmt.Sprintf("%+v", *ae), testKey) {
				t.Errorf("key in APIError fields: %+v", *ae)
			}
			if strings.Contains(logged.String(), testKey) {
				t.Errorf("key in resty log")
			}
			if logged.Len() == 0 && name != "timeout" && name != "redirect" {
				t.Error("debug log produced nothing: the log check would be vacuous")
			}
		})
	}
	// Transport errors: no server at all.
	for _, base := range []string{"http://127.0.0.1:1", "https://billing.nowhere.invalid"} {
		o := Options{BaseURL: base, APIKey: testKey, MaxAttempts: 1}
		if strings.HasPrefix(base, "https") {
			o.Transport = &dnsFail{}
		}
		c, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		c.r.SetLogger(keyWatcher{t}).SetDebug(true)
		_, err = c.Me(context.Background())
		if err == nil || strings.Contains(err.Error(), testKey) {
			t.Errorf("%s: err = %v", base, err)
		}
	}
}

type teeWatcher struct {
	keyWatcher
	buf *bytes.Buffer
}

func (w teeWatcher) Debugf(f string, v ...any) {
	w.keyWatcher.Debugf(f, v...)
	fmt.Fprintf(w.buf, f, v...)
}
func (w teeWatcher) Errorf(f string, v ...any) {
	w.keyWatcher.Errorf(f, v...)
	fmt.Fprintf(w.buf, f, v...)
}
func (w teeWatcher) Warnf(f string, v ...any) {
	w.keyWatcher.Warnf(f, v...)
	fmt.Fprintf(w.buf, f, v...)
}
