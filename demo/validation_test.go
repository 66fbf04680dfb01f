package demo

import (
	"net/http"
	"strings"
	"testing"
)

func TestValidationErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	const calls = "/v1/workspaces/ws_acme/usage/mcp-calls"
	const convs = "/v1/workspaces/ws_acme/usage/conversations"
	cases := []struct{ path, param string }{
		{calls + "?bogus=1", "bogus"},
		{calls + "?limit=5&limit=6", "limit"},
		{calls + "?from=", "from"},
		{calls + "?from=yesterday", "from"},
		{calls + "?to=2026-11-20", "to"},
		{calls + "?from=2026-11-20T00:00:00Z&to=2026-11-20T00:00:00Z", "from"},
		{calls + "?from=2026-11-20T02:00:00%2B02:00&to=2026-11-19T23:00:00Z", "from"},
		{calls + "?sort=message_count", "sort"},
		{calls + "?order=up", "order"},
		{calls + "?limit=0", "limit"},
		{calls + "?limit=201", "limit"},
		{calls + "?limit=ten", "limit"},
		{calls + "?api_key_id=key_nope", "api_key_id"},
		{calls + "?cursor=not-a-cursor", "cursor"},
		{convs + "?billing_type=audio", "billing_type"},
		{convs + "?q=" + strings.Repeat("x", 201), "q"},
		{"/v1/workspaces/ws_acme/usage/imports?import_type=shoe", "import_type"},
		{"/v1/workspaces/ws_acme/credit-adjustments?type=gift", "type"},
		{"/v1/workspaces/ws_acme/credit-adjustments?sort=credits", "sort"},
		{"/v1/workspaces/ws_acme/invoices?sort=amount", "sort"},
		{"/v1/workspaces/ws_acme/usage/daily?to=2026-11-20T00:00:00Z", "from"},
		{"/v1/workspaces/ws_acme/usage/daily?from=2026-11-20T00:00:00Z", "to"},
		{"/v1/workspaces/ws_acme/usage/daily?from=2025-01-01T00:00:00Z&to=2026-11-20T00:00:00Z", "to"},
		{"/v1/workspaces/ws_acme/usage/daily?from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&tz=Mars/Olympus", "tz"},
		{"/v1/workspaces/ws_acme/usage/daily?from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&tz=Local", "tz"},
		{"/v1/workspaces/ws_acme/billing?x=1", "x"},
		{"/v1/me?verbose=true", "verbose"},
	}
	for _, c := range cases {
		r := get(t, s, OwnerKey, c.path)
		t.Run(c.path, func(t *testing.T) { wantErr(t, r, 400, "invalid_request", c.param) })
	}
}

func TestCursorBoundToFiltersAndSort(t *testing.T) {
	s := newTestServer(t, Options{})
	base := "/v1/workspaces/ws_acme/usage/mcp-calls?limit=5&sort=credits&api_key_id=key_ci"
	var page struct {
		NextCursor *string `json:"next_cursor"`
	}
	decode(t, get(t, s, OwnerKey, base), &page)
	if page.NextCursor == nil {
		t.Fatal("want a next cursor")
	}
	c := "&cursor=" + *page.NextCursor
	if r := get(t, s, OwnerKey, base+c); r.status != 200 {
		t.Fatalf("same params: %d %s", r.status, r.body)
	}
	if r := get(t, s, OwnerKey, strings.Replace(base, "limit=5", "limit=7", 1)+c); r.status != 200 {
		t.Fatalf("limit may change between pages: %d %s", r.status, r.body)
	}
	for _, other := range []string{
		strings.Replace(base, "key_ci", "key_figma", 1),
		strings.Replace(base, "sort=credits", "sort=created_at", 1),
		base + "&order=asc",
		base + "&from=2026-01-01T00:00:00Z",
		strings.Replace(base, "mcp-calls", "imports", 1),
		strings.Replace(base, "ws_acme", "ws_side", 1),
	} {
		other = strings.Replace(other, "&api_key_id=key_ci", "", strings.Count(other, "imports"))
		r := get(t, s, OwnerKey, other+c)
		if strings.Contains(other, "ws_side") {
			// ws_side has other keys: the key filter itself is the 400.
			if r.status != 400 {
				t.Fatalf("%s: %d", other, r.status)
			}
			continue
		}
		wantErr(t, r, 400, "invalid_request", "cursor")
	}
}

func TestAuthAndRoles(t *testing.T) {
	s := newTestServer(t, Options{})
	wantErr(t, get(t, s, "", "/v1/me"), 401, "authentication", "")
	wantErr(t, get(t, s, "tally_demo_owner_0000000000000001", "/v1/me"), 401, "authentication", "")
	wantErr(t, get(t, s, OwnerKey, "/v1/workspaces/ws_nope/billing"), 404, "not_found", "")
	wantErr(t, get(t, s, AdminKey, "/v1/workspaces/ws_free/billing"), 404, "not_found", "")
	wantErr(t, get(t, s, MemberKey, "/v1/workspaces/ws_side/usage/mcp-calls"), 404, "not_found", "")
	wantErr(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/conversations/conv_000000000000"), 404, "not_found", "")
	wantErr(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/usage/conversations/conv_x"), 404, "not_found", "")
	wantErr(t, get(t, s, OwnerKey, "/v1/workspaces/ws_acme/nothing"), 404, "not_found", "")
	wantErr(t, get(t, s, MemberKey, "/v1/workspaces/ws_acme/invoices"), 403, "permission", "")
	wantErr(t, get(t, s, OwnerKey, "/v1/workspaces/ws_side/invoices"), 403, "permission", "")
	for _, k := range []string{AdminKey, MemberKey, SupportKey} {
		r := do(t, s, http.MethodPost, k, "/v1/workspaces/ws_acme/portal-sessions", "{}")
		wantErr(t, r, 403, "permission", "")
	}
	wantErr(t, do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_side/subscription/cancel", "{}"), 403, "permission", "")
	for _, k := range []string{OwnerKey, AdminKey, SupportKey} {
		if r := get(t, s, k, "/v1/workspaces/ws_acme/invoices"); r.status != 200 {
			t.Fatalf("%s invoices: %d", k[:16], r.status)
		}
	}
	wantErr(t, do(t, s, http.MethodDelete, OwnerKey, "/v1/workspaces/ws_acme/billing", ""), 405, "invalid_request", "")
}

func TestRequestIDsUnique(t *testing.T) {
	s := newTestServer(t, Options{})
	seen := map[string]bool{}
	for _, k := range []string{OwnerKey, "", OwnerKey, "bad"} {
		id := get(t, s, k, "/v1/me").header.Get("X-Request-Id")
		if id == "" || seen[id] {
			t.Fatalf("request id %q missing or repeated", id)
		}
		seen[id] = true
	}
}

func TestMemberHasNoUserKeyOwnerSeesDeletedAsNull(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, p := range []string{"usage/conversations", "usage/mcp-calls", "usage/imports"} {
		r := get(t, s, MemberKey, "/v1/workspaces/ws_acme/"+p+"?limit=200")
		if r.status != 200 || strings.Contains(string(r.body), `"user"`) {
			t.Fatalf("member %s: status %d, body has a user key", p, r.status)
		}
		r = get(t, s, OwnerKey, "/v1/workspaces/ws_acme/"+p+"?limit=200")
		if !strings.Contains(string(r.body), `"user":{"id":"usr_`) {
			t.Fatalf("owner %s: no users", p)
		}
	}
	// The revoked key belongs to the deleted user.
	for _, k := range []string{OwnerKey, AdminKey, SupportKey} {
		r := get(t, s, k, "/v1/workspaces/ws_acme/usage/mcp-calls?api_key_id=key_legacy&limit=3")
		var page struct{ Data []map[string]any }
		decode(t, r, &page)
		if len(page.Data) == 0 {
			t.Fatal("no legacy calls")
		}
		for _, d := range page.Data {
			if u, ok := d["user"]; !ok || u != nil {
				t.Fatalf("deleted user should be null, got %v (present %v)", u, ok)
			}
		}
	}
	r := get(t, s, OwnerKey, "/v1/workspaces/ws_side/usage/conversations?limit=200")
	if strings.Contains(string(r.body), `"user"`) {
		t.Fatal("Ada is a member of ws_side: no users")
	}
}
