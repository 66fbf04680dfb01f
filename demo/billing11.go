package demo

import (
	"cmp"
	"slices"
	"time"
)

// plan.limits and credits.expiring (contract 1.1), derived from the same
// records as everything else so they agree with the lists: "120 image
// generations used" is the number of image-generation conversations this
// period, and the expiring credits never add up to more than remaining.

// limitSpec is one included limit of a workspace's plan.
type limitSpec struct {
	key, name string
	used      func(ws *workspace, from, to int64) int64 // things used in [from, to)
	limit     int64                                     // whole things; unlimited < 0 (null); 0 = not included
	fit       bool                                      // raise the limit to fit use (generated data has no caps)
	resets    bool                                      // resets at the period end
}

func fixedUse(n int64) func(*workspace, int64, int64) int64 {
	return func(*workspace, int64, int64) int64 { return n }
}

// convsOfType counts conversations of billing type bt updated in [from, to).
func convsOfType(bt int) func(*workspace, int64, int64) int64 {
	return func(ws *workspace, from, to int64) int64 {
		lo, hi := ws.conv.window(bt+1, from, to)
		return int64(hi - lo)
	}
}

func callsUsed(ws *workspace, from, to int64) int64 {
	lo, hi := ws.calls.window(0, from, to)
	return int64(hi - lo)
}

func membersUsed(ws *workspace, _, _ int64) int64 { return int64(len(ws.members)) }

// limitsFor is the plan's limits; the demo plans include these.
func limitsFor(id string) []limitSpec {
	switch id {
	case WorkspaceAcme:
		return []limitSpec{
			{key: "image_generations", name: "Image generations", used: convsOfType(1), limit: 500, fit: true, resets: true},
			{key: "standard_video", name: "Standard video", used: convsOfType(2), limit: -1, resets: true},
			{key: "mcp_calls", name: "MCP-HTTP calls", used: callsUsed, limit: -1, resets: true},
			{key: "websites", name: "Websites", used: fixedUse(2), limit: 3},
			{key: "seats", name: "Seats", used: membersUsed, limit: 15},
			{key: "voice_cloning", name: "Voice cloning", used: fixedUse(0), limit: 0},
		}
	case WorkspaceSide:
		return []limitSpec{
			{key: "image_generations", name: "Image generations", used: convsOfType(1), limit: 100, fit: true, resets: true},
			{key: "websites", name: "Websites", used: fixedUse(1), limit: 1},
			{key: "premium_video", name: "Premium video", used: fixedUse(0), limit: 0},
		}
	case WorkspaceFree:
		return []limitSpec{
			{key: "image_generations", name: "Image generations", used: convsOfType(1), limit: 20},
			{key: "websites", name: "Websites", used: fixedUse(0), limit: 0},
		}
	}
	return nil
}

func (s *Server) appendLimits(b []byte, ws *workspace, p planState) []byte {
	b = append(b, `,"limits":[`...)
	for i, l := range ws.limits {
		if i > 0 {
			b = append(b, ',')
		}
		from, to := unbounded()
		if l.resets && p.periodStart != 0 {
			from, to = p.periodStart, p.periodEnd
		}
		used := l.used(ws, from, to)
		limit := l.limit
		if l.fit && used > limit {
			limit = (used*5/4 + 99) / 100 * 100
		}
		b = append(b, `{"key":`...)
		b = appendStr(b, l.key)
		b = append(b, `,"name":`...)
		b = appendStr(b, l.name)
		b = append(b, `,"used":`...)
		b = appendCredits(b, used*unit)
		b = append(b, `,"limit":`...)
		if limit < 0 {
			b = append(b, "null"...)
		} else {
			b = appendCredits(b, limit*unit)
		}
		b = append(b, `,"resets_at":`...)
		if l.resets && p.periodEnd != 0 {
			b = appendTime(b, p.periodEnd)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// expiry is one credits.expiring entry.
type expiry struct {
	amount, at int64
	source     string
}

// expiring: what is left of this period's grant lapses at the period end
// (acme, side); acme also carries a fifth of the rest over from the last
// period, lapsing 16 days after this one ends; side has 25 promo credits
// lapsing five days from Options.Now (within the TUI's 7-day warning). Each
// entry takes only from what remains, so the sum never exceeds remaining.
func (s *Server) expiring(ws *workspace, p planState, remaining, granted, used int64) []expiry {
	if p.periodEnd == 0 {
		return nil // free credits do not lapse
	}
	left := remaining
	take := func(want int64) int64 {
		x := max(min(want, left), 0)
		left -= x
		return x
	}
	var out []expiry
	if x := take(granted - used); x > 0 {
		out = append(out, expiry{x, p.periodEnd, "period"})
	}
	switch ws.id {
	case WorkspaceAcme:
		if x := take(left / 5 / 5000 * 5000); x > 0 { // a fifth, down to 0.5
			out = append(out, expiry{x, p.periodEnd + 16*24*3600, "rollover"})
		}
	case WorkspaceSide:
		if x := take(25 * unit); x > 0 {
			out = append(out, expiry{x, midnight(s.opts.Now.Add(5 * 24 * time.Hour)).Unix(), "promo"})
		}
	}
	slices.SortStableFunc(out, func(a, b expiry) int { return cmp.Compare(a.at, b.at) })
	return out
}

func appendExpiring(b []byte, list []expiry) []byte {
	b = append(b, `,"expiring":[`...)
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"amount":`...)
		b = appendCredits(b, x.amount)
		b = append(b, `,"expires_at":`...)
		b = appendTime(b, x.at)
		b = append(b, `,"source":`...)
		b = appendStr(b, x.source)
		b = append(b, '}')
	}
	return append(b, ']')
}
