package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// An echoed key that straddles a snippet's length limit must not survive in
// part: scrubbing after truncation misses the cut-off key.
func TestTruncatedEchoDoesNotLeakPartOfTheKey(t *testing.T) {
	keyHead := testKey[:12] // long enough to be a real leak, unique to the key
	pad := func(n int) string { return strings.Repeat("x", n) }
	handlers := map[string]http.HandlerFunc{
		"request id": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", pad(85)+testKey)
			jsonReplyNoID(w, 400, errBody("invalid_request", "", "bad", ""))
		},
		"message": func(w http.ResponseWriter, r *http.Request) {
			jsonReply(w, 400, errBody("invalid_request", "c", pad(485)+testKey, "p"))
		},
		"type": func(w http.ResponseWriter, r *http.Request) {
			jsonReply(w, 400, errBody(pad(45)+testKey, "", "bad", ""))
		},
		"html title": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(400)
			fmt.Fprintf(w, "<title>%s%s</title>", pad(65), testKey)
		},
		"text body": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			fmt.Fprintf(w, "%s%s", pad(65), testKey)
		},
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			c, _ := newTest(t, h, func(o *Options) { o.Timeout = 50 * time.Millisecond; o.MaxAttempts = 1 })
			_, err := c.Me(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if s := err.Error() + " " + RequestID(err); strings.Contains(s, keyHead) {
				t.Errorf("part of the key leaked: %s", s)
			}
		})
	}
}
