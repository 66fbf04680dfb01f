package demo

import (
	"slices"
	"strings"

	"github.com/tallyhq/tally/model"
)

// Id layout: prefix, 8 hex digits of the record number, 4 hex digits of a
// per-workspace hash. Fixed width makes id order equal record-number order,
// which is what the indexes break ties by.
func (s *Server) idSuffix(ws *workspace, list byte, i int32) uint64 {
	return splitmix(s.world.seed^ws.tag<<20^uint64(list)<<56^uint64(i)) & 0xffff
}

func (s *Server) appendID(b []byte, ws *workspace, prefix string, i int32) []byte {
	b = append(b, prefix...)
	u := uint64(uint32(i))<<16 | s.idSuffix(ws, prefix[0], i)
	for sh := 44; sh >= 0; sh -= 4 {
		b = append(b, hexDigits[(u>>uint(sh))&0xf])
	}
	return b
}

func (s *Server) recID(ws *workspace, prefix string, i int32) string {
	return string(s.appendID(nil, ws, prefix, i))
}

// parseID returns the record number of an id, or false if it is not one of ours.
func (s *Server) parseID(ws *workspace, prefix, id string, n int) (int32, bool) {
	hex, ok := strings.CutPrefix(id, prefix)
	if !ok || len(hex) != 12 {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		switch {
		case c >= '0' && c <= '9':
			u = u<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			u = u<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	i := int32(u >> 16)
	if i < 0 || int(i) >= n || u&0xffff != s.idSuffix(ws, prefix[0], i) {
		return 0, false
	}
	return i, true
}

func (s *Server) writePage(t *table, lp listParams, enc func([]byte, int32) []byte, sum func([]byte, pageResult) []byte) []byte {
	res := t.query(lp.q)
	b := make([]byte, 0, 256+len(res.recs)*256)
	b = append(b, `{"data":[`...)
	for i, r := range res.recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = enc(b, r)
	}
	b = append(b, ']')
	next := ""
	if res.more && len(res.recs) > 0 {
		last := res.recs[len(res.recs)-1]
		next = encodeCursor(t.keys[lp.q.sort][last], last, lp.canon)
	}
	b = appendNextCursor(b, next)
	b = append(b, `,"summary":`...)
	b = sum(b, res)
	return append(b, "}\n"...)
}

func enumGroup[T ~string](rc *reqCtx, param string, values []T) (int, string, *apiErr) {
	v := rc.vals.Get(param)
	if v == "" {
		return 0, "", nil
	}
	i := slices.Index(values, T(v))
	if i < 0 {
		names := make([]string, len(values))
		for j, x := range values {
			names[j] = string(x)
		}
		return 0, "", badParam(param, "invalid_parameter", "%s must be one of %s, got %q", param, strings.Join(names, ", "), short(v))
	}
	return i + 1, v, nil
}

func (s *Server) conversations(rc *reqCtx) (int, []byte, *apiErr) {
	extra := append([]string{"q", "billing_type"}, s.userParams()...)
	if e := checkParams(rc.vals, append(slices.Clone(commonListParams), extra...)...); e != nil {
		return 0, nil, e
	}
	if e := checkUserRole(rc); e != nil {
		return 0, nil, e
	}
	g, bt, e := enumGroup(rc, "billing_type", billingTypes)
	if e != nil {
		return 0, nil, e
	}
	q, e := searchValue(rc)
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	lp, e := parseList(rc, "conversations", []string{"updated_at", "credits", "message_count"}, extra, "q="+q+"|bt="+bt+"|user="+rc.vals.Get("user_id"), g)
	if e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	if q != "" {
		lp.q.match = s.convMatcher(ws, rc.role, q)
	}
	t := &ws.conv
	lp.q.match = withUser(lp.q.match, t.user, u)
	body := s.writePage(&t.table, lp, func(b []byte, r int32) []byte { return s.appendConv(b, rc, r) }, convSummary)
	return 200, body, nil
}

// convMatcher implements q: a scan (documented), with the title and people
// matches computed once per request over the small tables they index.
// Members cannot see people, so for them q does not match creators.
func (s *Server) convMatcher(ws *workspace, role model.Role, q string) func(int32) bool {
	ql := strings.ToLower(q)
	cat := &s.world.cat
	titleHit := make([]bool, len(cat.titles))
	for i, t := range cat.titles {
		titleHit[i] = strings.Contains(strings.ToLower(t), ql)
	}
	userHit := make([]bool, len(cat.people))
	if role.SeesUsers() {
		for i, p := range cat.people {
			userHit[i] = !p.deleted && (strings.Contains(strings.ToLower(p.name), ql) || strings.Contains(strings.ToLower(p.email), ql))
		}
	}
	allIDs := strings.HasPrefix("conv_", ql)
	idPrefix := strings.HasPrefix(ql, "conv_")
	t := &ws.conv
	var buf []byte
	return func(r int32) bool {
		if titleHit[t.title[r]] || userHit[t.user[r]] || allIDs {
			return true
		}
		if idPrefix {
			buf = s.appendID(buf[:0], ws, "conv_", r)
			return strings.HasPrefix(string(buf), ql)
		}
		return false
	}
}

func (s *Server) appendConv(b []byte, rc *reqCtx, r int32) []byte {
	t := &rc.ws.conv
	b = append(b, `{"id":"`...)
	b = s.appendID(b, rc.ws, "conv_", r)
	b = append(b, `","title":`...)
	b = appendStr(b, s.world.cat.titles[t.title[r]])
	b = append(b, `,"message_count":`...)
	b = appendInt(b, t.aux[r])
	b = append(b, `,"credits":`...)
	b = appendCredits(b, t.val[r])
	b = append(b, `,"billing_type":`...)
	b = appendStr(b, string(billingTypes[t.group[r]]))
	b = s.appendUser(b, rc.role, t.user[r])
	b = append(b, `,"updated_at":`...)
	b = appendTime(b, t.time[r])
	return append(b, '}')
}

func (s *Server) conversation(rc *reqCtx, id string) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	t := &rc.ws.conv
	r, ok := s.parseID(rc.ws, "conv_", id, t.len())
	if !ok {
		return 0, nil, notFound("conversation %q not found in workspace %s", short(id), rc.ws.id)
	}
	items, _ := s.world.convItems(rc.ws, r, int(t.group[r]), t.time[r])
	b := []byte(`{"conversation":`)
	b = s.appendConv(b, rc, r)
	b = append(b, `,"items":[`...)
	for j, it := range items {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":"`...)
		b = s.appendID(b, rc.ws, "itm_", r)
		b = append(b, '_', hexDigits[j>>4&0xf], hexDigits[j&0xf], '"')
		b = append(b, `,"at":`...)
		b = appendTime(b, it.at)
		b = append(b, `,"billing_type":`...)
		b = appendStr(b, string(billingTypes[it.bt]))
		b = append(b, `,"description":`...)
		b = appendStr(b, it.desc)
		b = append(b, `,"credits":`...)
		b = appendCredits(b, it.credits)
		b = append(b, `,"status":`...)
		b = appendStr(b, string(it.status))
		b = append(b, '}')
	}
	return 200, append(b, "]}\n"...), nil
}

func (s *Server) mcpCalls(rc *reqCtx) (int, []byte, *apiErr) {
	extra := append([]string{"api_key_id"}, s.userParams()...)
	if e := checkParams(rc.vals, append(slices.Clone(commonListParams), extra...)...); e != nil {
		return 0, nil, e
	}
	if e := checkUserRole(rc); e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	g, kid, e := enumGroup(rc, "api_key_id", ws.keyIDs())
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	lp, e := parseList(rc, "mcp-calls", []string{"created_at", "credits"}, extra, "key="+kid+"|user="+rc.vals.Get("user_id"), g)
	if e != nil {
		return 0, nil, e
	}
	t := &ws.calls
	lp.q.match = withUser(nil, t.user, u)
	body := s.writePage(&t.table, lp, func(b []byte, r int32) []byte {
		k := &ws.keys[t.group[r]]
		b = append(b, `{"id":"`...)
		b = s.appendID(b, ws, "call_", r)
		b = append(b, `","api_key":{"id":`...)
		b = appendStr(b, k.id)
		b = append(b, `,"name":`...)
		b = appendStr(b, k.name)
		b = append(b, `},"tool":`...)
		b = appendStr(b, s.world.cat.tools[t.tool[r]])
		b = append(b, `,"credits":`...)
		b = appendCredits(b, t.val[r])
		b = s.appendUser(b, rc.role, t.user[r])
		b = append(b, `,"created_at":`...)
		b = appendTime(b, t.time[r])
		return append(b, '}')
	}, callSummary)
	return 200, body, nil
}

func (s *Server) apiKeys(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals); e != nil {
		return 0, nil, e
	}
	b := []byte(`{"data":[`)
	for i, k := range rc.ws.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendStr(b, k.id)
		b = append(b, `,"name":`...)
		b = appendStr(b, k.name)
		b = append(b, `,"prefix":`...)
		b = appendStr(b, k.prefix)
		b = append(b, `,"created_at":`...)
		b = appendTime(b, k.created)
		b = append(b, `,"last_used_at":`...)
		b = appendTimeOrNull(b, k.lastUsed)
		b = append(b, `,"revoked_at":`...)
		b = appendTimeOrNull(b, k.revoked)
		b = append(b, '}')
	}
	return 200, append(b, "]}\n"...), nil
}

func (s *Server) imports(rc *reqCtx) (int, []byte, *apiErr) {
	extra := append([]string{"import_type"}, s.userParams()...)
	if e := checkParams(rc.vals, append(slices.Clone(commonListParams), extra...)...); e != nil {
		return 0, nil, e
	}
	if e := checkUserRole(rc); e != nil {
		return 0, nil, e
	}
	g, it, e := enumGroup(rc, "import_type", importTypes)
	if e != nil {
		return 0, nil, e
	}
	u, e := s.userValue(rc)
	if e != nil {
		return 0, nil, e
	}
	lp, e := parseList(rc, "imports", []string{"created_at", "credits"}, extra, "type="+it+"|user="+rc.vals.Get("user_id"), g)
	if e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	t := &ws.imps
	lp.q.match = withUser(nil, t.user, u)
	body := s.writePage(&t.table, lp, func(b []byte, r int32) []byte {
		b = append(b, `{"id":"`...)
		b = s.appendID(b, ws, "imp_", r)
		b = append(b, `","import_type":`...)
		b = appendStr(b, string(importTypes[t.group[r]]))
		b = append(b, `,"import_url":`...)
		b = appendStr(b, s.world.cat.urls[t.url[r]])
		b = append(b, `,"credits":`...)
		b = appendCredits(b, t.val[r])
		b = s.appendUser(b, rc.role, t.user[r])
		b = append(b, `,"created_at":`...)
		b = appendTime(b, t.time[r])
		return append(b, '}')
	}, importSummary)
	return 200, body, nil
}

func (s *Server) adjustments(rc *reqCtx) (int, []byte, *apiErr) {
	if e := checkParams(rc.vals, append(slices.Clone(commonListParams), "type")...); e != nil {
		return 0, nil, e
	}
	g, typ, e := enumGroup(rc, "type", model.AdjustmentTypes)
	if e != nil {
		return 0, nil, e
	}
	lp, e := parseList(rc, "adjustments", []string{"created_at", "amount"}, []string{"type"}, "type="+typ, g)
	if e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	t := &ws.adjs
	body := s.writePage(&t.table, lp, func(b []byte, r int32) []byte {
		b = append(b, `{"id":"`...)
		b = s.appendID(b, ws, "adj_", r)
		b = append(b, `","type":`...)
		b = appendStr(b, string(model.AdjustmentTypes[t.group[r]]))
		b = append(b, `,"amount":`...)
		b = appendCredits(b, t.val[r])
		b = append(b, `,"detail":`...)
		b = appendStr(b, t.detail[r])
		b = append(b, `,"created_at":`...)
		b = appendTime(b, t.time[r])
		return append(b, '}')
	}, adjSummary)
	return 200, body, nil
}

func (s *Server) invoices(rc *reqCtx) (int, []byte, *apiErr) {
	if !rc.role.SeesInvoices() {
		return 0, nil, forbidden("members cannot see the billing history: ask a workspace owner or admin")
	}
	lp, e := parseList(rc, "invoices", []string{"created_at"}, nil, "", 0)
	if e != nil {
		return 0, nil, e
	}
	ws := rc.ws
	t := &ws.invs
	body := s.writePage(&t.table, lp, func(b []byte, r int32) []byte {
		inv := &t.inv[r]
		id := s.recID(ws, "inv_", r)
		b = append(b, `{"id":"`...)
		b = append(b, id...)
		b = append(b, `","number":`...)
		b = appendStr(b, inv.number)
		b = append(b, `,"description":`...)
		b = appendStr(b, inv.desc)
		b = append(b, `,"amount":`...)
		b = appendMoney(b, t.val[r])
		b = append(b, `,"currency":"USD","status":`...)
		b = appendStr(b, string(inv.status))
		b = append(b, `,"provider":`...)
		b = appendStr(b, string(inv.provider))
		b = append(b, `,"created_at":`...)
		b = appendTime(b, t.time[r])
		b = append(b, `,"pdf_url":`...)
		b = appendStr(b, "https://billing.demo.tally.invalid/i/"+id+".pdf")
		return append(b, '}')
	}, func(b []byte, res pageResult) []byte {
		b = append(b, `{"invoices":`...)
		b = appendInt(b, res.count)
		b = append(b, `,"amount_paid":`...)
		b = appendMoney(b, res.aux)
		return append(b, `,"currency":"USD"}`...)
	})
	return 200, body, nil
}
