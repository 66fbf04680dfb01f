package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tallyhq/tally/model"
)

const unit = model.Scale // credit units per whole credit

// world is all generated data.
type world struct {
	cat        catalogue
	workspaces map[string]*workspace
	seed       uint64
	hostile    bool
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func generate(o Options) *world {
	w := &world{cat: newCatalogue(), workspaces: map[string]*workspace{}, seed: uint64(o.Seed)}
	for i := range 200 {
		brands := []string{"northwind", "contoso", "fabrikam", "wingtip", "tailspin", "litware"}
		items := []string{"linen-shirt", "ceramic-mug", "desk-lamp", "trail-shoe", "tote-bag", "water-bottle", "notebook", "headphones"}
		w.cat.urls = append(w.cat.urls, fmt.Sprintf("https://shop.%s.example.com/products/%s-%d",
			brands[i%len(brands)], items[(i/len(brands))%len(items)], 100+i))
	}
	now := o.Now

	convN := min(o.Size/2, maxConversations)
	impN := min(o.Size/8, maxImports)
	acme := &workspace{id: WorkspaceAcme, name: "Acme Studio", tag: 0xac3e,
		members: []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	acmeStart := midnight(now.Add(-19 * 24 * time.Hour))
	acme.plan = planState{id: "creator", name: "Creator", status: model.PlanActive, interval: model.IntervalMonth,
		periodStart: acmeStart.Unix(), periodEnd: acmeStart.AddDate(0, 1, 0).Unix()}
	acme.keys = []apiKey{
		{id: "key_ci", name: "CI pipeline", owner: 1},
		{id: "key_zapier", name: "Zapier integration", owner: 0},
		{id: "key_figma", name: "Figma plugin", owner: 5},
		{id: "key_backend", name: "Backend (prod)", owner: 4},
		{id: "key_staging", name: "Staging", owner: 4},
		{id: "key_notebook", name: "Ada's notebook", owner: 0},
		{id: "key_legacy", name: "Legacy exporter", owner: 8},
		{id: "key_unused", name: "Test key (unused)", owner: 1},
	}
	acme.wallets = []model.Wallet{
		{Kind: "ai_tokens", Name: "AI Tokens", Balance: model.NewCredits(48250), Status: model.FeatureActive},
		{Kind: "image", Name: "Image Credits", Balance: model.MustCredits("120.5"), Status: model.FeatureActive},
		{Kind: "video", Name: "Video Credits", Balance: model.NewCredits(40), Status: model.FeaturePremiumBeta},
		{Kind: "audio", Name: "Audio Credits", Balance: 0, Status: model.FeatureComingSoon},
	}
	acme.features = []model.Feature{
		{Key: "image_generation", Name: "Image Generation", Status: model.FeatureActive},
		{Key: "website_builder", Name: "Website Builder", Status: model.FeatureActive},
		{Key: "premium_video", Name: "Premium Video", Status: model.FeaturePremiumBeta},
		{Key: "voice_cloning", Name: "Voice Cloning", Status: model.FeatureComingSoon},
		{Key: "team_sso", Name: "Team SSO", Status: model.FeatureLocked},
	}
	w.fillWorkspace(acme, now, acmeStart, 12, o.Size, convN, impN, "ACME", 2000)

	side := &workspace{id: WorkspaceSide, name: "Side Project", tag: 0x51de, members: []uint8{12, 0, 4, 8}}
	sideStart := midnight(now.Add(-9 * 24 * time.Hour))
	sideEnd := sideStart.AddDate(0, 1, 0)
	side.plan = planState{id: "starter", name: "Starter", status: model.PlanActive, interval: model.IntervalMonth,
		periodStart: sideStart.Unix(), periodEnd: sideEnd.Unix(),
		scheduled: &scheduledChange{planID: "free", planName: "Free", effective: sideEnd.Unix()}}
	side.keys = []apiKey{
		{id: "key_discord", name: "Discord bot", owner: 12},
		{id: "key_local", name: "Local CLI", owner: 0},
	}
	side.wallets = []model.Wallet{
		{Kind: "ai_tokens", Name: "AI Tokens", Balance: model.NewCredits(5000), Status: model.FeatureActive},
		{Kind: "audio", Name: "Audio Credits", Balance: 0, Status: model.FeatureComingSoon},
	}
	side.features = []model.Feature{
		{Key: "image_generation", Name: "Image Generation", Status: model.FeatureActive},
		{Key: "premium_video", Name: "Premium Video", Status: model.FeatureLocked},
	}
	w.fillWorkspace(side, now, sideStart, 5, 300, 120, 30, "SIDE", 500)

	free := &workspace{id: WorkspaceFree, name: "Free Sandbox", tag: 0xf4ee, members: []uint8{0}}
	free.plan = planState{id: "free", name: "Free", status: model.PlanFree}
	free.wallets = []model.Wallet{}
	free.features = []model.Feature{
		{Key: "image_generation", Name: "Image Generation", Status: model.FeatureActive},
		{Key: "website_builder", Name: "Website Builder", Status: model.FeatureLocked},
	}
	created := midnight(now.Add(-3 * 24 * time.Hour)).Add(10 * time.Hour)
	w.fillEmpty(free)
	free.adjs = adjTable{detail: []string{"Welcome to Tally: free workspace credits"}}
	free.adjs.table = table{time: []int64{created.Unix()}, group: []uint8{adjTypeIndex(model.AdjFreeWorkspaceGrant)},
		ngroups: len(model.AdjustmentTypes), val: []int64{50 * unit}, aux: []int64{0}}
	free.adjs.keys = [][]int64{free.adjs.time, free.adjs.val}
	free.adjs.build()

	for _, ws := range []*workspace{acme, side, free} {
		ws.limits = limitsFor(ws.id)
		w.workspaces[ws.id] = ws
	}
	return w
}

func adjTypeIndex(t model.AdjustmentType) uint8 {
	return uint8(slices.Index(model.AdjustmentTypes, t))
}

func (w *world) fillEmpty(ws *workspace) {
	ws.conv.table = emptyTable(3, len(billingTypes), true)
	ws.calls.table = emptyTable(2, len(ws.keys), false)
	ws.imps.table = emptyTable(2, len(importTypes), false)
	ws.invs.table = emptyTable(1, 0, true)
}

func emptyTable(nkeys, ngroups int, aux bool) table {
	t := table{time: []int64{}, val: []int64{}, ngroups: ngroups}
	if ngroups > 0 {
		t.group = []uint8{}
	}
	if aux {
		t.aux = []int64{}
	}
	t.keys = [][]int64{t.time, t.val, t.aux}[:nkeys]
	t.build()
	return t
}

// sortedTimes draws n times in [start, end), denser towards end (usage grows).
func sortedTimes(r *rand.Rand, n int, start, end int64) []int64 {
	ts := make([]int64, n)
	span := float64(end - start)
	for i := range ts {
		ts[i] = start + int64(span*math.Sqrt(r.Float64()))
		if ts[i] >= end {
			ts[i] = end - 1
		}
	}
	slices.Sort(ts)
	return ts
}

// fillWorkspace generates usage over `months` monthly periods ending with the
// current one, then the adjustments that fund it and the invoices for them.
func (w *world) fillWorkspace(ws *workspace, now, periodStart time.Time, months, calls, convs, imps int, invPrefix string, allowance int64) {
	r := rand.New(rand.NewPCG(w.seed, ws.tag))
	p0 := periodStart.AddDate(0, -months, 0)
	start, end := p0.Unix(), now.Unix()
	weightedMember := func() uint8 {
		// The first members are the busiest.
		m := ws.members
		i := int(float64(len(m)) * r.Float64() * r.Float64())
		return m[min(i, len(m)-1)]
	}

	// Keys: created before the first period except Staging (later); Legacy revoked mid-way.
	for i := range ws.keys {
		k := &ws.keys[i]
		k.created = p0.Add(-time.Duration(10+i) * 24 * time.Hour).Unix()
		k.prefix = fmt.Sprintf("sk_…%04x", splitmix(w.seed^ws.tag^uint64(i))&0xffff)
	}
	if ws.id == WorkspaceAcme {
		ws.keys[4].created = p0.AddDate(0, months/2, 0).Unix()
		ws.keys[6].revoked = p0.AddDate(0, months/3, 0).Unix()
		ws.keys[7].created = now.Add(-2 * 24 * time.Hour).Unix()
	}
	usable := func(k int, t int64) bool {
		kk := ws.keys[k]
		if kk.id == "key_unused" {
			return false
		}
		return kk.created <= t && (kk.revoked == 0 || t < kk.revoked)
	}

	// MCP calls.
	c := &ws.calls
	c.time = sortedTimes(r, calls, start, end)
	c.ngroups = len(ws.keys)
	c.group = make([]uint8, calls)
	c.tool = make([]uint8, calls)
	c.user = make([]uint8, calls)
	c.val = make([]int64, calls)
	for i, t := range c.time {
		k := int(float64(len(ws.keys)) * r.Float64() * r.Float64())
		for !usable(k, t) {
			k = r.IntN(len(ws.keys))
		}
		tool := r.IntN(len(toolCredits))
		amounts := toolCredits[tool]
		c.group[i] = uint8(k)
		c.tool[i] = uint8(tool)
		c.user[i] = ws.keys[k].owner
		c.val[i] = amounts[r.IntN(len(amounts))]
		if t > ws.keys[k].lastUsed {
			ws.keys[k].lastUsed = t
		}
	}
	c.keys = [][]int64{c.time, c.val}
	c.build()

	// Conversations: credits and message counts come from the items.
	v := &ws.conv
	v.time = sortedTimes(r, convs, start, end)
	v.ngroups = len(billingTypes)
	v.group = make([]uint8, convs)
	v.title = make([]uint16, convs)
	v.user = make([]uint8, convs)
	v.val = make([]int64, convs)
	v.aux = make([]int64, convs)
	for i, t := range v.time {
		x := r.IntN(100)
		bt := 0
		if x >= 88 {
			bt = 2
		} else if x >= 60 {
			bt = 1
		}
		v.group[i] = uint8(bt)
		v.title[i] = uint16(r.IntN(len(w.cat.titles)))
		v.user[i] = weightedMember()
		items, msgs := w.convItems(ws, int32(i), bt, t)
		var sum int64
		for _, it := range items {
			sum += it.credits
		}
		v.val[i] = sum
		v.aux[i] = msgs
	}
	v.keys = [][]int64{v.time, v.val, v.aux}
	v.build()

	// Imports: brand URLs are the catalogue's first six, products follow the odd two.
	m := &ws.imps
	m.time = sortedTimes(r, imps, start, end)
	m.ngroups = len(importTypes)
	m.group = make([]uint8, imps)
	m.url = make([]uint16, imps)
	m.user = make([]uint8, imps)
	m.val = make([]int64, imps)
	for i := range m.time {
		typ := 1
		if r.IntN(10) < 3 {
			typ = 0
		}
		m.group[i] = uint8(typ)
		m.user[i] = weightedMember()
		switch {
		case i%997 == 13:
			m.url[i] = 6 // ftp://
		case i%997 == 29:
			m.url[i] = 7 // javascript:
		case typ == 0:
			m.url[i] = uint16(r.IntN(6))
		default:
			m.url[i] = uint16(8 + r.IntN(len(w.cat.urls)-8))
		}
		if typ == 0 {
			m.val[i] = 5 * unit
		} else if r.IntN(4) == 0 {
			m.val[i] = 12345
		} else {
			m.val[i] = 25000
		}
	}
	m.keys = [][]int64{m.time, m.val}
	m.build()

	w.fund(ws, r, p0, periodStart, months, now, invPrefix, allowance)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// window returns the positions [lo, hi) of idx[0][g] whose time is in [from, to).
func (t *table) window(g int, from, to int64) (int, int) {
	tidx := t.idx[0][g]
	return searchTime(t.time, tidx, from), searchTime(t.time, tidx, to)
}
