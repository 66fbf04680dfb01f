package tui

// actionInner is the inner width of an action dialog: roomy on wide
// terminals, never wider than the screen.
func actionInner(w int) int { return min(max(w-6, 20), 74) }
