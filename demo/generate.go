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

type adjRec struct {
	t      int64
	typ    model.AdjustmentType
	amount int64
	detail string
}

type invRec struct {
	t      int64
	amount int64
	inv    invoice
}

// spendBetween sums every spending record in [a, b).
func (ws *workspace) spendBetween(a, b int64) int64 {
	var s int64
	for _, t := range []*table{&ws.conv.table, &ws.calls.table, &ws.imps.table} {
		lo, hi := t.window(0, a, b)
		s += t.preVal[0][hi] - t.preVal[0][lo]
	}
	return s
}

// fund writes the ledger: a free grant at creation, monthly renewals, expiry of
// part of what was left at each period end, and pack purchases whenever a
// period's spending would otherwise take the balance below a small reserve, so
// the balance never goes negative at any instant.
func (w *world) fund(ws *workspace, r *rand.Rand, p0, periodStart time.Time, months int, now time.Time, prefix string, allowance int64) {
	var adjs []adjRec
	var invs []invRec
	created := p0.Add(-20 * 24 * time.Hour)
	adjs = append(adjs,
		adjRec{created.Unix(), model.AdjFreeWorkspaceGrant, 50 * unit, "Welcome to Tally: free workspace credits"},
		adjRec{created.Add(49 * time.Hour).Unix(), model.AdjReferralSignupReward, 25 * unit, "Referral signup reward: invited by radia@example.com"})
	bal := int64(75 * unit)
	planName, price := "Creator", int64(29*unit)
	if allowance < 2000 {
		planName, price = "Starter", 12*unit
	}
	for k := 0; k <= months; k++ {
		pk := p0.AddDate(0, k, 0)
		next := pk.AddDate(0, 1, 0)
		grant := allowance * unit
		pName, pPrice := planName, price
		if ws.id == WorkspaceAcme && k < 4 {
			grant, pName, pPrice = 500*unit, "Starter", 12*unit
		}
		if k > 0 {
			if exp := bal / 3; exp > 0 {
				adjs = append(adjs, adjRec{pk.Unix(), model.AdjCreditExpiration, -exp, "Unused plan credits expired at period end"})
				bal -= exp
			}
		}
		detail := fmt.Sprintf("%s plan, monthly renewal", pName)
		if k == 0 {
			detail = fmt.Sprintf("%s plan, first period", pName)
		}
		adjs = append(adjs, adjRec{pk.Unix(), model.AdjSubscriptionRenewal, grant, detail})
		bal += grant
		invs = append(invs, invRec{pk.Unix() + 5, pPrice, invoice{desc: pName + " Plan (monthly)", status: model.InvoicePaid, provider: model.ProviderStripe}})
		if k == 0 {
			at := pk.Add(26 * time.Hour).Unix()
			adjs = append(adjs, adjRec{at, model.AdjReferralFirstPaidPlanReward, 100 * unit, "Referral reward: first paid plan"})
			bal += 100 * unit
		}
		if ws.id == WorkspaceAcme {
			switch k {
			case 4:
				// Upgraded Starter -> Creator at the renewal: reset the package and compensate.
				adjs = append(adjs, adjRec{pk.Unix(), model.AdjPackageReset, 150 * unit, "Package reset after plan change to Creator"},
					adjRec{pk.Unix() + 60, model.AdjSubscriptionSwitchCompensation, 3333333, "Prorated credits for switching Starter to Creator"})
				bal += 150*unit + 3333333
			case 6:
				at := pk.Add(80 * time.Hour).Unix()
				adjs = append(adjs, adjRec{at, model.AdjCreditPackagePurchase, 500 * unit, "Creator Credit Pack × 1"})
				invs = append(invs, invRec{at + 4, 20 * unit, invoice{desc: "Creator Credit Pack × 1", status: model.InvoicePaid, provider: model.ProviderStripe}})
				bal += 500 * unit
			case 7:
				adjs = append(adjs, adjRec{pk.Add(50 * time.Hour).Unix(), model.AdjAdminAdjustment, 250 * unit, "Goodwill credit: support ticket #4821"})
				bal += 250 * unit
			case 9:
				// A correction is applied to the already funded balance.
				adjs = append(adjs, adjRec{pk.Add(75 * time.Hour).Unix(), model.AdjAdminAdjustment, -125000, "Correction: duplicate refund reversed"})
				bal -= 125000
			}
		}
		endT := min(next.Unix(), now.Unix()+1)
		spend := ws.spendBetween(pk.Unix(), endT)
		reserve := int64(100+r.IntN(400)) * unit
		if need := spend + reserve - bal; need > 0 {
			size, price, name := int64(500), int64(20*unit), "Creator Credit Pack"
			if need > 5000*unit {
				size, price, name = 10000, 300*unit, "Studio Credit Pack"
			} else if need > 1500*unit {
				size, price, name = 2000, 70*unit, "Pro Credit Pack"
			}
			qty := (need + size*unit - 1) / (size * unit)
			adjs = append(adjs, adjRec{pk.Unix(), model.AdjCreditPackagePurchase, qty * size * unit, fmt.Sprintf("%s × %d", name, qty)})
			bal += qty * size * unit
			invs = append(invs, invRec{pk.Unix() + 6, qty * price, invoice{desc: fmt.Sprintf("%s × %d", name, qty), status: model.InvoicePaid, provider: model.ProviderStripe}})
		}
		bal -= spend
	}

	// Invoice variety: providers and statuses.
	for i := range invs {
		switch {
		case i == 2:
			invs[i].inv.provider = model.ProviderPayPal
		case i == 3 && len(invs) > 6:
			invs[i].inv.provider = model.ProviderPromo
			invs[i].inv.desc += " (promo: 100% off)"
			invs[i].amount = 0
		case i == len(invs)-4:
			invs[i].inv.status = model.InvoiceRefunded
		case i == len(invs)-3:
			invs[i].inv.provider = model.ProviderPayPal
		case i == len(invs)-1:
			invs[i].inv.status = model.InvoiceOpen
		}
	}
	if len(invs) > 5 {
		v := invs[5]
		v.inv.status = model.InvoiceVoid
		invs = append(invs, v)
		invs[5].inv.provider = model.ProviderManual
		invs[5].inv.desc += " (reissued)"
		invs[5].t += 3600
	}
	slices.SortStableFunc(adjs, func(a, b adjRec) int { return cmpInt(a.t, b.t) })
	slices.SortStableFunc(invs, func(a, b invRec) int { return cmpInt(a.t, b.t) })

	a := &ws.adjs
	a.ngroups = len(model.AdjustmentTypes)
	for _, x := range adjs {
		a.time = append(a.time, x.t)
		a.group = append(a.group, adjTypeIndex(x.typ))
		a.val = append(a.val, x.amount)
		a.aux = append(a.aux, min(x.amount, 0))
		a.detail = append(a.detail, x.detail)
	}
	a.keys = [][]int64{a.time, a.val}
	a.build()

	iv := &ws.invs
	for i, x := range invs {
		x.inv.number = fmt.Sprintf("%s-%04d", prefix, i+1)
		iv.time = append(iv.time, x.t)
		iv.val = append(iv.val, x.amount)
		paid := int64(0)
		if x.inv.status == model.InvoicePaid {
			paid = x.amount
		}
		iv.aux = append(iv.aux, paid)
		iv.inv = append(iv.inv, x.inv)
	}
	iv.keys = [][]int64{iv.time}
	iv.build()
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
