package demo

import (
	"github.com/tallyhq/tally/model"
)

// person is a user of the demo. Records refer to people by index.
type person struct {
	id, name, email string
	deleted         bool
}

type apiKey struct {
	id, name, prefix string
	owner            uint8
	created          int64
	lastUsed         int64 // 0 = never used
	revoked          int64 // 0 = active
}

// Columns shared by lists whose records carry a user.
type convTable struct {
	table // keys: updated_at, credits, message_count; group = billing type
	title []uint16
	user  []uint8
}

type callTable struct {
	table // keys: created_at, credits; group = api key
	tool  []uint8
	user  []uint8
}

type importTable struct {
	table // keys: created_at, credits; group = import type
	url   []uint16
	user  []uint8
}

type adjTable struct {
	table  // keys: created_at, amount; group = adjustment type; aux = negative part
	detail []string
}

type invoice struct {
	number, desc string
	status       model.InvoiceStatus
	provider     model.Provider
}

type invoiceTable struct {
	table // keys: created_at; val = amount; aux = amount when paid
	inv   []invoice
}

// planState is the mutable part of a workspace (POSTs change it under Server.mu).
type planState struct {
	id, name          string
	status            model.PlanStatus
	interval          model.Interval // "" = null
	periodStart       int64          // 0 = null
	periodEnd         int64
	cancelAtPeriodEnd bool
	scheduled         *scheduledChange
}

type scheduledChange struct {
	planID, planName string
	effective        int64
}

type workspace struct {
	id, name string
	tag      uint64 // mixes into id suffixes so ids differ between workspaces
	members  []uint8
	keys     []apiKey
	conv     convTable
	calls    callTable
	imps     importTable
	adjs     adjTable
	invs     invoiceTable
	plan     planState
	wallets  []model.Wallet
	features []model.Feature
	limits   []limitSpec // plan.limits (contract 1.1)
}

var (
	billingTypes = []model.BillingType{model.BillingMessage, model.BillingImageGeneration, model.BillingVideoGeneration}
	importTypes  = []model.ImportType{model.ImportBrand, model.ImportProduct}
)

// catalogue holds the static demo tables; built per server (no package state).
type catalogue struct {
	people []person
	titles []string
	urls   []string
	tools  []string
}

func newCatalogue() catalogue {
	return catalogue{
		people: []person{
			{"usr_1", "Ada Lovelace", "ada@example.com", false},
			{"usr_2", "Grace Hopper", "grace@example.com", false},
			{"usr_3", "Linus Pauling", "linus@example.com", false},
			{"usr_4", "Katherine Johnson", "katherine@example.com", false},
			{"usr_5", "Alan Turing", "alan@example.com", false},
			{"usr_6", "Margaret Hamilton", "margaret@example.com", false},
			{"usr_7", "Edsger Dijkstra", "edsger@example.com", false},
			{"usr_8", "Barbara Liskov", "barbara@example.com", false},
			{"usr_9", "Dennis Ritchie", "dennis@example.com", true},
			{"usr_10", "Frances Allen", "frances@example.com", false},
			{"usr_11", "Ken Thompson", "ken@example.com", false},
			{"usr_12", "Radia Perlman", "radia@example.com", false},
			{"usr_13", "Hedy Lamarr", "hedy@example.com", false},
			{"usr_support", "Tally Support", "support@tally.invalid", false},
		},
		titles: []string{
			"Launch video storyboard", "Spring campaign hero images", "Brand voice guidelines draft",
			"Product photos for the catalogue", "Instagram carousel: new arrivals", "Podcast intro script",
			"Landing page copy review", "Logo variations (dark mode)", "Onboarding email sequence",
			"Explainer video: how billing works", "Customer FAQ rewrite", "Holiday sale banner set",
			"Pitch deck visuals", "Blog post: 10 tips for creators", "Moodboard for the autumn shoot",
			"Animated product teaser", "Newsletter header illustrations", "Translate help center to German",
			"Thumbnail ideas for YouTube", "Packaging mock-ups", "Case study: Acme x Northwind",
			"Weekly social calendar", "App store screenshots", "Trade show booth graphics",
			"Short-form video ads (15 s)", "Team headshot retouching", "Recipe cards for the blog",
			"Event recap reel", "Website hero animation", "Press release draft",
			"Character design exploration", "Brand colour palette refresh",
		},
		urls: []string{
			"https://www.northwind.example.com", "https://brand.contoso.example/press-kit",
			"https://www.fabrikam.example.com/about", "https://acme-studio.example.com",
			"https://www.wingtiptoys.example.com/brand", "https://tailspin.example.org",
			"ftp://files.example.org/catalog.csv", "javascript:alert(document.cookie)",
		},
		tools: []string{
			"generate_image", "generate_video", "search_assets", "list_projects",
			"upscale_image", "create_brand_kit", "transcribe_audio", "describe_image",
		},
	}
}

// Credits per call of each tool (units of 0.0001); few distinct values on
// purpose, so sorting by credits has long runs of ties.
var toolCredits = [][]int64{
	{5000},         // generate_image 0.5
	{20000, 50000}, // generate_video 2, 5
	{125},          // search_assets 0.0125
	{125},          // list_projects 0.0125
	{12345},        // upscale_image 1.2345
	{30000},        // create_brand_kit 3
	{2500},         // transcribe_audio 0.25
	{500},          // describe_image 0.05
}
