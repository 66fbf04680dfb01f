package demo

import "strings"

// hostileStrings are what a careless or malicious customer can put into free
// text; a terminal client must neutralise every one of them.
func hostileStrings() []string {
	return []string{
		"\x1b[31mRED ALERT\x1b[0m storyboard",
		"\x1b]8;;https://evil.example/phish\x07Click for a refund\x1b]8;;\x07",
		"\x1b]52;c;cm0gLXJmIH4K\x07clipboard grab",
		"Progress 50%\rOVERWRITTEN LINE",
		"\u009b31mC1 control sequence title",
		"Bell\x07 ringing title",
		"Invoice \u202Efdp.exe\u202C final",
		"\u2066isolated\u2069 bidi text",
		"Thumbs up 👍🏽 family 👨‍👩‍👧 launch",
		"日本語のタイトル：春のキャンペーン",
		strings.Repeat("Very long title ", 32)[:500],
	}
}

// makeHostile mixes hostile strings into a deterministic fraction of records.
// Only text changes, so amounts, ids and the ledger are the same as without.
func (w *world) makeHostile() {
	h := hostileStrings()
	cat := &w.cat
	base := uint16(len(cat.titles))
	cat.titles = append(cat.titles, h...)
	urlBase := uint16(len(cat.urls))
	cat.urls = append(cat.urls,
		"https://evil.example/\x1b[2Jcleared",
		"https://shop.example.com/p/\x1b]8;;https://evil.example\x07x\x1b]8;;\x07",
		"javascript:alert('\x1b[31m')",
		"https://例え.jp/商品/１",
		"https://shop.example.com/"+strings.Repeat("a", 480))
	cat.people[10].name = "\x1b[31mKen\x1b[0m Thompson"
	cat.people[10].email = "ken@example.com\x07"
	cat.people[11].name = "Radia \u202EnamlreP\u202C 👍🏽"
	cat.people[3].name = "Katherine\rJohnson 日本語"
	w.hostile = true
	for _, ws := range w.workspaces {
		for i := range ws.conv.title {
			if i%7 == 3 {
				ws.conv.title[i] = base + uint16((i/7)%len(h))
			}
		}
		for i := range ws.imps.url {
			if i%11 == 5 {
				ws.imps.url[i] = urlBase + uint16((i/11)%5)
			}
		}
		for i := range ws.keys {
			if i%3 == 2 {
				ws.keys[i].name = h[(i/3)%len(h)]
			}
		}
		for i := range ws.limits {
			if i%3 == 1 {
				ws.limits[i].name = h[(i/3)%len(h)]
			}
		}
		for i := range ws.adjs.detail {
			if i%4 == 1 {
				ws.adjs.detail[i] = h[(i/4)%len(h)]
			}
		}
		for i := range ws.invs.inv {
			if i%3 == 1 {
				ws.invs.inv[i].desc = h[(i/3)%len(h)]
			}
		}
	}
}

// hostileItem replaces an item description for a fraction of conversations.
func (w *world) hostileItem(i int32) (string, bool) {
	if !w.hostile || i%5 != 2 {
		return "", false
	}
	h := hostileStrings()
	return h[int(i/5)%len(h)], true
}
