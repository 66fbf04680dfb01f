package common

import (
	"charm.land/lipgloss/v2"
)

// Styles is every colour and emphasis the UI uses, built once from the
// terminal's background (and NO_COLOR); nothing else in the package picks a colour.
type Styles struct {
	NoColor bool

	Title      lipgloss.Style // the "tally" mark
	Strong     lipgloss.Style // workspace name, figures
	Muted      lipgloss.Style // labels, rules, secondary text
	Warn       lipgloss.Style // low credits, pending cancellation
	Negative   lipgloss.Style // negative amounts
	Positive   lipgloss.Style // added credits
	Error      lipgloss.Style // in-place errors
	Flash      lipgloss.Style // confirmation messages
	TabActive  lipgloss.Style
	TabIdle    lipgloss.Style
	Header     lipgloss.Style // table column headers
	Selected   lipgloss.Style // the cursor row
	GaugeFull  lipgloss.Style
	GaugeEmpty lipgloss.Style
	Filtered   lipgloss.Style // the "Filtered" label on the summary bar
	Key        lipgloss.Style // key names in help
	Border     lipgloss.Style // overlay frames

	// The daily chart's categories (distinct glyphs carry them under NO_COLOR).
	ChartConversations, ChartAPICalls, ChartImports lipgloss.Style
}

// NewStyles builds the palette for a dark or light background; noColor gives a
// colourless palette that keeps emphasis (bold, reverse) so nothing is lost.
func NewStyles(isDark, noColor bool) Styles {
	s := lipgloss.NewStyle()
	if noColor {
		return Styles{
			NoColor:    true,
			Title:      s.Bold(true),
			Strong:     s.Bold(true),
			Muted:      s,
			Warn:       s.Bold(true),
			Negative:   s,
			Positive:   s,
			Error:      s.Bold(true),
			Flash:      s.Bold(true),
			TabActive:  s.Bold(true).Reverse(true),
			TabIdle:    s,
			Header:     s.Bold(true),
			Selected:   s.Reverse(true),
			GaugeFull:  s,
			GaugeEmpty: s,
			Filtered:   s.Bold(true),
			Key:        s.Bold(true),
			Border:     s,

			ChartConversations: s, ChartAPICalls: s, ChartImports: s,
		}
	}
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#A98BFF"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	warn := ld(lipgloss.Color("#A05A00"), lipgloss.Color("#F0B040"))
	red := ld(lipgloss.Color("#B0202A"), lipgloss.Color("#FF6B6B"))
	green := ld(lipgloss.Color("#1B7A2E"), lipgloss.Color("#6BD98A"))
	selBg := ld(lipgloss.Color("#E4DDFB"), lipgloss.Color("#3A2F66"))
	selFg := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))
	return Styles{
		Title:      s.Bold(true).Foreground(accent),
		Strong:     s.Bold(true),
		Muted:      s.Foreground(muted),
		Warn:       s.Bold(true).Foreground(warn),
		Negative:   s.Foreground(red),
		Positive:   s.Foreground(green),
		Error:      s.Foreground(red),
		Flash:      s.Bold(true).Foreground(green),
		TabActive:  s.Bold(true).Foreground(selFg).Background(selBg),
		TabIdle:    s.Foreground(muted),
		Header:     s.Bold(true),
		Selected:   s.Foreground(selFg).Background(selBg),
		GaugeFull:  s.Foreground(accent),
		GaugeEmpty: s.Foreground(muted),
		Filtered:   s.Bold(true).Foreground(warn),
		Key:        s.Bold(true).Foreground(accent),
		Border:     s.Foreground(accent),

		ChartConversations: s.Foreground(accent),
		ChartAPICalls:      s.Foreground(ld(lipgloss.Color("#0A7E8C"), lipgloss.Color("#4FD1E0"))),
		// Imports get a neutral grey: amber and red mean "look here" or
		// "something is wrong" everywhere else on the screen, and a slate read
		// as the conversations' purple once a 256-colour xterm rounded it.
		ChartImports: s.Foreground(ld(lipgloss.Color("#858585"), lipgloss.Color("#8C8C8C"))),
	}
}
