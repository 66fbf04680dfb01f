// How the demo funds a workspace: renewals, packs, expirations and invoices
// month by month, so the ledger reconciles against the spend.

package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tallyhq/tally/model"
)

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
