package common

import "testing"

// One policy decides what may be opened (it replaced three checks that
// disagreed on http and on user:pass@ URLs).
func TestOpenableURL(t *testing.T) {
	cases := []struct {
		raw       string
		httpsOnly bool
		ok        bool
	}{
		{"https://shop.example.com/p/42", false, true},
		{"  http://shop.example.com/p/42 ", false, true},
		{"HTTPS://Shop.Example.com/x", true, true},
		{"http://billing.example.com/i/1.pdf", true, false},
		{"https://user:pw@example.com/", false, false},
		{"https://bank.example@evil.example/", true, false},
		{"javascript:alert(1)", false, false},
		{"file:///etc/passwd", false, false},
		{"ftp://x.example/a", false, false},
		{"data:text/html,hi", false, false},
		{"//no-scheme.example/x", false, false},
		{"https:///nohost", true, false},
		{"https://", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		u, err := OpenableURL(c.raw, c.httpsOnly)
		if (err == nil) != c.ok {
			t.Errorf("%q (https only %v): %q %v, want ok=%v", c.raw, c.httpsOnly, u, err, c.ok)
		}
	}
}
