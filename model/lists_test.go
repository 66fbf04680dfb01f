package model

import (
	"testing"
	"time"
)

func TestRegistryIsConsistent(t *testing.T) {
	seenTab, seenExport := map[Tab]bool{}, map[string]bool{}
	for _, l := range Lists() {
		if seenTab[l.Tab] || (l.Export != "" && seenExport[l.Export]) {
			t.Errorf("%s: duplicate tab or export name", l.Tab)
		}
		seenTab[l.Tab], seenExport[l.Export] = true, true
		if l.Title == "" || l.Short == "" || l.Tiny == "" || l.Noun == "" {
			t.Errorf("%s: every title and the noun are needed", l.Tab)
		}
		if l.Path != "" && (!l.Paged || len(l.Sorts) == 0) {
			t.Errorf("%s: an API list is paged and needs sorts", l.Tab)
		}
		if l.Paged && l.Path == "" && l.Tab != TabActivity {
			t.Errorf("%s: only Activity is paged without an API list of its own", l.Tab)
		}
		if ListFor(l.Tab) != l || (l.Export != "" && ExportList(l.Export) != l) {
			t.Errorf("%s: lookups disagree", l.Tab)
		}
	}
	flags := map[string]bool{}
	for _, f := range AllFilters() {
		if flags[f.Flag] {
			t.Errorf("flag %s used by two filters", f.Flag)
		}
		flags[f.Flag] = true
		if FilterByFlag(f.Flag) != f || len(ListsWith(f)) == 0 {
			t.Errorf("%s: lookups disagree", f.Flag)
		}
		// Get and Set are a pair: what is set is read back, and only that field changes.
		var v View
		val := "x"
		if f.Kind == FilterEnum {
			val = f.Values[0].Value
		}
		f.Set(&v, val)
		if f.Get(v) != val {
			t.Errorf("%s: Set/Get do not round-trip", f.Flag)
		}
		for _, g := range AllFilters() {
			if g != f && g.Get(v) != "" {
				t.Errorf("setting %s also set %s", f.Flag, g.Flag)
			}
		}
	}
}

func TestNormalizeKeepsWhatAppliesAndClearDropsFilters(t *testing.T) {
	v := View{Workspace: "ws", TZ: "UTC", Last: "7d", Search: "q", APIKey: "key_ci", Sort: "credits", Order: "asc", AsRole: RoleMember}
	mcp := ListFor(TabMCPCalls).Normalize(v)
	want := View{Workspace: "ws", Tab: TabMCPCalls, TZ: "UTC", Last: "7d", APIKey: "key_ci", Sort: "credits", Order: "asc", AsRole: RoleMember}
	if mcp != want {
		t.Errorf("mcp: got %+v\nwant %+v", mcp, want)
	}
	adj := ListFor(TabAdjustments).Normalize(v)
	if adj.Sort != "" || adj.APIKey != "" || adj.Search != "" {
		t.Errorf("adjustments keeps only its own: %+v", adj)
	}
	// The default sort is stored as "", so a view prints and compares the same either way.
	if got := ListFor(TabMCPCalls).Normalize(View{Sort: "created_at"}); got.Sort != "" {
		t.Errorf("default sort kept: %+v", got)
	}
	l := ListFor(TabConversations)
	c := l.Normalize(View{Search: "x", From: time.Unix(1, 0)})
	if !l.Filtered(c) {
		t.Error("search and from filter the list")
	}
	if cl := l.Clear(c); l.Filtered(cl) || cl.Tab != TabConversations {
		t.Errorf("clear left a filter: %+v", cl)
	}
	if l.Filtered(l.Normalize(View{Sort: "credits"})) {
		t.Error("a sort is not a filter")
	}
}

func TestFilterValidate(t *testing.T) {
	bt := FilterByFlag("billing-type")
	for _, in := range []string{"image_generation", "Image generation", "IMAGE-GENERATION"} {
		if got, err := bt.Parse(in); err != nil || got != "image_generation" {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := bt.Parse("nope"); err == nil {
		t.Error("unknown enum value accepted")
	}
	s := FilterByFlag("search")
	long := make([]rune, 201)
	for i := range long {
		long[i] = 'é'
	}
	if _, err := s.Parse(string(long)); err == nil {
		t.Error("201 characters accepted")
	}
	if _, err := s.Parse(string(long[:200])); err != nil {
		t.Errorf("200 characters refused: %v", err)
	}
	if _, err := FilterByFlag("api-key").Parse("a\x1bb"); err == nil {
		t.Error("control characters accepted")
	}
}
