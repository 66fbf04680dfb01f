package tabs

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares text with testdata/<name>.golden (trailing spaces kept:
// they prove every line is padded to the width).
func golden(t *testing.T, name, got string) {
	t.Helper()
	got = strings.Join(strings.Split(got, "\n"), "|\n") + "|\n"
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/tabs -run Golden -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (-update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
