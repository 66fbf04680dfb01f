package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// firstDiff shows where two outputs part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return fmt.Sprintf("at byte %d:\n new %q\n old %q", i, a[lo:min(i+80, len(a))], b[lo:min(i+80, len(b))])
}

func goldenJob(t *testing.T, c *client.Client, ws, list, format string, users bool, red model.Redactor, loc *time.Location) *exportJob {
	t.Helper()
	return &exportJob{c: c, ws: ws, list: list, format: format, users: users, red: red, loc: loc,
		q: client.ListQuery{Limit: 200}}
}

// The reflection-free writers write exactly what encoding/json wrote, for
// every list, format, role and redaction, on hostile demo data.
func TestExportWritersAreByteIdenticalToTheOldOnes(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 1500, Hostile: true})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, key := range []string{demo.OwnerKey, demo.MemberKey} {
		c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: key})
		if err != nil {
			t.Fatal(err)
		}
		for _, list := range model.ExportNames() {
			if list == "invoices" && key == demo.MemberKey {
				continue
			}
			for _, format := range []string{"csv", "json", "ndjson"} {
				for _, red := range []model.Redactor{{}, model.NewRedactor([]byte("golden"))} {
					for _, users := range []bool{key == demo.OwnerKey, false} {
						j := goldenJob(t, c, "ws_acme", list, format, users, red, berlin)
						var got bytes.Buffer
						if _, err := j.run(context.Background(), &got); err != nil {
							t.Fatal(err)
						}
						want := oldOutput(t, j)
						if !bytes.Equal(got.Bytes(), want) {
							t.Fatalf("%s %s key %s users %v redact %v: %s", list, format, key[:16], users, red.Enabled(), firstDiff(got.Bytes(), want))
						}
						if got.Len() < 1000 {
							t.Fatalf("%s %s: only %d bytes compared", list, format, got.Len())
						}
					}
				}
			}
		}
	}
}

// Strings that exercise encoding/json's corners: HTML characters (escaped
// in json, not in ndjson, always in "user"), U+2028/2029, quotes and
// backslashes, non-ASCII, and a time with a fraction and an offset.
func TestExportWritersMatchOnEncodingCorners(t *testing.T) {
	odd := []string{`<b>Tom & "Jerry"</b>`, "line\u2028sep\u2029par", `back\slash`, "😀 日本 é", "=cmd", "", "a\u00a0b"}
	srv := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		var recs []string
		for i, s := range odd {
			q := func(v string) string { return string(must(jsonMarshal(v))) }
			recs = append(recs, fmt.Sprintf(`{"id":%s,"api_key":{"id":%s,"name":%s},"tool":%s,"credits":"%d.5","user":{"id":"u","name":%s,"email":%s},"created_at":"2026-11-20T09:12:44.1230%d+02:00"}`,
				q(fmt.Sprint("call_", i, s)), q("key"+s), q(s), q(s), i, q(s), q(s+"@x"), i))
		}
		fmt.Fprintf(w, `{"data":[%s],"next_cursor":null,"summary":{"calls":%d,"credits":"24.5"}}`, strings.Join(recs, ","), len(odd))
	})
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: "tally_test_key_00000000"})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "json", "ndjson"} {
		j := goldenJob(t, c, "ws_x", "mcp-calls", format, true, model.Redactor{}, time.UTC)
		var got bytes.Buffer
		if _, err := j.run(context.Background(), &got); err != nil {
			t.Fatal(err)
		}
		if want := oldOutput(t, j); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: %s", format, firstDiff(got.Bytes(), want))
		}
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
