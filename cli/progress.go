package cli

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// progress draws one line on a terminal's stderr: records done of total and
// the rate, and, when the server is slow, what tally is waiting for
// ("waiting for the server (attempt 2 of 5): rate limited, retrying in
// 25s…"). Its own goroutine redraws it a few times a second, so a stalled
// request shows even when no record arrives. The line is cut to the
// terminal's width and redrawn in place: it never wraps, and nothing stale
// is left when it is cleared. Every method is safe on a nil *progress (no
// terminal: no progress).
type progress struct {
	w      io.Writer
	list   string
	width  func() int // terminal columns; nil or 0 = 80
	status *client.WaitStatus

	n, total atomic.Int64
	started  atomic.Bool // the first page arrived
	// A parallel export fetches parts of the window out of order and writes
	// them in order: written counts what reached the output, n what arrived,
	// and the line shows both (split), so it never claims more than the file.
	written atomic.Int64
	split   atomic.Bool
	t0      time.Time

	mu    sync.Mutex // serialises drawing
	drawn bool
	stop  chan struct{}
	done_ chan struct{}
}

const progressEvery = 200 * time.Millisecond

func newProgress(w io.Writer, list string, width func() int, status *client.WaitStatus) *progress {
	p := &progress{w: w, list: list, width: width, status: status, t0: time.Now(),
		stop: make(chan struct{}), done_: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.done_)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.draw(now)
		}
	}
}

// start records the total the first page's summary announced and draws at
// once: a slow walk should not look stalled.
func (p *progress) start(total int64) {
	if p == nil {
		return
	}
	p.total.Store(total)
	p.started.Store(true)
	p.draw(time.Now())
}

// add counts n more records fetched (and, in one walk, written).
func (p *progress) add(n int) {
	if p != nil {
		p.n.Add(int64(n))
	}
}

// splitWalk says that records are fetched ahead of writing from now on:
// wrote counts what was written.
func (p *progress) splitWalk() {
	if p != nil {
		p.split.Store(true)
	}
}

// wrote counts n more records written by a parallel export.
func (p *progress) wrote(n int) {
	if p != nil {
		p.written.Add(int64(n))
	}
}

// line is the text drawn at now, before fitting it to the width.
func (p *progress) line(now time.Time) string {
	var s string
	if p.started.Load() {
		n := p.n.Load()
		secs := max(now.Sub(p.t0).Seconds(), 0.001)
		if p.split.Load() {
			w := p.written.Load()
			s = fmt.Sprintf("%s: %s of %s written, %s fetched (%s/s)", p.list, model.GroupInt(w), model.GroupInt(p.total.Load()), model.GroupInt(n), model.GroupInt(int64(float64(n)/secs)))
		} else {
			s = fmt.Sprintf("%s: %s of %s records (%s/s)", p.list, model.GroupInt(n), model.GroupInt(p.total.Load()), model.GroupInt(int64(float64(n)/secs)))
		}
	}
	if p.status != nil {
		if w, ok := p.status.Current(); ok {
			if s == "" {
				s = p.list + ": " + w.String(now)
			} else {
				s += " · " + w.String(now)
			}
		}
	}
	return s
}

func (p *progress) draw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.line(now)
	if s == "" {
		return
	}
	width := 80
	if p.width != nil {
		if w := p.width(); w > 0 {
			width = w
		}
	}
	// One column spare: writing the last column makes some terminals wrap.
	s = ansi.Truncate(s, max(width-1, 1), "…")
	fmt.Fprint(p.w, "\r\x1b[K"+s)
	p.drawn = true
}

// done stops redrawing and clears the line.
func (p *progress) done() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done_
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
