package demo

import (
	"fmt"
	"time"
)

// Options configures the generated data and the server's behaviour.
type Options struct {
	Now     time.Time     // zero -> time.Now().UTC(); all dates are relative to it
	Seed    int64         // 0 -> 1
	Size    int           // MCP calls in ws_acme; 0 -> 2000 (conversations ~Size/2, imports ~Size/8)
	Faults  string        // "", "light", "heavy"
	Latency time.Duration // extra latency per request (added to the faults')
	Jitter  time.Duration // Latency varies uniformly by up to ± this much; at most Latency
	Hostile bool          // hostile strings in titles, names, key names, URLs, details
	// API is the contract version served: "" or "1.1" (everything), "1.0" (a
	// server from before the 1.1 additions: no groups routes, no user_id
	// filter, no plan.limits or credits.expiring), so clients can be tested
	// against an older server.
	API string
}

// API versions the demo can serve.
const (
	API10 = "1.0"
	API11 = "1.1"
)

// v11 reports whether the contract 1.1 additions are served.
func (o Options) v11() bool { return o.API != API10 }

// Demo API keys. Each one sees the workspaces listed in /v1/me with a fixed role.
const (
	OwnerKey   = "tally_demo_owner_0000000000000000"   // Ada: owner ws_acme, member ws_side, owner ws_free
	AdminKey   = "tally_demo_admin_0000000000000000"   // Grace: admin ws_acme
	MemberKey  = "tally_demo_member_0000000000000000"  // Linus: member ws_acme
	SupportKey = "tally_demo_support_0000000000000000" // Tally Support: support ws_acme, ws_side
)

// Workspace ids.
const (
	WorkspaceAcme = "ws_acme"
	WorkspaceSide = "ws_side"
	WorkspaceFree = "ws_free"
)

const (
	defaultSize      = 2000
	maxSize          = 20_000_000 // record numbers are int32; memory is the real limit
	maxConversations = 200_000
	maxImports       = 50_000
)

// MaxLatency bounds Options.Latency: a demo that answers slower than this is
// a demo that looks hung, not one that looks remote.
const MaxLatency = 10 * time.Second

// Faults injects latency and failures into every request (GETs and POSTs alike).
// Rates are probabilities in 0..1 drawn from a seeded RNG, so a run is repeatable.
type Faults struct {
	Latency    time.Duration
	Rate429    float64
	Rate5xx    float64
	RateHTML   float64
	RetryAfter int // seconds in Retry-After on 429; 0 -> 1
}

// FaultPreset returns the named preset ("", "none", "light", "heavy").
func FaultPreset(name string) (Faults, error) {
	switch name {
	case "", "none", "off":
		return Faults{}, nil
	case "light":
		return Faults{Latency: 50 * time.Millisecond, Rate429: 0.05, Rate5xx: 0.05, RateHTML: 0.02, RetryAfter: 1}, nil
	case "heavy":
		return Faults{Latency: 300 * time.Millisecond, Rate429: 0.15, Rate5xx: 0.15, RateHTML: 0.05, RetryAfter: 1}, nil
	}
	return Faults{}, fmt.Errorf("unknown fault preset %q: use light or heavy", name)
}

func (o Options) normalized() (Options, error) {
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Size < 0 {
		return o, fmt.Errorf("demo size must be positive, got %d", o.Size)
	}
	if o.Size > maxSize {
		return o, fmt.Errorf("demo size %d is too large: at most %d MCP calls", o.Size, maxSize)
	}
	if o.Size == 0 {
		o.Size = defaultSize
	}
	if o.Latency < 0 || o.Jitter < 0 {
		return o, fmt.Errorf("demo latency and jitter must not be negative")
	}
	if o.Latency > MaxLatency {
		return o, fmt.Errorf("demo latency %v is too long: at most %v", o.Latency, MaxLatency)
	}
	if o.Jitter > o.Latency {
		return o, fmt.Errorf("demo jitter %v is more than the latency %v: a round trip cannot take less than nothing", o.Jitter, o.Latency)
	}
	if _, err := FaultPreset(o.Faults); err != nil {
		return o, err
	}
	switch o.API {
	case "":
		o.API = API11
	case API10, API11:
	default:
		return o, fmt.Errorf("unknown API version %q: use 1.0 or 1.1", o.API)
	}
	return o, nil
}
