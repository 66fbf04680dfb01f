package demo

// Summaries, shared by the list pages and the groups documents (whose
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
