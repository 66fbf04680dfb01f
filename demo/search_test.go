package demo

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestConversationSearch(t *testing.T) {
	s := newTestServer(t, Options{})
	const path = "/v1/workspaces/ws_acme/usage/conversations"
	all, _ := walk(t, s, OwnerKey, path, url.Values{"limit": {"200"}})
	target := all[17]

	got, _ := walk(t, s, OwnerKey, path, url.Values{"q": {strings.ToUpper(target.ID)}})
	if len(got) != 1 || got[0].ID != target.ID {
		t.Fatalf("exact id search found %d records", len(got))
	}
	prefix := target.ID[:len(target.ID)-5]
	got, _ = walk(t, s, OwnerKey, path, url.Values{"q": {prefix}, "limit": {"200"}})
	if len(got) < 2 {
		t.Fatalf("id prefix %s found %d", prefix, len(got))
	}
	for _, r := range got {
		if !strings.HasPrefix(r.ID, prefix) {
			t.Fatalf("%s does not start with %s", r.ID, prefix)
		}
	}

	// Title substring, any case; combined with a filter and a sort; summary counts matches.
	got, sum := walk(t, s, OwnerKey, path, url.Values{"q": {"STORYBOARD"}, "billing_type": {"message"}, "sort": {"credits"}, "limit": {"9"}})
	if len(got) == 0 || float64(len(got)) != sum["conversations"] {
		t.Fatalf("title search: %d records, summary %v", len(got), sum["conversations"])
	}
	for i, r := range got {
		if r.BillingType != "message" || (i > 0 && got[i-1].Credits < r.Credits) {
			t.Fatalf("filter or order broken at %d", i)
		}
	}

	// Creator email: owners can search by people, members cannot.
	type withUser struct {
		Data []struct {
			Title string
			User  *struct{ Email string }
		}
	}
	var page withUser
	decode(t, get(t, s, OwnerKey, path+"?limit=200&q=grace%40example"), &page)
	if len(page.Data) == 0 {
		t.Fatal("no conversations by grace")
	}
	for _, d := range page.Data {
		if d.User == nil || d.User.Email != "grace@example.com" {
			if !strings.Contains(strings.ToLower(d.Title), "grace@example") {
				t.Fatalf("unexpected match %+v", d)
			}
		}
	}
	decode(t, get(t, s, MemberKey, path+"?limit=200&q=grace%40example"), &page)
	if len(page.Data) != 0 {
		t.Fatal("members must not find conversations by the creator they cannot see")
	}
	got, _ = walk(t, s, OwnerKey, path, url.Values{"q": {"no such title anywhere"}})
	if len(got) != 0 {
		t.Fatal("nonsense query matched")
	}
}

func TestConcurrentRequests(t *testing.T) {
	s := newTestServer(t, Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				if i%2 == 0 {
					get(t, s, OwnerKey, "/v1/workspaces/ws_acme/billing")
				} else {
					p := []string{"cancel", "resume"}[j%2]
					do(t, s, http.MethodPost, OwnerKey, "/v1/workspaces/ws_acme/subscription/"+p, "{}", "Idempotency-Key", p+string(rune('a'+i)))
				}
			}
		}()
	}
	wg.Wait()
}
