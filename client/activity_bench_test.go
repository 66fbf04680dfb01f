package client

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/tallyhq/tally/demo"
	"github.com/tallyhq/tally/model"
)

// BenchmarkActivityFirstScreen is what the Activity tab costs before its
// first screen, against the demo at 1e6 MCP calls over loopback, beside the
// first page of one list in the same run:
//
//	go test ./client -run '^$' -bench ActivityFirstScreen -benchtime 100x
func BenchmarkActivityFirstScreen(b *testing.B) {
	run, err := demo.Start(demo.Options{Now: demoNow, Size: 1_000_000}, "")
	if err != nil {
		b.Fatal(err)
	}
	defer run.Close()
	c, err := New(Options{BaseURL: run.URL, APIKey: demo.OwnerKey, Transport: http.DefaultTransport.(*http.Transport).Clone()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	screen := func(b *testing.B, q ActivityQuery) {
		for b.Loop() {
			a, err := c.StartActivity(ctx, demo.WorkspaceAcme, q)
			if err != nil {
				b.Fatal(err)
			}
			if _, rows, err := c.MoreActivity(ctx, a, 40); err != nil || len(rows) != 40 {
				b.Fatal(err)
			}
		}
	}
	b.Run("ListFirstPage", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.MCPCalls(ctx, demo.WorkspaceAcme, MCPCallQuery{ListQuery: ListQuery{Limit: 50}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AllTime40Rows", func(b *testing.B) { screen(b, ActivityQuery{}) })
	b.Run("Last30Days40Rows", func(b *testing.B) {
		screen(b, ActivityQuery{From: demoNow.AddDate(0, 0, -30), To: demoNow.Add(-time.Hour)})
	})
	// Walking on: the next 40 rows from a started walk (one page per list at most).
	b.Run("Next40Rows", func(b *testing.B) {
		a, err := c.StartActivity(ctx, demo.WorkspaceAcme, ActivityQuery{})
		if err != nil {
			b.Fatal(err)
		}
		var rows []model.ActivityRow
		for b.Loop() {
			if a, rows, err = c.MoreActivity(ctx, a, 40); err != nil || len(rows) != 40 {
				b.Fatal(err)
			}
		}
	})
}
