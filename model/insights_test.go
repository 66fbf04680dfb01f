package model

import (
	"strings"
	"testing"
	"time"
)

func adjs(t *testing.T, list ...Adjustment) AdjustmentTotals {
	t.Helper()
	var a AdjustmentTotals
	for _, x := range list {
		if err := a.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func adj(typ AdjustmentType, amount string) Adjustment {
	return Adjustment{Type: typ, Amount: MustCredits(amount)}
}

// ledgerFixture: a period with grants 2,000 + 500 + 200, an expiration of
// −50, an admin removal of −10 and an admin grant of 5; spend 980.06 + 160.25
// + 30. Before the period: 1,000 granted, 400 spent, so opening = 600.
func ledgerFixture(t *testing.T) LedgerInput {
	start := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	period := adjs(t,
		adj(AdjSubscriptionRenewal, "2000"), adj(AdjCreditPackagePurchase, "500"), adj(AdjReferralSignupReward, "200"),
		adj(AdjCreditExpiration, "-50"), adj(AdjAdminAdjustment, "-10"), adj(AdjAdminAdjustment, "5"))
	spend := Spend{Conversations: MustCredits("980.06"), MCPCalls: MustCredits("160.25"), Imports: MustCredits("30")}
	// remaining = 600 + 2705 − 60 − 1170.31 = 2074.69
	return LedgerInput{
		Billing: Billing{
			Plan: Plan{CurrentPeriodStart: &start, CurrentPeriodEnd: &end},
			Credits: CreditBalance{Remaining: MustCredits("2074.69"), GrantedThisPeriod: MustCredits("2705"),
				UsedThisPeriod: MustCredits("1170.31")},
		},
		PeriodAdjustments: period,
		PeriodSpend:       spend,
		AllTime: &LedgerTotals{
			Adjustments: MustCredits("3645"), // 1000 before + 2645 net in the period
			Spend:       Spend{Conversations: MustCredits("1280.06"), MCPCalls: MustCredits("200.25"), Imports: MustCredits("90")},
		},
	}
}

func TestReconcileBreakdownAndIdentity(t *testing.T) {
	r := Reconcile(ledgerFixture(t))
	if !r.Reconciles || r.Explanation != "" || r.Discrepancy != 0 || len(r.Checks) != 3 {
		t.Fatalf("should reconcile: %+v", r)
	}
	var got []string
	for _, l := range r.Granted {
		got = append(got, l.Label+"="+l.Amount.String())
	}
	want := "Subscription renewal=2000,Referral signup reward=200,Credit package purchase=500,Admin adjustment=5"
	if strings.Join(got, ",") != want {
		t.Fatalf("granted by type in contract order:\n got %s\nwant %s", strings.Join(got, ","), want)
	}
	if r.GrantedTotal != MustCredits("2705") || r.Expired != MustCredits("-50") || r.OtherRemoved != MustCredits("-10") ||
		len(r.Removed) != 1 || r.Removed[0].Key != "admin_adjustment" || r.SpentTotal != MustCredits("1170.31") {
		t.Fatalf("totals: %+v", r)
	}
	if len(r.Spent) != 3 || r.Spent[1].Label != "MCP-HTTP Calls" || r.Spent[1].Amount != MustCredits("160.25") {
		t.Fatalf("spent lines: %+v", r.Spent)
	}
	if r.Opening == nil || *r.Opening != MustCredits("600") {
		t.Fatalf("opening %v, want 600", r.Opening)
	}
	// The documented identity holds exactly.
	sum := *r.Opening + r.GrantedTotal + r.Expired + r.OtherRemoved - r.SpentTotal
	if sum != r.Remaining {
		t.Fatalf("opening+granted+expired+removed−spent = %s, remaining %s", sum, r.Remaining)
	}
}

func TestReconcileMismatchWarning(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mutate   func(*LedgerInput)
		check    string
		diff     string
		phrasing string
	}{
		{"used", func(in *LedgerInput) { in.Billing.Credits.UsedThisPeriod = MustCredits("1175.31") }, "used_this_period", "5", "used this period"},
		{"granted", func(in *LedgerInput) { in.Billing.Credits.GrantedThisPeriod = MustCredits("2700") }, "granted_this_period", "-5", "granted this period"},
		{"balance", func(in *LedgerInput) { in.Billing.Credits.Remaining = MustCredits("2074.6899") }, "balance", "-0.0001", "all adjustments minus all spend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := ledgerFixture(t)
			tc.mutate(&in)
			r := Reconcile(in)
			if r.Reconciles {
				t.Fatal("a mismatch must not reconcile")
			}
			if r.Discrepancy != MustCredits(tc.diff) {
				t.Fatalf("discrepancy %s, want %s", r.Discrepancy, tc.diff)
			}
			if !strings.Contains(r.Explanation, tc.phrasing) || !strings.Contains(r.Explanation, "off by") ||
				!strings.Contains(r.Explanation, "refresh") {
				t.Fatalf("explanation: %s", r.Explanation)
			}
			failed := 0
			for _, c := range r.Checks {
				if !c.OK {
					failed++
					if c.Name != tc.check {
						t.Fatalf("failed check %s, want %s", c.Name, tc.check)
					}
				}
			}
			if failed != 1 {
				t.Fatalf("%d checks failed", failed)
			}
		})
	}
}

func TestReconcileWithoutPeriodOrAllTime(t *testing.T) {
	// Free workspace: no period, so the breakdown is all time and only the balance is checked.
	in := LedgerInput{
		Billing:           Billing{Plan: Plan{Status: PlanFree}, Credits: CreditBalance{Remaining: MustCredits("100")}},
		PeriodAdjustments: adjs(t, adj(AdjFreeWorkspaceGrant, "100")),
		AllTime:           &LedgerTotals{Adjustments: MustCredits("100")},
	}
	r := Reconcile(in)
	if !r.AllTime || !r.Reconciles || len(r.Checks) != 1 || r.Checks[0].Name != "balance" || r.Opening == nil || *r.Opening != 0 {
		t.Fatalf("free: %+v", r)
	}
	in.Billing.Credits.Remaining = MustCredits("90")
	if r := Reconcile(in); r.Reconciles || r.Discrepancy != MustCredits("-10") {
		t.Fatalf("free mismatch: %+v", r)
	}
	// Without all-time figures the opening is unknown and only the period checks run.
	in = ledgerFixture(t)
	in.AllTime = nil
	r = Reconcile(in)
	if r.Opening != nil || len(r.Checks) != 2 || !r.Reconciles {
		t.Fatalf("no all-time: %+v", r)
	}
}

func TestReconcileUnknownTypeKeptRaw(t *testing.T) {
	in := ledgerFixture(t)
	if err := in.PeriodAdjustments.Add(adj("loyalty_bonus", "1")); err != nil {
		t.Fatal(err)
	}
	r := Reconcile(in)
	last := r.Granted[len(r.Granted)-1]
	if last.Key != "loyalty_bonus" || last.Label != "loyalty_bonus" {
		t.Fatalf("unknown type should come last, raw: %+v", last)
	}
	if r.Reconciles {
		t.Fatal("an extra grant the billing document does not count must not reconcile")
	}
}

func TestReconcileOverflowIsAWarningNotAWrongSum(t *testing.T) {
	in := ledgerFixture(t)
	in.PeriodAdjustments = adjs(t, adj(AdjAdminAdjustment, "900000000000000"))
	if err := in.PeriodAdjustments.Add(adj(AdjPackageReset, "900000000000000")); err != nil {
		t.Fatal(err)
	}
	if r := Reconcile(in); r.Reconciles || !strings.Contains(r.Explanation, "too large") {
		t.Fatalf("%+v", r)
	}
}
