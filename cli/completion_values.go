package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tallyhq/tally/model"
)

// The offline value sources of shell completion: the lists, tabs, sorts and
// filter values come from the model's registry; each source is one small
// function.

// choice is one completion candidate and its description. An alt choice
// (a name beside its id) is offered only when no other choice matches what
// was typed, so the first Tab shows one line per workspace or key.
type choice struct {
	value, desc string
	alt         bool
}

func tabChoices() []choice {
	var out []choice
	for _, l := range model.Lists() {
		out = append(out, choice{value: string(l.Tab), desc: l.Title})
	}
	return out
}

func listChoices() []choice {
	var out []choice
	for _, l := range model.Lists() {
		if l.Export != "" {
			out = append(out, choice{value: l.Export, desc: l.Title})
		}
	}
	return append(out, choice{value: activityList, desc: "Activity: every change to the balance"})
}

// sortChoicesFor is the list's sort fields, its default first; for nil or a
// page that is not a list (the Overview), every list's, since the TUI keeps
// one sort across tab switches.
func sortChoicesFor(l *model.List) []choice {
	var out []choice
	if l != nil && l.Tab == model.TabActivity {
		return nil // one order, newest first
	}
	if l != nil && l.Paged {
		for i, s := range l.Sorts {
			c := choice{value: s.Field, desc: s.Title}
			if i == 0 {
				c.desc += " (the default)"
			}
			out = append(out, c)
		}
		return out
	}
	seen := map[string]bool{}
	for _, l := range model.Lists() {
		for _, s := range l.Sorts {
			if !seen[s.Field] {
				seen[s.Field] = true
				out = append(out, choice{value: s.Field, desc: s.Title})
			}
		}
	}
	return out
}

// filterChoices is an enum filter's values with their labels.
func filterChoices(f *model.Filter) []choice {
	out := make([]choice, len(f.Values))
	for i, c := range f.Values {
		out[i] = choice{value: c.Value, desc: c.Label}
	}
	return out
}

func orderChoices() []choice {
	return []choice{{value: "desc", desc: "newest or largest first (default)"}, {value: "asc", desc: "oldest or smallest first"}}
}

func formatChoices() []choice {
	return []choice{{value: "csv", desc: "a header row, times in --tz"}, {value: "json", desc: "one document with query and summary"}, {value: "ndjson", desc: "one record per line"}}
}

func lastChoices() []choice {
	return []choice{{value: "7d", desc: "the last 7 days"}, {value: "30d", desc: "the last 30 days"}, {value: "2w", desc: "the last 2 weeks"}, {value: "3m", desc: "the last 3 months"}, {value: "12m", desc: "the last 12 months"}}
}

func refreshChoices() []choice {
	return []choice{{value: "60s", desc: "every minute"}, {value: "5m", desc: "every 5 minutes"}, {value: "0", desc: "off"}}
}

func faultChoices() []choice {
	return []choice{{value: "light", desc: "some latency, 429s and 5xx"}, {value: "heavy", desc: "many"}}
}

// enumChoices lists an enum's values with their labels.
func enumChoices[T interface {
	~string
	Label() string
}](all []T) []choice {
	out := make([]choice, len(all))
	for i, v := range all {
		out[i] = choice{value: string(v), desc: v.Label()}
	}
	return out
}

// zoneinfoDirs are where the system keeps its time zone database (the
// places Go's time package reads too). tally also embeds Go's tzdata, so
// --tz works without them, but that copy cannot be listed: completion offers
// the system's zones, and only UTC where there are none (Windows).
func zoneinfoDirs(getenv func(string) string) []string {
	var dirs []string
	if z := getenv("ZONEINFO"); z != "" {
		dirs = append(dirs, z)
	}
	if runtime.GOOS != "windows" {
		dirs = append(dirs, "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo")
	}
	return dirs
}

// tzChoices are the IANA zone names of the system's zone1970.tab and
// zone.tab, plus UTC. Both files: zone1970.tab folds zones that agree since
// 1970 into one (Europe/Amsterdam is under Europe/Brussels there), and
// people type the city they live in. No descriptions: the files' comments
// belong to one of the countries sharing a zone ("Asia/Tokyo: Eyre Bird
// Observatory"), which misleads more than it helps.
func tzChoices(getenv func(string) string) []choice {
	seen := map[string]bool{"UTC": true}
	var names []string
	for _, dir := range zoneinfoDirs(getenv) {
		found := false
		for _, tab := range []string{"zone1970.tab", "zone.tab"} {
			f, err := os.Open(filepath.Join(dir, tab))
			if err != nil {
				continue
			}
			found = true
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := sc.Text()
				if line == "" || line[0] == '#' {
					continue
				}
				fields := strings.Split(line, "\t")
				if len(fields) < 3 || seen[fields[2]] {
					continue
				}
				seen[fields[2]] = true
				names = append(names, fields[2])
			}
			f.Close()
		}
		if found {
			break
		}
	}
	sort.Strings(names)
	out := []choice{{value: "UTC", desc: "Coordinated Universal Time"}}
	for _, n := range names {
		out = append(out, choice{value: n})
	}
	return out
}

// apiKeyChoices lists a workspace's keys: ids, and names as alternatives.
func apiKeyChoices(keys []model.APIKey) []choice {
	var out []choice
	for _, k := range keys {
		state := ""
		if k.Revoked() {
			state = ", revoked"
		}
		out = append(out, choice{value: string(k.ID), desc: string(k.Name) + state}, choice{string(k.Name), string(k.ID) + state, true})
	}
	return out
}

// workspaceChoices lists the key's workspaces: ids, and names as alternatives.
func workspaceChoices(ws []model.WorkspaceRef) []choice {
	var out []choice
	for _, w := range ws {
		out = append(out, choice{value: string(w.ID), desc: string(w.Name) + ", " + w.Role.Label()}, choice{string(w.Name), string(w.ID) + ", " + w.Role.Label(), true})
	}
	return out
}

// userChoices lists users: ids, and names as alternatives.
func userChoices(users []model.User) []choice {
	var out []choice
	for _, u := range users {
		out = append(out, choice{value: string(u.ID), desc: string(u.Name)})
		if u.Name != "" {
			out = append(out, choice{string(u.Name), string(u.ID), true})
		}
	}
	return out
}

// groupByChoices is the list's groupings; for nil or a page that is not a
// list, every list's (the TUI keeps none across tabs, but offers the union
// rather than nothing).
func groupByChoices(l *model.List) []choice {
	var bys []model.GroupBy
	if l != nil {
		bys = model.GroupBysFor(l.Tab)
	} else {
		seen := map[model.GroupBy]bool{}
		for _, l := range model.Lists() {
			for _, g := range model.GroupBysFor(l.Tab) {
				if !seen[g] {
					seen[g] = true
					bys = append(bys, g)
				}
			}
		}
	}
	out := make([]choice, len(bys))
	for i, g := range bys {
		out[i] = choice{value: string(g), desc: g.Label()}
	}
	return out
}

// monthChoices are this month and the eleven before it, newest first.
func monthChoices(now time.Time) []choice {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]choice, 12)
	for i := range out {
		m := first.AddDate(0, -i, 0)
		out[i] = choice{value: m.Format("2006-01"), desc: m.Format("January 2006")}
	}
	out[0].desc += " (this month)"
	return out
}

// yearChoices are this year and the two before it.
func yearChoices(now time.Time) []choice {
	out := make([]choice, 3)
	for i := range out {
		y := strconv.Itoa(now.Year() - i)
		out[i] = choice{value: y, desc: "the year " + y}
	}
	out[0].desc += " (this year)"
	return out
}

func timeoutChoices() []choice {
	return []choice{{value: "10s", desc: "give up sooner"}, {value: "30s", desc: "the default"}, {value: "2m", desc: "a slow server"}}
}

func parallelChoices() []choice {
	return []choice{{value: "1", desc: "one walk"}, {value: "4", desc: "four requests at once"}, {value: strconv.Itoa(defaultParallel), desc: "the default"}, {value: strconv.Itoa(maxParallel), desc: "the most"}}
}

func apiChoices() []choice {
	return []choice{{value: "1.1", desc: "the current contract (default)"}, {value: "1.0", desc: "no groups, user filter, limits or expiring credits"}}
}

func latencyChoices() []choice {
	return []choice{{value: "20ms", desc: "a nearby region"}, {value: "100ms", desc: "another continent"}, {value: "2s", desc: "a struggling server"}}
}

func jitterChoices() []choice {
	return []choice{{value: "5ms", desc: "a little"}, {value: "20ms", desc: "more"}}
}
