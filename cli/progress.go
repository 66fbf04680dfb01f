package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/tallyhq/tally/model"
)

// progress draws "records done of total, rate" on a terminal's stderr,
// at most a few times a second.
type progress struct {
	w       io.Writer
	list    string
	total   int64
	n       int64
	start   time.Time
	last    time.Time
	started bool
}

func newProgress(w io.Writer, list string) *progress {
	now := time.Now()
	return &progress{w: w, list: list, start: now, last: now}
}

func (p *progress) tick() {
	p.n++
	if p.n%256 != 0 {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.draw(now)
	}
}

func (p *progress) draw(now time.Time) {
	rate := float64(p.n) / now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s of %s records (%s/s)", p.list, groupInt(p.n), groupInt(p.total), groupInt(int64(rate)))
	p.started = true
}

func (p *progress) done() {
	if p.started {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// groupInt writes n with thousands separators: 1,000,000.
func groupInt(n int64) string { return model.GroupInt(n) }
