package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tallyhq/tally/internal/badserver"
	"github.com/tallyhq/tally/model"
)

// longKey is 48 characters, like the key of the report.
const longKey = "tly_live_7Hq2mZ9xKc4Rb8Wn1Pv6Ts3Yd5Lf0Ga2Je7UkQ9"

func badClient(t *testing.T, s *badserver.Server, key string, mod ...func(*Options)) *Client {
	t.Helper()
	t.Cleanup(s.Close)
	o := Options{BaseURL: s.URL, APIKey: key, RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond, MaxAttempts: 2}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func walkBad(c *Client, limit int) (int64, error) {
	guard := c.NewWalk(limit)
	_, n, err := WalkAll(context.Background(), func(ctx context.Context, cur string) (MCPCallPage, error) {
		return c.MCPCalls(ctx, badserver.Workspace, MCPCallQuery{ListQuery: ListQuery{Limit: limit, Cursor: cur}})
	}, &guard, func(model.MCPCall) error { return nil })
	return n, err
}

// assertPrintable fails if s holds anything a terminal would interpret.
func assertPrintable(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("%s holds %U: %q", what, r, s)
		}
	}
}

// longestKeyRun is the length of the longest substring of key found in s.
func longestKeyRun(s, key string) int {
	best := 0
	for i := range s {
		for j := i + best + 1; j <= len(s) && strings.Contains(key, s[i:j]); j++ {
			best = j - i
		}
	}
	return best
}

func TestMisbehavingWalksStopNamingThePage(t *testing.T) {
	cases := []struct {
		fault badserver.Fault
		want  Problem
		page  int
	}{
		{badserver.EndlessPages, TooManyRecords, 4},
		{badserver.RepeatedIDs, DuplicateID, 2},
		{badserver.CursorCycle, CursorCycle, 3},
		{badserver.SameCursor, RepeatedCursor, 2},
		{badserver.EmptyPageWithCursor, EmptyPage, 2},
		{badserver.SummaryDrift, SummaryChanged, 2},
	}
	for _, tc := range cases {
		s := badserver.Start(badserver.Config{Fault: tc.fault, Records: 10})
		c := badClient(t, s, testKey)
		_, err := walkBad(c, 4)
		var we *WalkError
		if !errors.As(err, &we) || we.Problem != tc.want || we.Page != tc.page {
			t.Errorf("fault %d: got %v, want problem %d on page %d", tc.fault, err, tc.want, tc.page)
			continue
		}
		// Bounded: never more requests than the honest walk plus one.
		if n := len(s.Requests()); n > 4 {
			t.Errorf("fault %d: %d requests", tc.fault, n)
		}
	}
}

func TestMissingOrNullFieldsAreErrorsNamingListRecordAndField(t *testing.T) {
	for _, f := range []string{"id", "credits", "created_at", "tool", "api_key"} {
		for _, fault := range []badserver.Fault{badserver.MissingField, badserver.NullField} {
			s := badserver.Start(badserver.Config{Fault: fault, Field: f, At: 6, Records: 10})
			c := badClient(t, s, testKey)
			_, err := walkBad(c, 4)
			how := map[badserver.Fault]string{badserver.MissingField: "is missing", badserver.NullField: "is null"}[fault]
			if err == nil {
				t.Fatalf("%s %s: no error", f, how)
			}
			msg := err.Error()
			// Record 7 of the walk is record 3 of page 2.
			for _, want := range []string{"page 2", "mcp-calls record 3", f + " " + how} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s %s: %q lacks %q", f, how, msg, want)
				}
			}
		}
	}
	s := badserver.Start(badserver.Config{Fault: badserver.NullRecord, At: 1})
	if _, err := walkBad(badClient(t, s, testKey), 4); err == nil || !strings.Contains(err.Error(), "mcp-calls record 2: is null") {
		t.Errorf("null record: %v", err)
	}
}

func TestHostileErrorsAndHeadersAreSanitised(t *testing.T) {
	s := badserver.Start(badserver.Config{Fault: badserver.HostileError})
	_, err := badClient(t, s, testKey).Me(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	assertPrintable(t, "error", err.Error())
	assertPrintable(t, "request id", RequestID(err))
	if !strings.Contains(err.Error(), "gnp.exe") {
		t.Errorf("the message's words were lost: %q", err)
	}
}

// A redirect's Location host used to be printed raw: bidi overrides and C1
// controls reached stderr.
func TestHostileRedirectTargetIsSanitised(t *testing.T) {
	for _, loc := range []string{"", "https://evil.example\u009b31m.com/x", "http://evil\u202e.example/x", "//\u2066evil.example/x"} {
		s := badserver.Start(badserver.Config{Fault: badserver.HostileRedirect, Location: loc})
		_, err := badClient(t, s, testKey).Me(context.Background())
		if err == nil {
			t.Fatalf("%q: followed", loc)
		}
		assertPrintable(t, "error", err.Error())
		if n := len(s.Requests()); n != 1 {
			t.Errorf("%q: %d requests", loc, n)
		}
	}
}

// A server that reflects the Authorization header anywhere gets no run of
// 8 or more of the key's characters printed (the server got 33 of
// 48 into "invalid credit amount …").
func TestReflectedKeyNeverPrintedEvenInPart(t *testing.T) {
	for _, field := range []string{"credits", "id", "tool", "created_at", "message", "X-Request-Id", "location"} {
		s := badserver.Start(badserver.Config{Fault: badserver.ReflectKey, Field: field})
		c := badClient(t, s, longKey)
		_, err := walkBad(c, 4)
		if err == nil {
			if field == "id" || field == "tool" {
				continue // a reflected id or tool is data, not an error
			}
			t.Fatalf("%s: no error", field)
		}
		for what, text := range map[string]string{"error": err.Error(), "request id": RequestID(err)} {
			if n := longestKeyRun(text, longKey); n >= minKeyRun {
				t.Errorf("%s: %d key characters in the %s: %q", field, n, what, text)
			}
		}
	}
}

func TestScrubberCoversPrefixesTailsAndOverlaps(t *testing.T) {
	s := newScrubber(longKey)
	for _, in := range []string{
		"Bearer " + longKey, longKey[:33] + "…", "x" + longKey[10:20] + "y", longKey[:12] + " and " + longKey[30:],
		strings.ToUpper(longKey[:2]) + longKey[2:], longKey + longKey,
	} {
		out := s.scrub(in)
		if n := longestKeyRun(out, longKey); n >= minKeyRun {
			t.Errorf("scrub(%q) = %q keeps %d key characters", in, out, n)
		}
		if !strings.Contains(out, redacted) {
			t.Errorf("scrub(%q) = %q", in, out)
		}
	}
	// Short runs and ordinary text are left alone.
	for _, in := range []string{"ordinary error text", longKey[:7] + " " + longKey[9:16], "req_000000000001"} {
		if out := s.scrub(in); out != in {
			t.Errorf("scrub(%q) = %q", in, out)
		}
	}
	demo := newScrubber("tally_demo_owner_0000000000000000")
	if out := demo.scrub("GET /v1/me [request req_000000000001]"); out != "GET /v1/me [request req_000000000001]" {
		t.Errorf("the demo key's zeros mangled %q", out)
	}
	if out := demo.scrub("key tally_demo_owner_000000"); strings.Contains(out, "owner") {
		t.Errorf("demo key prefix kept: %q", out)
	}
}

// safeText scrubs before it shortens, and a huge body cut for cost keeps no
// fragment of a key at the cut.
func TestSafeTextScrubsBeforeShortening(t *testing.T) {
	s := newScrubber(longKey)
	for _, in := range []string{
		strings.Repeat("x", 70) + longKey,
		strings.Repeat("\x1b[31m", 3000) + longKey,
		// Sanitising leaves nothing but what follows the cost cut: 7 key
		// characters, too few for the scrubber, are dropped with the tail.
		strings.Repeat("\x1b[31m", (maxRawText-7)/5) + longKey,
	} {
		out := safeText(in, 80, s.scrub)
		if n := longestKeyRun(out, longKey); n >= 5 {
			t.Errorf("%d key characters survived in %q", n, out)
		}
		assertPrintable(t, "safeText", out)
		if len([]rune(out)) > 81 {
			t.Errorf("not shortened: %d runes", len([]rune(out)))
		}
	}
	if got := safeText("a\tb\n\u202ec", 80, nil); got != "a b c" || strings.IndexFunc(got, unicode.IsControl) >= 0 {
		t.Errorf("safeText = %q", got)
	}
}

// A page that never ends, or one that announces 64 MiB, is refused at the
// size limit: the client stops reading, does not retry, and says why.
func TestHugeAndEndlessBodiesStopAtTheLimit(t *testing.T) {
	for _, fault := range []badserver.Fault{badserver.EndlessBody, badserver.HugeBody} {
		s := badserver.Start(badserver.Config{Fault: fault})
		c := badClient(t, s, testKey)
		c.maxBody = 1 << 20
		done := make(chan error, 1)
		go func() { _, err := walkBad(c, 10); done <- err }()
		var err error
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("fault %d: still reading after 20s", fault)
		}
		if err == nil || !strings.Contains(err.Error(), "response too large") || !strings.Contains(err.Error(), "1 MiB") {
			t.Errorf("fault %d: %v", fault, err)
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("fault %d: %d requests, want 1 (a size error is not retried)", fault, n)
		}
		// What the server managed to write is the limit plus socket buffers,
		// not the body.
		if sent := s.BodyBytesSent(); sent > 12<<20 {
			t.Errorf("fault %d: the server wrote %d bytes before the client hung up", fault, sent)
		}
	}
}

// A redirect to another host (another port of loopback, even) is refused
// before anything is sent there: the other host sees no request and no key.
func TestRedirectToAnotherHostSendsNothingThere(t *testing.T) {
	other := badserver.Start(badserver.Config{})
	defer other.Close()
	s := badserver.Start(badserver.Config{Fault: badserver.HostileRedirect, Location: other.URL + "/v1/me"})
	c := badClient(t, s, longKey)
	_, err := c.Me(context.Background())
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("redirect followed: %v", err)
	}
	if n := len(other.Requests()); n != 0 {
		t.Fatalf("the other host got %d requests", n)
	}
}

// FuzzSafeText: whatever a server wraps around an echoed key, and whatever
// it inserts into it (escape sequences, bidi overrides, white space, a cut),
// the text that reaches an error is printable, bounded, and holds no run of
// minKeyRun or more of the key's characters.
func FuzzSafeText(f *testing.F) {
	f.Add("invalid credit amount ", "", "", uint8(0), uint16(80))
	f.Add("Bearer ", "\x1b[31m", " rest", uint8(9), uint16(40))
	f.Add(strings.Repeat("\u202e", 50), "\u0085", "\r\n", uint8(30), uint16(10))
	f.Add("tly_live_7Hq2", " ", "Q9", uint8(47), uint16(200))
	f.Fuzz(func(t *testing.T, pre, mid, post string, at uint8, max uint16) {
		i := int(at) % (len(longKey) + 1)
		in := pre + longKey[:i] + mid + longKey[i:] + post
		limit := int(max%300) + 1
		out := safeText(in, limit, newScrubber(longKey).scrub)
		if n := longestKeyRun(out, longKey); n >= minKeyRun {
			t.Fatalf("%d key characters survived: %q", n, out)
		}
		assertPrintable(t, "safeText", out)
		if n := utf8.RuneCountInString(out); n > limit+1 {
			t.Fatalf("%d runes, limit %d", n, limit)
		}
	})
}
