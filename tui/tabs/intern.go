package tabs

import (
	"time"

	"github.com/tallyhq/tally/model"
)

// internCap bounds each of an interner's tables: a server sending a new
// value on every record must not grow them without end. Past the cap a
// value is still shared if it is known, and kept as decoded if not.
const internCap = 4096

// interner shares the values that repeat across records — users, API keys,
// tools, enum values, repeated descriptions, time zones — so that a million
// held records pay for each once. The JSON decoder allocates every string
// and every *model.User anew; a tab applies its interner to each page when
// it arrives (on the Update goroutine, so it needs no lock). Ids and titles
// are left alone: they are (nearly) all different.
type interner struct {
	strs  map[string]string
	users map[model.User]*model.User
	locs  map[zone]*time.Location
}

type zone struct {
	name   string
	offset int
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, users: map[model.User]*model.User{}, locs: map[zone]*time.Location{}}
}

func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := in.strs[s]; ok {
		return v
	}
	if len(in.strs) < internCap {
		in.strs[s] = s
	}
	return s
}

func (in *interner) text(s model.Text) model.Text { return model.Text(in.str(string(s))) }

func (in *interner) user(u *model.User) *model.User {
	if u == nil {
		return nil
	}
	k := model.User{ID: in.text(u.ID), Name: in.text(u.Name), Email: in.text(u.Email)}
	if v, ok := in.users[k]; ok {
		return v
	}
	v := &k
	if len(in.users) < internCap {
		in.users[k] = v
	}
	return v
}

// time shares the *time.Location of a time decoded with a numeric offset
// (the decoder makes one per value; UTC needs none).
func (in *interner) time(t time.Time) time.Time {
	loc := t.Location()
	if loc == time.UTC || loc == time.Local {
		return t
	}
	name, off := t.Zone()
	k := zone{name, off}
	v, ok := in.locs[k]
	if !ok {
		if len(in.locs) >= internCap {
			return t
		}
		v = loc
		in.locs[k] = v
	}
	return t.In(v)
}

// records interns a page of any list's records in place.
func internRecords[T any](in *interner, rs []T) {
	switch rs := any(rs).(type) {
	case []model.MCPCall:
		for i := range rs {
			r := &rs[i]
			r.APIKey = model.APIKeyRef{ID: in.text(r.APIKey.ID), Name: in.text(r.APIKey.Name)}
			r.Tool = in.text(r.Tool)
			r.User = in.user(r.User)
			r.CreatedAt = in.time(r.CreatedAt)
		}
	case []model.Conversation:
		for i := range rs {
			r := &rs[i]
			r.BillingType = model.BillingType(in.str(string(r.BillingType)))
			r.User = in.user(r.User)
			r.UpdatedAt = in.time(r.UpdatedAt)
		}
	case []model.Import:
		for i := range rs {
			r := &rs[i]
			r.ImportType = model.ImportType(in.str(string(r.ImportType)))
			r.User = in.user(r.User)
			r.CreatedAt = in.time(r.CreatedAt)
		}
	case []model.Adjustment:
		for i := range rs {
			r := &rs[i]
			r.Type = model.AdjustmentType(in.str(string(r.Type)))
			r.Detail = in.text(r.Detail)
			r.CreatedAt = in.time(r.CreatedAt)
		}
	case []model.Invoice:
		for i := range rs {
			r := &rs[i]
			r.Description = in.text(r.Description)
			r.Currency = in.text(r.Currency)
			r.Status = model.InvoiceStatus(in.str(string(r.Status)))
			r.Provider = model.Provider(in.str(string(r.Provider)))
			r.CreatedAt = in.time(r.CreatedAt)
		}
	}
}
