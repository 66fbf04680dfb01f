// The filters of the lists. Each is shared by every list that takes it;
// the lists (lists.go) name theirs.

package model

func choices[E interface {
	~string
	Label() string
}](vals []E) []Choice {
	out := make([]Choice, len(vals))
	for i, v := range vals {
		out[i] = Choice{Value: string(v), Label: v.Label()}
	}
	return out
}

var (
	filterSearch = &Filter{
		Flag: "search", Param: "q", JSON: "search", Label: "Search", AllLabel: "",
		Usage: "id prefix, title, or creator name/email", Kind: FilterText, MaxLen: 200,
		Key: "/", KeyHelp: "search",
		Get: func(v View) string { return v.Search }, Set: func(v *View, s string) { v.Search = s },
	}
	filterBillingType = &Filter{
		Flag: "billing-type", Param: "billing_type", JSON: "billing_type", Label: "Type", AllLabel: "All types",
		Usage: "billing type", Kind: FilterEnum, Key: "t", KeyHelp: "type", Values: choices(BillingTypes), GroupBy: GroupByBillingType,
		Get: func(v View) string { return string(v.BillingType) }, Set: func(v *View, s string) { v.BillingType = BillingType(s) },
	}
	filterAPIKey = &Filter{
		Flag: "api-key", Param: "api_key_id", JSON: "api_key_id", Label: "Key", AllLabel: "All keys",
		Usage: "API key name or id", Kind: FilterRef, Key: "a", KeyHelp: "API key", GroupBy: GroupByAPIKey,
		Get: func(v View) string { return v.APIKey }, Set: func(v *View, s string) { v.APIKey = s },
	}
	filterImportType = &Filter{
		Flag: "import-type", Param: "import_type", JSON: "import_type", Label: "Import type", AllLabel: "All imports",
		Usage: "import type", Kind: FilterEnum, Key: "t", KeyHelp: "type", Values: choices(ImportTypes), GroupBy: GroupByImportType,
		Get: func(v View) string { return string(v.ImportType) }, Set: func(v *View, s string) { v.ImportType = ImportType(s) },
	}
	filterAdjType = &Filter{
		Flag: "type", Param: "type", JSON: "type", Label: "Type", AllLabel: "All types",
		Usage: "adjustment type, e.g. subscription_renewal", Kind: FilterEnum, Key: "t", KeyHelp: "type", Values: choices(AdjustmentTypes), GroupBy: GroupByType,
		Get: func(v View) string { return string(v.AdjType) }, Set: func(v *View, s string) { v.AdjType = AdjustmentType(s) },
	}
	// filterUser (contract 1.1) is for roles that see users: a member's
	// records carry no user, and the server refuses the parameter.
	filterUser = &Filter{
		Flag: "user", Param: "user_id", JSON: "user_id", Label: "User", AllLabel: "All users",
		Usage: "user id, name or email (owners, admins and support)", Kind: FilterRef, Key: "@", KeyHelp: "user",
		Roles: Role.SeesUsers, GroupBy: GroupByUser,
		Get: func(v View) string { return v.User }, Set: func(v *View, s string) { v.User = s },
	}
)
