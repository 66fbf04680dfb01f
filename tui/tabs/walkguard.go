package tabs

import "fmt"

// walkGuard checks each page of one walk (the head's, the tail's, a
// refresh's) before its records are used, so a buggy or hostile server can
// neither make the tab page forever nor flood it: a page that fails stops the
// walk with the error shown in place, and nothing is requested again until
// the user presses r.
//
// It is the TUI's local copy of the checks client.Walk makes on the `trust`
// branch (issue 9); when that lands the tab can keep a client.Walk per walk
// instead. Repeated ids are not its business: the table drops a record it
// already holds, whichever walk brought it.
type walkGuard struct {
	pages   int
	records int
	cursors map[string]int // next_cursor -> the page that handed it out
}

// walkError is a page the guard refused.
type walkError struct {
	page int
	what string
}

func (e *walkError) Error() string { return fmt.Sprintf("page %d: %s", e.page, e.what) }

// check accepts the page asked for with cursor sent, holding n records and
// pointing at next, or says why the walk must stop. announced is the size
// the list's summary gave: a walk may not bring more than that plus one page
// of slack (records may land between two pages). (Both walks together are
// held to the same bound by tooMany, once the page's records are added.)
func (g *walkGuard) check(sent, next string, n, announced int) error {
	page := g.pages + 1
	if g.cursors == nil {
		g.cursors = map[string]int{}
	}
	if next != "" {
		earlier, seen := g.cursors[next]
		switch {
		case next == sent:
			return &walkError{page, "the server sent back the cursor it was given"}
		case seen:
			return &walkError{page, fmt.Sprintf("the next cursor leads back to page %d", earlier+1)}
		case n == 0:
			return &walkError{page, "an empty page with a next cursor"}
		}
	}
	if g.records+n > announced+PageLimit {
		return g.tooMany(announced)
	}
	g.pages++
	g.records += n
	if next != "" {
		g.cursors[next] = page
	}
	return nil
}

// tooMany is the error for more records than announced, at the next page.
func (g *walkGuard) tooMany(announced int) error {
	return &walkError{g.pages + 1, fmt.Sprintf("more records than the %d announced", announced)}
}
