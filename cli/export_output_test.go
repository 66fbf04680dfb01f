package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyhq/tally/demo"
)

func TestExportFormatFromTheExtension(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{}), demo.OwnerKey)
	dir := t.TempDir()
	for name, want := range map[string]string{
		"calls.json": `{"schema_version":1`, "calls.JSON": `{"schema_version":1`, "calls.ndjson": `{"id":"call_`,
		"calls.jsonl": `{"id":"call_`, "calls.csv": "Call ID,", "calls.txt": "Call ID,", "calls": "Call ID,",
	} {
		path := filepath.Join(dir, name)
		h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "-o", path)
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(b), want) {
			t.Errorf("-o %s: %.40q %v, want it to start with %q", name, b, err, want)
		}
	}
	// --format agreeing with the extension is fine; contradicting it is a usage error.
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "-o", filepath.Join(dir, "a.json"), "--format", "json")
	for _, args := range [][]string{{"-o", filepath.Join(dir, "b.json"), "--format", "csv"}, {"-o", filepath.Join(dir, "b.csv"), "--format", "ndjson"}} {
		code := h.run(append([]string{"export", "mcp-calls", "--workspace", "ws_acme"}, args...)...)
		if code != ExitUsage || !strings.Contains(h.stderr.String(), "extension but --format is") {
			t.Errorf("%v: exit %d: %s", args, code, h.stderr.String())
		}
		if _, err := os.Stat(args[1]); err == nil {
			t.Errorf("%v: the file was written", args)
		}
	}
}

// A missing directory is named, not the temporary file tally would have made in it.
func TestExportNamesTheMissingDirectory(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{}), demo.OwnerKey)
	missing := filepath.Join(t.TempDir(), "no", "such")
	code := h.run("export", "mcp-calls", "--workspace", "ws_acme", "-o", filepath.Join(missing, "calls.csv"))
	msg := h.stderr.String()
	if code != ExitError || !strings.Contains(msg, "directory "+missing+" does not exist") || strings.Contains(msg, "partial") {
		t.Errorf("exit %d: %s", code, msg)
	}
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code = h.run("export", "mcp-calls", "--workspace", "ws_acme", "-o", filepath.Join(file, "calls.csv"))
	if msg := h.stderr.String(); code != ExitError || !strings.Contains(msg, file+" is not a directory") {
		t.Errorf("exit %d: %s", code, msg)
	}
}

func TestExportSaysWhatItWroteOnATerminal(t *testing.T) {
	h := newHarness(t)
	h.useDemo(startDemo(t, demo.Options{}), demo.OwnerKey)
	path := filepath.Join(t.TempDir(), "calls.json")
	h.e.StderrIsTerminal = func() bool { return true }
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "-o", path)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "wrote 400 records to " + path + " (" + byteSize(st.Size()) + ")\n"
	if msg := h.stderr.String(); !strings.HasSuffix(msg, "\r\x1b[K"+want) {
		t.Errorf("stderr %q, want it to end with the cleared progress line and %q", msg, want)
	}
	// Not a terminal: nothing (scripts read stderr for errors only).
	h.e.StderrIsTerminal = func() bool { return false }
	h.mustRun("export", "mcp-calls", "--workspace", "ws_acme", "-o", path)
	if msg := h.stderr.String(); msg != "" {
		t.Errorf("stderr %q", msg)
	}
}
