package model

import "strings"

// Enums are string types so that a value this build does not know survives
// decoding and shows as itself (the contract adds values without notice).
// Their UnmarshalJSON sanitises, because an unknown value is printed raw.

// BillingType is what a conversation was billed for.
type BillingType string

const (
	BillingMessage         BillingType = "message"
	BillingImageGeneration BillingType = "image_generation"
	BillingVideoGeneration BillingType = "video_generation"
)

// BillingTypes lists the known values in product order.
var BillingTypes = []BillingType{BillingMessage, BillingImageGeneration, BillingVideoGeneration}

func (v BillingType) Label() string {
	return label(string(v), map[string]string{
		"message": "Message", "image_generation": "Image generation", "video_generation": "Video generation",
	})
}

// AdjustmentType is the kind of a credit adjustment.
type AdjustmentType string

const (
	AdjFreeWorkspaceGrant             AdjustmentType = "free_workspace_grant"
	AdjPackageReset                   AdjustmentType = "package_reset"
	AdjSubscriptionRenewal            AdjustmentType = "subscription_renewal"
	AdjSubscriptionSwitchCompensation AdjustmentType = "subscription_switch_compensation"
	AdjReferralSignupReward           AdjustmentType = "referral_signup_reward"
	AdjReferralFirstPaidPlanReward    AdjustmentType = "referral_first_paid_plan_reward"
	AdjCreditPackagePurchase          AdjustmentType = "credit_package_purchase"
	AdjAdminAdjustment                AdjustmentType = "admin_adjustment"
	AdjCreditExpiration               AdjustmentType = "credit_expiration"
)

// AdjustmentTypes lists all nine known types in the contract's order.
var AdjustmentTypes = []AdjustmentType{
	AdjFreeWorkspaceGrant, AdjPackageReset, AdjSubscriptionRenewal, AdjSubscriptionSwitchCompensation,
	AdjReferralSignupReward, AdjReferralFirstPaidPlanReward, AdjCreditPackagePurchase,
	AdjAdminAdjustment, AdjCreditExpiration,
}

func (v AdjustmentType) Label() string {
	return label(string(v), map[string]string{
		"free_workspace_grant":             "Free workspace grant",
		"package_reset":                    "Package reset",
		"subscription_renewal":             "Subscription renewal",
		"subscription_switch_compensation": "Subscription switch compensation",
		"referral_signup_reward":           "Referral signup reward",
		"referral_first_paid_plan_reward":  "Referral first paid plan reward",
		"credit_package_purchase":          "Credit package purchase",
		"admin_adjustment":                 "Admin adjustment",
		"credit_expiration":                "Credit expiration",
	})
}

// ImportType is brand or product.
type ImportType string

const (
	ImportBrand   ImportType = "brand"
	ImportProduct ImportType = "product"
)

var ImportTypes = []ImportType{ImportBrand, ImportProduct}

func (v ImportType) Label() string {
	return label(string(v), map[string]string{"brand": "Brand", "product": "Product"})
}

// Role is the caller's role in a workspace.
type Role string

const (
	RoleOwner   Role = "owner"
	RoleAdmin   Role = "admin"
	RoleMember  Role = "member"
	RoleSupport Role = "support"
)

var Roles = []Role{RoleOwner, RoleAdmin, RoleMember, RoleSupport}

func (v Role) Label() string {
	return label(string(v), map[string]string{"owner": "Owner", "admin": "Admin", "member": "Member", "support": "Support"})
}

// SeesUsers reports whether records carry the user for this role. Unknown roles
// are treated like members: showing less is the safe default.
func (v Role) SeesUsers() bool { return v == RoleOwner || v == RoleAdmin || v == RoleSupport }

// SeesInvoices reports whether the role may read the billing history.
func (v Role) SeesInvoices() bool { return v.SeesUsers() }

// CanManagePlan reports whether the role may start checkouts and change the plan.
func (v Role) CanManagePlan() bool { return v == RoleOwner }

// PlanStatus is the subscription state.
type PlanStatus string

const (
	PlanActive   PlanStatus = "active"
	PlanTrialing PlanStatus = "trialing"
	PlanPastDue  PlanStatus = "past_due"
	PlanCanceled PlanStatus = "canceled"
	PlanFree     PlanStatus = "free"
)

func (v PlanStatus) Label() string {
	return label(string(v), map[string]string{
		"active": "Active", "trialing": "Trialing", "past_due": "Past due", "canceled": "Canceled", "free": "Free",
	})
}

// Interval is the billing interval of a plan; "" means none (free).
type Interval string

const (
	IntervalMonth   Interval = "month"
	IntervalYear    Interval = "year"
	IntervalOneTime Interval = "one_time"
)

func (v Interval) Label() string {
	if v == "" {
		return "No billing"
	}
	return label(string(v), map[string]string{"month": "Monthly", "year": "Yearly", "one_time": "One-time"})
}

// FeatureStatus applies to features and wallets.
type FeatureStatus string

const (
	FeatureActive      FeatureStatus = "active"
	FeatureLocked      FeatureStatus = "locked"
	FeatureComingSoon  FeatureStatus = "coming_soon"
	FeaturePremiumBeta FeatureStatus = "premium_beta"
)

func (v FeatureStatus) Label() string {
	return label(string(v), map[string]string{
		"active": "Active", "locked": "Locked", "coming_soon": "Coming Soon", "premium_beta": "Premium Beta",
	})
}

// InvoiceStatus is the state of an invoice.
type InvoiceStatus string

const (
	InvoicePaid     InvoiceStatus = "paid"
	InvoiceOpen     InvoiceStatus = "open"
	InvoiceVoid     InvoiceStatus = "void"
	InvoiceRefunded InvoiceStatus = "refunded"
)

func (v InvoiceStatus) Label() string {
	return label(string(v), map[string]string{"paid": "Paid", "open": "Open", "void": "Void", "refunded": "Refunded"})
}

// Provider is who collected an invoice.
type Provider string

const (
	ProviderStripe Provider = "stripe"
	ProviderPayPal Provider = "paypal"
	ProviderManual Provider = "manual"
	ProviderPromo  Provider = "promo"
)

func (v Provider) Label() string {
	return label(string(v), map[string]string{"stripe": "Stripe", "paypal": "PayPal", "manual": "Manual", "promo": "Promo"})
}

// ItemStatus is the state of one item on a conversation's billing sheet.
type ItemStatus string

const (
	ItemCharged  ItemStatus = "charged"
	ItemRefunded ItemStatus = "refunded"
)

func (v ItemStatus) Label() string {
	return label(string(v), map[string]string{"charged": "Charged", "refunded": "Refunded"})
}

func label(v string, known map[string]string) string {
	if l, ok := known[v]; ok {
		return l
	}
	return v
}

// Known reports whether v is one of the listed values.
func Known[T ~string](v T, all []T) bool {
	for _, a := range all {
		if a == v {
			return true
		}
	}
	return false
}

// ParseEnum matches s case-insensitively against the values or their labels, so
// flags accept both "video_generation" and "Video generation".
func ParseEnum[T interface {
	~string
	Label() string
}](s string, all []T) (T, bool) {
	for _, a := range all {
		if strings.EqualFold(string(a), s) || strings.EqualFold(a.Label(), s) || strings.EqualFold(strings.ReplaceAll(string(a), "_", "-"), s) {
			return a, true
		}
	}
	var zero T
	return zero, false
}

func (v *BillingType) UnmarshalJSON(b []byte) error    { return unmarshalEnum(b, (*string)(v)) }
func (v *AdjustmentType) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, (*string)(v)) }
func (v *ImportType) UnmarshalJSON(b []byte) error     { return unmarshalEnum(b, (*string)(v)) }
func (v *Role) UnmarshalJSON(b []byte) error           { return unmarshalEnum(b, (*string)(v)) }
func (v *PlanStatus) UnmarshalJSON(b []byte) error     { return unmarshalEnum(b, (*string)(v)) }
func (v *Interval) UnmarshalJSON(b []byte) error       { return unmarshalEnum(b, (*string)(v)) }
func (v *FeatureStatus) UnmarshalJSON(b []byte) error  { return unmarshalEnum(b, (*string)(v)) }
func (v *InvoiceStatus) UnmarshalJSON(b []byte) error  { return unmarshalEnum(b, (*string)(v)) }
func (v *Provider) UnmarshalJSON(b []byte) error       { return unmarshalEnum(b, (*string)(v)) }
func (v *ItemStatus) UnmarshalJSON(b []byte) error     { return unmarshalEnum(b, (*string)(v)) }

func unmarshalEnum(b []byte, dst *string) error {
	var t Text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*dst = string(t)
	return nil
}
