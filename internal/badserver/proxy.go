package badserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Proxy is a forward HTTP proxy that records what went through it, to show
// whether a client sent a request (and its Authorization header) via a
// proxy. Plain http requests are forwarded; CONNECT is answered 403.
type Proxy struct {
	*httptest.Server
	mu   sync.Mutex
	seen []ProxiedRequest
}

// ProxiedRequest is one request the proxy received.
type ProxiedRequest struct {
	Method, Target string
	HadAuth        bool // an Authorization header reached the proxy
}

// StartProxy starts a proxy on a loopback port.
func StartProxy() *Proxy {
	p := &Proxy{}
	direct := &http.Transport{Proxy: nil}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.URL.String()
		if r.Method == http.MethodConnect {
			target = r.Host
		}
		p.mu.Lock()
		p.seen = append(p.seen, ProxiedRequest{Method: r.Method, Target: target, HadAuth: r.Header.Get("Authorization") != ""})
		p.mu.Unlock()
		if r.Method == http.MethodConnect || !r.URL.IsAbs() {
			http.Error(w, "this proxy does not tunnel", http.StatusForbidden)
			return
		}
		out, err := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		out.Header = r.Header.Clone()
		resp, err := direct.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	return p
}

// Seen returns the requests the proxy received.
func (p *Proxy) Seen() []ProxiedRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]ProxiedRequest(nil), p.seen...)
}
