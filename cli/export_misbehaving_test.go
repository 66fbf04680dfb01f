package cli

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/internal/badserver"
)

// longKey is 48 characters, like the key of the report.
const longKey = "tly_live_7Hq2mZ9xKc4Rb8Wn1Pv6Ts3Yd5Lf0Ga2Je7UkQ9"

func badHarness(t *testing.T, cfg badserver.Config) (*harness, *badserver.Server) {
	t.Helper()
	s := badserver.Start(cfg)
	t.Cleanup(s.Close)
	h := newHarness(t)
	h.env["TALLY_BASE_URL"] = s.URL
	h.env["TALLY_API_KEY"] = longKey
	return h, s
}

func keyRun(s string) int {
	best := 0
	for i := range s {
		for j := i + best + 1; j <= len(s) && strings.Contains(longKey, s[i:j]); j++ {
			best = j - i
		}
	}
	return best
}

func assertTerminalSafe(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("stderr holds %U: %q", r, s)
		}
	}
}

func TestExportNeverPrintsAReflectedKey(t *testing.T) {
	for _, field := range []string{"credits", "created_at", "message", "X-Request-Id", "location"} {
		h, _ := badHarness(t, badserver.Config{Fault: badserver.ReflectKey, Field: field})
		code := h.run("export", "mcp-calls", "--workspace", badserver.Workspace)
		out := h.stderr.String() + h.stdout.String()
		if code == 0 {
			t.Errorf("%s: exit 0", field)
		}
		if n := keyRun(out); n >= 8 {
			t.Errorf("%s: %d characters of the key printed: %s", field, n, out)
		}
	}
}

func TestExportErrorsFromAHostileServerAreSanitised(t *testing.T) {
	for _, cfg := range []badserver.Config{{Fault: badserver.HostileError}, {Fault: badserver.HostileRedirect}} {
		h, _ := badHarness(t, cfg)
		if code := h.run("export", "mcp-calls"); code != ExitError {
			t.Errorf("fault %d: exit %d", cfg.Fault, code)
		}
		assertTerminalSafe(t, h.stderr.String())
	}
}

// Misbehaving walks: a broken server exits 1, records that moved exit 4.
func TestExportMisbehavingWalksExitCodes(t *testing.T) {
	for fault, want := range map[badserver.Fault]int{
		badserver.EndlessPages: ExitError, badserver.CursorCycle: ExitError, badserver.SameCursor: ExitError,
		badserver.EmptyPageWithCursor: ExitError, badserver.RepeatedIDs: ExitMismatch, badserver.SummaryDrift: ExitMismatch,
		badserver.NullRecord: ExitError,
	} {
		h, s := badHarness(t, badserver.Config{Fault: fault, Records: 30, At: 4})
		if code := h.run("export", "mcp-calls", "--page-size", "10"); code != want {
			t.Errorf("fault %d: exit %d, want %d: %s", fault, code, want, h.stderr.String())
		}
		if !strings.Contains(h.stderr.String(), "page ") && fault != badserver.NullRecord {
			t.Errorf("fault %d: no page named: %s", fault, h.stderr.String())
		}
		if n := len(s.Requests()); n > 6 {
			t.Errorf("fault %d: %d requests", fault, n)
		}
	}
}

func TestExportTimeoutFlag(t *testing.T) {
	h, _ := badHarness(t, badserver.Config{Fault: badserver.SlowHeaders, Delay: 20 * time.Second})
	start := time.Now()
	code := h.run("export", "mcp-calls", "--timeout", "1s")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if msg := h.stderr.String(); code != ExitError || !strings.Contains(msg, "within 1s") || !strings.Contains(msg, "--timeout") {
		t.Errorf("exit %d: %s", code, msg)
	}
	if code := h.run("export", "mcp-calls", "--timeout", "10ms"); code != ExitUsage || !strings.Contains(h.stderr.String(), "out of range") {
		t.Errorf("--timeout 10ms: exit %d: %s", code, h.stderr.String())
	}
}

// export activity walks the same faults through the same guard (its MCP
// calls stream is the misbehaving list): the same exit codes, the page
// named, -o left unwritten, a bounded number of requests.
func TestExportActivityMisbehavingWalks(t *testing.T) {
	for fault, want := range map[badserver.Fault]int{
		badserver.Honest:       0,
		badserver.EndlessPages: ExitError, badserver.CursorCycle: ExitError, badserver.SameCursor: ExitError,
		badserver.EmptyPageWithCursor: ExitError, badserver.RepeatedIDs: ExitMismatch, badserver.SummaryDrift: ExitMismatch,
		badserver.NullRecord: ExitError,
	} {
		h, s := badHarness(t, badserver.Config{Fault: fault, Records: 30, At: 4})
		out := t.TempDir() + "/activity.csv"
		code := h.run("export", "activity", "--page-size", "10", "-o", out)
		msg := h.stderr.String()
		if code != want {
			t.Errorf("fault %d: exit %d, want %d: %s", fault, code, want, msg)
		}
		if n := len(s.Requests()); n > 12 {
			t.Errorf("fault %d: %d requests", fault, n)
		}
		if want == 0 {
			continue
		}
		if !strings.Contains(msg, "not written") || (fault != badserver.NullRecord && !strings.Contains(msg, "page ")) {
			t.Errorf("fault %d: %s", fault, msg)
		}
		assertTerminalSafe(t, msg)
	}
	h, _ := badHarness(t, badserver.Config{Fault: badserver.ReflectKey, Field: "credits"})
	if code := h.run("export", "activity"); code == 0 || keyRun(h.stderr.String()) >= 8 {
		t.Errorf("reflected key: exit %d: %s", code, h.stderr.String())
	}
}

// A page that never ends is refused at the client's size limit: one
// request, exit 1, a message that says so, and no file.
func TestExportRefusesAnEndlessPage(t *testing.T) {
	for _, fault := range []badserver.Fault{badserver.EndlessBody, badserver.HugeBody} {
		h, s := badHarness(t, badserver.Config{Fault: fault})
		out := t.TempDir() + "/calls.csv"
		code := h.run("export", "mcp-calls", "-o", out)
		msg := h.stderr.String()
		if code != ExitError || !strings.Contains(msg, "response too large") || !strings.Contains(msg, "not written") {
			t.Errorf("fault %d: exit %d: %s", fault, code, msg)
		}
		if n := len(s.Requests()); n > 2 { // /v1/me and the page
			t.Errorf("fault %d: %d requests", fault, n)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("fault %d: %s written", fault, out)
		}
	}
}

// The key pasted into a flag is not echoed back by the error that names the
// flag's value (--api-key names an MCP key; --workspace a workspace).
func TestAKeyPastedIntoAFlagIsNotEchoed(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	for _, args := range [][]string{
		{"export", "mcp-calls", "--workspace", demo.WorkspaceAcme, "--api-key", demo.OwnerKey},
		{"balance", "--workspace", demo.OwnerKey},
	} {
		h := newHarness(t)
		h.useDemo(srv, demo.OwnerKey)
		code := h.run(args...)
		if msg := h.stderr.String(); code == 0 || strings.Contains(msg, "tally_demo_owner") || !strings.Contains(msg, "[redacted]") {
			t.Errorf("%v: exit %d: %s", args[:2], code, msg)
		}
	}
}
