package model

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain":              "plain",
		"ok\rEVIL":           "ok EVIL",
		"a\tb\nc":            "a b c",
		"\x1b[31mred\x1b[0m": "red",
		"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07": "click",
		"\x1b]52;c;ZXZpbA==\x07copied":                      "copied",
		"\x1bP+q\x1b\\dcs":                                  "dcs",
		"bell\x07":                                          "bell",
		"c1\u009b31mcsi":                                    "c131mcsi",
		"del\x7f":                                           "del",
		"\u202eevil\u202c":                                  "evil",
		"iso\u2066late\u2069":                               "isolate",
		"日本語のタイトル 👍🏽 👨‍👩‍👧": "日本語のタイトル 👍🏽 👨‍👩‍👧",
		"bad\xffutf8":      "bad\uFFFDutf8",
		"\x1b[8mconcealed": "concealed",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// JSON escapes decode into real control characters; Text must clean them on decode.
func TestTextSanitisesOnDecode(t *testing.T) {
	var v struct {
		Title Text `json:"title"`
	}
	if err := json.Unmarshal([]byte(`{"title":"\u001b[2J\u009bwipe\r\u202eok"}`), &v); err != nil {
		t.Fatal(err)
	}
	if assertSafe(t, string(v.Title)); v.Title != "wipe ok" {
		t.Fatalf("Title = %q", v.Title)
	}
	var bt BillingType
	if err := json.Unmarshal([]byte(`"new_\u001b[31mtype"`), &bt); err != nil {
		t.Fatal(err)
	}
	if bt != "new_type" || bt.Label() != "new_type" {
		t.Fatalf("unknown enum = %q label %q", bt, bt.Label())
	}
}

func assertSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			t.Fatalf("unsafe rune %U in %q", r, s)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "ok\rEVIL", "\x1b[31mred", "\x1b]8;;u\x07x", "\u009b2J", "\u202e", "日本👍🏽", "bad\xff", strings.Repeat("é", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		assertSafe(t, out)
		if Sanitize(out) != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, Sanitize(out))
		}
		if ansi.Strip(out) != out {
			t.Fatalf("escape sequence survived: %q", out)
		}
	})
}
