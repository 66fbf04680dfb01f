package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// This file answers "where did my credits go?" from figures the API exposes.
//
// The contract's ledger identity, over all time:
//
//	remaining = Σ adjustments.amount − Σ conversations.credits − Σ mcp_calls.credits − Σ imports.credits
//
// and for any period, the change of remaining = Σ adjustments(period) − Σ spend(period).
// The opening balance of a period is not exposed, so Reconcile checks what can be
// checked with summaries the API does expose (see Reconcile for the list).

// Spend is credits spent by category over one window.
type Spend struct {
	Conversations Credits
	MCPCalls      Credits
	Imports       Credits
}

// Total is the exact sum of the three categories.
func (s Spend) Total() (Credits, error) {
	t, err := s.Conversations.Add(s.MCPCalls)
	if err != nil {
		return 0, err
	}
	return t.Add(s.Imports)
}

// Sub returns s−o per category (all-time minus period is the spend before the period).
func (s Spend) Sub(o Spend) (Spend, error) {
	var r Spend
	var err error
	if r.Conversations, err = s.Conversations.Sub(o.Conversations); err != nil {
		return r, err
	}
	if r.MCPCalls, err = s.MCPCalls.Sub(o.MCPCalls); err != nil {
		return r, err
	}
	r.Imports, err = s.Imports.Sub(o.Imports)
	return r, err
}

// SpendCategory names one spend category; the string is the JSON key.
type SpendCategory string

const (
	SpendConversations SpendCategory = "conversations"
	SpendMCPCalls      SpendCategory = "mcp_calls"
	SpendImports       SpendCategory = "imports"
)

// SpendCategories are the categories in product order (the tabs' order).
var SpendCategories = []SpendCategory{SpendConversations, SpendMCPCalls, SpendImports}

// Label is the product name of the category.
func (c SpendCategory) Label() string {
	switch c {
	case SpendConversations:
		return "Conversations"
	case SpendMCPCalls:
		return "MCP-HTTP Calls"
	case SpendImports:
		return "Imports"
	}
	return string(c)
}

// Of returns the category's amount.
func (s Spend) Of(c SpendCategory) Credits {
	switch c {
	case SpendConversations:
		return s.Conversations
	case SpendMCPCalls:
		return s.MCPCalls
	case SpendImports:
		return s.Imports
	}
	return 0
}

// AdjustmentTotals accumulates adjustments by type, keeping grants (positive
// amounts) apart from removals (negative amounts): an admin adjustment can be
// either, and netting them would hide both. The zero value is ready to use.
type AdjustmentTotals struct {
	Granted map[AdjustmentType]Credits // Σ positive amounts by type
	Removed map[AdjustmentType]Credits // Σ negative amounts by type (signed, ≤ 0)
	Count   int64
}

// Add accumulates one adjustment exactly.
func (t *AdjustmentTotals) Add(a Adjustment) error {
	if t.Granted == nil {
		t.Granted = map[AdjustmentType]Credits{}
		t.Removed = map[AdjustmentType]Credits{}
	}
	m := t.Granted
	if a.Amount.Sign() < 0 {
		m = t.Removed
	}
	v, err := m[a.Type].Add(a.Amount)
	if err != nil {
		return err
	}
	m[a.Type] = v
	t.Count++
	return nil
}

func sumMap(m map[AdjustmentType]Credits) (Credits, error) {
	var s Credits
	var err error
	for _, v := range m {
		if s, err = s.Add(v); err != nil {
			return 0, err
		}
	}
	return s, nil
}

// orderedTypes lists the keys of m with known types in the contract's order
// first, then unknown types alphabetically (shown raw, never dropped).
func orderedTypes(m map[AdjustmentType]Credits) []AdjustmentType {
	var out []AdjustmentType
	for _, t := range AdjustmentTypes {
		if _, ok := m[t]; ok {
			out = append(out, t)
		}
	}
	var unknown []AdjustmentType
	for t := range m {
		if !Known(t, AdjustmentTypes) {
			unknown = append(unknown, t)
		}
	}
	sort.Slice(unknown, func(i, j int) bool { return unknown[i] < unknown[j] })
	return append(out, unknown...)
}

// LedgerTotals are all-time figures from the unfiltered list summaries (one
// request each): Σ adjustments.amount (the adjustments summary's net) and the
// spend per category.
type LedgerTotals struct {
	Adjustments Credits
	Spend       Spend
}

// LedgerInput is what Reconcile needs. The period figures must have been
// fetched for [Billing.Plan.CurrentPeriodStart, CurrentPeriodEnd); when the
// plan has no period (free) they must cover all time.
type LedgerInput struct {
	Billing           Billing
	PeriodAdjustments AdjustmentTotals // from walking /credit-adjustments in the period
	PeriodSpend       Spend            // the three usage lists' summary credits in the period
	AllTime           *LedgerTotals    // nil = not fetched; the balance check is then skipped
}

// LedgerLine is one labelled amount of the breakdown.
type LedgerLine struct {
	Key    string  // adjustment type or spend category, as the API spells it
	Label  string  // product label
	Amount Credits // as the API reports it: grants positive, removals negative, spend positive
}

// LedgerCheck is one comparison between a figure the API reported and the same
// figure computed from other responses.
type LedgerCheck struct {
	Name        string  // "balance", "used_this_period", "granted_this_period"
	Reported    Credits // what /billing says
	Computed    Credits // what the lists add up to
	OK          bool
	Explanation string // "" when OK
}

// Reconciliation is the period's "where the credits went", with the checks.
// With sign conventions as the API's (spend positive, removals negative):
//
//	Opening + GrantedTotal + Expired + OtherRemoved − SpentTotal = Remaining
//
// holds exactly whenever the balance check passes.
type Reconciliation struct {
	// AllTime is true when the workspace has no billing period, so the breakdown covers all time.
	AllTime bool
	// PeriodStart/End bound the breakdown; nil with AllTime.
	PeriodStart, PeriodEnd *time.Time
	// Opening is the balance at the period start, derived as the all-time figures
	// minus the period's (adjustments − spend before the period); nil without
	// all-time figures. Zero with AllTime.
	Opening *Credits

	Granted      []LedgerLine // positive adjustments by type, contract order then unknown types
	GrantedTotal Credits
	Spent        []LedgerLine // always the three categories, product order
	SpentTotal   Credits
	Expired      Credits      // Σ credit_expiration amounts (≤ 0)
	Removed      []LedgerLine // negative adjustments other than expirations, by type
	OtherRemoved Credits      // Σ Removed (≤ 0)
	Remaining    Credits      // as /billing reports it

	Checks      []LedgerCheck
	Reconciles  bool    // every check that could be made passed
	Discrepancy Credits // reported − computed of the first failing check; 0 when reconciled
	Explanation string  // human text for the failing checks; "" when reconciled
}

// Reconcile breaks down the period and checks it. The checks, each made only
// when its inputs exist:
//
//  1. balance (needs AllTime): remaining == Σ adjustments − Σ spend over all
//     time. This is the contract's identity verbatim, from four summaries. It
//     is also the period identity: with Opening derived from the all-time and
//     period figures, Opening + period adjustments − period spend equals the
//     all-time sum, so a separate period check would repeat this one.
//  2. used_this_period (needs a period): used_this_period == the three usage
//     lists' summary credits filtered to the period.
//  3. granted_this_period (needs a period): granted_this_period == Σ positive
//     adjustment amounts in the period. (The contract does not define
//     "granted" further; positive amounts are the only reading consistent
//     with signed adjustments, and the reference server uses it.)
//
// Remaining itself is never recomputed from the period alone: the opening
// balance is not exposed, so without AllTime only checks 2 and 3 are made.
// An arithmetic overflow (beyond ±922 trillion credits) fails the reconciliation
// with its own explanation rather than showing a wrong sum.
func Reconcile(in LedgerInput) Reconciliation {
	b := in.Billing
	r := Reconciliation{Remaining: b.Credits.Remaining, Reconciles: true}
	start, end := b.Plan.CurrentPeriodStart, b.Plan.CurrentPeriodEnd
	r.AllTime = start == nil
	if !r.AllTime {
		r.PeriodStart, r.PeriodEnd = start, end
	}
	overflow := func() Reconciliation {
		r.Reconciles = false
		r.Explanation = "The figures are too large to add up exactly; nothing was checked."
		return r
	}

	adj := in.PeriodAdjustments
	for _, t := range orderedTypes(adj.Granted) {
		r.Granted = append(r.Granted, LedgerLine{Key: string(t), Label: t.Label(), Amount: adj.Granted[t]})
	}
	for _, t := range orderedTypes(adj.Removed) {
		if t == AdjCreditExpiration {
			r.Expired = adj.Removed[t]
			continue
		}
		r.Removed = append(r.Removed, LedgerLine{Key: string(t), Label: t.Label(), Amount: adj.Removed[t]})
	}
	var err error
	if r.GrantedTotal, err = sumMap(adj.Granted); err != nil {
		return overflow()
	}
	removedAll, err := sumMap(adj.Removed)
	if err != nil {
		return overflow()
	}
	if r.OtherRemoved, err = removedAll.Sub(r.Expired); err != nil {
		return overflow()
	}
	for _, c := range SpendCategories {
		r.Spent = append(r.Spent, LedgerLine{Key: string(c), Label: c.Label(), Amount: in.PeriodSpend.Of(c)})
	}
	if r.SpentTotal, err = in.PeriodSpend.Total(); err != nil {
		return overflow()
	}
	periodNet, err := r.GrantedTotal.Add(removedAll)
	if err != nil {
		return overflow()
	}

	if at := in.AllTime; at != nil {
		allSpend, err := at.Spend.Total()
		if err != nil {
			return overflow()
		}
		computed, err := at.Adjustments.Sub(allSpend)
		if err != nil {
			return overflow()
		}
		r.Checks = append(r.Checks, check("balance", b.Credits.Remaining, computed,
			"/billing reports %s remaining, but all adjustments minus all spend come to %s"))
		if r.AllTime {
			var zero Credits
			r.Opening = &zero
		} else {
			// Opening = (all-time adjustments − period adjustments) − (all-time spend − period spend).
			before, err1 := at.Adjustments.Sub(periodNet)
			spentBefore, err2 := allSpend.Sub(r.SpentTotal)
			if err1 != nil || err2 != nil {
				return overflow()
			}
			o, err := before.Sub(spentBefore)
			if err != nil {
				return overflow()
			}
			r.Opening = &o
		}
	}
	if !r.AllTime {
		r.Checks = append(r.Checks,
			check("used_this_period", b.Credits.UsedThisPeriod, r.SpentTotal,
				"/billing reports %s used this period, but conversations, MCP-HTTP calls and imports in the period add up to %s"),
			check("granted_this_period", b.Credits.GrantedThisPeriod, r.GrantedTotal,
				"/billing reports %s granted this period, but the period's positive adjustments add up to %s"))
	}
	var why []string
	for _, c := range r.Checks {
		if c.OK {
			continue
		}
		if r.Reconciles {
			r.Reconciles = false
			r.Discrepancy, _ = c.Reported.Sub(c.Computed)
		}
		why = append(why, c.Explanation)
	}
	if !r.Reconciles {
		r.Explanation = strings.Join(why, "; ") + ". The data may have changed between requests: refresh to check again, and contact support with the workspace id if it persists."
	}
	return r
}

func check(name string, reported, computed Credits, format string) LedgerCheck {
	c := LedgerCheck{Name: name, Reported: reported, Computed: computed, OK: reported == computed}
	if !c.OK {
		d, err := reported.Sub(computed)
		off := "a difference too large to show"
		if err == nil {
			off = "off by " + d.Signed()
		}
		c.Explanation = fmt.Sprintf(format, reported.Grouped(), computed.Grouped()) + " (" + off + ")"
	}
	return c
}
