package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/tallyhq/tally/model"
)

type convItem struct {
	at      int64
	bt      int
	desc    string
	credits int64
	status  model.ItemStatus
}

// convItems regenerates a conversation's billing sheet from its own RNG
// stream, so the sheet is not stored yet always sums to the stored credits.
// Failed generations appear as a charge followed by a refund of the same amount.
func (w *world) convItems(ws *workspace, i int32, bt int, updated int64) ([]convItem, int64) {
	r := rand.New(rand.NewPCG(w.seed^ws.tag, uint64(i)+1))
	var items []convItem
	var msgs int64
	batches := 1 + r.IntN(3)
	for range batches {
		m := int64(1 + r.IntN(24))
		msgs += m
		items = append(items, convItem{bt: 0, desc: fmt.Sprintf("%d messages, standard model", m), credits: m * 2500, status: model.ItemCharged})
	}
	gens := 0
	if bt > 0 {
		gens = 1 + r.IntN(4)
	}
	for range gens {
		var desc string
		var cr int64
		if bt == 1 {
			n := int64(1 + r.IntN(4))
			desc, cr = fmt.Sprintf("%d images, 1024×1024", n), n*15000
			if r.IntN(5) == 0 {
				desc, cr = "1 image upscale, 4096×4096", 12345
			}
		} else {
			desc, cr = "10 s video, 1080p", 20*unit
			if r.IntN(3) == 0 {
				desc, cr = "5 s video, 720p", 65000
			}
		}
		items = append(items, convItem{bt: bt, desc: desc, credits: cr, status: model.ItemCharged})
		if r.IntN(6) == 0 {
			items = append(items, convItem{bt: bt, desc: "Generation failed: credits returned", credits: -cr, status: model.ItemRefunded})
		}
	}
	if d, ok := w.hostileItem(i); ok {
		items[0].desc = d
	}
	// Times run backwards from the last item, a few minutes apart.
	t := updated
	for j := len(items) - 1; j >= 0; j-- {
		items[j].at = t
		t -= int64(20 + r.IntN(400))
	}
	return items, msgs
}
