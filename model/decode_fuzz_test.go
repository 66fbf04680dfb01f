package model

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONString: the reader decodes any JSON string exactly as
// encoding/json does (escapes, surrogate pairs, invalid UTF-8), and refuses
// exactly what it refuses.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{`plain`, `esc\"\\\/\b\f\n\r\t`, `\u00e9\ud83d\ude00`, `\ud83d`, `\ud83dx`, `\ud83d\u0041`,
		"\xff\xfe", "caf\xc3", `\u001b[31m`, "tab\there", `\x`, `\u12g4`, `trail\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		doc := `"` + body + `"`
		var want string
		wantErr := json.Unmarshal([]byte(doc), &want)
		r := reader{b: []byte(doc)}
		got, err := r.str()
		if err == nil {
			err = r.end()
		}
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%q: reader err %v, encoding/json err %v", doc, err, wantErr)
		}
		if err == nil && got != want {
			t.Fatalf("%q: reader %q, encoding/json %q", doc, got, want)
		}
	})
}

// FuzzDecodePage: any body gives a page or an error, never a panic; a page
// it accepts is valid JSON with nothing made up and nothing unsanitised.
func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"call_1","api_key":{"id":"k","name":"CI"},"tool":"t","credits":"0.5","user":null,"created_at":"2026-11-20T09:12:44Z"}],"next_cursor":"c","summary":{"calls":1,"credits":"0.5"}}`))
	f.Add([]byte(`{"data":[null],"summary":{"calls":1,"credits":"0.5"}}`))
	f.Add([]byte(`{"data":[{"id":"x","credits":"1e5"}]}`))
	f.Add([]byte("{\"data\":[{\"id\":\"a\",\"tool\":\"\\u001b]8;;http://evil\\u0007x\"}]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p Page[MCPCall, MCPSummary]
		err := p.Decode(body)
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\x1b\x07\r\n") {
				t.Fatalf("bad error text %q", msg)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		for _, m := range p.Data {
			if m.ID == "" || m.APIKey.ID == "" || m.CreatedAt.IsZero() && !strings.Contains(string(body), "0001-01-01") {
				t.Fatalf("made-up values in %+v", m)
			}
			text := string(m.ID) + string(m.Tool) + string(m.APIKey.ID) + string(m.APIKey.Name)
			if m.User != nil {
				text += string(m.User.ID + m.User.Name + m.User.Email)
			}
			if Sanitize(text) != text {
				t.Fatalf("unsanitised text %q", text)
			}
		}
	})
}

// Same for a conversation page, whose records carry counts and users.
func FuzzDecodeConversationPage(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"conv_1","title":null,"message_count":3,"credits":"1","billing_type":"message","user":{"id":"u","name":"A"},"updated_at":"2026-11-20T14:03:22.5+01:00"}],"next_cursor":null,"summary":{"conversations":1,"messages":3,"credits":"1"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p Page[Conversation, ConversationSummary]
		if err := p.Decode(body); err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		for _, c := range p.Data {
			if c.ID == "" || c.UpdatedAt.IsZero() && !strings.Contains(string(body), "0001-01-01") {
				t.Fatalf("made-up values in %+v", c)
			}
		}
	})
}
