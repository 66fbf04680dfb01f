package tabs

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
)

func overviewText(ov *Overview) string {
	ov.build()
	return ansi.Strip(strings.Join(ov.lines, "\n"))
}

// Every limit the server reports is shown used of included; expiring
// credits soonest first; a 1.0 document says "not reported", never zero.
func TestOverviewLimitsAndExpiring(t *testing.T) {
	h, ov := overview(t, 160, 40)
	b := *ov.billing
	txt := overviewText(ov)
	for _, x := range b.Plan.Limits.List() {
		if !strings.Contains(txt, string(x.Name)+": "+x.Usage()) {
			t.Errorf("limit %s (%s) missing:\n%s", x.Name, x.Usage(), txt)
		}
	}
	sorted := b.Credits.Expiring.Sorted()
	if len(sorted) < 2 {
		t.Fatalf("demo expiring %+v", sorted)
	}
	at := -1
	for _, x := range sorted {
		i := strings.Index(txt, x.Phrase(fixedNow, h.sess.Loc))
		if i <= at {
			t.Errorf("%q missing or out of order:\n%s", x.Phrase(fixedNow, h.sess.Loc), txt)
		}
		at = i
	}
	if !strings.Contains(txt, "Run-out") {
		t.Errorf("no run-out row:\n%s", txt)
	}

	// A 1.0 document: nothing known, nothing shown as a figure.
	old := b
	old.Plan.Limits, old.Credits.Expiring = model.PlanLimits{}, model.ExpiringCredits{}
	h.run(ov.SetBilling(&old, nil, true))
	txt = overviewText(ov)
	if strings.Count(txt, "— not reported by this server (API 1.0)") != 2 || strings.Contains(txt, "Run-out") {
		t.Errorf("1.0:\n%s", txt)
	}

	// Credits that lapse unused bring the run-out forward, and it says why.
	lapse := b
	lapse.Credits.Expiring = model.KnownExpiring([]model.ExpiringCredit{
		{Amount: b.Credits.Remaining, ExpiresAt: fixedNow.Add(36 * 3600 * 1e9), Source: model.ExpiryPromo}})
	h.run(ov.SetBilling(&lapse, nil, true))
	txt = overviewText(ov)
	r, ok := ov.runOut()
	if !ok || r.Expiry.Lapse.Sign() <= 0 || !r.RunOutAt.Before(r.Plain.RunOutAt) {
		t.Fatalf("run-out %+v", r)
	}
	if !strings.Contains(txt, r.Expiry.Lapse.Grouped()+" lapse unused first") || !strings.Contains(txt, r.Short(fixedNow, h.sess.Loc)) {
		t.Errorf("lapsing run-out:\n%s", txt)
	}
}
