package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// exportFormat picks the output format: --format if given, else the -o
// file's extension (.csv, .json, .ndjson, .jsonl), else csv. A --format
// that contradicts the extension is a usage error: "-o calls.json --format
// csv" is a mistake, not a request.
func exportFormat(flag, output string) (string, error) {
	switch flag {
	case "", "csv", "json", "ndjson":
	default:
		return "", usageErrorf("--format must be csv, json or ndjson, not %q", flag)
	}
	byExt := ""
	if output != "" && output != "-" {
		switch ext := strings.ToLower(filepath.Ext(output)); ext {
		case ".csv":
			byExt = "csv"
		case ".json":
			byExt = "json"
		case ".ndjson", ".jsonl":
			byExt = "ndjson"
		}
	}
	switch {
	case flag == "" && byExt == "":
		return "csv", nil
	case flag == "":
		return byExt, nil
	case byExt != "" && byExt != flag:
		return "", usageErrorf("-o %s has a %s extension but --format is %s: drop --format, or name the file for its format",
			filepath.Base(output), filepath.Ext(output), flag)
	}
	return flag, nil
}

// output is stdout or a temp file renamed onto the target only after the
// last record: an interrupted export never leaves a partial file there.
type output struct {
	io.Writer
	target  string
	tmp     *os.File
	written int64
}

func (o *output) Write(p []byte) (int, error) {
	n, err := o.Writer.Write(p)
	o.written += int64(n)
	return n, err
}

func openOutput(path string, stdout io.Writer) (*output, error) {
	if path == "" || path == "-" {
		return &output{Writer: stdout}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, usageErrorf("-o %s is a directory: name a file in it", path)
	}
	// Check the directory first: CreateTemp's error would name the
	// temporary file, which the user never asked for.
	dir := filepath.Dir(path)
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cannot write %s: directory %s does not exist", path, dir)
	case err != nil:
		return nil, fmt.Errorf("cannot write %s: %v", path, cleanPathError(err))
	case !st.IsDir():
		return nil, fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("cannot write %s: permission denied in directory %s", path, dir)
		}
		return nil, fmt.Errorf("cannot write %s in directory %s: %v", path, dir, cleanPathError(err))
	}
	return &output{Writer: tmp, target: path, tmp: tmp}, nil
}

// cleanPathError drops the path from an *fs.PathError: the caller names
// the path the user gave, not a temporary one.
func cleanPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
		return fmt.Errorf("cannot write %s: %v", o.target, cleanPathError(err))
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

// byteSize is a file size in SI units, as ls -h --si and most download
// tools print it: "512 B", "48.2 kB", "3.1 MB".
func byteSize(n int64) string {
	const k = 1000
	if n < k {
		return fmt.Sprintf("%d B", n)
	}
	f, units := float64(n)/k, []string{"kB", "MB", "GB", "TB"}
	i := 0
	for f >= k-0.05 && i < len(units)-1 {
		f /= k
		i++
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}
