package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func TestBalanceAgainstDemo(t *testing.T) {
	h, b := ownerWithBilling(t, 100)
	out := h.mustRun("balance", "--workspace", "Acme Studio", "--tz", "UTC")
	for _, want := range []string{"Acme Studio (ws_acme) · Owner", string(b.Plan.Name), b.Credits.Remaining.Grouped() + " remaining",
		b.Credits.UsedThisPeriod.Grouped() + " used of " + b.Credits.GrantedThisPeriod.Grouped(), "Refreshes"} {
		if !strings.Contains(out, want) {
			t.Errorf("balance lacks %q:\n%s", want, out)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(h.mustRun("balance", "--workspace", "ws_acme", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	cr := doc["credits"].(map[string]any)
	if doc["schema_version"] != float64(1) || cr["remaining"] != b.Credits.Remaining.String() || doc["role"] != "owner" {
		t.Fatalf("json: %v", doc)
	}
	// A single-workspace key never has to name it.
	h.env[config.EnvAPIKey] = demo.MemberKey
	if out := h.mustRun("balance"); !strings.Contains(out, "Member") {
		t.Fatal(out)
	}
}

func TestBalanceRendering(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC) // already Nov 22 in Berlin
	end := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	b := model.Billing{
		Workspace: model.Workspace{ID: "ws_1", Name: "Acme"},
		Role:      model.RoleOwner,
		Plan: model.Plan{Name: "Creator", Status: model.PlanActive, Interval: model.IntervalMonth, CurrentPeriodEnd: &end,
			CancelAtPeriodEnd: true, ScheduledChange: &model.ScheduledChange{PlanID: "starter", PlanName: "Starter", EffectiveAt: end}},
		Credits: model.CreditBalance{Remaining: model.MustCredits("150.5"), GrantedThisPeriod: model.MustCredits("2000"),
			UsedThisPeriod: model.MustCredits("1849.5"), RefreshesAt: &end},
	}
	var buf bytes.Buffer
	if err := writeBalance(&buf, b, insights{}, now, berlin); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Creator · Monthly · Active", "150.5 remaining", "1,849.5 used of 2,000 granted",
		"2026-12-03 01:00 CET (in 11 days)", "changes to Starter on 2026-12-03", "Cancels", "low balance"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	writeBalanceJSON(&buf, b, insights{}, now, berlin)
	var doc struct {
		Plan struct {
			Interval        *string
			ScheduledChange *struct {
				PlanName string `json:"plan_name"`
			} `json:"scheduled_change"`
		}
		Credits struct {
			RefreshesInDays int    `json:"refreshes_in_days"`
			Remaining       string `json:"remaining"`
		}
		LowBalance bool `json:"low_balance"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Credits.RefreshesInDays != 11 || doc.Credits.Remaining != "150.5" || !doc.LowBalance || doc.Plan.ScheduledChange.PlanName != "Starter" || *doc.Plan.Interval != "month" {
		t.Fatalf("%+v", doc)
	}
	// 10% is the low-balance line; the free plan has no interval (null) and no refresh.
	b.Credits.Remaining = model.MustCredits("200")
	if isLow(b.Credits) {
		t.Fatal("exactly 10% left is not low")
	}
	b.Plan = model.Plan{Name: "Free", Status: model.PlanFree}
	b.Credits.RefreshesAt = nil
	buf.Reset()
	writeBalanceJSON(&buf, b, insights{}, now, berlin)
	if !strings.Contains(buf.String(), `"interval": null`) || !strings.Contains(buf.String(), `"refreshes_in_days": null`) {
		t.Fatal(buf.String())
	}
}
