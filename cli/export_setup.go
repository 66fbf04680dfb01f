package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// exportCtx is what `export activity` and `export LIST --group-by` need
// after the flags, the session and the workspace are resolved.
type exportCtx struct {
	sess     *session
	s        config.Settings
	ws       model.WorkspaceRef
	view     model.View
	from, to time.Time
	red      model.Redactor
	out      *output
}

// exportSetup checks the format, reads settings, parses the view flags as
// tab would take them (tab "" = no list filters at all), connects, picks
// the workspace, resolves the window and opens the output.
func (a *app) exportSetup(cmd *cobra.Command, vf viewFlags, ef exportFlags, tab model.Tab) (*exportCtx, error) {
	switch ef.format {
	case "csv", "json", "ndjson":
	default:
		return nil, usageErrorf("--format must be csv, json or ndjson, not %q", ef.format)
	}
	s, f, err := a.settings()
	if err != nil {
		return nil, err
	}
	vf.tab = string(tab)
	view, err := parseView(vf, s.Workspace, s.TZ, "")
	if err != nil {
		return nil, err
	}
	view.Tab = ""
	sess, err := a.connectWith(cmd.Context(), s, f)
	if err != nil {
		return nil, err
	}
	ws, err := pickWorkspace(sess.me, view.Workspace, true)
	if err != nil {
		return nil, err
	}
	from, to, err := view.Window(a.env.Now().Truncate(time.Second), sess.loc)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	x := &exportCtx{sess: sess, s: s, ws: ws, view: view, from: from, to: to}
	if s.Redact {
		if x.red, err = model.NewRandomRedactor(); err != nil {
			return nil, err
		}
	}
	if x.out, err = openOutput(ef.output, a.env.Stdout); err != nil {
		return nil, err
	}
	return x, nil
}

// finish commits the output, or discards it after err (naming -o when it
// was not written).
func (x *exportCtx) finish(ef exportFlags, err error) error {
	if err != nil {
		x.out.discard()
		if ef.output != "" && ef.output != "-" {
			return fmt.Errorf("%w; %s was not written", err, ef.output)
		}
		return err
	}
	return x.out.commit()
}

// windowJSON is the window of a json export's "query".
func (x *exportCtx) windowJSON() (from, to *time.Time) {
	return utcPtr(nonZero(x.from)), utcPtr(nonZero(x.to))
}
