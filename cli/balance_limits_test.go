package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

func TestBalanceLimitsAndExpiring(t *testing.T) {
	h, b := ownerWithBilling(t, 400)
	out := h.mustRun("balance", "--workspace", "ws_acme", "--tz", "UTC")
	l := b.Plan.Limits.List()
	e := b.Credits.Expiring.List()
	img := "Image generations: " + l[0].Used.Grouped() + " of 500 · resets " + l[0].ResetsAt.Format("Jan 2")
	exp := e[0].Amount.Grouped() + " expire " + e[0].ExpiresAt.Format("Jan 2") + " (this period) · " + e[1].Amount.Grouped() + " rollover expire " + e[1].ExpiresAt.Format("Jan 2")
	for _, want := range []string{"Limits       " + img, "Standard video: ", " used · unlimited", "Voice cloning: not included",
		"Expiring     " + exp} {
		if !strings.Contains(out, want) {
			t.Errorf("balance lacks %q:\n%s", want, out)
		}
	}
	var doc struct {
		Plan struct {
			Limits []struct {
				Key      string
				Used     model.Credits
				Limit    *model.Credits
				ResetsAt *time.Time `json:"resets_at"`
			}
		}
		Credits struct {
			Remaining model.Credits
			Expiring  []struct {
				Amount    model.Credits
				ExpiresAt time.Time `json:"expires_at"`
				Source    string
			}
		}
		ExpiringForecast struct {
			PacePerDay *model.Credits `json:"pace_per_day"`
			Lapse      *model.Credits
			Entries    []struct{ Used, Lapses *model.Credits }
			Nearest    struct{ Amount model.Credits }
			Sentence   string
			Forecast   string `json:"forecast_sentence"`
		} `json:"expiring_forecast"`
	}
	raw := h.mustRun("balance", "--workspace", "ws_acme", "--json", "--tz", "UTC")
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Plan.Limits) != len(l) || doc.Plan.Limits[1].Limit != nil || doc.Plan.Limits[5].Limit == nil || *doc.Plan.Limits[5].Limit != 0 ||
		doc.Plan.Limits[0].Used != l[0].Used || !doc.Plan.Limits[0].ResetsAt.Equal(*l[0].ResetsAt) || doc.Plan.Limits[3].ResetsAt != nil {
		t.Errorf("limits %+v", doc.Plan.Limits)
	}
	if len(doc.Credits.Expiring) != 2 || doc.Credits.Expiring[1].Source != "rollover" || doc.Credits.Expiring[1].Amount != e[1].Amount {
		t.Errorf("expiring %+v", doc.Credits.Expiring)
	}
	// At this small demo's pace most of the period's credits lapse on Dec 2.
	f := doc.ExpiringForecast
	if f.PacePerDay == nil || f.Lapse == nil || *f.Lapse <= 0 || len(f.Entries) != 2 || *f.Entries[0].Lapses+*f.Entries[1].Lapses != *f.Lapse ||
		*f.Entries[0].Used+*f.Entries[0].Lapses != e[0].Amount || f.Nearest.Amount != e[0].Amount || f.Sentence != exp ||
		!strings.Contains(out, "             "+f.Forecast) || !strings.Contains(f.Forecast, f.Lapse.Grouped()+" of them lapse unused") {
		t.Errorf("forecast %+v\n%s", f, out)
	}
	// Side Project: 25 promo credits lapse in five days: a warning line.
	out = h.mustRun("balance", "--workspace", "ws_side", "--tz", "UTC")
	if !strings.Contains(out, "Warning      25 promo credits expire Nov 26 (in 5 days)") {
		t.Errorf("no expiry warning:\n%s", out)
	}
}

func TestBalanceOn10ServerLeavesLimitsOut(t *testing.T) {
	srv := startDemo(t, demo.Options{API: demo.API10})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	out := h.mustRun("balance", "--workspace", "ws_acme")
	if strings.Contains(out, "Limits") || strings.Contains(out, "Expiring") || strings.Contains(out, "(this period)") {
		t.Errorf("1.0 server: limits or expiring shown:\n%s", out)
	}
	raw := h.mustRun("balance", "--workspace", "ws_acme", "--json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	plan, credits := doc["plan"].(map[string]any), doc["credits"].(map[string]any)
	_, hasLimits := plan["limits"]
	_, hasExpiring := credits["expiring"]
	_, hasForecast := doc["expiring_forecast"]
	if hasLimits || hasExpiring || hasForecast || doc["schema_version"] != float64(1) || doc["forecast"] == nil {
		t.Errorf("1.0 server: %s", raw)
	}
}

func TestBalanceExpiringRendering(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	b := model.Billing{Workspace: model.Workspace{ID: "ws_1", Name: "Acme"}, Role: model.RoleOwner,
		Plan:    model.Plan{Name: "Creator", Status: model.PlanActive, Limits: model.KnownLimits(nil)},
		Credits: model.CreditBalance{Remaining: model.NewCredits(100), GrantedThisPeriod: model.NewCredits(100), RefreshesAt: &end}}
	b.Credits.Expiring = model.KnownExpiring(nil)
	var buf bytes.Buffer
	if err := writeBalance(&buf, b, insights{}, now, time.UTC); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Limits       none reported for this plan") || !strings.Contains(buf.String(), "Expiring     none: no credits expire") {
		t.Errorf("known and empty:\n%s", buf.String())
	}
	buf.Reset()
	_ = writeBalanceJSON(&buf, b, insights{}, now, time.UTC)
	if !strings.Contains(buf.String(), `"limits": []`) || !strings.Contains(buf.String(), `"expiring": []`) || strings.Contains(buf.String(), "expiring_forecast") {
		t.Errorf("known and empty JSON:\n%s", buf.String())
	}
	// More expiring than remaining breaks the contract: said, not hidden.
	b.Credits.Expiring = model.KnownExpiring([]model.ExpiringCredit{{Amount: model.MustCredits("100.0001"), ExpiresAt: end, Source: model.ExpiryPeriod}})
	f := model.ForecastResult{Days: 7, WindowSpend: model.NewCredits(7), Pace: model.NewCredits(1), Sentence: "At 1 credits/day …"}
	buf.Reset()
	_ = writeBalance(&buf, b, insights{forecast: &f}, now, time.UTC)
	for _, want := range []string{"100.0001 expire Dec 3 (this period)", "At 1 credits/day 88.5001 of them lapse unused.",
		"Warning      the server lists 100.0001 expiring credits but only 100 remaining"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("lacks %q:\n%s", want, buf.String())
		}
	}
}
