package cli

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// randomView is a view the TUI can show: a list tab with some of its
// filters (enum values, API key names or ids, searches with shell
// metacharacters), one of its sorts, an order, a window (--last, or
// --from/--to in another zone), a time zone and maybe a narrower role.
func randomView(r *rand.Rand) model.View {
	var lists []*model.List
	for _, l := range model.Lists() {
		if l.Path != "" {
			lists = append(lists, l)
		}
	}
	l := lists[r.IntN(len(lists))]
	v := model.View{Workspace: "ws_acme", Tab: l.Tab}
	for _, f := range l.Filters {
		if r.IntN(2) == 0 {
			continue
		}
		switch f.Kind {
		case model.FilterEnum:
			f.Set(&v, f.Values[r.IntN(len(f.Values))].Value)
		case model.FilterRef:
			f.Set(&v, []string{"CI pipeline", "Staging", "key_ci"}[r.IntN(3)])
		case model.FilterText:
			f.Set(&v, []string{"logo", `it's "$HOME"`, "-x", "a;b|c"}[r.IntN(4)])
		}
	}
	if r.IntN(2) == 0 {
		sorts := l.SortFields()
		v.Sort = sorts[r.IntN(len(sorts))]
	}
	v.Order = []string{"", "asc", "desc"}[r.IntN(3)]
	if l.Dated {
		switch r.IntN(3) {
		case 1:
			v.Last = []string{"7d", "30d", "3m", "2w"}[r.IntN(4)]
		case 2:
			z := time.FixedZone("", (r.IntN(27)-12)*3600)
			v.From = time.Date(2026, time.Month(1+r.IntN(10)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, z)
			v.To = v.From.Add(time.Duration(1+r.IntN(1000)) * time.Hour)
		}
	}
	v.TZ = []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"}[r.IntN(4)]
	if r.IntN(3) == 0 {
		v.AsRole = model.RoleMember
	}
	return v
}

// TestCopiedViewReopensTheSameView is Y's promise as a round trip: for
// random views, the flags of the copied line, given to `tally`, open the TUI
// on an equal view (same instants, whatever TZ the reader's shell has).
func TestCopiedViewReopensTheSameView(t *testing.T) {
	srv := startDemo(t, demo.Options{})
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		v := randomView(r)
		if v.AsRole == model.RoleMember && v.Tab == model.TabBilling {
			v.AsRole = "" // members do not read billing history; tested elsewhere
		}
		if v.AsRole == model.RoleMember && v.User != "" {
			v.AsRole = "" // members do not see users: --user is refused before anything is sent
		}
		h := newHarness(t)
		h.useDemo(srv, demo.OwnerKey)
		h.env["TZ"] = []string{"Pacific/Auckland", "UTC", ""}[i%3] // the reader's zone must not matter
		if code := h.run(v.Args()...); code != 0 {
			t.Fatalf("view %d: tally %q: exit %d: %s", i, v.Args(), code, h.stderr.String())
		}
		got := h.tuiCfg.View
		if !got.From.Equal(v.From) || !got.To.Equal(v.To) {
			t.Fatalf("view %d: window %v–%v came back as %v–%v", i, v.From, v.To, got.From, got.To)
		}
		got.From, got.To, v.From, v.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, v) {
			t.Fatalf("view %d: %s\nreopened as %+v\nwant       %+v", i, v.CommandLine(), got, v)
		}
	}
}
