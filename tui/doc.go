// Package tui is tally's terminal UI: one root Bubble Tea model that routes
// messages to the tabs, the open dialog and the parts of the screen.
//
// Packages, imports running one way (each imports only those below it):
//
//	tui             root model: routing, key dispatch, layout, the Actions
//	tui/tabs        the tabs: one generic List tab per registry list, the Overview
//	tui/dialog      overlays: pickers, dates, detail, help, plan, credits
//	tui/components  tab bar, header, toolbar, summary bar, footer
//	tui/table       the windowed table the list tabs draw with
//	tui/common      Session, Styles, key maps, Actions, text and URL helpers
//
// Rules every component keeps:
//
//   - No I/O in Update. A request is a tea.Cmd built from copies of what it
//     needs (client, workspace, view, cursor); it never reads the model after
//     Update returns.
//   - Every answer carries the number of the request it answers, drawn from
//     the program-wide common.SeqSource; a component keeps the number it
//     waits for and drops any other answer as stale. Numbers are unique across
//     tabs and workspaces, so an answer for a replaced tab can never match.
//   - Components say what they want of the root by returning a
//     common.Action (open a dialog, apply a view, copy, open a URL…); the root
//     applies it at once. Nothing reaches into another component.
//   - Keys: a component lists its bindings with why each does nothing right
//     now (common.Key); the footer, the help screen and the refusal flash are
//     all rendered from that list.
//   - Strings from the server are sanitised when decoded (model.Text); View
//     work is O(visible rows), because View runs after every Update.
//
// Adding a tab takes three places:
//
//  1. a registry entry in model/lists.go (titles, noun, path, sorts,
//     filters, who may read it);
//  2. its Spec in tui/tabs/<name>.go (columns, summary, detail fields) and
//     its line in tabs.build — or, for a tab that is not one API list
//     (Overview; Activity, the merge of four), its own type there that
//     implements Tab (embedding Base) and the optional interfaces it needs;
//  3. for `tally export`, its csv and json record shapes in cli.
//
// Adding a filter is one registry entry (and its View field): the CLI flag,
// its validation, export's query object, Y's command line, the toolbar, the
// picker and the API query parameter all come from it.
package tui
