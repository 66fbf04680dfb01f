package cli

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// A parallel export walks later parts of the window while an earlier one is
// still arriving; each part's encoded records wait in a spool until every
// part before it is written. Spools share one memory budget
// (spoolMemory): a part that does not fit goes to a temporary file (0600,
// in $TMPDIR, unlinked at once where the system allows it, so not even a
// killed export leaves one behind). Memory stays bounded whatever the size
// of the export.
const spoolMemory = 16 << 20

type memBudget struct {
	mu   sync.Mutex
	left int64
}

func (b *memBudget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

func (b *memBudget) give(n int64) {
	b.mu.Lock()
	b.left += n
	b.mu.Unlock()
}

type spool struct {
	budget *memBudget
	buf    bytes.Buffer
	held   int64 // budget taken by buf
	f      *os.File
	name   string // the file's name while it could not be unlinked
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil {
		if s.budget.take(int64(len(p))) {
			s.held += int64(len(p))
			return s.buf.Write(p)
		}
		if err := s.spill(); err != nil {
			return 0, err
		}
	}
	return s.f.Write(p)
}

// spill moves what is held in memory to a temporary file.
func (s *spool) spill() error {
	f, err := os.CreateTemp("", "tally-export-*.part")
	if err != nil {
		return err
	}
	if os.Remove(f.Name()) != nil {
		s.name = f.Name() // Windows: removed at close
	}
	s.f = f
	if _, err := f.Write(s.buf.Bytes()); err != nil {
		return err
	}
	s.buf = bytes.Buffer{}
	s.budget.give(s.held)
	s.held = 0
	return nil
}

// reader reads the spool from its start.
func (s *spool) reader() (io.Reader, error) {
	if s.f == nil {
		return bytes.NewReader(s.buf.Bytes()), nil
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return s.f, nil
}

// close frees the spool's memory and file. It is safe to call twice.
func (s *spool) close() {
	if s == nil {
		return
	}
	s.budget.give(s.held)
	s.held = 0
	s.buf = bytes.Buffer{}
	if s.f != nil {
		s.f.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
		s.f = nil
	}
}
