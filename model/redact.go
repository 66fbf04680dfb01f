package model

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Redactor masks personal and identifying text so a screenshot, a copied
// view or an export can be shared (`--redact`). The same value always masks
// to the same token for one Redactor, so "who did what" stays readable:
//
//	names          "Ada Lovelace"              → "User 3f2a9c"
//	emails         "ada@example.com"           → "user-71b0e2@redacted.invalid"
//	titles         "Launch video storyboard"   → "Title 9c1d04"
//	key names      "CI pipeline"               → "Key 77ab31"
//	key prefixes   "sk_…9f2c"                  → "…77ab"   (a fragment of the secret)
//	URLs           "https://shop.example/p/42" → "https://redacted.invalid/u/1b2c3d"
//	workspace names "Acme Studio"              → "Workspace 5e60aa"
//	adjustment details (typed by staff, may name people) → "Detail 0c4f2b"
//	search text a user typed (export query)    → "Search 8d1e7a"
//
// Kept: ids (support needs them), amounts, counts, times, enum values, and
// text from the product's own vocabulary — plan, wallet and feature names,
// invoice numbers and descriptions, conversation item descriptions, MCP tool
// names.
//
// A token is HMAC-SHA256(seed, kind ‖ 0 ‖ value) truncated to 24 bits (6 hex
// digits): with a secret seed nobody can test guesses ("is 3f2a9c Ada?"),
// and kinds never share tokens. 24 bits keeps accidental collisions rare
// among thousands of titles (two values sharing a token only merges them;
// it never reveals either). Empty text stays empty so "Deleted user" logic
// is unchanged.
//
// The zero Redactor is off: every method returns its input. It holds only
// its key, so it is safe for concurrent use and cheap to copy.
type Redactor struct {
	key []byte
}

// NewRedactor returns a Redactor keyed by seed; the same seed gives the same
// tokens (tests, or one session's views). An empty seed is replaced by a
// fixed non-empty one so the result is still on.
func NewRedactor(seed []byte) Redactor {
	k := make([]byte, 0, len(seed)+1)
	k = append(k, 'r')
	return Redactor{key: append(k, seed...)}
}

// NewRandomRedactor returns a Redactor with a fresh random seed: tokens are
// stable within the run, and unlinkable across runs.
func NewRandomRedactor() (Redactor, error) {
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return Redactor{}, fmt.Errorf("cannot seed --redact: %w", err)
	}
	return NewRedactor(seed), nil
}

// Enabled reports whether the Redactor masks anything.
func (r Redactor) Enabled() bool { return r.key != nil }

// token is the 6-hex-digit HMAC of value under kind.
func (r Redactor) token(kind, value string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:3])
}

func (r Redactor) mask(kind, prefix string, t Text) Text {
	if !r.Enabled() || t == "" {
		return t
	}
	return Text(prefix + r.token(kind, string(t)))
}

// Name masks a person's name.
func (r Redactor) Name(t Text) Text { return r.mask("name", "User ", t) }

// Email masks an email address into a reserved, undeliverable domain.
func (r Redactor) Email(t Text) Text {
	if !r.Enabled() || t == "" {
		return t
	}
	return Text("user-" + r.token("email", string(t)) + "@redacted.invalid")
}

// Title masks a conversation title.
func (r Redactor) Title(t Text) Text { return r.mask("title", "Title ", t) }

// KeyName masks an API key's name.
func (r Redactor) KeyName(t Text) Text { return r.mask("key", "Key ", t) }

// KeyPrefix masks the visible fragment of an API key ("sk_…9f2c").
func (r Redactor) KeyPrefix(t Text) Text {
	if !r.Enabled() || t == "" {
		return t
	}
	return Text("…" + r.token("prefix", string(t))[:4])
}

// URL masks a URL into a reserved domain; the result is still an https URL.
func (r Redactor) URL(t Text) Text { return r.mask("url", "https://redacted.invalid/u/", t) }

// WorkspaceName masks a workspace's name.
func (r Redactor) WorkspaceName(t Text) Text { return r.mask("workspace", "Workspace ", t) }

// Detail masks an adjustment's free-text detail.
func (r Redactor) Detail(t Text) Text { return r.mask("detail", "Detail ", t) }

// Search masks search text the user typed (it may be a name or an email).
func (r Redactor) Search(s string) string {
	return string(r.mask("search", "Search ", Text(s)))
}

// User returns a masked copy of u (nil stays nil: a deleted user).
func (r Redactor) User(u *User) *User {
	if u == nil || !r.Enabled() {
		return u
	}
	return &User{ID: u.ID, Name: r.Name(u.Name), Email: r.Email(u.Email)}
}

// Me masks the caller's name and email and the workspace names.
func (r Redactor) Me(m Me) Me {
	if !r.Enabled() {
		return m
	}
	m.User = *r.User(&m.User)
	ws := make([]WorkspaceRef, len(m.Workspaces))
	for i, w := range m.Workspaces {
		ws[i] = r.WorkspaceRef(w)
	}
	m.Workspaces = ws
	return m
}

// WorkspaceRef masks the workspace's name.
func (r Redactor) WorkspaceRef(w WorkspaceRef) WorkspaceRef {
	w.Name = r.WorkspaceName(w.Name)
	return w
}

// Billing masks the workspace name; plan, wallet and feature names are product vocabulary.
func (r Redactor) Billing(b Billing) Billing {
	b.Workspace.Name = r.WorkspaceName(b.Workspace.Name)
	return b
}

// Conversation masks the title and the user.
func (r Redactor) Conversation(c Conversation) Conversation {
	c.Title = r.Title(c.Title)
	c.User = r.User(c.User)
	return c
}

// ConversationDetail masks the conversation; item descriptions are generated by the product.
func (r Redactor) ConversationDetail(d ConversationDetail) ConversationDetail {
	d.Conversation = r.Conversation(d.Conversation)
	return d
}

// MCPCall masks the key name and the user.
func (r Redactor) MCPCall(c MCPCall) MCPCall {
	c.APIKey.Name = r.KeyName(c.APIKey.Name)
	c.User = r.User(c.User)
	return c
}

// APIKey masks the key's name and its visible prefix.
func (r Redactor) APIKey(k APIKey) APIKey {
	k.Name = r.KeyName(k.Name)
	k.Prefix = r.KeyPrefix(k.Prefix)
	return k
}

// Import masks the URL and the user.
func (r Redactor) Import(i Import) Import {
	i.ImportURL = r.URL(i.ImportURL)
	i.User = r.User(i.User)
	return i
}

// Adjustment masks the detail.
func (r Redactor) Adjustment(a Adjustment) Adjustment {
	a.Detail = r.Detail(a.Detail)
	return a
}

// Invoice masks the PDF link (it may carry an access token); number and
// description identify the charge for support.
func (r Redactor) Invoice(i Invoice) Invoice {
	i.PDFURL = r.URL(i.PDFURL)
	return i
}
