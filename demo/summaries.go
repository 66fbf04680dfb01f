package demo

import "unicode/utf8"

// Summaries and filter values, shared by the list pages and the groups documents (whose
// summary is exactly the list's for the same filters).

func convSummary(b []byte, res pageResult) []byte {
	b = append(b, `{"conversations":`...)
	b = appendInt(b, res.count)
	b = append(b, `,"messages":`...)
	b = appendInt(b, res.aux)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, res.val)
	return append(b, '}')
}

func callSummary(b []byte, res pageResult) []byte {
	b = append(b, `{"calls":`...)
	b = appendInt(b, res.count)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, res.val)
	return append(b, '}')
}

func importSummary(b []byte, res pageResult) []byte {
	b = append(b, `{"imports":`...)
	b = appendInt(b, res.count)
	b = append(b, `,"credits":`...)
	b = appendCredits(b, res.val)
	return append(b, '}')
}

func adjSummary(b []byte, res pageResult) []byte {
	b = append(b, `{"adjustments":`...)
	b = appendInt(b, res.count)
	b = append(b, `,"credits_added":`...)
	b = appendCredits(b, res.val-res.aux)
	b = append(b, `,"credits_removed":`...)
	b = appendCredits(b, res.aux)
	b = append(b, `,"net":`...)
	b = appendCredits(b, res.val)
	return append(b, '}')
}

// searchValue is the value step for conversations' q: 1 to 200 characters.
func searchValue(rc *reqCtx) (string, *apiErr) {
	q := rc.vals.Get("q")
	if _, has := rc.vals["q"]; has {
		if n := utf8.RuneCountInString(q); n < 1 || n > 200 {
			return "", badParam("q", "invalid_parameter", "q must be 1 to 200 characters, got %d", n)
		}
	}
	return q, nil
}

func (ws *workspace) keyIDs() []string {
	ids := make([]string, len(ws.keys))
	for i, k := range ws.keys {
		ids[i] = k.id
	}
	return ids
}
