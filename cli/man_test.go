package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManWritesAPagePerCommand(t *testing.T) {
	h := newHarness(t)
	dir := filepath.Join(t.TempDir(), "man")
	h.env["SOURCE_DATE_EPOCH"] = "1764547200" // 2025-12-01
	h.mustRun("man", dir)
	for _, page := range []string{"tally.1", "tally-export.1", "tally-login.1", "tally-auth-status.1", "tally-balance.1", "tally-demo-serve.1", "tally-version.1", "tally-check.1", "tally-status.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, `.TH "TALLY" "1" "Dec 2025" "tally dev"`) || !strings.Contains(s, ".SH EXAMPLE") {
			t.Errorf("%s:\n%s", page, s)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "tally.1")); !strings.Contains(string(b), "Exit codes") {
		t.Error("tally.1 lacks the exit codes")
	}
	if _, err := os.Stat(filepath.Join(dir, "tally-man.1")); err == nil {
		t.Error("the hidden man command got a page")
	}
	if strings.Contains(h.mustRun("--help"), "man DIR") {
		t.Error("man is listed in tally --help")
	}
}
