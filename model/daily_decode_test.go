package model

import (
	"encoding/json"
	"strings"
	"testing"
)

// Date is a plain string (compared and used as a map key), but it still
// comes from the API: a hostile server must not get escapes through it.
func TestDailyUsageDateIsSanitised(t *testing.T) {
	var d Daily
	body := `{"tz":"UTC","data":[{"date":"2026-11-01\u001b]8;;https://evil.example\u0007\r","conversations":"1","mcp_calls":"0","imports":"0","credits_added":"0","credits_removed":"0"}]}`
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	got := d.Data[0].Date
	if strings.ContainsAny(got, "\x1b\x07\r") {
		t.Fatalf("date kept control characters: %q", got)
	}
	if !strings.HasPrefix(got, "2026-11-01") || d.Data[0].Conversations != NewCredits(1) {
		t.Fatalf("decoded %+v", d.Data[0])
	}
}
