package common

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/tallyhq/tally/model"
)

// NewInput is a bubbles text input in tally's palette: paste, word jumps
// (alt+←/→), ctrl+a/e/u/k and the cursor work as in any field. The cursor
// does not blink, so a screen renders the same every time; limit caps the
// characters (0 = none).
func NewInput(st *Styles, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	plain := lipgloss.NewStyle()
	state := textinput.StyleState{Text: plain, Placeholder: st.Muted, Suggestion: st.Muted, Prompt: plain}
	in.SetStyles(textinput.Styles{Focused: state, Blurred: state, Cursor: textinput.CursorStyle{Blink: false}})
	// ctrl+v would run xclip or pbpaste as a child process; the terminal's
	// own paste (bracketed, tea.PasteMsg) needs no child and no clipboard tool.
	in.KeyMap.Paste.SetEnabled(false)
	return in
}

// CleanInput keeps only what the sanitiser passes in an input's value: the
// input drops control characters itself, but a paste may carry bidi
// overrides, which must not reach the terminal either.
func CleanInput(in *textinput.Model) {
	if v := in.Value(); model.Sanitize(v) != v {
		pos := in.Position()
		in.SetValue(model.Sanitize(v))
		in.SetCursor(pos)
	}
}
