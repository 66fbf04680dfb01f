package cli

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
)

// workspaceParallel bounds the requests of `--all`: enough to hide latency
// for a handful of workspaces, few enough not to trip a server's rate limit.
const workspaceParallel = 4

// eachWorkspace runs fn for every workspace, at most workspaceParallel at a
// time, and returns when every fn has. Each fn owns index i of whatever the
// caller collects, so no result is lost when another workspace fails.
func eachWorkspace(ctx context.Context, wss []model.WorkspaceRef, fn func(ctx context.Context, i int, ws model.WorkspaceRef)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, workspaceParallel)
	for i, ws := range wss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				fn(ctx, i, ws) // sees the cancelled context and records it
				return
			}
			defer func() { <-sem }()
			fn(ctx, i, ws)
		}()
	}
	wg.Wait()
}

// oneLine is an error as one sanitised line: it ends up in a table row or a
// JSON field, where a newline or an escape sequence would break the layout.
func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(model.Sanitize(err.Error())), " ")
}

// targetWorkspaces is every workspace with all, else the one --workspace (or
// the profile) names, or the key's only one. A profile's workspace does not
// conflict with --all; a --workspace flag or TALLY_WORKSPACE does.
func targetWorkspaces(me model.Me, s config.Settings, all bool) ([]model.WorkspaceRef, error) {
	want := s.Workspace
	if all {
		if err := allConflict(s, all); err != nil {
			return nil, err
		}
		if len(me.Workspaces) == 0 {
			return nil, errors.New("this API key has no workspaces")
		}
		return me.Workspaces, nil
	}
	ws, err := pickWorkspace(me, want, true)
	if err != nil {
		return nil, err
	}
	return []model.WorkspaceRef{ws}, nil
}

// allConflict refuses --all beside a --workspace flag or TALLY_WORKSPACE
// (checked before any request, so it is a usage error even offline).
func allConflict(s config.Settings, all bool) error {
	if src := s.Sources["workspace"]; all && s.Workspace != "" && (src == config.FromFlag || src == config.FromEnv) {
		return usageErrorf("use either --all or --workspace (or TALLY_WORKSPACE), not both")
	}
	return nil
}
