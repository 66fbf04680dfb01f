package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/demo"
)

func TestAuthStatusJSON(t *testing.T) {
	srv := startDemo(t, demo.Options{Size: 20})
	h := newHarness(t)
	h.useDemo(srv, demo.OwnerKey)
	var st map[string]any
	out := h.mustRun("auth", "status", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	key := st["key"].(map[string]any)
	server := st["server"].(map[string]any)
	if st["schema_version"] != 1.0 || st["profile"] != "default" || st["base_url"] != srv.URL || st["base_url_source"] != "env" ||
		key["source"] != "env" || key["location"] != "TALLY_API_KEY" || key["fingerprint"] != config.Fingerprint(demo.OwnerKey) ||
		server["accepts_key"] != true || st["key_error"] != nil || len(st["workspaces"].([]any)) != 3 ||
		st["user"].(map[string]any)["name"] != "Ada Lovelace" {
		t.Fatalf("%s", out)
	}
	if strings.Contains(out, demo.OwnerKey) {
		t.Fatal("the key is in the JSON")
	}

	// No key: still a document on stdout, with the exit code of the text form.
	delete(h.env, config.EnvAPIKey)
	if code := h.run("auth", "status", "--json"); code != ExitAuth {
		t.Fatalf("no key: exit %d", code)
	}
	st = nil
	if err := json.Unmarshal([]byte(h.stdout.String()), &st); err != nil || st["key"] != nil || st["key_error"] == nil ||
		st["server"].(map[string]any)["checked"] != false || len(st["workspaces"].([]any)) != 0 {
		t.Fatalf("no key: %v %s", err, h.stdout.String())
	}

	// A refused key.
	h.env[config.EnvAPIKey] = "tally_not_a_real_key_0000abcd"
	if code := h.run("auth", "status", "--json"); code != ExitAuth {
		t.Fatalf("refused: exit %d", code)
	}
	st = nil
	if err := json.Unmarshal([]byte(h.stdout.String()), &st); err != nil || st["server"].(map[string]any)["accepts_key"] != false ||
		st["server"].(map[string]any)["error"] == nil || st["user"] != nil {
		t.Fatalf("refused: %v %s", err, h.stdout.String())
	}

	// A server that cannot be reached does not say whether it accepts the key.
	h.env[config.EnvBaseURL] = "http://127.0.0.1:1"
	if code := h.run("auth", "status", "--json"); code != ExitError {
		t.Fatalf("unreachable: exit %d", code)
	}
	st = nil
	if err := json.Unmarshal([]byte(h.stdout.String()), &st); err != nil || st["server"].(map[string]any)["accepts_key"] != nil ||
		st["server"].(map[string]any)["checked"] != true || st["server"].(map[string]any)["error"] == nil {
		t.Fatalf("unreachable: %v %s", err, h.stdout.String())
	}
}
