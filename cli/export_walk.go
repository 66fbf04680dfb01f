package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// result of one export walk.
type exportResult struct {
	n                  int64
	mismatch           string
	observed, expected string
}

// encodedPage is one page's records in the export's format, with their
// totals for the self-check. data is the encoder's buffer: valid until the
// encoder's next page (the sequential walk writes it at once).
type encodedPage[S any] struct {
	data    []byte
	n       int
	partial S
}

// encoder turns pages of records into encodedPages. Each goroutine that
// encodes needs its own.
type encoder[T model.Record, S model.Summary] struct {
	spec   *listSpec[T, S]
	format string
	opts   recordJSON
	buf    bytes.Buffer // csv's page
	out    []byte       // json's and ndjson's page, reused: a page is ~45 KB
	csv    *csv.Writer
	cells  []string
}

func newEncoder[T model.Record, S model.Summary](spec *listSpec[T, S], j *exportJob) *encoder[T, S] {
	e := &encoder[T, S]{spec: spec, format: j.format, opts: recordJSON{html: j.format == "json", users: j.users}}
	e.csv = csv.NewWriter(&e.buf)
	return e
}

// page encodes recs. In json each record is preceded by ",\n" (the sink
// drops the comma before the first record of the export).
func (e *encoder[T, S]) page(recs []T) (encodedPage[S], error) {
	p := encodedPage[S]{n: len(recs)}
	e.buf.Reset()
	b := e.out[:0]
	for i := range recs {
		r := &recs[i]
		if err := e.spec.add(&p.partial, r); err != nil {
			return p, err
		}
		switch e.format {
		case "csv":
			e.cells = e.spec.row(e.cells[:0], r)
			if err := e.csv.Write(e.cells); err != nil {
				return p, err
			}
		case "json":
			b = append(b, ',', '\n')
			b = e.spec.json(b, r, e.opts)
		default:
			b = e.spec.json(b, r, e.opts)
			b = append(b, '\n')
		}
	}
	if e.format == "csv" {
		e.csv.Flush()
		if err := e.csv.Error(); err != nil {
			return p, err
		}
		b = e.buf.Bytes()
	} else {
		e.out = b
	}
	p.data = b
	return p, nil
}

// runList exports one list (see runWalk).
func runList[T model.Record, S model.Summary](ctx context.Context, j *exportJob, w io.Writer, spec listSpec[T, S]) (exportResult, error) {
	out := newSink(w, j.format, j.list, spec.header, j.queryJSON())
	return runWalk(ctx, j, out, &spec)
}

// runSequential is one cursor walk from the first page to the last; pre is
// the first page when it has already been fetched.
func runSequential[T model.Record, S model.Summary](ctx context.Context, j *exportJob, out *sink, spec *listSpec[T, S], pre *model.Page[T, S]) (exportResult, error) {
	var (
		first, observed S
		res             exportResult
	)
	enc := newEncoder(spec, j)
	guard := j.c.NewWalk(j.q.Limit)
	fetch := func(ctx context.Context, cur string) (model.Page[T, S], error) {
		if cur == "" && pre != nil {
			p := *pre
			pre = nil
			return p, nil
		}
		q := j.q
		q.Cursor = cur
		return spec.fetch(ctx, q)
	}
	n := 0
	for page, err := range client.Pages(ctx, fetch, &guard) {
		if err != nil {
			return res, err
		}
		if n++; n == 1 {
			first = page.Summary
			j.progress.start(first.Count())
		}
		if len(page.Data) == 0 {
			continue
		}
		ep, err := enc.page(page.Data)
		if err != nil {
			return res, err
		}
		if err := writePage(out, first, &observed, spec, ep); err != nil {
			return res, err
		}
		res.n += int64(ep.n)
		j.progress.add(ep.n)
	}
	return finish(out, first, observed, spec, res)
}

// writePage writes one encoded page and adds its totals.
func writePage[T model.Record, S model.Summary](out *sink, first S, observed *S, spec *listSpec[T, S], ep encodedPage[S]) error {
	if err := out.begin(first); err != nil {
		return err
	}
	if err := spec.merge(observed, ep.partial); err != nil {
		return err
	}
	return out.write(ep.data, ep.n)
}

// finish ends the output and compares the totals with the first summary.
func finish[T model.Record, S model.Summary](out *sink, first, observed S, spec *listSpec[T, S], res exportResult) (exportResult, error) {
	if err := out.end(first); err != nil {
		return res, err
	}
	if spec.fix != nil {
		spec.fix(&observed, first)
	}
	if !reflect.DeepEqual(observed, first) {
		o, _ := json.Marshal(observed)
		e, _ := json.Marshal(first)
		res.mismatch = "totals differ"
		res.observed, res.expected = string(o), string(e)
	}
	return res, nil
}
