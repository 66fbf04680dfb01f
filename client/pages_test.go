package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

type rec struct{ ID int }
type sum struct{ Total int }

func (r rec) RecordID() string      { return strconv.Itoa(r.ID) }
func (r rec) RecordTime() time.Time { return time.Time{} }
func (s sum) Count() int64          { return int64(s.Total) }
func (s sum) Figures() []model.Figure {
	return []model.Figure{{Name: "total", Value: strconv.Itoa(s.Total)}}
}

// fakePages serves pages of 3 records; cursors are "p<n>". loopAt makes the
// server hand out an earlier cursor again at that page.
func fakePages(total, loopAt int) (FetchFunc[rec, sum], *[]string) {
	var asked []string
	return func(ctx context.Context, cursor string) (model.Page[rec, sum], error) {
		asked = append(asked, cursor)
		page := 0
		if cursor != "" {
			page, _ = strconv.Atoi(strings.TrimPrefix(cursor, "p"))
		}
		p := model.Page[rec, sum]{Summary: sum{Total: total}}
		for i := page * 3; i < min(total, page*3+3); i++ {
			p.Data = append(p.Data, rec{i})
		}
		if (page+1)*3 < total {
			next := "p" + strconv.Itoa(page+1)
			if loopAt > 0 && page+1 == loopAt {
				next = "p1"
			}
			p.NextCursor = &next
		}
		return p, nil
	}, &asked
}

func TestWalkAllVisitsEveryRecordOnce(t *testing.T) {
	for _, total := range []int{0, 1, 3, 4, 10} {
		fetch, asked := fakePages(total, 0)
		var got []int
		s, n, err := WalkAll(context.Background(), fetch, nil, func(r rec) error { got = append(got, r.ID); return nil })
		if err != nil || n != int64(total) || len(got) != total {
			t.Fatalf("total %d: n=%d got=%v err=%v", total, n, got, err)
		}
		for i, id := range got {
			if id != i {
				t.Fatalf("total %d: record %d is %d", total, i, id)
			}
		}
		if s.Total != total {
			t.Errorf("summary %v, want the first page's", s)
		}
		if (*asked)[0] != "" {
			t.Errorf("first fetch used cursor %q", (*asked)[0])
		}
	}
}

func TestPagesStopsOnRepeatedCursor(t *testing.T) {
	fetch, asked := fakePages(100, 4)
	var pages int
	var lastErr error
	for _, err := range Pages(context.Background(), fetch, nil) {
		if err != nil {
			lastErr = err
			break
		}
		pages++
	}
	var we *WalkError
	if !errors.As(lastErr, &we) || we.Problem != CursorCycle || we.Page != 4 || we.EarlierPage != 1 {
		t.Fatalf("err = %v", lastErr)
	}
	// The page handing out the cycle is refused: its records are not used.
	if len(*asked) != 4 || pages != 3 {
		t.Errorf("fetched %d pages %v (yielded %d), want 4 fetched, 3 yielded", len(*asked), *asked, pages)
	}
	// A server that returns the cursor it was just given.
	same := "x"
	fetch2 := func(ctx context.Context, cursor string) (model.Page[rec, sum], error) {
		return model.Page[rec, sum]{Data: []rec{{len(cursor)}}, NextCursor: &same, Summary: sum{10}}, nil
	}
	_, n, err := WalkAll(context.Background(), fetch2, nil, func(rec) error { return nil })
	if !errors.As(err, &we) || we.Problem != RepeatedCursor || we.Page != 2 || n != 1 {
		t.Errorf("self-referencing cursor: n=%d err=%v", n, err)
	}
}

func TestPagesBreakAndErrors(t *testing.T) {
	fetch, asked := fakePages(30, 0)
	for range Pages(context.Background(), fetch, nil) {
		break
	}
	if len(*asked) != 1 {
		t.Errorf("break after first page still fetched %d", len(*asked))
	}

	boom := errors.New("boom")
	calls := 0
	failing := func(ctx context.Context, cursor string) (model.Page[rec, sum], error) {
		calls++
		if calls == 2 {
			return model.Page[rec, sum]{}, boom
		}
		next := fmt.Sprint("c", calls)
		return model.Page[rec, sum]{Data: []rec{{calls}}, NextCursor: &next, Summary: sum{7}}, nil
	}
	s, n, err := WalkAll(context.Background(), failing, nil, func(rec) error { return nil })
	if !errors.Is(err, boom) || n != 1 || s.Total != 7 {
		t.Errorf("s=%v n=%d err=%v", s, n, err)
	}

	stop := errors.New("stop")
	fetch3, _ := fakePages(10, 0)
	_, n, err = WalkAll(context.Background(), fetch3, nil, func(r rec) error {
		if r.ID == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 4 {
		t.Errorf("fn error: n=%d err=%v", n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fetch4, asked4 := fakePages(10, 0)
	if _, _, err := WalkAll(ctx, fetch4, nil, func(rec) error { return nil }); !errors.Is(err, context.Canceled) || len(*asked4) != 0 {
		t.Errorf("cancelled walk: err=%v fetched=%d", err, len(*asked4))
	}
}

// TestWalkAllOverHTTP walks a real client list and checks the cursor
// travels unchanged with the same filters.
func TestWalkAllOverHTTP(t *testing.T) {
	c, recd := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("api_key_id") != "key_ci" || q.Get("limit") != "2" {
			jsonReply(w, 400, errBody("invalid_request", "", "filters changed", ""))
			return
		}
		switch q.Get("cursor") {
		case "":
			jsonReply(w, 200, `{"data":[`+callRec("call_1", "0.5")+`,`+callRec("call_2", "1")+`],"next_cursor":"c/2+x","summary":{"calls":3,"credits":"1.5001"}}`)
		case "c/2+x":
			jsonReply(w, 200, `{"data":[`+callRec("call_3", "0.0001")+`],"next_cursor":null,"summary":{"calls":3,"credits":"1.5001"}}`)
		default:
			jsonReply(w, 400, errBody("invalid_request", "", "bad cursor", "cursor"))
		}
	})
	q := MCPCallQuery{ListQuery: ListQuery{Limit: 2}, APIKeyID: "key_ci"}
	fetch := func(ctx context.Context, cursor string) (MCPCallPage, error) {
		q.Cursor = cursor
		return c.MCPCalls(ctx, "ws", q)
	}
	var total model.Credits
	s, n, err := WalkAll(context.Background(), fetch, nil, func(m model.MCPCall) error {
		var err error
		total, err = total.Add(m.Credits)
		return err
	})
	if err != nil || n != 3 || total != s.Credits || s.Calls != 3 {
		t.Errorf("n=%d total=%v summary=%+v err=%v", n, total, s, err)
	}
	if recd.count() != 2 {
		t.Errorf("%d requests", recd.count())
	}
}

// callRec is a complete MCP call record.
func callRec(id, credits string) string {
	return fmt.Sprintf(`{"id":%q,"api_key":{"id":"key_ci","name":"CI"},"tool":"t","credits":%q,"created_at":"2026-11-20T09:12:44Z"}`, id, credits)
}

// Response buffers are reused (Client.bodies): what a page decoded must not
// point into them, or the next page would rewrite the records held.
func TestDecodedRecordsSurviveTheNextRequest(t *testing.T) {
	run := startDemo(t, 400)
	c, _ := demoClient(t, run, demo.OwnerKey)
	ctx := context.Background()
	p1, err := c.MCPCalls(ctx, demo.WorkspaceAcme, MCPCallQuery{ListQuery: ListQuery{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(p1)
	for cur := p1.Cursor(); cur != ""; {
		p, err := c.MCPCalls(ctx, demo.WorkspaceAcme, MCPCallQuery{ListQuery: ListQuery{Limit: 50, Cursor: cur}})
		if err != nil {
			t.Fatal(err)
		}
		cur = p.Cursor()
	}
	if after, _ := json.Marshal(p1); !bytes.Equal(before, after) {
		t.Fatal("page 1's records changed while later pages were read")
	}
}
