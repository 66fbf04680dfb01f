package tabs

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/tallyhq/tally/model"
)

// Records of one user share one *model.User and the strings that repeat;
// a time with an offset shares its zone.
func TestInternSharesWhatRepeats(t *testing.T) {
	in := newInterner()
	zone := time.FixedZone("", 2*3600)
	page := func() []model.MCPCall {
		rs := make([]model.MCPCall, 3)
		for i := range rs {
			rs[i] = model.MCPCall{ID: model.Text(fmt.Sprint("call_", i)), Tool: model.Text(fmt.Sprint("to", "ol")),
				User:      &model.User{ID: "usr_1", Name: model.Text(strings.Clone("Ada")), Email: "ada@example.com"},
				CreatedAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.FixedZone("", 2*3600))}
		}
		return rs
	}
	a, b := page(), page()
	internRecords(in, a)
	internRecords(in, b)
	if a[0].User != b[2].User || a[1].User != a[2].User {
		t.Fatal("one user, several *User values")
	}
	if unsafeData(a[0].Tool) != unsafeData(b[1].Tool) {
		t.Fatal("the tool name is not shared")
	}
	if a[0].CreatedAt.Location() != b[1].CreatedAt.Location() || !a[0].CreatedAt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, zone)) {
		t.Fatal("the zone is not shared, or the time changed")
	}
	// A server sending a new value on every record cannot grow it without end.
	for i := range 3 * internCap {
		rs := []model.MCPCall{{Tool: model.Text(fmt.Sprint("tool_", i)), User: &model.User{ID: model.Text(fmt.Sprint("u", i))}}}
		internRecords(in, rs)
		if rs[0].Tool != model.Text(fmt.Sprint("tool_", i)) {
			t.Fatal("interning changed a value")
		}
	}
	if len(in.strs) > internCap || len(in.users) > internCap {
		t.Fatalf("interner grew to %d strings, %d users", len(in.strs), len(in.users))
	}
}

func unsafeData(s model.Text) *byte { return unsafe.StringData(string(s)) }
