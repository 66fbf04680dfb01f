package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares the plain text of the screen with testdata/<name>.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	// Trailing spaces are kept: they prove every line is padded to the width.
	got = strings.Join(strings.Split(got, "\n"), "|\n") + "|\n"
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run Golden -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (-update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	tabs := map[string]string{"activity": "2", "conversations": "3", "mcp-calls": "4", "imports": "5", "adjustments": "6"}
	for name, k := range tabs {
		t.Run("owner_"+name, func(t *testing.T) {
			h := newHarness(t, acme())
			h.keys(k)
			golden(t, "owner_"+name, h.screen())
		})
	}
	t.Run("member_conversations", func(t *testing.T) {
		o := acme()
		o.key = demo.MemberKey
		h := newHarness(t, o)
		golden(t, "member_conversations", h.screen())
	})
	t.Run("member_activity", func(t *testing.T) {
		o := acme()
		o.key = demo.MemberKey
		o.view.Tab = model.TabActivity
		h := newHarness(t, o)
		golden(t, "member_activity", h.screen())
	})
	t.Run("owner_mcp_by_key", func(t *testing.T) {
		o := acme()
		o.view.Tab = model.TabMCPCalls
		o.view.GroupBy = model.GroupByAPIKey
		h := newHarness(t, o)
		golden(t, "owner_mcp_by_key", h.screen())
	})
	t.Run("owner_as_member_mcp", func(t *testing.T) {
		o := acme()
		o.view.AsRole = model.RoleMember
		o.view.Tab = model.TabMCPCalls
		h := newHarness(t, o)
		golden(t, "owner_as_member_mcp", h.screen())
	})
	t.Run("narrow_60x16", func(t *testing.T) {
		o := acme()
		o.w, o.h = 60, 16
		h := newHarness(t, o)
		golden(t, "narrow_60x16_conversations", h.screen())
		h.keys("6")
		golden(t, "narrow_60x16_adjustments", h.screen())
	})
	t.Run("filtered_80x24", func(t *testing.T) {
		o := acme()
		o.w, o.h = 80, 24
		o.view.Last = "30d"
		o.view.Tab = model.TabImports
		o.view.ImportType = model.ImportBrand
		o.view.Sort = "credits"
		h := newHarness(t, o)
		golden(t, "filtered_80x24_imports", h.screen())
	})
	t.Run("empty", func(t *testing.T) {
		o := acme()
		o.view.Workspace = "ws_free"
		h := newHarness(t, o)
		golden(t, "empty_conversations", h.screen())
	})
	t.Run("error", func(t *testing.T) {
		h := newHarness(t, acme())
		h.srv.SetFaults(demo.Faults{Rate5xx: 1})
		h.keys("4")
		golden(t, "error_mcp", scrubRequestIDs(h.screen()))
	})
	t.Run("detail_sheet", func(t *testing.T) {
		h := newHarness(t, acme())
		h.keys("enter")
		golden(t, "detail_sheet", h.screen())
	})
	t.Run("hostile", func(t *testing.T) {
		o := acme()
		o.hostile = true
		h := newHarness(t, o)
		golden(t, "hostile_conversations", h.screen())
	})
	t.Run("too_small", func(t *testing.T) {
		o := acme()
		o.w, o.h = 50, 12
		h := newHarness(t, o)
		golden(t, "too_small", h.screen())
	})
}

// scrubRequestIDs replaces request ids (random per server) with a fixed token.
func scrubRequestIDs(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.Index(s, "req_")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := i + 4
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		b.WriteString("req_XXXX" + strings.Repeat(" ", max(0, j-i-8)))
		s = s[j:]
	}
	return b.String()
}
