package demo

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/tallyhq/tally/model"
)

type wireRec struct {
	ID           string               `json:"id"`
	Credits      model.Credits        `json:"credits"`
	Amount       model.Credits        `json:"amount"`
	MessageCount int64                `json:"message_count"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
	APIKey       struct{ ID string }  `json:"api_key"`
	BillingType  string               `json:"billing_type"`
	Type         string               `json:"type"`
	ImportType   string               `json:"import_type"`
	User         *struct{ ID string } `json:"user"`
}

func (r wireRec) at() time.Time {
	if r.UpdatedAt.IsZero() {
		return r.CreatedAt
	}
	return r.UpdatedAt
}

type wirePage struct {
	Data       []wireRec      `json:"data"`
	NextCursor *string        `json:"next_cursor"`
	Summary    map[string]any `json:"summary"`
}

// walk follows next_cursor to the end and checks the summary never changes.
func walk(t *testing.T, s *Server, key, path string, q url.Values) ([]wireRec, map[string]any) {
	t.Helper()
	var all []wireRec
	var first map[string]any
	cursor := ""
	for pages := 0; ; pages++ {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		if cursor != "" {
			qq.Set("cursor", cursor)
		}
		r := get(t, s, key, path+"?"+qq.Encode())
		if r.status != 200 {
			t.Fatalf("%s?%s: %d %s", path, qq.Encode(), r.status, r.body)
		}
		var p wirePage
		decode(t, r, &p)
		if pages == 0 {
			first = p.Summary
		} else if fmt.Sprint(p.Summary) != fmt.Sprint(first) {
			t.Fatalf("summary changed on page %d: %v vs %v", pages, p.Summary, first)
		}
		all = append(all, p.Data...)
		if p.NextCursor == nil {
			if len(p.Data) == 0 && pages > 0 {
				t.Fatal("last page is empty: next_cursor should have been null one page earlier")
			}
			return all, first
		}
		if pages > 10000 {
			t.Fatal("runaway walk")
		}
		cursor = *p.NextCursor
	}
}

func sortVal(r wireRec, sort string) int64 {
	switch sort {
	case "credits":
		return int64(r.Credits)
	case "amount":
		return int64(r.Amount)
	case "message_count":
		return r.MessageCount
	}
	return r.at().Unix()
}

func TestCursorWalkMatchesBruteForce(t *testing.T) {
	s := newTestServer(t, Options{})
	ws := "/v1/workspaces/ws_acme/"
	type list struct {
		path, filter string
		values       []string
		sorts        []string
		sumKey       string
	}
	lists := []list{
		{"usage/mcp-calls", "api_key_id", []string{"key_ci", "key_legacy"}, []string{"created_at", "credits"}, "credits"},
		{"usage/conversations", "billing_type", []string{"video_generation"}, []string{"updated_at", "credits", "message_count"}, "credits"},
		{"usage/imports", "import_type", []string{"brand"}, []string{"created_at", "credits"}, "credits"},
		{"credit-adjustments", "type", []string{"credit_expiration"}, []string{"created_at", "amount"}, "net"},
	}
	windows := [][2]string{
		{"", ""},
		{"2026-11-10T00:00:00Z", "2026-11-11T00:00:00Z"},      // narrow: sorts the window
		{"2025-12-01T00:00:00+01:00", "2026-11-21T00:00:00Z"}, // wide: walks the key index
		{"2026-06-15T10:30:00.5Z", ""},
	}
	for _, l := range lists {
		everything, _ := walk(t, s, OwnerKey, ws+l.path, url.Values{"limit": {"200"}, "order": {"asc"}})
		for _, fv := range append([]string{""}, l.values...) {
			for _, w := range windows {
				for _, sort := range l.sorts {
					for _, order := range []string{"asc", "desc"} {
						q := url.Values{"limit": {"7"}, "sort": {sort}, "order": {order}}
						if fv != "" {
							q.Set(l.filter, fv)
						}
						if w[0] != "" {
							q.Set("from", w[0])
						}
						if w[1] != "" {
							q.Set("to", w[1])
						}
						got, sum := walk(t, s, OwnerKey, ws+l.path, q)
						want := bruteForce(everything, l.filter, fv, w, sort, order == "desc")
						if len(got) != len(want) {
							t.Fatalf("%s %v: walked %d records, want %d", l.path, q, len(got), len(want))
						}
						var total model.Credits
						for i := range got {
							if got[i].ID != want[i].ID {
								t.Fatalf("%s %v: record %d is %s, want %s", l.path, q, i, got[i].ID, want[i].ID)
							}
							total += got[i].Credits + got[i].Amount
						}
						if s, _ := sum[l.sumKey].(string); s != total.String() {
							t.Fatalf("%s %v: summary %s %v, walked sum %s", l.path, q, l.sumKey, sum[l.sumKey], total)
						}
					}
				}
			}
		}
	}
}

func bruteForce(all []wireRec, filter, fv string, w [2]string, sort string, desc bool) []wireRec {
	var out []wireRec
	var from, to time.Time
	if w[0] != "" {
		from, _ = time.Parse(time.RFC3339Nano, w[0])
	}
	if w[1] != "" {
		to, _ = time.Parse(time.RFC3339Nano, w[1])
	}
	for _, r := range all {
		v := map[string]string{"api_key_id": r.APIKey.ID, "billing_type": r.BillingType, "import_type": r.ImportType, "type": r.Type}[filter]
		if fv != "" && v != fv {
			continue
		}
		if !from.IsZero() && r.at().Before(from) || !to.IsZero() && !r.at().Before(to) {
			continue
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b wireRec) int {
		c := cmp.Or(cmp.Compare(sortVal(a, sort), sortVal(b, sort)), cmp.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	return out
}

func TestTiesStraddlePageBoundaries(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, order := range []string{"asc", "desc"} {
		got, sum := walk(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/mcp-calls", url.Values{"limit": {"13"}, "sort": {"credits"}, "order": {order}})
		seen := map[string]bool{}
		straddles := 0
		for i, r := range got {
			if seen[r.ID] {
				t.Fatalf("%s visited twice", r.ID)
			}
			seen[r.ID] = true
			if i > 0 && i%13 == 0 && got[i-1].Credits == r.Credits {
				straddles++
			}
		}
		if float64(len(got)) != sum["calls"] {
			t.Fatalf("walked %d, summary %v", len(got), sum["calls"])
		}
		if straddles < 10 {
			t.Fatalf("only %d page boundaries inside a run of equal credits; the test data should have many", straddles)
		}
	}
}
