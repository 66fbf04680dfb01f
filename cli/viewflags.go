package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/tallyhq/tally/model"
)

// viewFlags hold the raw view flags shared by `tally`, `tally demo` and
// `tally export`; all register them through addViewFlags so they cannot
// drift. The list filters come from the registry (model.AllFilters).
type viewFlags struct {
	tab, last, from, to, sort, order, asRole string
	month, year, groupBy                     string
	filters                                  map[string]*string // by flag name
}

// filter is the raw value of a filter flag ("" = not given).
func (vf viewFlags) filter(flag string) string {
	if p := vf.filters[flag]; p != nil {
		return *p
	}
	return ""
}

// setFilter sets a filter flag's raw value (tests).
func (vf *viewFlags) setFilter(flag, value string) {
	if vf.filters == nil {
		vf.filters = map[string]*string{}
	}
	vf.filters[flag] = &value
}

func addViewFlags(fs *pflag.FlagSet, vf *viewFlags, withTab bool) {
	if withTab {
		fs.StringVar(&vf.tab, "tab", "", "tab to open: "+strings.Join(model.TabNames(), "|")+" (default "+model.TabNames()[0]+")")
	}
	fs.StringVar(&vf.last, "last", "", "window ending now: 7d, 30d, 3m, or any Nd, Nw, Nm")
	fs.StringVar(&vf.from, "from", "", "start (inclusive): YYYY-MM-DD (midnight in --tz) or RFC 3339")
	fs.StringVar(&vf.to, "to", "", "end: YYYY-MM-DD includes that whole day; RFC 3339 is exclusive")
	fs.StringVar(&vf.month, "month", "", "a calendar month in --tz: YYYY-MM, e.g. 2026-10")
	fs.StringVar(&vf.year, "year", "", "a calendar year in --tz: YYYY, e.g. 2026")
	vf.filters = map[string]*string{}
	for _, f := range model.AllFilters() {
		p := new(string)
		vf.filters[f.Flag] = p
		usage := listNames(model.ListsWith(f)) + ": " + f.Usage
		if f.Kind == model.FilterEnum {
			usage += " (" + strings.Join(f.ValueNames(), "|") + ")"
		}
		fs.StringVar(p, f.Flag, "", usage)
	}
	fs.StringVar(&vf.groupBy, "group-by", "", groupByUsage())
	fs.StringVar(&vf.sort, "sort", "", "sort field of the list, e.g. credits")
	fs.StringVar(&vf.order, "order", "", "asc|desc (default desc)")
	fs.StringVar(&vf.asRole, "as-role", "", "show what this role sees, e.g. member")
}

// listNames names lists as their --tab (export) names do: "conversations, mcp-calls".
func listNames(ls []*model.List) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = listName(l)
	}
	return strings.Join(names, ", ")
}

// listName is how a list is named to the user: its export name, else its tab.
func listName(l *model.List) string {
	if l.Export != "" {
		return l.Export
	}
	return string(l.Tab)
}

// parseView turns the view flags plus the resolved workspace and zone into a
// View. Without --tab, the tab is the one list that takes every filter and
// sort given (else fallback, the profile's tab, when it takes them). Every
// error is a usage error.
func parseView(vf viewFlags, workspace, tz, fallbackTab string) (model.View, error) {
	v := model.View{Workspace: workspace, TZ: tz}
	loc, err := model.LoadTZ(tz)
	if err != nil {
		return v, usageErrorf("--tz: %v", err)
	}
	if err := oneWindow(vf); err != nil {
		return v, err
	}
	if vf.last != "" {
		if _, err := model.ParseLast(vf.last); err != nil {
			return v, usageErrorf("%v", err)
		}
		v.Last = vf.last
	}
	for _, c := range []string{vf.month, vf.year} {
		if c == "" {
			continue
		}
		span, err := model.ParseCalendar(c)
		if err != nil || (c == vf.month) != (span.Month != 0) {
			if err == nil { // --month 2026 or --year 2026-10
				err = fmt.Errorf("--month takes YYYY-MM and --year YYYY, not %q", c)
			}
			return v, usageErrorf("%v", err)
		}
		v.Calendar = c
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
	for _, f := range model.AllFilters() {
		val, err := f.Parse(vf.filter(f.Flag))
		if err != nil {
			return v, usageErrorf("%v", err)
		}
		f.Set(&v, val)
	}
	if vf.groupBy != "" {
		by, ok := model.ParseEnum(strings.ToLower(vf.groupBy), model.GroupBys)
		if !ok {
			return v, usageErrorf("unknown --group-by %q: use one of %s", vf.groupBy, joinEnum(model.GroupBys))
		}
		v.GroupBy = by
	}
	v.Sort = vf.sort
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
	switch {
	case vf.tab != "":
		l := findTab(vf.tab)
		if l == nil {
			return v, usageErrorf("unknown --tab %q: use one of %s", vf.tab, strings.Join(model.TabNames(), ", "))
		}
		v.Tab = l.Tab
	default:
		l, err := inferList(v, findTab(fallbackTab))
		if err != nil {
			return v, err
		}
		if l != nil {
			v.Tab = l.Tab
		}
	}
	if v.Tab != "" {
		if err := checkViewFor(model.ListFor(v.Tab), v, vf.tab != ""); err != nil {
			return v, err
		}
	}
	return v, nil
}

// listFields names the list-specific flags set in v, in flag order.
func listFields(v model.View) []string {
	var out []string
	for _, f := range model.AllFilters() {
		if f.Get(v) != "" {
			out = append(out, "--"+f.Flag)
		}
	}
	if v.GroupBy != "" {
		out = append(out, "--group-by "+string(v.GroupBy))
	}
	if v.Sort != "" {
		out = append(out, "--sort "+v.Sort)
	}
	return out
}

// takes reports whether list l takes every list-specific flag set in v.
func takes(l *model.List, v model.View) bool {
	for _, f := range model.AllFilters() {
		if f.Get(v) != "" && !l.Has(f) {
			return false
		}
	}
	return (v.Sort == "" || l.HasSort(v.Sort)) && (v.GroupBy == "" || l.Groups(v.GroupBy))
}

// inferList is the tab for a view given without --tab: nil when no filter or
// sort is set (the default tab), the fallback when it takes them all, else
// the one list that does.
func inferList(v model.View, fallback *model.List) (*model.List, error) {
	fields := listFields(v)
	if len(fields) == 0 {
		return fallback, nil
	}
	if fallback != nil && takes(fallback, v) {
		return fallback, nil
	}
	var fit []*model.List
	for _, l := range model.Lists() {
		if l.Paged && takes(l, v) {
			fit = append(fit, l)
		}
	}
	switch len(fit) {
	case 1:
		return fit[0], nil
	case 0:
		return nil, usageErrorf("no list takes %s together; see `tally --help`", strings.Join(fields, " and "))
	}
	return nil, usageErrorf("%s applies to %s: choose one with --tab", strings.Join(fields, " and "), listNames(fit))
}

// checkViewFor refuses what does not apply to the list, with the same
// message for the TUI's --tab and for export's LIST. A window is checked only
// against a tab named on the command line: without one it applies to every
// dated list, whichever tab opens first.
func checkViewFor(l *model.List, v model.View, named bool) error {
	for _, f := range model.AllFilters() {
		if f.Get(v) != "" && !l.Has(f) {
			return usageErrorf("--%s does not apply to %s; it filters %s", f.Flag, listName(l), listNames(model.ListsWith(f)))
		}
		if f.Get(v) != "" && v.AsRole != "" && !f.UsableBy(v.AsRole) {
			return usageErrorf("--%s needs a role that sees users (owner, admin or support); a %s does not", f.Flag, v.AsRole)
		}
	}
	if v.Sort != "" && !l.HasSort(v.Sort) {
		if !l.Paged {
			return usageErrorf("--sort does not apply to %s: it is not a list", listName(l))
		}
		return usageErrorf("--sort %s does not apply to %s; use one of %s", v.Sort, listName(l), strings.Join(l.SortFields(), ", "))
	}
	if v.Order != "" && len(l.Sorts) == 0 && l.Paged {
		return usageErrorf("--order does not apply to %s: it is always newest first", listName(l))
	}
	if named && v.HasWindow() && !l.Dated {
		return usageErrorf("%s does not apply to %s: it shows the billing period and the last 30 days", windowFlag(v), listName(l))
	}
	return checkGroupBy(l, v)
}

// checkGroupBy refuses a grouping the list has not, by user for a role
// that does not see users, and a time grouping without a bounded window.
func checkGroupBy(l *model.List, v model.View) error {
	switch by := v.GroupBy; {
	case by == "":
	case model.GroupBysFor(l.Tab) == nil:
		return usageErrorf("--group-by does not apply to %s; it groups %s", listName(l), strings.Join(groupableLists(), ", "))
	case !l.Groups(by):
		return usageErrorf("cannot group %s by %s: use one of %s", listName(l), by, joinEnum(model.GroupBysFor(l.Tab)))
	case by == model.GroupByUser && v.AsRole != "" && !v.AsRole.SeesUsers():
		return usageErrorf("--group-by user needs a role that sees users; a %s does not", v.AsRole)
	case by.IsTime() && !v.Bounded():
		return usageErrorf("--group-by %s needs a window with a start and an end: --last 30d, --month 2026-10, or --from and --to", by)
	}
	return nil
}

// oneWindow refuses two ways of giving the window at once.
func oneWindow(vf viewFlags) error {
	var given []string
	for _, f := range []struct{ name, val string }{{"--last", vf.last}, {"--month", vf.month}, {"--year", vf.year}} {
		if f.val != "" {
			given = append(given, f.name)
		}
	}
	if vf.from != "" || vf.to != "" {
		given = append(given, "--from/--to")
	}
	if len(given) > 1 {
		return usageErrorf("use one of --last, --month, --year or --from/--to, not %s", strings.Join(given, " and "))
	}
	return nil
}

// groupByUsage is --group-by's help: the values per list, from the registry.
func groupByUsage() string {
	var per []string
	for _, l := range model.Lists() {
		if bys := model.GroupBysFor(l.Tab); bys != nil {
			per = append(per, listName(l)+" "+joinEnum(bys))
		}
	}
	return "show the list's totals per group (API 1.1; day|week|month in --tz need a window): " + strings.Join(per, "; ")
}

func windowFlag(v model.View) string {
	if v.Last != "" {
		return "--last"
	}
	if c, err := model.ParseCalendar(v.Calendar); err == nil {
		if c.Month != 0 {
			return "--month"
		}
		return "--year"
	}
	if !v.From.IsZero() {
		return "--from"
	}
	return "--to"
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

// findTab finds a tab by its --tab name, case-insensitively (nil if unknown or "").
func findTab(s string) *model.List {
	for _, l := range model.Lists() {
		if s != "" && strings.EqualFold(string(l.Tab), s) {
			return l
		}
	}
	return nil
}

func joinEnum[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, v := range all {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
