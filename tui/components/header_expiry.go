package components

import (
	"github.com/tallyhq/tally/tui/common"
)

// expiryPart is the nearest expiry of credits when it is within a week
// (common.ExpirySoon), for the header's credits line: "⚠ 25 promo credits
// expire Dec 8 (in 5 days)" in full, shorter as the width shrinks (level as
// in creditsLine), and nothing at the narrowest level, where what is left
// matters more. A server that does not report expiring credits (1.0) shows
// nothing: the Overview says they are not reported.
func (h Header) expiryPart(st *common.Styles, level int) string {
	if h.Billing == nil || level >= 3 {
		return ""
	}
	x, ok := h.Billing.Credits.Expiring.Soon(h.Now, common.ExpirySoon)
	if !ok || x.Amount.Sign() <= 0 || !x.ExpiresAt.After(h.Now) {
		return ""
	}
	rel := common.RelDays(x.ExpiresAt, h.Now, h.Loc)
	if level == 2 {
		return st.Warn.Render("⚠ " + x.Amount.Grouped() + " expire " + rel)
	}
	return st.Warn.Render("⚠ " + x.Phrase(h.Now, h.Loc) + " · " + rel)
}
