package demo

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listParams is the shared part of every list request after validation.
type listParams struct {
	q     listQuery
	canon string // the filter/sort parameters a cursor is bound to
}

var commonListParams = []string{"from", "to", "sort", "order", "limit", "cursor"}

// parseTimeExact accepts RFC 3339 with any offset and rounds up to the whole
// second, since records carry whole seconds (from inclusive, to exclusive both
// hold); it also returns the instant itself, for comparing from and to.
func parseTimeExact(name, v string) (int64, time.Time, *apiErr) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return 0, t, badParam(name, "invalid_parameter", "%s must be an RFC 3339 time like 2026-11-20T14:03:22Z, got %q", name, short(v))
	}
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec, t, nil
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// parseList validates the shared list parameters. filters are this list's
// validated filter values in a fixed order; group is the filter's group (0 = all).
func parseList(rc *reqCtx, list string, sorts []string, extra []string, filters string, group int) (listParams, *apiErr) {
	allowed := append(slices.Clone(commonListParams), extra...)
	if e := checkParams(rc.vals, allowed...); e != nil {
		return listParams{}, e
	}
	v := func(k string) string { return rc.vals.Get(k) }
	q := listQuery{group: group, limit: 50, desc: true}
	q.from, q.to = unbounded()
	var e *apiErr
	var fromT, toT time.Time
	if s := v("from"); s != "" {
		if q.from, fromT, e = parseTimeExact("from", s); e != nil {
			return listParams{}, e
		}
	}
	if s := v("to"); s != "" {
		if q.to, toT, e = parseTimeExact("to", s); e != nil {
			return listParams{}, e
		}
	}
	if v("from") != "" && v("to") != "" && !fromT.Before(toT) {
		return listParams{}, badParam("from", "invalid_parameter", "from must be before to")
	}
	if s := v("sort"); s != "" {
		q.sort = slices.Index(sorts, s)
		if q.sort < 0 {
			return listParams{}, badParam("sort", "invalid_parameter", "sort must be one of %s, got %q", strings.Join(sorts, ", "), short(s))
		}
	}
	switch o := v("order"); o {
	case "", "desc":
	case "asc":
		q.desc = false
	default:
		return listParams{}, badParam("order", "invalid_parameter", "order must be asc or desc, got %q", short(o))
	}
	if s := v("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			return listParams{}, badParam("limit", "invalid_parameter", "limit must be a whole number from 1 to 200, got %q", short(s))
		}
		q.limit = n
	}
	canon := fmt.Sprintf("%s|%s|%d|%d|%d|%t|%s", list, rc.ws.id, q.from, q.to, q.sort, q.desc, filters)
	if s := v("cursor"); s != "" {
		k, id, h, ok := decodeCursor(s)
		if !ok {
			return listParams{}, badParam("cursor", "invalid_cursor", "cursor is not valid: pass next_cursor from the previous page unchanged")
		}
		if h != canonHash(canon) {
			return listParams{}, badParam("cursor", "cursor_mismatch", "cursor belongs to a walk with other filters or sort: keep the parameters unchanged, or drop the cursor to start over")
		}
		q.hasCursor, q.curKey, q.curID = true, k, id
	}
	return listParams{q: q, canon: canon}, nil
}

func canonHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

const cursorVersion = 1

// encodeCursor: version, last sort key, last record number, hash of the
// filter/sort parameters; base64url so it is opaque and URL-safe.
func encodeCursor(key int64, id int32, canon string) string {
	var b [21]byte
	b[0] = cursorVersion
	binary.BigEndian.PutUint64(b[1:], uint64(key))
	binary.BigEndian.PutUint32(b[9:], uint32(id))
	binary.BigEndian.PutUint64(b[13:], canonHash(canon))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func decodeCursor(s string) (int64, int32, uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 21 || b[0] != cursorVersion {
		return 0, 0, 0, false
	}
	id := int32(binary.BigEndian.Uint32(b[9:]))
	if id < 0 {
		return 0, 0, 0, false
	}
	return int64(binary.BigEndian.Uint64(b[1:])), id, binary.BigEndian.Uint64(b[13:]), true
}
