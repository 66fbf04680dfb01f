// Command reqlog is a reverse proxy for the end-to-end tests: it forwards
// every request to the demo API and appends one line per request (method,
// path and query) to a log, so a test can count what the TUI asked for.
// Headers are not logged: the Authorization header carries the API key.
//
//	reqlog -upstream http://127.0.0.1:8080 -log /tmp/requests.log
//
// It prints the URL to use instead of the upstream's on stdout.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"sync"
)

func main() {
	upstream := flag.String("upstream", "", "the demo API's base URL (loopback)")
	logPath := flag.String("log", "", "file to append one line per request to")
	flag.Parse()
	u, err := url.Parse(*upstream)
	if err != nil || u.Scheme != "http" || *logPath == "" {
		log.Fatal("reqlog: give -upstream http://127.0.0.1:PORT and -log FILE")
	}
	f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		log.Fatal("reqlog: ", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal("reqlog: ", err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	var mu sync.Mutex
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fmt.Fprintf(f, "%s %s\n", r.Method, r.URL.RequestURI())
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	})
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, handler))
}
