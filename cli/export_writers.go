package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
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

// sink writes one export in one format from encoded pages. The header
// (and for json the summary) is written lazily, once the first page's
// summary is known.
type sink struct {
	format  string
	w       *bufio.Writer
	header  []string
	list    string
	query   any
	begun   bool
	records int64
	csv     *csv.Writer   // row only
	enc     *json.Encoder // record in ndjson only
}

func newSink(w io.Writer, format, list string, header []string, query any) *sink {
	return &sink{format: format, w: bufio.NewWriterSize(w, 64<<10), header: header, list: list, query: query}
}

func (s *sink) begin(summary any) error {
	if s.begun {
		return nil
	}
	s.begun = true
	switch s.format {
	case "csv":
		cw := csv.NewWriter(s.w)
		if err := cw.Write(s.header); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
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

// write appends n encoded records (see encoder.page).
func (s *sink) write(data []byte, n int) error {
	if n == 0 {
		return nil
	}
	if s.format == "json" && s.records == 0 {
		data = data[1:] // no comma before the first record
	}
	s.records += int64(n)
	_, err := s.w.Write(data)
	return err
}

// copyFrom appends n encoded records read from r (a parallel export's
// spool of one part of the window), as write does.
func (s *sink) copyFrom(r io.Reader, n int) error {
	if n == 0 {
		return nil
	}
	if s.format == "json" && s.records == 0 {
		var comma [1]byte
		if _, err := io.ReadFull(r, comma[:]); err != nil {
			return err
		}
	}
	s.records += int64(n)
	_, err := io.Copy(s.w, r)
	return err
}

func (s *sink) end(summary any) error {
	if err := s.begin(summary); err != nil {
		return err
	}
	if s.format == "json" {
		if s.records > 0 {
			s.w.WriteByte('\n')
		}
		s.w.WriteString("]}\n")
	}
	return s.w.Flush()
}

// row writes one csv row as it comes: activity and groups, whose rows are
// not a per-record hot path, are written this way, not as encoded pages.
func (s *sink) row(cells []string) error {
	if s.csv == nil {
		s.csv = csv.NewWriter(s.w)
	}
	s.records++
	if err := s.csv.Write(cells); err != nil {
		return err
	}
	s.csv.Flush()
	return s.csv.Error()
}

// record writes one json or ndjson value as it comes (see row), with the
// bytes encoding/json writes: HTML escaped in json, not in ndjson.
func (s *sink) record(v any) error {
	if s.format == "json" {
		if s.records > 0 {
			s.w.WriteByte(',')
		}
		s.w.WriteByte('\n')
		s.records++
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = s.w.Write(b)
		return err
	}
	if s.enc == nil {
		s.enc = json.NewEncoder(s.w)
		s.enc.SetEscapeHTML(false)
	}
	s.records++
	return s.enc.Encode(v) // ndjson: Encode ends the line
}
