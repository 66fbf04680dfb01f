package table

import (
	"strings"

	"github.com/tallyhq/tally/tui/common"
)

// Drawing the header and the visible rows.

// HeaderView renders the column titles with the sort marker.
func (t *Table[T]) HeaderView(st *common.Styles) string {
	var b strings.Builder
	b.WriteString(common.Spaces(RowMarginL))
	for k, p := range t.layout {
		if k > 0 {
			b.WriteString(common.Spaces(ColGap))
		}
		c := t.cols[p.col]
		title := c.Title
		marker := ""
		if c.Sort != "" && c.Sort == t.sortField {
			marker = " ▼"
			if t.sortAsc {
				marker = " ▲"
			}
		}
		if c.Short != "" && common.TextWidth(title+marker) > p.width {
			title = c.Short
		}
		title += marker
		common.Fit(&b, title, p.width, c.Align)
	}
	line := b.String()
	return st.Header.Render(common.PadRight(line, t.width))
}

// RowsView renders exactly the visible lines; edge (e.g. "loading more…") is
// drawn on the edge line after the head when it is on screen.
func (t *Table[T]) RowsView(st *common.Styles, f *CellFmt, edge string) []string {
	lines := make([]string, 0, t.height)
	end := min(t.offset+t.height, t.Lines())
	var b strings.Builder
	for i := t.offset; i < end; i++ {
		if t.Row(i) == nil {
			lines = append(lines, common.PadRight(" "+edge, t.width))
			continue
		}
		lines = append(lines, t.rowView(&b, st, f, i))
	}
	return lines
}

func (t *Table[T]) rowView(b *strings.Builder, st *common.Styles, f *CellFmt, i int) string {
	b.Reset()
	r := t.Row(i)
	sel := i == t.cursor
	if sel {
		b.WriteString("▌")
	} else {
		b.WriteString(" ")
	}
	for k, p := range t.layout {
		if k > 0 {
			b.WriteString(common.Spaces(ColGap))
		}
		c := &t.cols[p.col]
		var s string
		if c.Compact != nil && p.width < c.CompactBelow {
			s = c.Compact(r)
		} else {
			s = c.Text(r, f)
		}
		if !sel && c.Negative != nil && c.Negative(r) && !st.NoColor {
			var neg strings.Builder
			t.writeCell(&neg, c, s, p)
			b.WriteString(st.Negative.Render(neg.String()))
			continue
		}
		t.writeCell(b, c, s, p)
	}
	used := t.usedWidth()
	b.WriteString(common.Spaces(t.width - used))
	if sel {
		return st.Selected.Render(b.String())
	}
	return b.String()
}

func (t *Table[T]) usedWidth() int {
	if len(t.layout) == 0 {
		return RowMarginL
	}
	last := t.layout[len(t.layout)-1]
	return last.x + last.width
}

func (t *Table[T]) writeCell(b *strings.Builder, c *Column[T], s string, p placed) {
	if c.Decimal {
		t.decimalCell(b, s, p.col, p.width)
		return
	}
	common.Fit(b, s, p.width, c.Align)
}
