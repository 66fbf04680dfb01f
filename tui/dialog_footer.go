package tui

import "charm.land/bubbles/v2/key"

// footerDialog is a dialog that names the keys it answers to, so the footer
// under it lists those and nothing else. Dialogs that do not (the plan and
// credit dialogs) print their keys inside the box: the footer then only says
// how to close them.
type footerDialog interface {
	footerKeys() []key.Binding
}

// hint is a footer entry that no single binding describes ("↑↓ scroll").
func hint(k, desc string) key.Binding { return key.NewBinding(key.WithHelp(k, desc)) }

func (d *listDialog) footerKeys() []key.Binding {
	k := d.sess.Keys
	return []key.Binding{hint("↑↓", "move"), k.Confirm, hint("esc", "close")}
}

func (d *dateDialog) footerKeys() []key.Binding {
	if !d.custom {
		return d.listDialog.footerKeys()
	}
	return []key.Binding{hint("tab", "from/to"), hint("enter", "apply"), hint("esc", "back to the list")}
}

func (d *detailDialog) footerKeys() []key.Binding {
	return []key.Binding{hint("↑↓", "scroll"), d.sess.Keys.CopyID, hint("esc", "close")}
}

func (d *helpDialog) footerKeys() []key.Binding {
	return []key.Binding{hint("↑↓", "scroll"), hint("esc/?", "close")}
}

// dialogFooterKeys are the footer's bindings while d is open.
func dialogFooterKeys(d dialog) []key.Binding {
	if f, ok := d.(footerDialog); ok {
		return f.footerKeys()
	}
	return []key.Binding{hint("esc", "close")}
}
