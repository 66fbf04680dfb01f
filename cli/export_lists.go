package cli

import (
	"strings"
	"time"

	"github.com/tallyhq/tally/model"
)

// money is the exact amount with at least two decimals, as the API writes it ("29.00").
func money(c model.Credits) string {
	s := c.String()
	i := strings.IndexByte(s, '.')
	switch {
	case i < 0:
		return s + ".00"
	case len(s)-i-1 < 2:
		return s + strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// CSV columns: the TUI's columns plus ids. User columns are left out
// entirely for roles that do not see users (members, or --as-role member).

var userHeader = []string{"User", "User Email", "User ID"}

func userCells(cells []string, u *model.User) []string {
	if u == nil {
		return append(cells, "Deleted user", "", "")
	}
	return append(cells, cell(model.DisplayName(u)), cell(string(u.Email)), cell(string(u.ID)))
}

func convHeader(users bool) []string {
	h := []string{"Conversation ID", "Title", "Billing Type", "Messages", "Credits"}
	if users {
		h = append(h, userHeader...)
	}
	return append(h, "Updated At")
}

func convRow(cells []string, r *model.Conversation, users bool, loc *time.Location) []string {
	cells = append(cells, cell(string(r.ID)), cell(string(r.Title)), cell(string(r.BillingType)),
		itoa(r.MessageCount), r.Credits.String())
	if users {
		cells = userCells(cells, r.User)
	}
	return append(cells, csvTime(r.UpdatedAt, loc))
}

func callHeader(users bool) []string {
	h := []string{"Call ID", "API Key Name", "API Key ID", "Tool", "Credits"}
	if users {
		h = append(h, userHeader...)
	}
	return append(h, "Created At")
}

func callRow(cells []string, r *model.MCPCall, users bool, loc *time.Location) []string {
	cells = append(cells, cell(string(r.ID)), cell(string(r.APIKey.Name)), cell(string(r.APIKey.ID)),
		cell(string(r.Tool)), r.Credits.String())
	if users {
		cells = userCells(cells, r.User)
	}
	return append(cells, csvTime(r.CreatedAt, loc))
}

func importHeader(users bool) []string {
	h := []string{"Import ID", "Import Type", "Import URL", "Credits"}
	if users {
		h = append(h, userHeader...)
	}
	return append(h, "Created At")
}

func importRow(cells []string, r *model.Import, users bool, loc *time.Location) []string {
	cells = append(cells, cell(string(r.ID)), cell(string(r.ImportType)), cell(string(r.ImportURL)), r.Credits.String())
	if users {
		cells = userCells(cells, r.User)
	}
	return append(cells, csvTime(r.CreatedAt, loc))
}

var adjHeader = []string{"Adjustment ID", "Type", "Amount", "Detail", "Created At"}

func adjRow(cells []string, r *model.Adjustment, loc *time.Location) []string {
	return append(cells, cell(string(r.ID)), cell(string(r.Type)), r.Amount.String(), cell(string(r.Detail)), csvTime(r.CreatedAt, loc))
}

var invoiceHeader = []string{"Invoice ID", "Number", "Description", "Amount", "Currency", "Status", "Provider", "Created At", "PDF URL"}

func invoiceRow(cells []string, r *model.Invoice, loc *time.Location) []string {
	return append(cells, cell(string(r.ID)), cell(string(r.Number)), cell(string(r.Description)), money(r.Amount),
		cell(string(r.Currency)), cell(string(r.Status)), cell(string(r.Provider)), csvTime(r.CreatedAt, loc), cell(string(r.PDFURL)))
}
