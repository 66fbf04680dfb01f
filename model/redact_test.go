package model

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestRedactorConsistentAndDeterministic(t *testing.T) {
	r := NewRedactor([]byte("seed-1"))
	same := NewRedactor([]byte("seed-1"))
	other := NewRedactor([]byte("seed-2"))
	for _, tc := range []struct {
		kind string
		f    func(Redactor, Text) Text
		re   string
	}{
		{"name", Redactor.Name, `^User [0-9a-f]{6}$`},
		{"email", Redactor.Email, `^user-[0-9a-f]{6}@redacted\.invalid$`},
		{"title", Redactor.Title, `^Title [0-9a-f]{6}$`},
		{"key", Redactor.KeyName, `^Key [0-9a-f]{6}$`},
		{"prefix", Redactor.KeyPrefix, `^…[0-9a-f]{4}$`},
		{"url", Redactor.URL, `^https://redacted\.invalid/u/[0-9a-f]{6}$`},
		{"workspace", Redactor.WorkspaceName, `^Workspace [0-9a-f]{6}$`},
		{"detail", Redactor.Detail, `^Detail [0-9a-f]{6}$`},
	} {
		in := Text("Ada Lovelace \x1b hostile 👍🏽 " + tc.kind)
		a, b := tc.f(r, in), tc.f(r, in)
		if a != b || a != tc.f(same, in) {
			t.Errorf("%s: not consistent: %q %q", tc.kind, a, b)
		}
		if a == tc.f(other, in) {
			t.Errorf("%s: another seed gives the same token", tc.kind)
		}
		if a == tc.f(r, in+"x") {
			t.Errorf("%s: different values share a token", tc.kind)
		}
		if !regexp.MustCompile(tc.re).MatchString(string(a)) {
			t.Errorf("%s: %q does not match %s", tc.kind, a, tc.re)
		}
		if tc.f(r, "") != "" {
			t.Errorf("%s: empty must stay empty", tc.kind)
		}
		if got := tc.f(Redactor{}, in); got != in {
			t.Errorf("%s: the zero Redactor must be off, got %q", tc.kind, got)
		}
	}
	// Kinds are separate: a name and a title with the same text get unrelated tokens.
	if strings.TrimPrefix(string(r.Name("x")), "User ") == strings.TrimPrefix(string(r.Title("x")), "Title ") {
		t.Error("name and title share a token")
	}
	if (Redactor{}).Enabled() || !r.Enabled() || !NewRedactor(nil).Enabled() {
		t.Error("Enabled")
	}
	rr, err := NewRandomRedactor()
	if err != nil || rr.Name("Ada") == r.Name("Ada") {
		t.Error("random redactor")
	}
}

func TestRedactorRecordsLeakNothingSensitive(t *testing.T) {
	r := NewRedactor([]byte("s"))
	now := time.Date(2026, 11, 20, 14, 3, 22, 0, time.UTC)
	ada := &User{ID: "usr_1", Name: "Ada Lovelace", Email: "ada@example.com"}
	secrets := []string{"Ada Lovelace", "ada@example.com", "Launch storyboard", "CI pipeline", "sk_live_9f2c",
		"https://shop.example.com/p/42", "Acme Studio", "Refund for Grace", "https://billing.example.com/i/inv_1.pdf"}
	keep := []string{"usr_1", "conv_1", "call_1", "imp_1", "adj_1", "inv_1", "key_ci", "ws_acme", "128.5", "ACME-0042",
		"Creator Plan (monthly)", "generate_image", "Video Credits", "Creator", "10 s video"}
	records := []any{
		r.Conversation(Conversation{ID: "conv_1", Title: "Launch storyboard", Credits: MustCredits("128.5"), User: ada, UpdatedAt: now}),
		r.ConversationDetail(ConversationDetail{Conversation: Conversation{ID: "conv_1", Title: "Launch storyboard", User: ada},
			Items: []ConversationItem{{ID: "itm_1", Description: "10 s video", Credits: NewCredits(20)}}}),
		r.MCPCall(MCPCall{ID: "call_1", APIKey: APIKeyRef{ID: "key_ci", Name: "CI pipeline"}, Tool: "generate_image", User: ada}),
		r.APIKey(APIKey{ID: "key_ci", Name: "CI pipeline", Prefix: "sk_live_9f2c"}),
		r.Import(Import{ID: "imp_1", ImportURL: "https://shop.example.com/p/42", User: ada}),
		r.Adjustment(Adjustment{ID: "adj_1", Type: AdjAdminAdjustment, Amount: NewCredits(5), Detail: "Refund for Grace"}),
		r.Invoice(Invoice{ID: "inv_1", Number: "ACME-0042", Description: "Creator Plan (monthly)", PDFURL: "https://billing.example.com/i/inv_1.pdf"}),
		r.Me(Me{User: *ada, Workspaces: []WorkspaceRef{{ID: "ws_acme", Name: "Acme Studio", Role: RoleOwner}}}),
		r.Billing(Billing{Workspace: Workspace{ID: "ws_acme", Name: "Acme Studio"}, Plan: Plan{Name: "Creator"},
			Wallets: []Wallet{{Name: "Video Credits"}}}),
	}
	b, err := json.Marshal(records)
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("redacted records still contain %q:\n%s", s, out)
		}
	}
	for _, s := range keep {
		if !strings.Contains(out, s) {
			t.Errorf("redaction dropped %q, which support needs:\n%s", s, out)
		}
	}
	// The input record is not modified (records are values; the user pointer is copied).
	if ada.Name != "Ada Lovelace" {
		t.Fatal("User was redacted in place")
	}
	if r.User(nil) != nil {
		t.Fatal("a deleted user stays nil")
	}
}

func BenchmarkRedactConversation(b *testing.B) {
	r := NewRedactor([]byte("bench"))
	c := Conversation{ID: "conv_1", Title: "Launch video storyboard", User: &User{ID: "usr_1", Name: "Ada Lovelace", Email: "ada@example.com"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Conversation(c)
	}
}
