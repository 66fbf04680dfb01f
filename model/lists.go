package model

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The registry: every tab and list tally knows, with its filters and sorts.
// The CLI's flags and their validation, `export`'s list table, `Y`'s command
// line and the TUI's titles, number keys, toolbar and pickers all loop over
// it, so a new list or filter is one entry here plus its own files. The
// values are built once and never modified.

// List describes one tab: a paged list of records, or (Paged false) a page
// like the Overview that is not a list.
type List struct {
	Tab    Tab    // --tab value and TUI identity
	Export string // `tally export` name ("" = not exportable)
	// Titles for the tab bar: Full, then Short and Tiny when the full set does not fit.
	Title, Short, Tiny string
	Noun               string // "conversations", for errors and empty states
	Path               string // API path under /v1/workspaces/{ws} ("" = not an API list)
	Sorts              []Sort // the first is the default (the list's time field)
	Filters            []*Filter
	Dated              bool // takes the date window (--last, --from, --to)
	Paged              bool
	// Reads reports whether a role may read the list; nil = every role.
	Reads func(Role) bool
}

// Sort is one sort field of a list and the title of its column.
type Sort struct {
	Field string // the API's value of `sort`
	Title string
}

// FilterKind says how a filter's value is entered and checked.
type FilterKind int

const (
	FilterText FilterKind = iota // free text (search)
	FilterEnum                   // one of Values (unknown values are still sent, see Validate)
	FilterRef                    // a name or id the user types, resolved against the server's list
)

// Choice is one value of an enum filter with its label.
type Choice struct {
	Value string
	Label string
}

// Filter describes one list filter: its flag, query parameter, label, how it
// reads and sets a View, and its values.
type Filter struct {
	Flag     string // CLI flag without dashes ("billing-type")
	Param    string // API query parameter ("billing_type")
	JSON     string // key in export json's "query" object
	Label    string // toolbar and picker title ("Type")
	AllLabel string // the picker's "no filter" choice ("All types")
	Usage    string // flag help, without the lists it applies to
	Key      string // the TUI key that opens its picker or input ("t")
	KeyHelp  string // that key's help ("type")
	Kind     FilterKind
	Values   []Choice // FilterEnum only, in product order
	MaxLen   int      // FilterText: maximum length in characters (0 = none)
	// Roles reports whether a role may use the filter (the server answers
	// others with 403); nil = every role.
	Roles func(Role) bool
	// GroupBy is the grouping whose group keys are this filter's values, so
	// a group drills into the list filtered by it ("" = none).
	GroupBy GroupBy
	Get     func(View) string
	Set     func(*View, string)
}

// UsableBy reports whether role may filter by f.
func (f *Filter) UsableBy(r Role) bool { return f.Roles == nil || f.Roles(r) }

// LabelOf is the display label of a value: the enum's label, else the value.
func (f *Filter) LabelOf(value string) string {
	if value == "" {
		return f.AllLabel
	}
	for _, c := range f.Values {
		if c.Value == value {
			return c.Label
		}
	}
	return value
}

// Parse checks a value as typed by a user (a flag, the TUI) and returns it
// as it is stored in a View; "" is always valid. Enum filters take a value,
// its label or its dashed form, case-insensitively ("Video generation",
// "credit-expiration"), and nothing unknown: the user chose from a list.
func (f *Filter) Parse(value string) (string, error) {
	if value == "" {
		return "", nil
	}
	if !utf8.ValidString(value) || strings.ContainsFunc(value, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", fmt.Errorf("--%s contains control characters", f.Flag)
	}
	switch f.Kind {
	case FilterText:
		if f.MaxLen > 0 && utf8.RuneCountInString(value) > f.MaxLen {
			return "", fmt.Errorf("--%s is longer than %d characters", f.Flag, f.MaxLen)
		}
	case FilterEnum:
		for _, c := range f.Values {
			if strings.EqualFold(c.Value, value) || strings.EqualFold(c.Label, value) ||
				strings.EqualFold(strings.ReplaceAll(c.Value, "_", "-"), value) {
				return c.Value, nil
			}
		}
		return "", fmt.Errorf("unknown --%s %q: use one of %s", f.Flag, Sanitize(value), strings.Join(f.valueNames(), ", "))
	}
	return value, nil
}

func (f *Filter) valueNames() []string {
	out := make([]string, len(f.Values))
	for i, c := range f.Values {
		out[i] = c.Value
	}
	return out
}

// ValueNames are the enum's values, for help and completion.
func (f *Filter) ValueNames() []string { return f.valueNames() }

func seesInvoices(r Role) bool { return r.SeesInvoices() }

// lists is the registry in product order (the TUI's tab order); the first
// entry is where tally opens without --tab.
var lists = []*List{
	{Tab: TabOverview, Title: "Overview", Short: "Overview", Tiny: "Overview", Noun: "overview"},
	// Activity merges the four lists below (client.Activity); `tally export
	// activity` is its own walk, so it has no Export name of a paged list.
	{Tab: TabActivity, Title: "Activity", Short: "Activity", Tiny: "Activity", Noun: "changes to the balance", Dated: true},
	{
		Tab: TabConversations, Export: "conversations", Title: "Conversations", Short: "Conversations", Tiny: "Convs",
		Noun: "conversations", Path: "/usage/conversations", Dated: true, Paged: true,
		Sorts:   []Sort{{"updated_at", "Updated At"}, {"credits", "Credits"}, {"message_count", "Message Count"}},
		Filters: []*Filter{filterSearch, filterBillingType, filterUser},
	},
	{
		Tab: TabMCPCalls, Export: "mcp-calls", Title: "MCP-HTTP Calls", Short: "MCP Calls", Tiny: "MCP",
		Noun: "MCP-HTTP calls", Path: "/usage/mcp-calls", Dated: true, Paged: true,
		Sorts:   []Sort{{"created_at", "Created At"}, {"credits", "Credits"}},
		Filters: []*Filter{filterAPIKey, filterUser},
	},
	{
		Tab: TabImports, Export: "imports", Title: "Import Usage", Short: "Imports", Tiny: "Imports",
		Noun: "imports", Path: "/usage/imports", Dated: true, Paged: true,
		Sorts:   []Sort{{"created_at", "Created At"}, {"credits", "Credits"}},
		Filters: []*Filter{filterImportType, filterUser},
	},
	{
		Tab: TabAdjustments, Export: "adjustments", Title: "Credit Adjustments", Short: "Adjustments", Tiny: "Adjust",
		Noun: "credit adjustments", Path: "/credit-adjustments", Dated: true, Paged: true,
		Sorts:   []Sort{{"created_at", "Created At"}, {"amount", "Amount"}},
		Filters: []*Filter{filterAdjType},
	},
	{
		Tab: TabBilling, Export: "invoices", Title: "Billing History", Short: "Billing", Tiny: "Billing",
		Noun: "invoices", Path: "/invoices", Dated: true, Paged: true,
		Sorts: []Sort{{"created_at", "Date"}},
		Reads: seesInvoices,
	},
}

// Lists is every tab in product order. Callers must not modify the entries.
func Lists() []*List { return lists }

// ListFor finds a tab's entry (nil if unknown).
func ListFor(t Tab) *List {
	for _, l := range lists {
		if l.Tab == t {
			return l
		}
	}
	return nil
}

// ExportList finds a list by its export name (nil if unknown).
func ExportList(name string) *List {
	for _, l := range lists {
		if l.Export != "" && l.Export == name {
			return l
		}
	}
	return nil
}

// ExportNames are the export names in product order.
func ExportNames() []string {
	var out []string
	for _, l := range lists {
		if l.Export != "" {
			out = append(out, l.Export)
		}
	}
	return out
}

// TabNames are the --tab values in product order.
func TabNames() []string {
	out := make([]string, len(lists))
	for i, l := range lists {
		out[i] = string(l.Tab)
	}
	return out
}

// AllFilters is every distinct filter, in the order lists first use them:
// the order of flags in help and of the view flags in `Y`'s command line.
func AllFilters() []*Filter {
	var out []*Filter
	for _, l := range lists {
		for _, f := range l.Filters {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// ListsWith are the lists that take f, in product order.
func ListsWith(f *Filter) []*List {
	var out []*List
	for _, l := range lists {
		if slices.Contains(l.Filters, f) {
			out = append(out, l)
		}
	}
	return out
}

// FilterByFlag finds a filter by its flag name (nil if unknown).
func FilterByFlag(flag string) *Filter {
	for _, f := range AllFilters() {
		if f.Flag == flag {
			return f
		}
	}
	return nil
}

// Has reports whether the list takes f.
func (l *List) Has(f *Filter) bool { return slices.Contains(l.Filters, f) }

// FilterOf is the list's first filter of a kind, or nil.
func (l *List) FilterOf(kind FilterKind) *Filter {
	for _, f := range l.Filters {
		if f.Kind == kind {
			return f
		}
	}
	return nil
}

// SortFields are the list's sort fields, the default first.
func (l *List) SortFields() []string {
	out := make([]string, len(l.Sorts))
	for i, s := range l.Sorts {
		out[i] = s.Field
	}
	return out
}

// DefaultSort is the list's default sort field ("" for a page that is not a list).
func (l *List) DefaultSort() string {
	if len(l.Sorts) == 0 {
		return ""
	}
	return l.Sorts[0].Field
}

// SortTitle is the column title of a sort field (the field itself if unknown).
func (l *List) SortTitle(field string) string {
	for _, s := range l.Sorts {
		if s.Field == field {
			return s.Title
		}
	}
	return field
}

// HasSort reports whether field is one of the list's sort fields.
func (l *List) HasSort(field string) bool { return slices.Contains(l.SortFields(), field) }

// ReadableBy reports whether role may read the list.
func (l *List) ReadableBy(r Role) bool { return l.Reads == nil || l.Reads(r) }

// Normalize keeps only what applies to this list: its own filters, a sort it
// has (the default sort and order are stored as ""), the window if dated and
// a grouping it takes. Workspace, time zone and role are kept as they are.
func (l *List) Normalize(v View) View {
	out := View{Workspace: v.Workspace, Tab: l.Tab, TZ: v.TZ, AsRole: v.AsRole}
	if l.Dated {
		out.Last, out.From, out.To, out.Calendar = v.Last, v.From, v.To, v.Calendar
	}
	for _, f := range l.Filters {
		f.Set(&out, f.Get(v))
	}
	if v.Sort != l.DefaultSort() && l.HasSort(v.Sort) {
		out.Sort = v.Sort
	}
	if v.Order == "asc" && l.Paged && len(l.Sorts) > 0 {
		out.Order = "asc"
	}
	if l.Groups(v.GroupBy) {
		out.GroupBy = v.GroupBy
	}
	return out
}

// Groups reports whether the list has a groups endpoint taking by.
func (l *List) Groups(by GroupBy) bool { return by != "" && slices.Contains(GroupBysFor(l.Tab), by) }

// FilterFor is the list's filter whose values are by's group keys (nil if none).
func (l *List) FilterFor(by GroupBy) *Filter {
	for _, f := range l.Filters {
		if f.GroupBy != "" && f.GroupBy == by {
			return f
		}
	}
	return nil
}

// Filtered reports whether any filter (the window included, not the sort)
// narrows the list.
func (l *List) Filtered(v View) bool {
	if l.Dated && v.HasWindow() {
		return true
	}
	for _, f := range l.Filters {
		if f.Get(v) != "" {
			return true
		}
	}
	return false
}

// Clear drops every filter and the window; the sort and the grouping stay.
func (l *List) Clear(v View) View {
	v.Last, v.From, v.To, v.Calendar = "", View{}.From, View{}.To, ""
	for _, f := range l.Filters {
		f.Set(&v, "")
	}
	return v
}

// HasWindow reports whether the view has a date window.
func (v View) HasWindow() bool {
	return v.Last != "" || v.Calendar != "" || !v.From.IsZero() || !v.To.IsZero()
}

// Bounded reports whether the window has a start and an end (what time
// groupings need): a relative or calendar window, or both --from and --to.
func (v View) Bounded() bool {
	return v.Last != "" || v.Calendar != "" || (!v.From.IsZero() && !v.To.IsZero())
}
