package tabs

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tallyhq/tally/tui/common"
)

// mover is a table the movement keys act on (table.Table of any row).
type mover interface {
	Move(delta int)
	Top()
	Bottom()
	Height() int
}

// moveKey applies a movement key of the list key map to m; false if msg is
// none. The list, its groups and Activity move the same way.
func moveKey(k *common.ListKeys, msg tea.KeyPressMsg, m mover) bool {
	h := m.Height()
	switch {
	case common.Matches(msg, &k.Up):
		m.Move(-1)
	case common.Matches(msg, &k.Down):
		m.Move(1)
	case common.Matches(msg, &k.PageUp):
		m.Move(-h)
	case common.Matches(msg, &k.PageDown):
		m.Move(h)
	case common.Matches(msg, &k.HalfUp):
		m.Move(-max(1, h/2))
	case common.Matches(msg, &k.HalfDown):
		m.Move(max(1, h/2))
	case common.Matches(msg, &k.Top):
		m.Top()
	case common.Matches(msg, &k.Bottom):
		m.Bottom()
	default:
		return false
	}
	return true
}
