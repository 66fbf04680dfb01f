// Package common is what every part of the TUI shares: the Session (the
// running program as components may read it), the Styles, the key
// bindings, the formatting of figures, dates and text for cells that have a
// fixed width, and the URL policy. It imports no other tui package.
package common
