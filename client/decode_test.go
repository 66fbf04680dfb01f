package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// realisticMCPPage is a 200-record page shaped like the contract's example.
func realisticMCPPage() []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	t0 := time.Date(2026, 11, 20, 9, 12, 44, 0, time.UTC)
	tools := []string{"generate_image", "generate_video", "search_assets", "summarise"}
	for i := range 200 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"call_19c%05d","api_key":{"id":"key_ci","name":"CI pipeline"},"tool":%q,"credits":"%d.%02d",`+
			`"user":{"id":"usr_2","name":"Grace Hopper","email":"grace@example.com"},"created_at":%q}`,
			i, tools[i%len(tools)], i%7, i%100, t0.Add(-time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	b.WriteString(`],"next_cursor":"eyJrIjoiMjAyNi0xMS0yMFQwOToxMjo0NFoiLCJpZCI6ImNhbGxfMTljMDAxOTkifQ","summary":{"calls":50211,"credits":"20311.25"}}`)
	return []byte(b.String())
}

func BenchmarkDecodeMCPPage(b *testing.B) {
	body := realisticMCPPage()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p MCPCallPage
		if err := decode(body, &p); err != nil || len(p.Data) != 200 {
			b.Fatal(err)
		}
	}
}

func TestRealisticPageDecodes(t *testing.T) {
	var p MCPCallPage
	if err := decode(realisticMCPPage(), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 200 || p.Summary.Calls != 50211 || p.Cursor() == "" || p.Data[199].User == nil {
		t.Errorf("page decoded wrong: %d records, %+v", len(p.Data), p.Summary)
	}
}

// FuzzDecodePage: any bytes as a page body must give a page or an error,
// never a panic, and the error path must build a printable APIError.
func FuzzDecodePage(f *testing.F) {
	f.Add(realisticMCPPage())
	f.Add([]byte(`{"data":[{"credits":"-0.0001","user":null,"created_at":"2026-11-20T09:12:44Z"}],"next_cursor":null,"summary":{}}`))
	f.Add([]byte(`{"data":[{"credits":"1e5"}]}`))
	f.Add([]byte(`<html><title>502</title>`))
	f.Add([]byte(`{"data":[`))
	f.Add([]byte(`null`))
	f.Add([]byte("{\"data\":[{\"tool\":\"\\u001b]8;;http://evil\\u0007x\"}]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p MCPCallPage
		if err := decode(body, &p); err != nil {
			e := badResponse(200, "application/json", body, err, nil)
			if e.Error() == "" || strings.ContainsRune(e.Error(), 0x1b) {
				t.Fatalf("bad error text %q", e.Error())
			}
			return
		}
		// Whatever decoded is printable: model.Text sanitised it.
		for _, m := range p.Data {
			if strings.ContainsAny(string(m.Tool)+string(m.ID)+string(m.APIKey.Name), "\x1b\r\n\x07") {
				t.Fatalf("unsanitised text in %+v", m)
			}
		}
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("decoded page does not re-encode: %v", err)
		}
	})
}
