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
		title := strings.ToUpper(strings.TrimSuffix(page, ".1")) // each page titled by its command
		if !strings.Contains(s, `.TH "`+title+`" "1" "Dec 2025" "tally dev"`) || !strings.Contains(s, ".SH EXAMPLE") {
			t.Errorf("%s:\n%s", page, s)
		}
	}
	root, _ := os.ReadFile(filepath.Join(dir, "tally.1"))
	// The exit codes are a block, one per line, not a reflowed paragraph;
	// --version is listed; defaults that 0 stands for are the real ones.
	if !strings.Contains(string(root), "Exit codes:\n\n.EX\n") {
		t.Errorf("tally.1's exit codes are not a block:\n%s", root)
	}
	for _, want := range []string{`\fB-v\fP, \fB--version\fP`, `\fB--timeout\fP=30s`} {
		if !strings.Contains(string(root), want) {
			t.Errorf("tally.1 lacks %s", want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "tally-export.1")); !strings.Contains(string(b), `\fB--parallel\fP=8`) || !strings.Contains(string(b), `\fB--group-limit\fP=100`) {
		t.Errorf("tally-export.1 shows the wrong defaults:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "tally-man.1")); err == nil {
		t.Error("the hidden man command got a page")
	}
	if strings.Contains(h.mustRun("--help"), "man DIR") {
		t.Error("man is listed in tally --help")
	}
	if code := h.run("man", ""); code != ExitUsage {
		t.Errorf("tally man \"\": exit %d, want %d", code, ExitUsage)
	}
}
