package common

import (
	"errors"
	"net/url"
	"strings"
)

// URL policy: the one decision of what tally may open in a browser. Every
// URL it opens comes from the server or from a record a customer typed
// (import URLs), so it is untrusted.
var (
	ErrNoURL       = errors.New("no URL")
	errNotWebURL   = errors.New("only http and https URLs are opened")
	errNotHTTPS    = errors.New("invoice PDFs and payment pages open only over https")
	errCredentials = errors.New("the URL carries a user name or password")
)

// OpenableURL checks raw against the policy and returns it normalised:
// an absolute http(s) URL with a host, https only when httpsOnly (hosted
// payment pages and invoice PDFs carry tokens and must never travel in the
// clear), and never with userinfo ("https://bank.example@evil.example/"
// reads as the bank's but opens evil.example).
func OpenableURL(raw string, httpsOnly bool) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", ErrNoURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", errNotWebURL
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if httpsOnly {
			return "", errNotHTTPS
		}
	default:
		return "", errNotWebURL
	}
	if u.User != nil {
		return "", errCredentials
	}
	return u.String(), nil
}
