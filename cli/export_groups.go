package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/model"
)

// `tally export LIST --group-by BY`: the server's groups document for the
// list's filters (contract 1.1). json is that document plus schema_version,
// list and query; csv and ndjson are one row per group and then the other row.

var groupsHeader = []string{"Kind", "Key", "Label", "Groups", "Count", "Credits"}

// groupsDoc is a groups document of any list.
type groupsDoc struct {
	By      model.GroupBy
	TZ      model.Text
	Data    []model.Group
	Other   model.GroupOther
	Summary any
	check   error
}

func docOf[S model.GroupSummary](g model.Groups[S], err error) (groupsDoc, error) {
	return groupsDoc{g.By, g.TZ, g.Data, g.Other, g.Summary, g.Check()}, err
}

type groupRowJSON struct {
	Kind    string        `json:"kind"` // "group"
	Key     *model.Text   `json:"key"`
	Label   *model.Text   `json:"label"`
	Count   int64         `json:"count"`
	Credits model.Credits `json:"credits"`
}

type otherRowJSON struct {
	Kind string `json:"kind"` // "other"
	model.GroupOther
}

type groupsQueryJSON struct {
	Workspace string            `json:"workspace"`
	From      *time.Time        `json:"from"`
	To        *time.Time        `json:"to"`
	Last      string            `json:"last,omitempty"`
	Filters   map[string]string `json:"filters"`
	By        model.GroupBy     `json:"by"`
	Limit     *int              `json:"group_limit"`
	TZ        string            `json:"tz,omitempty"`
	AsRole    string            `json:"as_role,omitempty"`
}

func (a *app) exportGroups(cmd *cobra.Command, list string, vf viewFlags, ef exportFlags) error {
	l := model.ExportList(list)
	bys := model.GroupBysFor(l.Tab)
	by := model.GroupBy(strings.ToLower(ef.groupBy))
	switch {
	case bys == nil:
		return usageErrorf("--group-by does not apply to %s; it groups %s", list, strings.Join(groupableLists(), ", "))
	case !slices.Contains(bys, by):
		return usageErrorf("cannot group %s by %q: use one of %s", list, ef.groupBy, joinEnum(bys))
	case ef.groupLimit < 0 || ef.groupLimit > 1000:
		return usageErrorf("--group-limit must be between 1 and 1000")
	case vf.sort != "" || vf.order != "":
		return usageErrorf("--sort and --order do not apply to --group-by: groups come by credits, largest first (time groups oldest first)")
	}
	x, err := a.exportSetup(cmd, vf, ef, l.Tab)
	if err != nil {
		return err
	}
	role := x.ws.Role
	if x.view.AsRole != "" {
		role = x.view.AsRole
	}
	if by == model.GroupByUser && !role.SeesUsers() {
		x.out.discard()
		return usageErrorf("--group-by user needs a role that sees users; a %s does not", role)
	}
	if by.IsTime() && (x.from.IsZero() || x.to.IsZero()) {
		x.out.discard()
		return usageErrorf("--group-by %s needs a window with a start and an end: --last 30d, or --from and --to", by)
	}
	gq := client.GroupQuery{By: by, Limit: ef.groupLimit}
	if by.IsTime() {
		if gq.TZ = model.ZoneName(x.sess.loc, a.env.Getenv); gq.TZ == "" {
			gq.TZ = "UTC"
			fmt.Fprintln(a.env.Stderr, "tally: warning: the local time zone has no IANA name; grouping in UTC (pass --tz to choose)")
		}
	}
	mismatch, err := x.writeGroups(cmd.Context(), list, gq, ef)
	if err != nil && !client.IsCannotGroup(err) {
		err = apiError(err, x.sess.keySource)
	} else if err != nil {
		err = withCode(ExitError, err)
	}
	if err := x.finish(ef, err); err != nil {
		return err
	}
	if mismatch != nil {
		fmt.Fprintf(a.env.Stderr, "tally: %v\n", mismatch)
		return silentExit{code: ExitMismatch}
	}
	return nil
}

func groupableLists() []string {
	var out []string
	for _, l := range model.Lists() {
		if l.Export != "" && model.GroupBysFor(l.Tab) != nil {
			out = append(out, l.Export)
		}
	}
	return out
}

func (x *exportCtx) fetchGroups(ctx context.Context, list string, gq client.GroupQuery, sent model.View) (groupsDoc, error) {
	ws, c := string(x.ws.ID), x.sess.c
	q := client.ViewQuery{List: model.ExportList(list), View: sent, ListQuery: client.ListQuery{From: x.from, To: x.to}}
	switch list {
	case "conversations":
		return docOf(client.FetchGroups[model.ConversationSummary](ctx, c, ws, q, gq))
	case "mcp-calls":
		return docOf(client.FetchGroups[model.MCPSummary](ctx, c, ws, q, gq))
	case "imports":
		return docOf(client.FetchGroups[model.ImportSummary](ctx, c, ws, q, gq))
	}
	return docOf(client.FetchGroups[model.AdjustmentSummary](ctx, c, ws, q, gq))
}

// writeGroups fetches and writes the document; mismatch is its identity
// check (groups + other against the summary), written out all the same.
func (x *exportCtx) writeGroups(ctx context.Context, list string, gq client.GroupQuery, ef exportFlags) (mismatch, err error) {
	q := groupsQueryJSON{Workspace: string(x.ws.ID), Last: x.view.Last, Filters: map[string]string{}, By: gq.By, TZ: gq.TZ, AsRole: string(x.view.AsRole)}
	q.From, q.To = x.windowJSON()
	if gq.Limit > 0 {
		q.Limit = &gq.Limit
	}
	role := x.ws.Role
	if x.view.AsRole != "" {
		role = x.view.AsRole
	}
	l := model.ExportList(list)
	sent, _, err := resolveRefs(ctx, x.sess.c, string(x.ws.ID), l, x.view, role)
	if err != nil {
		return nil, err
	}
	for _, f := range l.Filters {
		val := f.Get(sent)
		switch {
		case val == "":
			continue
		case f.Kind == model.FilterText:
			val = x.red.Search(val)
		}
		q.Filters[f.JSON] = val
	}
	d, err := x.fetchGroups(ctx, list, gq, sent)
	if err != nil {
		return nil, err
	}
	for i, g := range d.Data {
		d.Data[i].Label = x.redactLabel(d.By, g.Label)
	}
	if ef.format == "json" {
		doc := struct {
			SchemaVersion int              `json:"schema_version"`
			List          string           `json:"list"`
			Query         groupsQueryJSON  `json:"query"`
			By            model.GroupBy    `json:"by"`
			TZ            model.Text       `json:"tz"`
			Data          []model.Group    `json:"data"`
			Other         model.GroupOther `json:"other"`
			Summary       any              `json:"summary"`
		}{1, list, q, d.By, d.TZ, nonNilGroups(d.Data), d.Other, d.Summary}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return nil, err
		}
		_, err = x.out.Write(append(b, '\n'))
		return d.check, err
	}
	out := newSink(x.out, ef.format, list, groupsHeader, q)
	if err := out.begin(d.Summary); err != nil {
		return nil, err
	}
	for _, g := range d.Data {
		if ef.format == "csv" {
			err = out.row([]string{"group", cell(g.KeyString()), cell(g.Display(d.By)), "1", strconv.FormatInt(g.Count, 10), g.Credits.String()})
		} else {
			err = out.record(groupRowJSON{"group", g.Key, g.Label, g.Count, g.Credits})
		}
		if err != nil {
			return nil, err
		}
	}
	if ef.format == "csv" {
		err = out.row([]string{"other", "", "Other", strconv.FormatInt(d.Other.Groups, 10), strconv.FormatInt(d.Other.Count, 10), d.Other.Credits.String()})
	} else {
		err = out.record(otherRowJSON{"other", d.Other})
	}
	if err != nil {
		return nil, err
	}
	return d.check, out.end(d.Summary)
}

// redactLabel masks what --redact masks elsewhere: people's and keys' names.
func (x *exportCtx) redactLabel(by model.GroupBy, l *model.Text) *model.Text {
	if l == nil || !x.red.Enabled() {
		return l
	}
	var v model.Text
	switch by {
	case model.GroupByUser:
		v = x.red.Name(*l)
	case model.GroupByAPIKey:
		v = x.red.KeyName(*l)
	default:
		return l
	}
	return &v
}

func nonNilGroups(g []model.Group) []model.Group {
	if g == nil {
		return []model.Group{}
	}
	return g
}

// exportNames are the lists export takes, from the registry (activity among them).
func exportNames() []string {
	names := model.ExportNames()
	if !slices.Contains(names, activityList) {
		names = append(names, activityList)
	}
	return names
}

// addGroupFlags adds --group-limit; --group-by is a view flag (addViewFlags),
// so `Y`'s command line exports what the TUI showed.
func addGroupFlags(cmd *cobra.Command, ef *exportFlags) {
	cmd.Flags().IntVar(&ef.groupLimit, "group-limit", 0, "with --group-by: at most N groups, the rest folded into other (1-1000)")
	showDefault(cmd.Flags(), "group-limit", "100") // the contract's default limit
}

// checkGroupFlags: --group-limit needs --group-by, and activity has no groups.
func checkGroupFlags(cmd *cobra.Command, list string, ef exportFlags) error {
	switch {
	case cmd.Flags().Changed("group-limit") && ef.groupBy == "":
		return usageErrorf("--group-limit goes with --group-by")
	case cmd.Flags().Changed("group-limit") && ef.groupLimit < 1:
		return usageErrorf("--group-limit must be between 1 and 1000")
	case ef.groupBy != "" && list == activityList:
		return usageErrorf("--group-by does not apply to activity; it groups %s", strings.Join(groupableLists(), ", "))
	}
	return nil
}
