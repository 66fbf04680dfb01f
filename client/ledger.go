package client

import (
	"context"
	"sync"

	"github.com/tallyhq/tally/model"
)

// ledgerParallel bounds the ledger's concurrent requests: quick, yet gentle.
const ledgerParallel = 4

// LedgerInput fetches what model.Reconcile needs for b's workspace:
//
//   - the period's adjustments, walked 200 a page (a period holds a handful),
//     so grants and removals can be split by type;
//   - the period's spend: the conversation, MCP-call and import summaries
//     with from/to = the billing period, limit 1 (one request each);
//   - the all-time figures: the same four summaries unfiltered, limit 1.
//
// Without a billing period (free) the period is all time and the walk's
// summary doubles as the all-time adjustments figure. Up to four requests run
// at once; the first error cancels the rest and is returned. b should be
// fetched just before: if a record lands in between, Reconcile reports a
// mismatch, and callers may fetch both again once before showing it.
func (c *Client) LedgerInput(ctx context.Context, ws string, b model.Billing) (model.LedgerInput, error) {
	in := model.LedgerInput{Billing: b}
	var period ListQuery
	hasPeriod := b.Plan.CurrentPeriodStart != nil
	if hasPeriod {
		period.From = *b.Plan.CurrentPeriodStart
		if e := b.Plan.CurrentPeriodEnd; e != nil && e.After(period.From) {
			period.To = *e
		}
	}
	one := ListQuery{Limit: 1}
	periodOne := period
	periodOne.Limit = 1

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, ledgerParallel)
	)
	do := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if err := f(); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		}()
	}

	var all model.LedgerTotals
	var adjNet model.Credits
	do(func() error {
		q := AdjustmentQuery{ListQuery: period}
		q.Limit = maxLimit
		guard := c.NewWalk(q.Limit)
		first, _, err := WalkAll(ctx, func(ctx context.Context, cur string) (AdjustmentPage, error) {
			q.Cursor = cur
			return c.Adjustments(ctx, ws, q)
		}, &guard, func(a model.Adjustment) error { return in.PeriodAdjustments.Add(a) })
		adjNet = first.Net
		return err
	})
	spend := func(q ListQuery, dst *model.Spend) {
		do(func() error {
			p, err := c.Conversations(ctx, ws, ConversationQuery{ListQuery: q})
			dst.Conversations = p.Summary.Credits
			return err
		})
		do(func() error {
			p, err := c.MCPCalls(ctx, ws, MCPCallQuery{ListQuery: q})
			dst.MCPCalls = p.Summary.Credits
			return err
		})
		do(func() error {
			p, err := c.Imports(ctx, ws, ImportQuery{ListQuery: q})
			dst.Imports = p.Summary.Credits
			return err
		})
	}
	spend(one, &all.Spend)
	if hasPeriod {
		spend(periodOne, &in.PeriodSpend)
		do(func() error {
			p, err := c.Adjustments(ctx, ws, AdjustmentQuery{ListQuery: one})
			all.Adjustments = p.Summary.Net
			return err
		})
	}
	wg.Wait()
	if firstErr != nil {
		return in, firstErr
	}
	if err := ctx.Err(); err != nil {
		return in, err
	}
	if !hasPeriod {
		in.PeriodSpend = all.Spend
		all.Adjustments = adjNet
	}
	in.AllTime = &all
	return in, nil
}
