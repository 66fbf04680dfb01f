package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/tallyhq/tally/internal/badserver"
)

func TestLoopbackIsOneCanonicalDecision(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "localhost.": true, "LocalHost.": true,
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "0:0:0:0:0:0:0:1": true, "::ffff:127.0.0.1": true, "::1%lo": true,
		"foo.localhost": false, "127.1": false, "2130706433": false, "localhost.example.com": false,
		"128.0.0.1": false, "::2": false, "::ffff:10.0.0.1": false, "": false,
	} {
		if got := loopback(host); got != want {
			t.Errorf("loopback(%q) = %v", host, got)
		}
	}
	for raw, want := range map[string]string{
		"http://LOCALHOST:8080/api":        "http://localhost:8080/api",
		"http://localhost.:8080":           "http://localhost:8080",
		"http://[0:0:0:0:0:0:0:1]:9/x":     "http://[::1]:9/x",
		"http://[::ffff:127.0.0.1]:9":      "http://127.0.0.1:9",
		"https://Billing.Example.COM/api/": "https://billing.example.com/api",
		"http://127.0.0.9:1":               "http://127.0.0.9:1",
	} {
		got, err := checkBaseURL(raw)
		if err != nil || got != want {
			t.Errorf("checkBaseURL(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"http://foo.localhost:8080", "http://127.1:8080", "http://example.com"} {
		if _, err := checkBaseURL(raw); err == nil || !strings.Contains(err.Error(), "plain http") {
			t.Errorf("checkBaseURL(%q) accepted plain http: %v", raw, err)
		}
	}
}

// proxyChildEnv marks the child process of TestLoopbackNeverGoesThroughTheProxy.
const proxyChildEnv = "TALLY_TEST_PROXY_CHILD"

// TestLoopbackNeverGoesThroughTheProxy runs a proxy and points HTTP_PROXY
// at it. net/http reads the proxy environment once per process, so the
// requests are made by a child process started with that environment.
// http://LOCALHOST:PORT used to pass the loopback check and then go to the
// proxy, key and all, in clear.
func TestLoopbackNeverGoesThroughTheProxy(t *testing.T) {
	if os.Getenv(proxyChildEnv) != "" {
		t.Skip("child side runs in TestProxyChild")
	}
	srv := badserver.Start(badserver.Config{})
	defer srv.Close()
	proxy := badserver.StartProxy()
	defer proxy.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	bases := []string{"http://LOCALHOST:" + port, "http://localhost.:" + port, "http://127.0.0.1:" + port, "http://127.0.0.1.:" + port}
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyChild$", "-test.v")
	cmd.Env = append(os.Environ(), proxyChildEnv+"="+strings.Join(bases, " "),
		"HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "HTTPS_PROXY="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, r := range proxy.Seen() {
		if r.HadAuth || !strings.Contains(r.Target, "billing.example.com") {
			t.Errorf("the proxy saw %+v (auth %v)", r, r.HadAuth)
		}
	}
	// The child's control request to a remote host did go to the proxy:
	// the environment reached it, so the loopback result is not vacuous.
	if len(proxy.Seen()) == 0 {
		t.Fatalf("the proxy saw nothing, not even the remote request:\n%s", out)
	}
	if !strings.Contains(string(out), "loopback ok") {
		t.Errorf("child output:\n%s", out)
	}
}

// TestProxyChild is the child side: only run with proxyChildEnv set.
func TestProxyChild(t *testing.T) {
	bases := os.Getenv(proxyChildEnv)
	if bases == "" {
		t.Skip("run by TestLoopbackNeverGoesThroughTheProxy")
	}
	for _, base := range strings.Fields(bases) {
		c, err := New(Options{BaseURL: base, APIKey: testKey, MaxAttempts: 1})
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		// Redirect targets are checked with the same rule: the proxy
		// decision is made per request.
		u, _ := url.Parse(base)
		if req, _ := proxyRequest(u); req != nil {
			t.Fatalf("%s: proxied to %s", base, req)
		}
	}
	// httptest listens on IPv4 only: the IPv6 spellings are checked at the
	// proxy decision itself.
	for _, raw := range []string{"http://[0:0:0:0:0:0:0:1]:9/v1/me", "http://[::ffff:127.0.0.1]:9/", "http://LocalHost.:9/"} {
		u, _ := url.Parse(raw)
		if req, err := proxyRequest(u); req != nil || err != nil {
			t.Fatalf("%s: proxied to %v (%v)", raw, req, err)
		}
	}
	if u, _ := url.Parse("http://billing.example.com/v1/me"); true {
		if req, _ := proxyRequest(u); req == nil {
			t.Fatal("a remote host was not proxied: the environment did not reach the child")
		}
	}
	fmt.Println("loopback ok")
	c, err := New(Options{BaseURL: "https://billing.example.com/api", APIKey: testKey, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(context.Background()); err == nil {
		t.Fatal("the proxy refuses CONNECT: the remote request must fail")
	}
}

func proxyRequest(u *url.URL) (*url.URL, error) {
	r, err := newRequestFor(u)
	if err != nil {
		return nil, err
	}
	return proxy(r)
}

func newRequestFor(u *url.URL) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, u.String(), nil)
}
