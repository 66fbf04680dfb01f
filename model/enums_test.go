package model

import (
	"encoding/json"
	"testing"
)

func TestLabels(t *testing.T) {
	checks := map[string]string{
		AdjSubscriptionSwitchCompensation.Label(): "Subscription switch compensation",
		BillingVideoGeneration.Label():            "Video generation",
		BillingType("audio_generation").Label():   "audio_generation",
		FeaturePremiumBeta.Label():                "Premium Beta",
		ProviderPayPal.Label():                    "PayPal",
		Interval("").Label():                      "No billing",
	}
	for got, want := range checks {
		if got != want {
			t.Errorf("label %q, want %q", got, want)
		}
	}
	if len(AdjustmentTypes) != 9 {
		t.Fatalf("want 9 adjustment types, got %d", len(AdjustmentTypes))
	}
}

func TestParseEnum(t *testing.T) {
	for _, in := range []string{"video_generation", "Video generation", "video-generation", "VIDEO_GENERATION"} {
		if v, ok := ParseEnum(in, BillingTypes); !ok || v != BillingVideoGeneration {
			t.Errorf("ParseEnum(%q) = %q %v", in, v, ok)
		}
	}
	if _, ok := ParseEnum("audio", BillingTypes); ok {
		t.Error("unknown value accepted")
	}
}

func TestRoles(t *testing.T) {
	if RoleMember.SeesUsers() || Role("auditor").SeesUsers() {
		t.Error("member and unknown roles must not see users")
	}
	if !RoleSupport.SeesUsers() || RoleSupport.CanManagePlan() || !RoleOwner.CanManagePlan() {
		t.Error("role matrix wrong")
	}
}

// A record with an unknown enum and a deleted user still decodes and displays.
func TestRecordDecodeUnknowns(t *testing.T) {
	raw := `{"id":"conv_1","title":"T","message_count":3,"credits":"1.5","billing_type":"audio_generation","user":null,"updated_at":"2026-11-20T14:03:22Z","extra":1}`
	var c Conversation
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		t.Fatal(err)
	}
	if c.BillingType.Label() != "audio_generation" || DisplayName(c.User) != "Deleted user" || c.Credits.String() != "1.5" {
		t.Fatalf("decoded %+v", c)
	}
	var p Page[Conversation, ConversationSummary]
	if err := json.Unmarshal([]byte(`{"data":[`+raw+`],"next_cursor":null,"summary":{"conversations":1,"messages":3,"credits":"1.5"}}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Cursor() != "" || p.Summary.Credits.String() != "1.5" || len(p.Data) != 1 {
		t.Fatalf("page %+v", p)
	}
}
