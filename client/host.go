package client

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// The loopback decision and the proxy decision are one decision. Plain http
// is allowed only to a loopback host, because no network sees the bearer
// token there; a proxy is a network. Go's own proxy rule compares the host
// as typed, so http://LOCALHOST:8080 passed tally's loopback check and was
// then sent, key and all, in clear to HTTP_PROXY. Hosts are canonicalised
// once here, and both decisions read the same function.

// loopback reports whether host (a URL's Hostname: no port, no brackets)
// names this machine: "localhost" in any case, with or without the trailing
// dot of a fully qualified name, any address in 127.0.0.0/8, or ::1 in any
// IPv6 spelling (::1, 0:0:0:0:0:0:0:1, ::ffff:127.0.0.1, with a zone).
// Other names that might resolve to loopback ("foo.localhost", "127.1") are
// not trusted: the resolver, not tally, would decide where the key goes.
func loopback(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}

// canonicalHost rewrites a URL's host for display and comparison: lower
// case, and a loopback host in its plain form (localhost, 127.x.y.z, [::1])
// with the port kept.
func canonicalHost(u *url.URL) string {
	host, port := u.Hostname(), u.Port()
	h := strings.ToLower(host)
	if loopback(host) {
		h = strings.TrimSuffix(h, ".")
		if a, err := netip.ParseAddr(h); err == nil {
			h = a.Unmap().WithZone("").String()
		}
	}
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if port != "" {
		return h + ":" + port
	}
	return h
}

// proxy is the environment's proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, as
// net/http reads them) except that a loopback host is always reached
// directly, whatever its spelling.
func proxy(r *http.Request) (*url.URL, error) {
	if loopback(r.URL.Hostname()) {
		return nil, nil
	}
	return http.ProxyFromEnvironment(r)
}

// newTransport is http.DefaultTransport with tally's proxy rule and enough
// idle connections per host for parallel exports.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = proxy
	t.MaxIdleConnsPerHost = 32
	return t
}
