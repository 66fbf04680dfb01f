package tui

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// TestReadmeKeysTableMatchesTheKeyMap: every key of the global, list and
// detail contexts is in the README's keys table (by its help name, each part
// of "↑/k"), and the tab number range is the registry's; a key added or
// renamed without the README fails here.
func TestReadmeKeysTableMatchesTheKeyMap(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	start := strings.Index(doc, "### Keys")
	end := strings.Index(doc[start+1:], "\n### ")
	if start < 0 || end < 0 {
		t.Fatal("README has no Keys section")
	}
	table := doc[start : start+1+end]
	if want := "`1`–`" + strconv.Itoa(len(model.Lists())) + "`"; !strings.Contains(table, want) {
		t.Errorf("README's keys table lacks the tab range %s", want)
	}
	km := common.DefaultKeyMap()
	for _, group := range []any{&km.Global, &km.List, &km.Detail} {
		v := reflect.ValueOf(group).Elem()
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			var bs []common.Binding
			switch f := v.Field(i).Interface().(type) {
			case common.Binding:
				bs = []common.Binding{f}
			case []common.Binding:
				if name == "Tabs" {
					continue // the number keys: the range above
				}
				bs = f
			}
			if name == "ForceQuit" {
				continue // ctrl+c, as everywhere
			}
			for _, b := range bs {
				help := b.Help().Key
				parts := strings.Split(help, "/")
				if help == "/" {
					parts = []string{"/"} // search
				}
				for _, part := range parts {
					if !strings.Contains(table, "`"+part+"`") {
						t.Errorf("README's keys table lacks `%s` (%s: %s)", part, name, b.Help().Desc)
					}
				}
			}
		}
	}
}

// TestReadmeScreensAreTheGoldens: each README block marked
// <!-- screen: NAME --> is testdata/NAME.golden as drawn; -update rewrites
// them from the goldens.
func TestReadmeScreensAreTheGoldens(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	const mark = "<!-- screen: "
	n := 0
	for i := strings.Index(doc, mark); i >= 0; i = nextMark(doc, i+1, mark) {
		n++
		nameEnd := strings.Index(doc[i:], " -->")
		name := doc[i+len(mark) : i+nameEnd]
		open := i + nameEnd + len(" -->\n```\n")
		closeAt := strings.Index(doc[open:], "\n```")
		if closeAt < 0 {
			t.Fatalf("README screen %s has no closing fence", name)
		}
		g, err := os.ReadFile("testdata/" + name + ".golden")
		if err != nil {
			t.Fatalf("README screen %s: %v", name, err)
		}
		want := screenText(string(g))
		if got := doc[open : open+closeAt]; got != want {
			if *update {
				doc = doc[:open] + want + doc[open+closeAt:]
				continue
			}
			t.Errorf("README screen %s differs from testdata/%s.golden (go test ./tui -run Readme -update)", name, name)
		}
	}
	if n < 2 {
		t.Fatalf("README shows %d screens, want the Overview and a list", n)
	}
	if *update && doc != string(raw) {
		if err := os.WriteFile("../README.md", []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func nextMark(doc string, from int, mark string) int {
	j := strings.Index(doc[from:], mark)
	if j < 0 {
		return -1
	}
	return from + j
}

// screenText is a golden as a README shows it: the right-edge markers and
// trailing blanks dropped.
func screenText(golden string) string {
	lines := strings.Split(strings.TrimRight(golden, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.TrimSuffix(l, "|"), " ")
	}
	return strings.Join(lines, "\n")
}
