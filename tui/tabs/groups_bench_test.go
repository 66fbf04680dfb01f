package tabs

import (
	"testing"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// First paint of the group-by view beside the records' first page and the
// Activity tab, on one demo of a million MCP-HTTP calls over HTTP (the
// server's grouping included: that is what the user waits for). Side by
// side in one run, because the machine is noisy; see docs/benchmarks.md.
//
//	go test ./tui/tabs -run '^$' -bench FirstPaint -benchtime 20x
func BenchmarkFirstPaint(b *testing.B) {
	h := newDemoHarness(b, demo.Options{Size: 1_000_000}, demo.OwnerKey, model.RoleOwner)
	cases := []struct {
		name string
		tab  model.Tab
		view model.View
	}{
		{"records", model.TabMCPCalls, model.View{}},
		{"groups-api_key", model.TabMCPCalls, model.View{GroupBy: model.GroupByAPIKey}},
		{"groups-api_key-filtered", model.TabMCPCalls, model.View{GroupBy: model.GroupByAPIKey, User: "usr_1", Last: "30d"}},
		{"groups-day-90d", model.TabMCPCalls, model.View{GroupBy: model.GroupByDay, Last: "90d"}},
		{"activity", model.TabActivity, model.View{}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				tab := h.open(c.tab, c.view, 120, 40)
				if s := tab.View(); len(s) == 0 {
					b.Fatal("nothing drawn")
				}
				if l, ok := tab.(interface{ Err() error }); ok && l.Err() != nil {
					b.Fatal(l.Err())
				}
				if l, ok := tab.(*List[model.MCPCall, model.MCPSummary]); ok && c.view.GroupBy == "" && l.summary.Calls != 1_000_000 {
					b.Fatalf("%d calls, want a million", l.summary.Calls)
				}
				if l, ok := tab.(*List[model.MCPCall, model.MCPSummary]); ok && c.view.GroupBy != "" && (l.groups.doc == nil || l.groups.doc.check != nil) {
					b.Fatalf("groups %+v", l.groups.doc)
				}
			}
		})
	}
}
