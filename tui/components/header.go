package components

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tallyhq/tally/model"
	"github.com/tallyhq/tally/tui/common"
)

// GaugeCells is the width of the header's credits gauge.
const GaugeCells = 20

// Header is the two lines at the top: the workspace, role, freshness and
// plan; then the credits left, the gauge and the refresh date.
type Header struct {
	Chosen     bool   // a workspace is chosen
	Connecting bool   // no workspace list yet: /v1/me is still out (or failed)
	Workspace  string // its name
	Role       string // "owner", "owner (viewing as member)"
	Billing    *model.Billing
	BillErr    error
	Fresh      string // "updated 2 min ago", "updating…"
	FreshIsErr bool
	Now        time.Time
	Loc        *time.Location
}

// View draws the two header lines at width w.
func (h Header) View(st *common.Styles, w int) []string {
	left := " " + st.Title.Render("tally") + "  "
	if !h.Chosen {
		left += st.Muted.Render(h.unchosen())
		return []string{common.PadRight(left, w), common.PadRight("", w)}
	}
	left += st.Strong.Render(h.Workspace) + st.Muted.Render(" · ") + h.Role
	b := h.Billing
	if b == nil {
		second := " " + st.Muted.Render("Credits  loading…")
		if h.BillErr != nil {
			second = " " + st.Error.Render("✗ billing: "+common.OneLine(common.ErrText(h.BillErr))) + st.Muted.Render(" · r retry")
		}
		return []string{common.PadRight(h.withFreshness(st, left, "", w), w), common.PadRight(second, w)}
	}
	p := b.Plan
	right := PlanSummary(p)
	if p.CancelAtPeriodEnd && p.CurrentPeriodEnd != nil {
		right += " · " + st.Warn.Render("cancels "+common.FmtDay(*p.CurrentPeriodEnd, h.Loc))
	}
	if sc := p.ScheduledChange; sc != nil {
		right += " · " + st.Warn.Render("→ "+string(sc.PlanName)+" on "+common.FmtDay(sc.EffectiveAt, h.Loc))
	}
	right += " "
	first := h.withFreshness(st, left, right, w)
	if first == left && h.FreshIsErr && h.Fresh != "" {
		// A failed refresh matters more than the plan's name, which the
		// Overview shows too: it is never dropped for want of room.
		right = ""
		first = h.withFreshness(st, left, right, w)
	}
	return []string{common.Spread(first, right, w), common.PadRight(h.creditsLine(st, b, w), w)}
}

// withFreshness adds "· updated 2 min ago" to the left part when it fits
// beside right; the workspace name and the plan matter more.
func (h Header) withFreshness(st *common.Styles, left, right string, w int) string {
	if h.Fresh == "" {
		return left
	}
	s := left + st.Muted.Render(" · "+h.Fresh)
	if h.FreshIsErr {
		s = left + st.Muted.Render(" · ") + st.Error.Render(h.Fresh)
	}
	if ansi.StringWidth(s)+ansi.StringWidth(right)+1 > w {
		return left
	}
	return s
}

// creditsLine says what is left and what was used this period against what
// was granted, with a gauge of the used share of what was available (used +
// left: the opening balance and the grant together, which is why it is not
// used/granted), and when it refreshes. Words go before figures as the width
// shrinks; figures are never cut.
func (h Header) creditsLine(st *common.Styles, b *model.Billing, w int) string {
	c := b.Credits
	remaining := c.Remaining.Grouped() + " left"
	if common.LowCredits(c) {
		remaining = st.Warn.Render(remaining + " (low)")
	} else {
		remaining = st.Strong.Render(remaining)
	}
	avail, _ := c.UsedThisPeriod.Add(max(c.Remaining, 0))
	pct := common.PercentUsed(c.UsedThisPeriod, avail)
	used := c.UsedThisPeriod.Grouped()
	for level := 0; level < 4; level++ {
		s := " " + st.Muted.Render("Credits") + "  " + remaining
		if cells := []int{GaugeCells, 10, 0, 0}[level]; cells > 0 && avail > 0 {
			full := pct * cells / 100
			s += "  " + st.GaugeFull.Render(strings.Repeat("█", full)) + st.GaugeEmpty.Render(strings.Repeat("░", cells-full))
		}
		sep := st.Muted.Render(" · ")
		switch {
		case c.GrantedThisPeriod > 0 && level == 0:
			s += sep + used + " of " + c.GrantedThisPeriod.Grouped() + " granted used this period"
		case c.GrantedThisPeriod > 0 && level < 3:
			s += sep + used + " of " + c.GrantedThisPeriod.Grouped() + " used"
		case c.GrantedThisPeriod > 0:
			s += " · " + used + "/" + c.GrantedThisPeriod.Grouped()
		case level < 3:
			s += sep + used + " used this period"
		}
		if r := c.RefreshesAt; r != nil {
			day, rel := common.FmtDay(*r, h.Loc), common.RelDays(*r, h.Now, h.Loc)
			switch level {
			case 0, 1:
				s += sep + "refreshes " + day + " · " + rel
			case 2:
				s += sep + day + " (" + rel + ")"
			default:
				s += " · " + day
			}
		}
		if x := h.expiryPart(st, level); x != "" { // header_expiry.go
			s += sep + x
		}
		if ansi.StringWidth(s) <= w || level == 3 {
			return s
		}
	}
	return ""
}

// PlanSummary is "Creator · monthly · active"; parts that only repeat the
// plan's name ("Free · no billing · free") are left out.
func PlanSummary(p model.Plan) string {
	parts := []string{string(p.Name)}
	if p.Interval != "" {
		parts = append(parts, strings.ToLower(p.Interval.Label()))
	}
	if st := strings.ToLower(p.Status.Label()); !strings.EqualFold(st, string(p.Name)) {
		parts = append(parts, st)
	}
	return strings.Join(parts, " · ")
}

// Compact is the header in one line, for short terminals: the workspace and
// role, and what is left against what was used of the grant.
func (h Header) Compact(st *common.Styles, w int) string {
	left := " " + st.Title.Render("tally") + "  "
	if !h.Chosen {
		return common.PadRight(left+st.Muted.Render(h.unchosen()), w)
	}
	left += st.Strong.Render(h.Workspace) + st.Muted.Render(" · ") + h.Role
	right := st.Muted.Render("loading… ")
	switch b := h.Billing; {
	case b != nil:
		c := b.Credits
		right = c.Remaining.Grouped() + " left"
		if common.LowCredits(c) {
			right = st.Warn.Render(right + " (low)")
		}
		// Then, as room allows: a failed refresh (never dropped for the
		// used figures), else used of granted.
		more := ""
		switch {
		case h.FreshIsErr && h.Fresh != "":
			more = st.Error.Render("refresh failed · r")
		case c.GrantedThisPeriod > 0:
			more = c.UsedThisPeriod.Grouped() + "/" + c.GrantedThisPeriod.Grouped()
		}
		if more != "" && ansi.StringWidth(left)+ansi.StringWidth(right+" · "+more)+2 <= w {
			right += st.Muted.Render(" · ") + more
		} else if h.FreshIsErr && h.Fresh != "" {
			right = st.Error.Render("✗ ") + right
		}
		right += " "
	case h.BillErr != nil:
		right = st.Error.Render("✗ billing · r retry ")
	}
	if ansi.StringWidth(left)+ansi.StringWidth(right)+2 > w {
		// The workspace and the role matter more than the mark.
		left = " " + st.Strong.Render(h.Workspace) + st.Muted.Render(" · ") + h.Role
	}
	return common.Spread(left, right, w)
}

// unchosen is the header's text before a workspace is open.
func (h Header) unchosen() string {
	if h.Connecting {
		return "connecting…"
	}
	return "choose a workspace"
}
