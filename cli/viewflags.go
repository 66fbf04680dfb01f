package cli

import (
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// viewFlags hold the raw view flags shared by `tally` and `tally export`;
// both register them through addViewFlags so the two cannot drift.
type viewFlags struct {
	tab, last, from, to, search, billingType, apiKey, importType, adjType, sort, order, asRole string
}

func addViewFlags(fs *pflag.FlagSet, vf *viewFlags, withTab bool) {
	if withTab {
		fs.StringVar(&vf.tab, "tab", "", "tab to open: overview|conversations|mcp-calls|imports|adjustments|billing (default overview)")
	}
	fs.StringVar(&vf.last, "last", "", "window ending now: 7d, 30d, 3m, or any Nd, Nw, Nm")
	fs.StringVar(&vf.from, "from", "", "start (inclusive): YYYY-MM-DD (midnight in --tz) or RFC 3339")
	fs.StringVar(&vf.to, "to", "", "end: YYYY-MM-DD includes that whole day; RFC 3339 is exclusive")
	fs.StringVar(&vf.search, "search", "", "conversations: id prefix, title, or creator name/email")
	fs.StringVar(&vf.billingType, "billing-type", "", "conversations: message|image_generation|video_generation")
	fs.StringVar(&vf.apiKey, "api-key", "", "mcp-calls: API key name or id")
	fs.StringVar(&vf.importType, "import-type", "", "imports: brand|product")
	fs.StringVar(&vf.adjType, "type", "", "adjustments: adjustment type, e.g. subscription_renewal")
	fs.StringVar(&vf.sort, "sort", "", "sort field of the list, e.g. credits")
	fs.StringVar(&vf.order, "order", "", "asc|desc (default desc)")
	fs.StringVar(&vf.asRole, "as-role", "", "show what this role sees, e.g. member")
}

// allSorts is every list's sort fields: the TUI view keeps one sort across
// tab switches, so `tally --sort` accepts any of them and each tab applies
// the ones it has.
func allSorts() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range [][]string{client.ConversationSorts, client.MCPCallSorts, client.ImportSorts, client.AdjustmentSorts, client.InvoiceSorts} {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// parseView turns the view flags plus the resolved workspace and zone into a
// View. Every error is a usage error.
func parseView(vf viewFlags, workspace, tz string) (model.View, error) {
	v := model.View{Workspace: workspace, TZ: tz, Search: vf.search, APIKey: vf.apiKey}
	loc, err := model.LoadTZ(tz)
	if err != nil {
		return v, usageErrorf("--tz: %v", err)
	}
	if vf.tab != "" {
		t, ok := parseTab(vf.tab)
		if !ok {
			return v, usageErrorf("unknown --tab %q: use one of %s", vf.tab, joinTabs())
		}
		v.Tab = t
	}
	if vf.last != "" {
		if vf.from != "" || vf.to != "" {
			return v, usageErrorf("use either --last or --from/--to, not both")
		}
		if _, err := model.ParseLast(vf.last); err != nil {
			return v, usageErrorf("%v", err)
		}
		v.Last = vf.last
	}
	if vf.from != "" {
		if v.From, err = parseTimeFlag("from", vf.from, loc, false); err != nil {
			return v, err
		}
	}
	if vf.to != "" {
		if v.To, err = parseTimeFlag("to", vf.to, loc, true); err != nil {
			return v, err
		}
	}
	if !v.From.IsZero() && !v.To.IsZero() && !v.From.Before(v.To) {
		return v, usageErrorf("--from %s is not before --to %s", vf.from, vf.to)
	}
	if vf.search != "" && len([]rune(vf.search)) > 200 {
		return v, usageErrorf("--search is longer than 200 characters")
	}
	if vf.billingType != "" {
		bt, ok := model.ParseEnum(vf.billingType, model.BillingTypes)
		if !ok {
			return v, usageErrorf("unknown --billing-type %q: use one of %s", vf.billingType, joinEnum(model.BillingTypes))
		}
		v.BillingType = bt
	}
	if vf.importType != "" {
		it, ok := model.ParseEnum(vf.importType, model.ImportTypes)
		if !ok {
			return v, usageErrorf("unknown --import-type %q: use one of %s", vf.importType, joinEnum(model.ImportTypes))
		}
		v.ImportType = it
	}
	if vf.adjType != "" {
		at, ok := model.ParseEnum(vf.adjType, model.AdjustmentTypes)
		if !ok {
			return v, usageErrorf("unknown --type %q: use one of %s", vf.adjType, joinEnum(model.AdjustmentTypes))
		}
		v.AdjType = at
	}
	if vf.sort != "" {
		if !contains(allSorts(), vf.sort) {
			return v, usageErrorf("unknown --sort %q: use one of %s", vf.sort, strings.Join(allSorts(), ", "))
		}
		v.Sort = vf.sort
	}
	if vf.order != "" {
		if vf.order != "asc" && vf.order != "desc" {
			return v, usageErrorf("--order must be asc or desc, not %q", vf.order)
		}
		v.Order = vf.order
	}
	if vf.asRole != "" {
		r, ok := model.ParseEnum(vf.asRole, model.Roles)
		if !ok {
			return v, usageErrorf("unknown --as-role %q: use one of %s", vf.asRole, joinEnum(model.Roles))
		}
		v.AsRole = r
	}
	return v, nil
}

// parseTimeFlag reads YYYY-MM-DD as midnight in loc (for --to, the next
// midnight, so the day is included) or any RFC 3339 time.
func parseTimeFlag(name, s string, loc *time.Location, isTo bool) (time.Time, error) {
	if d, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if isTo {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, usageErrorf("invalid --%s %q: use YYYY-MM-DD or RFC 3339 such as 2026-11-20T14:00:00Z", name, s)
}

func parseTab(s string) (model.Tab, bool) {
	for _, t := range model.AllTabs {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

func joinTabs() string {
	var s []string
	for _, t := range model.AllTabs {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func joinEnum[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, v := range all {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
