package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// drain feeds each list's rows in pages of size in the merge's order and
// takes everything, n rows at a time.
func drain(t *testing.T, m ActivityMerge, lists [4][]ActivityRow, size, n int) []ActivityRow {
	t.Helper()
	var pos [4]int
	var out []ActivityRow
	for !m.Done() {
		for _, k := range m.Needs() {
			i := kindIndex(k)
			rows := lists[i]
			if m.Oldest() {
				rows = slices.Clone(rows)
				slices.Reverse(rows)
			}
			end := min(pos[i]+size, len(rows))
			next := ""
			if end < len(rows) {
				next = fmt.Sprintf("%s-%d", k, end)
			}
			var err error
			if m, err = m.Feed(ActivityPage{Kind: k, Rows: rows[pos[i]:end], Next: next, Window: win(lists[i]...), Slack: size}); err != nil {
				t.Fatal(err)
			}
			pos[i] = end
		}
		var got []ActivityRow
		var err error
		if m, got, err = m.Take(n); err != nil {
			t.Fatal(err)
		}
		out = append(out, got...)
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestActivityOldestFirstIsTheNewestFirstWalkReversed: the same rows, in the
// exact reverse order (ties in time included), with the same balance after
// each, whatever the anchor (a window's) and the page sizes.
func TestActivityOldestFirstIsTheNewestFirstWalkReversed(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 13))
	for trial := range 200 {
		var lists [4][]ActivityRow
		for i, k := range ActivityKinds {
			for j := range r.IntN(12) {
				amount := fmt.Sprintf("-%d.%04d", r.IntN(5), r.IntN(10000))
				if k == ActivityAdjustment && r.IntN(2) == 0 {
					amount = fmt.Sprintf("%d.%04d", r.IntN(50), r.IntN(10000))
				}
				// Few distinct minutes, so ties in time are common, within
				// a list and across lists.
				lists[i] = append(lists[i], row(k, fmt.Sprintf("%s_%03d", k, j), r.IntN(8), amount))
			}
			slices.SortFunc(lists[i], func(a, b ActivityRow) int {
				if ActivityNewer(a, b) {
					return -1
				}
				return 1
			})
		}
		anchor := NewCredits(int64(r.IntN(1000)))
		size, n := 1+r.IntN(4), 1+r.IntN(5)
		newest := drain(t, NewActivityMerge(anchor), lists, size, n)
		oldest := drain(t, NewActivityMergeOldest(anchor), lists, size, n)
		slices.Reverse(oldest)
		if len(newest) != len(oldest) {
			t.Fatalf("trial %d: %d rows newest first, %d oldest first", trial, len(newest), len(oldest))
		}
		for i := range newest {
			a, b := newest[i], oldest[i]
			if a.ID != b.ID || a.BalanceAfter != b.BalanceAfter {
				t.Fatalf("trial %d, row %d: newest first %s after %s, oldest first %s after %s", trial, i, a.ID, a.BalanceAfter, b.ID, b.BalanceAfter)
			}
		}
		if len(newest) > 0 && newest[0].BalanceAfter != anchor {
			t.Fatalf("trial %d: the newest row ends at %s, not the anchor %s", trial, newest[0].BalanceAfter, anchor)
		}
	}
}

// An oldest-first page out of order (newest first) is refused, naming it.
func TestActivityOldestFirstRefusesNewestFirstPages(t *testing.T) {
	rows := []ActivityRow{row(ActivityMCPCall, "call_2", 1, "-1"), row(ActivityMCPCall, "call_1", 5, "-1")}
	_, err := NewActivityMergeOldest(0).Feed(ActivityPage{Kind: ActivityMCPCall, Rows: rows, Window: win(rows...)})
	if err == nil || !strings.Contains(err.Error(), "is not newer than") {
		t.Fatalf("%v", err)
	}
}
