package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/tallyhq/tally/client"
	"github.com/tallyhq/tally/config"
	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui"
)

// The snapshot cache from the commands' side: balance, check and status save
// every billing document they fetch; only status reads it (check and balance
// must never answer from old figures).

// snapshotStore is the cache, or ok false when --no-cache or the profile's
// cache = false turns it off (or no cache directory can be found).
func (a *app) snapshotStore(s config.Settings, noCache bool) (config.Snapshots, bool) {
	if noCache || s.NoCache {
		return config.Snapshots{}, false
	}
	dir, err := config.SnapshotDir(a.env.Getenv)
	if err != nil {
		return config.Snapshots{}, false
	}
	return config.Snapshots{Dir: dir}, true
}

// snapshotNames are the names a workspace's snapshot is saved under: its id
// (what the TUI looks up), and the --workspace text that chose it — a name,
// or "" when the key has one workspace — so that `tally status` finds it
// without asking /v1/me which workspace the text means.
func snapshotNames(want string, me model.Me, ws model.WorkspaceRef) []string {
	names := []string{string(ws.ID)}
	switch {
	case want == string(ws.ID):
	case want == "":
		if len(me.Workspaces) == 1 && me.Workspaces[0].ID == ws.ID {
			names = append(names, "")
		}
	default:
		if w, err := model.ResolveWorkspace(me.Workspaces, want); err == nil && w.ID == ws.ID {
			names = append(names, want)
		}
	}
	return names
}

// snapshotOf is what the cache keeps of a fetch: the document and, when the
// forecast was computed, its pace.
func snapshotOf(b model.Billing, f *model.ForecastResult, tz string, at time.Time) config.Snapshot {
	snap := config.Snapshot{Billing: b, FetchedAt: at}
	if f != nil {
		snap.Pace = &config.Pace{Days: f.Days, WindowSpend: f.WindowSpend, TZ: tz, At: at}
	}
	return snap
}

// remember saves snap under names (a snapshot without a pace keeps the
// previous file's, see config.Snapshots.Save). The cache only speeds things
// up, so a failure is a warning, never an error.
func (a *app) remember(store config.Snapshots, s config.Settings, names []string, snap config.Snapshot) {
	if store.Dir == "" {
		return
	}
	for _, n := range names {
		var err error
		if snap.Pace != nil {
			err = store.SaveSnapshot(s.Profile, s.BaseURL, n, snap)
		} else {
			err = store.Save(s.Profile, s.BaseURL, n, snap.Billing, snap.FetchedAt)
		}
		if err != nil {
			fmt.Fprintf(a.env.Stderr, "tally: warning: cannot update the snapshot cache: %v\n", err)
			return
		}
	}
}

// forecastFromPace re-runs model.Forecast on a snapshot: the pace's spend
// laid on its last complete day reproduces the same average (the forecast
// only sums the window and divides by its days), so the run-out date follows
// the cached balance exactly as a fresh forecast would.
func forecastFromPace(b model.Billing, p *config.Pace, now time.Time, loc *time.Location) *model.ForecastResult {
	if p == nil {
		return nil
	}
	y, m, d := now.In(loc).Date()
	daily := make([]model.DailyUsage, p.Days)
	for i := range daily {
		daily[i].Date = time.Date(y, m, d-1-i, 12, 0, 0, 0, loc).Format(time.DateOnly)
	}
	if p.Days > 0 {
		daily[0].Conversations = p.WindowSpend
	}
	f := model.Forecast(b.Credits.Remaining, b.Credits.RefreshesAt, daily, now, loc)
	return &f
}

// dailyForForecast reads the days the forecast averages from /usage/daily, in
// the zone's IANA name (or UTC when the local zone has none, as balance does).
func dailyForForecast(ctx context.Context, c *client.Client, ws string, now time.Time, loc *time.Location, getenv func(string) string) ([]model.DailyUsage, string, *time.Location, error) {
	tz, dloc := model.ZoneName(loc, getenv), loc
	if tz == "" {
		tz, dloc = "UTC", time.UTC
	}
	from, to := model.DailyWindow(now, dloc, model.ForecastDays+1)
	d, err := c.Daily(ctx, ws, client.DailyQuery{From: from, To: to, TZ: tz})
	if err != nil {
		return nil, tz, dloc, err
	}
	return d.Data, tz, dloc, nil
}

// fetchForecast is the forecast of b from /usage/daily.
func fetchForecast(ctx context.Context, c *client.Client, ws string, b model.Billing, now time.Time, loc *time.Location, getenv func(string) string) (*model.ForecastResult, string, error) {
	daily, tz, dloc, err := dailyForForecast(ctx, c, ws, now, loc, getenv)
	if err != nil {
		return nil, tz, err
	}
	f := model.Forecast(b.Credits.Remaining, b.Credits.RefreshesAt, daily, now, dloc)
	return &f, tz, nil
}

// effectiveRole is real narrowed by --as-role: a role that sees less than
// the real one replaces it; --as-role cannot widen what a key may see.
func effectiveRole(real, as model.Role) model.Role {
	if as == "" || roleRank(as) >= roleRank(real) {
		return real
	}
	return as
}

func roleRank(r model.Role) int {
	switch r {
	case model.RoleOwner:
		return 3
	case model.RoleAdmin, model.RoleSupport:
		return 2
	case model.RoleMember:
		return 1
	}
	return 0
}

// parseAsRole reads --as-role ("" = not given).
func parseAsRole(s string) (model.Role, error) {
	if s == "" {
		return "", nil
	}
	r, ok := model.ParseEnum(s, model.Roles)
	if !ok {
		return "", usageErrorf("unknown --as-role %q: use one of %s", s, joinEnum(model.Roles))
	}
	return r, nil
}

// tuiSnapshots is the cache as the TUI sees it: bound to the profile and
// base URL, keyed by workspace id; nil when the cache is off.
func (a *app) tuiSnapshots(s config.Settings) tui.SnapshotCache {
	store, ok := a.snapshotStore(s, false)
	if !ok {
		return nil
	}
	return tuiCache{store: store, profile: s.Profile, baseURL: s.BaseURL}
}

type tuiCache struct {
	store            config.Snapshots
	profile, baseURL string
}

func (c tuiCache) Load(ws string) (model.Billing, time.Time, bool) {
	return c.store.Load(c.profile, c.baseURL, ws)
}

// Save keeps the file's pace (the status line's forecast) when it is recent.
func (c tuiCache) Save(ws string, b model.Billing, at time.Time) error {
	return c.store.Save(c.profile, c.baseURL, ws, b, at)
}
