package demo

import (
	"fmt"

	"time"
	_ "time/tzdata" // /usage/daily takes any IANA zone, even on hosts without zoneinfo

	"github.com/tallyhq/tally/model"
)

// totals returns the all-time ledger parts of a workspace.
func (ws *workspace) remaining() int64 {
	sum := func(t *table) int64 { return t.preVal[0][t.len()] }
	return sum(&ws.adjs.table) - sum(&ws.conv.table) - sum(&ws.calls.table) - sum(&ws.imps.table)
}

// billingDoc renders /billing; callers hold s.mu (the plan state may change).
func (s *Server) billingDoc(ws *workspace, role model.Role) []byte {
	p := ws.plan
	b := []byte(`{"workspace":{"id":`)
	b = appendStr(b, ws.id)
	b = append(b, `,"name":`...)
	b = appendStr(b, ws.name)
	b = append(b, `},"role":`...)
	b = appendStr(b, string(role))
	b = append(b, `,"plan":{"id":`...)
	b = appendStr(b, p.id)
	b = append(b, `,"name":`...)
	b = appendStr(b, p.name)
	b = append(b, `,"status":`...)
	b = appendStr(b, string(p.status))
	b = append(b, `,"interval":`...)
	if p.interval == "" {
		b = append(b, "null"...)
	} else {
		b = appendStr(b, string(p.interval))
	}
	b = append(b, `,"current_period_start":`...)
	b = appendTimeOrNull(b, p.periodStart)
	b = append(b, `,"current_period_end":`...)
	b = appendTimeOrNull(b, p.periodEnd)
	b = append(b, `,"cancel_at_period_end":`...)
	b = fmt.Appendf(b, "%t", p.cancelAtPeriodEnd)
	b = append(b, `,"scheduled_change":`...)
	if p.scheduled == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"plan_id":`...)
		b = appendStr(b, p.scheduled.planID)
		b = append(b, `,"plan_name":`...)
		b = appendStr(b, p.scheduled.planName)
		b = append(b, `,"effective_at":`...)
		b = appendTime(b, p.scheduled.effective)
		b = append(b, '}')
	}
	var granted, used int64
	if p.periodStart != 0 {
		a := &ws.adjs.table
		lo, hi := a.window(0, p.periodStart, p.periodEnd)
		granted = (a.preVal[0][hi] - a.preVal[0][lo]) - (a.preAux[0][hi] - a.preAux[0][lo])
		used = ws.spendBetween(p.periodStart, p.periodEnd)
	}
	remaining := ws.remaining()
	if s.opts.v11() {
		b = s.appendLimits(b, ws, p)
	}
	b = append(b, `},"credits":{"remaining":`...)
	b = appendCredits(b, remaining)
	b = append(b, `,"granted_this_period":`...)
	b = appendCredits(b, granted)
	b = append(b, `,"used_this_period":`...)
	b = appendCredits(b, used)
	b = append(b, `,"refreshes_at":`...)
	if p.periodEnd == 0 || p.cancelAtPeriodEnd {
		b = append(b, "null"...)
	} else {
		b = appendTime(b, p.periodEnd)
	}
	if s.opts.v11() {
		b = appendExpiring(b, s.expiring(ws, p, remaining, granted, used))
	}
	b = append(b, `},"wallets":[`...)
	for i, x := range ws.wallets {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"kind":`...)
		b = appendStr(b, string(x.Kind))
		b = append(b, `,"name":`...)
		b = appendStr(b, string(x.Name))
		b = append(b, `,"balance":`...)
		b = appendCredits(b, int64(x.Balance))
		b = append(b, `,"status":`...)
		b = appendStr(b, string(x.Status))
		b = append(b, '}')
	}
	b = append(b, `],"features":[`...)
	for i, x := range ws.features {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"key":`...)
		b = appendStr(b, string(x.Key))
		b = append(b, `,"name":`...)
		b = appendStr(b, string(x.Name))
		b = append(b, `,"status":`...)
		b = appendStr(b, string(x.Status))
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

func (s *Server) billing(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return 200, s.billingDoc(rc.ws, rc.role), nil
}

func (s *Server) daily(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals, "from", "to", "tz"); e != nil {
		return 0, nil, e
	}
	for _, k := range []string{"from", "to"} {
		if rc.vals.Get(k) == "" {
			return 0, nil, badParam(k, "missing_parameter", "%s is required for daily usage (RFC 3339 time)", k)
		}
	}
	from, fromT, e := parseTimeExact("from", rc.vals.Get("from"))
	if e != nil {
		return 0, nil, e
	}
	to, toT, e := parseTimeExact("to", rc.vals.Get("to"))
	if e != nil {
		return 0, nil, e
	}
	if !fromT.Before(toT) {
		return 0, nil, badParam("from", "invalid_parameter", "from must be before to")
	}
	if toT.Sub(fromT) > 366*24*time.Hour {
		return 0, nil, badParam("to", "invalid_parameter", "from and to must be at most 366 days apart")
	}
	tz := rc.vals.Get("tz")
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		return 0, nil, badParam("tz", "invalid_parameter", "tz must be an IANA time zone like Europe/Berlin, got %q", short(tz))
	}
	ws := rc.ws
	sum := func(t *table, a, b int64) (int64, int64) {
		lo, hi := t.window(0, a, b)
		v := t.preVal[0][hi] - t.preVal[0][lo]
		var x int64
		if t.aux != nil {
			x = t.preAux[0][hi] - t.preAux[0][lo]
		}
		return v, x
	}
	out := []byte(`{"tz":`)
	out = appendStr(out, tz)
	out = append(out, `,"data":[`...)
	// Days start at the first instant of each local date (model.DayStart:
	// time.Date at 00:00 lands on the day before where DST skips midnight).
	y, m, d := time.Unix(from, 0).In(loc).Date()
	day := model.DayStart(y, m, d, loc)
	for i, first := 1, true; day.Unix() < to; i, first = i+1, false {
		next := model.DayStart(y, m, d+i, loc)
		a, bnd := max(day.Unix(), from), min(next.Unix(), to)
		conv, _ := sum(&ws.conv.table, a, bnd)
		calls, _ := sum(&ws.calls.table, a, bnd)
		imps, _ := sum(&ws.imps.table, a, bnd)
		net, neg := sum(&ws.adjs.table, a, bnd)
		if !first {
			out = append(out, ',')
		}
		out = append(out, `{"date":"`...)
		out = day.AppendFormat(out, "2006-01-02")
		out = append(out, `","conversations":`...)
		out = appendCredits(out, conv)
		out = append(out, `,"mcp_calls":`...)
		out = appendCredits(out, calls)
		out = append(out, `,"imports":`...)
		out = appendCredits(out, imps)
		out = append(out, `,"credits_added":`...)
		out = appendCredits(out, net-neg)
		out = append(out, `,"credits_removed":`...)
		out = appendCredits(out, neg)
		out = append(out, '}')
		day = next
	}
	return 200, append(out, "]}\n"...), nil
}

type planOffer struct {
	id, name              string
	monthly, yearly, cred int64
	highlights            []string
}

type creditPack struct {
	id, name       string
	credits, price int64
}

func offers() []planOffer {
	return []planOffer{
		{"free", "Free", 0, 0, 50 * unit, []string{"Image Generation", "1 workspace"}},
		{"starter", "Starter", 12 * unit, 1152000, 500 * unit, []string{"Website Builder", "Image Generation"}},
		{"creator", "Creator", 29 * unit, 2784000, 2000 * unit, []string{"Website Builder", "Image Generation", "Brand Kit", "Premium Video (beta)"}},
		{"pro", "Pro", 79 * unit, 7584000, 6000 * unit, []string{"Everything in Creator", "API access", "Priority support"}},
		{"business", "Business", 199 * unit, 19104000, 20000 * unit, []string{"Everything in Pro", "Team SSO", "Invoicing"}},
	}
}

func packs() []creditPack {
	return []creditPack{
		{"pack_500", "Creator Credit Pack", 500 * unit, 20 * unit},
		{"pack_2000", "Pro Credit Pack", 2000 * unit, 70 * unit},
		{"pack_10000", "Studio Credit Pack", 10000 * unit, 300 * unit},
	}
}

func (s *Server) plans(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	b := []byte(`{"data":[`)
	for i, p := range offers() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendStr(b, p.id)
		b = append(b, `,"name":`...)
		b = appendStr(b, p.name)
		b = append(b, `,"currency":"USD","monthly_price":`...)
		b = appendMoney(b, p.monthly)
		b = append(b, `,"yearly_price":`...)
		b = appendMoney(b, p.yearly)
		b = append(b, `,"credits_per_month":`...)
		b = appendCredits(b, p.cred)
		b = append(b, `,"highlights":[`...)
		for j, h := range p.highlights {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendStr(b, h)
		}
		b = append(b, "]}"...)
	}
	return 200, append(b, "]}\n"...), nil
}

func (s *Server) creditPacks(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	b := []byte(`{"data":[`)
	for i, p := range packs() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendStr(b, p.id)
		b = append(b, `,"name":`...)
		b = appendStr(b, p.name)
		b = append(b, `,"credits":`...)
		b = appendCredits(b, p.credits)
		b = append(b, `,"price":`...)
		b = appendMoney(b, p.price)
		b = append(b, `,"currency":"USD"}`...)
	}
	return 200, append(b, "]}\n"...), nil
}
