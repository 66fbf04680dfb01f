package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tallyhq/tally/model"
)

// cell makes a text value safe for a spreadsheet: sanitised (no control or
// bidi characters) and prefixed with ' when it could be read as a formula.
// OWASP names a leading = + - @ tab or CR. Sanitize (here and at decode)
// has already turned a tab or CR into a space, and spreadsheets that trim
// leading spaces on import (LibreOffice's "Trim spaces") then see the
// formula, so the check looks past leading white space.
func cell(s string) string {
	s = model.Sanitize(s)
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

func csvTime(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sink writes one export in one format. The header (and for json the
// summary) is written lazily, once the first page's summary is known.
type sink struct {
	format  string
	w       *bufio.Writer
	csv     *csv.Writer
	enc     *json.Encoder
	header  []string
	list    string
	query   any
	begun   bool
	records int64
}

func newSink(w io.Writer, format, list string, header []string, query any) *sink {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &sink{format: format, w: bw, header: header, list: list, query: query}
	switch format {
	case "csv":
		s.csv = csv.NewWriter(bw)
	default:
		s.enc = json.NewEncoder(bw)
		s.enc.SetEscapeHTML(false)
	}
	return s
}

func (s *sink) begin(summary any) error {
	if s.begun {
		return nil
	}
	s.begun = true
	switch s.format {
	case "csv":
		return s.csv.Write(s.header)
	case "json":
		head := struct {
			SchemaVersion int    `json:"schema_version"`
			List          string `json:"list"`
			Query         any    `json:"query"`
			Summary       any    `json:"summary"`
		}{1, s.list, s.query, summary}
		b, err := json.Marshal(head)
		if err != nil {
			return err
		}
		// Reopen the object to append "data" after the summary.
		s.w.Write(b[:len(b)-1])
		_, err = s.w.WriteString(`,"data":[`)
		return err
	}
	return nil
}

func (s *sink) row(cells []string) error {
	s.records++
	return s.csv.Write(cells)
}

func (s *sink) record(v any) error {
	if s.format == "json" {
		if s.records > 0 {
			s.w.WriteByte(',')
		}
		s.w.WriteByte('\n')
	}
	s.records++
	if s.format == "json" {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = s.w.Write(b)
		return err
	}
	return s.enc.Encode(v) // ndjson: Encode ends the line
}

func (s *sink) end(summary any) error {
	if err := s.begin(summary); err != nil {
		return err
	}
	switch s.format {
	case "csv":
		s.csv.Flush()
		if err := s.csv.Error(); err != nil {
			return err
		}
	case "json":
		if s.records > 0 {
			s.w.WriteByte('\n')
		}
		s.w.WriteString("]}\n")
	}
	return s.w.Flush()
}

// output is stdout or a temp file renamed onto the target only after the
// last record: an interrupted export never leaves a partial file there.
type output struct {
	io.Writer
	target string
	tmp    *os.File
}

func openOutput(path string, stdout io.Writer) (*output, error) {
	if path == "" || path == "-" {
		return &output{Writer: stdout}, nil
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, usageErrorf("-o %s is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("cannot write to %s: %w", dir, err)
	}
	return &output{Writer: tmp, target: path, tmp: tmp}, nil
}

// commit renames the finished temp file into place. New files are 0600:
// exports hold names and emails.
func (o *output) commit() error {
	if o.tmp == nil {
		return nil
	}
	name := o.tmp.Name()
	err := o.tmp.Sync()
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if st, serr := os.Stat(o.target); serr == nil {
			err = os.Chmod(name, st.Mode().Perm())
		}
	}
	if err == nil {
		err = os.Rename(name, o.target)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", o.target, err)
	}
	o.tmp = nil
	return nil
}

// discard removes the temp file after a failure.
func (o *output) discard() {
	if o.tmp == nil {
		return
	}
	name := o.tmp.Name()
	o.tmp.Close()
	os.Remove(name)
	o.tmp = nil
}
