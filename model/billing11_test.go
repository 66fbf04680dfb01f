package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const billing10 = `{"workspace":{"id":"ws_acme","name":"Acme"},"role":"owner",
 "plan":{"id":"creator","name":"Creator","status":"active","interval":"month",
  "current_period_start":"2026-11-03T00:00:00Z","current_period_end":"2026-12-03T00:00:00Z",
  "cancel_at_period_end":false,"scheduled_change":null},
 "credits":{"remaining":"1234.5","granted_this_period":"2000","used_this_period":"765.5","refreshes_at":"2026-12-03T00:00:00Z"},
 "wallets":[],"features":[]}`

func billing11(limits, expiring string) string {
	s := strings.Replace(billing10, `"scheduled_change":null}`, `"scheduled_change":null,"limits":`+limits+`}`, 1)
	return strings.Replace(s, `"refreshes_at":"2026-12-03T00:00:00Z"}`, `"refreshes_at":"2026-12-03T00:00:00Z","expiring":`+expiring+`}`, 1)
}

const contractLimits = `[
 {"key":"image_generations","name":"Image generations","used":"120","limit":"500","resets_at":"2026-12-03T00:00:00Z"},
 {"key":"websites","name":"Websites","used":"2","limit":"3","resets_at":null},
 {"key":"standard_video","name":"Standard video","used":"41","limit":null,"resets_at":null},
 {"key":"voice","name":"Voice cloning","used":"0","limit":"0","resets_at":null}]`

const contractExpiring = `[
 {"amount":"150","expires_at":"2026-12-03T00:00:00Z","source":"period"},
 {"amount":"40.5","expires_at":"2026-12-19T00:00:00Z","source":"rollover"}]`

func TestBilling10HasUnknownLimitsAndExpiring(t *testing.T) {
	var b Billing
	if err := json.Unmarshal([]byte(billing10), &b); err != nil {
		t.Fatal(err)
	}
	if b.Plan.Limits.Known() || b.Credits.Expiring.Known() || b.Plan.Limits.List() != nil {
		t.Fatalf("a 1.0 document decoded as known: %+v %+v", b.Plan.Limits, b.Credits.Expiring)
	}
	// Unknown stays absent when re-encoded (omitzero), never [] or zeros.
	out, _ := json.Marshal(b)
	if strings.Contains(string(out), "limits") || strings.Contains(string(out), "expiring") {
		t.Errorf("unknown fields re-encoded: %s", out)
	}
	// null is no more than absence.
	var n Billing
	if err := json.Unmarshal([]byte(billing11("null", "null")), &n); err != nil || n.Plan.Limits.Known() || n.Credits.Expiring.Known() {
		t.Errorf("null: %v %+v", err, n)
	}
}

func TestBilling11LimitsAndExpiring(t *testing.T) {
	var b Billing
	if err := json.Unmarshal([]byte(billing11(contractLimits, contractExpiring)), &b); err != nil {
		t.Fatal(err)
	}
	l := b.Plan.Limits.List()
	if !b.Plan.Limits.Known() || len(l) != 4 {
		t.Fatalf("limits %+v", b.Plan.Limits)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	wantLines := []string{
		"Image generations: 120 of 500 · resets Dec 3",
		"Websites: 2 of 3",
		"Standard video: 41 used · unlimited",
		"Voice cloning: not included",
	}
	for i, w := range wantLines {
		if got := l[i].Line(now, time.UTC); got != w {
			t.Errorf("limit %d: %q, want %q", i, got, w)
		}
	}
	if pct, ok := l[0].UsedPercent(); !ok || pct != 24 {
		t.Errorf("120 of 500 = %d%% %v", pct, ok)
	}
	if _, ok := l[2].UsedPercent(); ok || !l[2].Unlimited() || !l[2].Included() {
		t.Error("unlimited has a percentage or is not included")
	}
	if _, ok := l[3].UsedPercent(); ok || l[3].Included() || l[3].Unlimited() {
		t.Error(`"0" must be "not included", not unlimited`)
	}
	e := b.Credits.Expiring
	total, err := e.Total()
	if !e.Known() || len(e.List()) != 2 || err != nil || total != MustCredits("190.5") {
		t.Fatalf("expiring %+v total %s %v", e, total, err)
	}
	if e.List()[1].Source != ExpiryRollover || e.List()[1].Source.Label() != "Rollover" {
		t.Errorf("source %q", e.List()[1].Source)
	}
	if err := e.Check(b.Credits.Remaining); err != nil {
		t.Error(err)
	}
	if err := e.Check(MustCredits("190.4999")); err == nil || !strings.Contains(err.Error(), "190.5 expiring credits but only 190.4999") {
		t.Errorf("sum above remaining: %v", err)
	}
	if x, ok := e.Nearest(now); !ok || x.Amount != NewCredits(150) {
		t.Errorf("nearest %+v", x)
	}
	if _, ok := e.Nearest(time.Date(2026, 12, 19, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("an entry expiring exactly now is not upcoming")
	}

	// Known and empty is different from unknown, and survives re-encoding.
	var empty Billing
	if err := json.Unmarshal([]byte(billing11("[]", "[]")), &empty); err != nil {
		t.Fatal(err)
	}
	if !empty.Plan.Limits.Known() || !empty.Credits.Expiring.Known() || len(empty.Credits.Expiring.List()) != 0 {
		t.Fatalf("empty lists: %+v", empty)
	}
	out, _ := json.Marshal(empty)
	if !strings.Contains(string(out), `"limits":[]`) || !strings.Contains(string(out), `"expiring":[]`) {
		t.Errorf("known empty lists re-encoded as %s", out)
	}
	// Comparable: the TUI compares CreditBalance with ==; Equal compares contents.
	var again Billing
	_ = json.Unmarshal([]byte(billing11(contractLimits, contractExpiring)), &again)
	if !again.Credits.Expiring.Equal(b.Credits.Expiring) || !again.Plan.Limits.Equal(b.Plan.Limits) {
		t.Error("equal documents compare unequal")
	}
	if empty.Credits.Expiring.Equal(b.Credits.Expiring) || (Billing{}).Plan.Limits.Equal(empty.Plan.Limits) {
		t.Error("different documents compare equal")
	}
}

func TestBilling11StrictEntries(t *testing.T) {
	cases := map[string][2]string{
		"used missing":     {`[{"key":"k","name":"n","limit":"1","resets_at":null}]`, `plan.limits[0]: field "used" is missing`},
		"limit missing":    {`[{"key":"k","name":"n","used":"1","resets_at":null}]`, `plan.limits[0]: field "limit" is missing`},
		"resets missing":   {`[{"key":"k","name":"n","used":"1","limit":null}]`, `field "resets_at" is missing`},
		"used null":        {`[{"key":"k","name":"n","used":null,"limit":null,"resets_at":null}]`, `field "used" is null`},
		"float used":       {`[{"key":"k","name":"n","used":1.5,"limit":null,"resets_at":null}]`, `decimal string`},
		"negative limit":   {`[{"key":"k","name":"n","used":"1","limit":"-1","resets_at":null}]`, `negative`},
		"five decimals":    {`[{"key":"k","name":"n","used":"0.00001","limit":null,"resets_at":null}]`, `more than 4 decimal places`},
		"null entry":       {`[null]`, `plan.limits[0] is null`},
		"not a list":       {`{}`, `plan.limits: want an array`},
		"second entry bad": {`[{"key":"k","name":"n","used":"1","limit":null,"resets_at":null},{"key":"k"}]`, `plan.limits[1]: field "name" is missing`},
	}
	for name, c := range cases {
		var b Billing
		err := json.Unmarshal([]byte(billing11(c[0], "[]")), &b)
		if err == nil || !strings.Contains(err.Error(), c[1]) {
			t.Errorf("%s: %v, want %q", name, err, c[1])
		}
	}
	exp := map[string][2]string{
		"amount missing":  {`[{"expires_at":"2026-12-03T00:00:00Z","source":"period"}]`, `credits.expiring[0]: field "amount" is missing`},
		"expires missing": {`[{"amount":"1","source":"period"}]`, `field "expires_at" is missing`},
		"source missing":  {`[{"amount":"1","expires_at":"2026-12-03T00:00:00Z"}]`, `field "source" is missing`},
		"negative":        {`[{"amount":"-1","expires_at":"2026-12-03T00:00:00Z","source":"period"}]`, `negative`},
		"bad time":        {`[{"amount":"1","expires_at":"soon","source":"period"}]`, `expires_at`},
	}
	for name, c := range exp {
		var b Billing
		err := json.Unmarshal([]byte(billing11("[]", c[0])), &b)
		if err == nil || !strings.Contains(err.Error(), c[1]) {
			t.Errorf("%s: %v, want %q", name, err, c[1])
		}
	}
	// Unknown sources and hostile text survive, sanitised.
	var b Billing
	err := json.Unmarshal([]byte(billing11(`[{"key":"k","name":"Evil\u001b[2J name","used":"1","limit":null,"resets_at":null}]`,
		`[{"amount":"1","expires_at":"2026-12-03T00:00:00Z","source":"gift\u202e"}]`)), &b)
	if err != nil || b.Plan.Limits.List()[0].Name != "Evil name" || b.Credits.Expiring.List()[0].Source != "gift" {
		t.Errorf("%v %+v %+v", err, b.Plan.Limits.List(), b.Credits.Expiring.List())
	}
}

func TestExpiringSortedKeepsServerOrderForTies(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 12, day, 0, 0, 0, 0, time.UTC) }
	e := KnownExpiring([]ExpiringCredit{
		{NewCredits(3), d(19), ExpiryRollover}, {NewCredits(1), d(3), ExpiryPeriod}, {NewCredits(2), d(3), ExpiryPromo},
	})
	s := e.Sorted()
	if s[0].Amount != NewCredits(1) || s[1].Amount != NewCredits(2) || s[2].Amount != NewCredits(3) {
		t.Errorf("sorted %+v", s)
	}
	if e.List()[0].Amount != NewCredits(3) {
		t.Error("Sorted changed the shared list")
	}
}
