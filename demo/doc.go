// Package demo is a complete, deterministic server for the billing API
// contract (docs: billing-api.md). `tally demo serve`, the client's tests and
// the benchmarks run against it; it depends only on model/.
//
// Data: generated from Options.Seed with math/rand/v2 (PCG), all dates
// relative to Options.Now, so one seed gives the same bytes every time.
// Three workspaces: ws_acme (paid, Options.Size MCP calls, ~Size/2
// conversations capped at 200k, ~Size/8 imports capped at 50k), ws_side
// (small, a scheduled downgrade, Ada is a member) and ws_free (free plan, no
// usage). The adjustments are generated after the usage so that, per
// workspace and to the last 0.0001:
//
//	remaining = Σ adjustments − Σ conversations − Σ mcp_calls − Σ imports
//
// Storage: each list is a set of parallel columns (int64 unix times, int64
// credit units, small ints for keys, tools, users), no per-record pointers.
// Records are in time order and ids embed the record number in fixed-width
// hex, so id order is record order. Per sort field and per filter value there
// is a pre-sorted []int32 index; summaries come from prefix sums over the
// time-sorted index of each filter value. A page is binary searches to the
// window and to the cursor, then a slice; with a date window and a non-time
// sort the server either sorts the window or skips through the key index,
// whichever is cheaper. Conversation search (q) scans the window: titles and
// names are free text with no index (about 1.5 ms at 200k conversations).
//
// Contract 1.1 (Options.API "1.1", the default; "1.0" serves the contract
// without it): user_id on the three usage lists (a predicate over the window,
// like q), plan.limits and credits.expiring derived from the same records
// (billing11.go), and the four groups endpoints (groups.go): categorical
// groups from the running totals of a filter value where they apply, else one
// pass over the window; time buckets from the running totals, bounded by
// binary search at each bucket's first instant (model.DayStart).
//
// Cursors are base64url of (last sort key, last record number, hash of the
// filter/sort parameters); a cursor reused with other parameters is a 400.
package demo
