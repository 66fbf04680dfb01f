package model

import (
	"fmt"
	"strconv"
)

// DecodeError is a response that is valid JSON but not what the contract
// promises: a required field missing or null, a null record, a value of the
// wrong kind. Nothing is made up in its place (a zero amount, an empty id,
// year 1): the page is refused.
type DecodeError struct {
	List    string // "mcp-calls"; "" outside a list page
	Record  int    // 1-based position of the record in the page's data; 0 = not in a record
	ID      string // the record's id when it came before the problem (sanitised, may be "")
	Field   string // "credits", "api_key.id", "summary.calls", "data"
	Problem string // "is missing", "is null", "must be a string, not a number", …
	// Value is the offending value exactly as sent: unsanitised and
	// unshortened, so the client can scrub the API key from it before it is
	// cut (a cut key cannot be recognised). Print it only through Describe.
	Value string
}

func (e *DecodeError) Error() string {
	return e.Describe(func(v string) string { return strconv.Quote(quoteShort(Sanitize(v))) })
}

// Describe renders the error with quote applied to the offending value.
func (e *DecodeError) Describe(quote func(string) string) string {
	where := ""
	switch {
	case e.Record > 0 && e.ID != "":
		where = fmt.Sprintf("%s record %d (%s): ", e.List, e.Record, quoteShort(e.ID))
	case e.Record > 0:
		where = fmt.Sprintf("%s record %d: ", e.List, e.Record)
	case e.List != "":
		where = e.List + " page: "
	}
	s := where
	if e.Field != "" {
		s += e.Field + " "
	}
	s += e.Problem
	if e.Value != "" {
		s += " " + quote(e.Value)
	}
	return s
}
