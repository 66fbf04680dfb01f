package cli

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/tallyhq/tally/model"
)

// Reflection-free JSON for export records. The bytes are exactly what
// encoding/json wrote before (a golden test compares them on the demo,
// hostile data included), quirks and all:
//
//   - json output escapes <, > and & (json.Marshal does); ndjson does not
//     (its Encoder had SetEscapeHTML(false));
//   - the "user" object is always HTML-escaped: it was produced by an inner
//     json.Marshal whatever the outer encoder did;
//   - times are UTC in RFC 3339 with the fraction only when there is one.
//
// JSON keeps the API's field names, amounts as exact decimal strings and
// times in UTC; "user" is absent for roles that do not see users and null
// for a deleted user, as in the API.

// recordJSON is how one export writes a record.
type recordJSON struct {
	html  bool // escape <, > and & (json, not ndjson)
	users bool // the role sees users: write "user"
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string with encoding/json's escaping.
func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || (c != '<' && c != '>' && c != '&')) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTime writes t in UTC as time.Time's MarshalJSON does (RFC 3339, the
// fraction only when there is one); whole seconds take a shorter path.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	t = t.UTC()
	if t.Nanosecond() == 0 && t.Year() >= 0 && t.Year() <= 9999 {
		y, mo, d := t.Date()
		h, mi, s := t.Clock()
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
			byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10), 'Z')
		return append(b, '"')
	}
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

func appendCredits(b []byte, c model.Credits) []byte {
	b = append(b, '"')
	b = c.AppendDecimal(b)
	return append(b, '"')
}

// appendUser writes ,"user":… when the role sees users.
func (o recordJSON) appendUser(b []byte, u *model.User) []byte {
	if !o.users {
		return b
	}
	b = append(b, `,"user":`...)
	if u == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"id":`...)
	b = appendString(b, string(u.ID), true)
	b = append(b, `,"name":`...)
	b = appendString(b, string(u.Name), true)
	b = append(b, `,"email":`...)
	b = appendString(b, string(u.Email), true)
	return append(b, '}')
}

func (o recordJSON) conversation(b []byte, r *model.Conversation) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(r.ID), o.html)
	b = append(b, `,"title":`...)
	b = appendString(b, string(r.Title), o.html)
	b = append(b, `,"message_count":`...)
	b = strconv.AppendInt(b, r.MessageCount, 10)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, r.Credits)
	b = append(b, `,"billing_type":`...)
	b = appendString(b, string(r.BillingType), o.html)
	b = o.appendUser(b, r.User)
	b = append(b, `,"updated_at":`...)
	b = appendTime(b, r.UpdatedAt)
	return append(b, '}')
}

func (o recordJSON) mcpCall(b []byte, r *model.MCPCall) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(r.ID), o.html)
	b = append(b, `,"api_key":{"id":`...)
	b = appendString(b, string(r.APIKey.ID), o.html)
	b = append(b, `,"name":`...)
	b = appendString(b, string(r.APIKey.Name), o.html)
	b = append(b, `},"tool":`...)
	b = appendString(b, string(r.Tool), o.html)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, r.Credits)
	b = o.appendUser(b, r.User)
	b = append(b, `,"created_at":`...)
	b = appendTime(b, r.CreatedAt)
	return append(b, '}')
}

func (o recordJSON) importRec(b []byte, r *model.Import) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(r.ID), o.html)
	b = append(b, `,"import_type":`...)
	b = appendString(b, string(r.ImportType), o.html)
	b = append(b, `,"import_url":`...)
	b = appendString(b, string(r.ImportURL), o.html)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, r.Credits)
	b = o.appendUser(b, r.User)
	b = append(b, `,"created_at":`...)
	b = appendTime(b, r.CreatedAt)
	return append(b, '}')
}

func (o recordJSON) adjustment(b []byte, r *model.Adjustment) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(r.ID), o.html)
	b = append(b, `,"type":`...)
	b = appendString(b, string(r.Type), o.html)
	b = append(b, `,"amount":`...)
	b = appendCredits(b, r.Amount)
	b = append(b, `,"detail":`...)
	b = appendString(b, string(r.Detail), o.html)
	b = append(b, `,"created_at":`...)
	b = appendTime(b, r.CreatedAt)
	return append(b, '}')
}

func (o recordJSON) invoice(b []byte, r *model.Invoice) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(r.ID), o.html)
	b = append(b, `,"number":`...)
	b = appendString(b, string(r.Number), o.html)
	b = append(b, `,"description":`...)
	b = appendString(b, string(r.Description), o.html)
	b = append(b, `,"amount":`...)
	b = appendString(b, money(r.Amount), o.html)
	b = append(b, `,"currency":`...)
	b = appendString(b, string(r.Currency), o.html)
	b = append(b, `,"status":`...)
	b = appendString(b, string(r.Status), o.html)
	b = append(b, `,"provider":`...)
	b = appendString(b, string(r.Provider), o.html)
	b = append(b, `,"created_at":`...)
	b = appendTime(b, r.CreatedAt)
	b = append(b, `,"pdf_url":`...)
	b = appendString(b, string(r.PDFURL), o.html)
	return append(b, '}')
}
