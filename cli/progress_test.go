package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
)

func TestProgressDrawsDoneOfTotal(t *testing.T) {
	var b syncBuffer
	p := newProgress(&b, "mcp-calls", func() int { return 120 }, nil)
	p.start(1000)
	p.add(256)
	p.draw(time.Now())
	p.done()
	if s := b.String(); !strings.Contains(s, "mcp-calls: 256 of 1,000 records") || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Fatalf("%q", s)
	}
}

// A parallel export fetches ahead of what it writes: the line says both,
// so it never claims more than the output holds.
func TestProgressOfAParallelExportSaysWrittenAndFetched(t *testing.T) {
	var b syncBuffer
	p := newProgress(&b, "mcp-calls", func() int { return 120 }, nil)
	p.splitWalk()
	p.start(20000)
	p.add(9000)
	p.wrote(4000)
	p.draw(time.Now())
	p.done()
	if s := b.String(); !strings.Contains(s, "mcp-calls: 4,000 of 20,000 written, 9,000 fetched") {
		t.Fatalf("%q", s)
	}
}

// The line fits the terminal (one column spare, so it never wraps), and
// every draw starts by erasing the line: nothing stale is left.
func TestProgressFitsTheWidthAndShowsWaits(t *testing.T) {
	var status client.WaitStatus
	now := time.Now()
	status.Observe(client.Event{Kind: client.EventRetry, Request: 1, Attempt: 2, MaxAttempts: 5, At: now, Wait: 25 * time.Second, Reason: "rate limited"})
	for _, width := range []int{20, 40, 80, 200} {
		var b syncBuffer
		p := newProgress(&b, "mcp-calls", func() int { return width }, &status)
		p.start(1_000_000)
		p.add(12_000)
		p.draw(now.Add(time.Second))
		p.done()
		frames := strings.Split(b.String(), "\r\x1b[K")
		for _, f := range frames {
			if w := ansi.StringWidth(f); w > width-1 {
				t.Errorf("width %d: a %d-column frame %q", width, w, f)
			}
			if strings.Contains(f, "\n") {
				t.Errorf("width %d: a newline in %q", width, f)
			}
		}
		if width == 200 && !strings.Contains(b.String(), "12,000 of 1,000,000 records") ||
			width == 200 && !strings.Contains(b.String(), "waiting for the server (attempt 2 of 5): rate limited, retrying in 24s…") {
			t.Errorf("width 200: %q", b.String())
		}
		if frames[len(frames)-1] != "" {
			t.Errorf("width %d: the line was not cleared: %q", width, b.String())
		}
	}
	// Before the first page arrives, a wait still shows.
	var b syncBuffer
	p := newProgress(&b, "imports", nil, &status)
	p.draw(now)
	p.done()
	if !strings.Contains(b.String(), "imports: waiting for the server") {
		t.Errorf("%q", b.String())
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 48_200: "48.2 kB", 3_100_000: "3.1 MB", 999_990: "1.0 MB", 2_500_000_000: "2.5 GB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
