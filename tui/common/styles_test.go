package common

import (
	"image/color"
	"math"
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestStylesContrast checks every style of both palettes against the
// backgrounds people run terminals with (pure and softened white or black),
// or against the style's own background where it sets one: text needs 4.5:1,
// the chart's solid blocks 3:1 (WCAG's bar for graphics). The light theme's
// active tab used to be pale text on the accent colour, unreadable in xterm.
func TestStylesContrast(t *testing.T) {
	themes := []struct {
		name  string
		dark  bool
		terms []color.Color
	}{
		{"light", false, []color.Color{lipgloss.Color("#FFFFFF"), lipgloss.Color("#F2F2F2"), lipgloss.Color("#FDF6E3")}},
		{"dark", true, []color.Color{lipgloss.Color("#000000"), lipgloss.Color("#1E1E1E"), lipgloss.Color("#282C34")}},
	}
	graphics := map[string]bool{"ChartConversations": true, "ChartAPICalls": true, "ChartImports": true, "GaugeFull": true, "GaugeEmpty": true, "Border": true}
	for _, th := range themes {
		st := NewStyles(th.dark, false)
		v := reflect.ValueOf(st)
		checked := 0
		for i := range v.NumField() {
			style, ok := v.Field(i).Interface().(lipgloss.Style)
			if !ok {
				continue
			}
			name := v.Type().Field(i).Name
			fg := style.GetForeground()
			if _, none := fg.(lipgloss.NoColor); none || fg == nil {
				continue // the terminal's own foreground on its own background
			}
			want := 4.5
			if graphics[name] {
				want = 3
			}
			bgs := th.terms
			if bg := style.GetBackground(); bg != nil {
				if _, none := bg.(lipgloss.NoColor); !none {
					bgs = []color.Color{bg}
				}
			}
			for _, bg := range bgs {
				if c := contrast(fg, bg); c < want {
					t.Errorf("%s theme: %s is %.2f:1 against %v, want ≥ %.1f:1", th.name, name, c, bg, want)
				}
			}
			checked++
		}
		if checked < 15 {
			t.Fatalf("%s theme: only %d coloured styles checked", th.name, checked)
		}
	}
}

// TestChartImportsAreNotAlarmColours: red and amber mean errors and warnings.
func TestChartImportsAreNotAlarmColours(t *testing.T) {
	for _, dark := range []bool{false, true} {
		st := NewStyles(dark, false)
		imp := st.ChartImports.GetForeground()
		for _, alarm := range []lipgloss.Style{st.Error, st.Negative, st.Warn} {
			if reflect.DeepEqual(imp, alarm.GetForeground()) {
				t.Errorf("dark=%v: imports are drawn in an alarm colour %v", dark, imp)
			}
		}
	}
}

// TestChartSeriesAreTellApart: stacked series one cell apart must differ
// clearly in colour (RGB distance ≥ 100 of 441), in both themes.
func TestChartSeriesAreTellApart(t *testing.T) {
	for _, dark := range []bool{false, true} {
		st := NewStyles(dark, false)
		series := []lipgloss.Style{st.ChartConversations, st.ChartAPICalls, st.ChartImports}
		for i := range series {
			for j := i + 1; j < len(series); j++ {
				r1, g1, b1, _ := series[i].GetForeground().RGBA()
				r2, g2, b2, _ := series[j].GetForeground().RGBA()
				d := func(a, b uint32) float64 { return float64(a>>8) - float64(b>>8) }
				if dist := math.Sqrt(d(r1, r2)*d(r1, r2) + d(g1, g2)*d(g1, g2) + d(b1, b2)*d(b1, b2)); dist < 100 {
					t.Errorf("dark=%v: chart series %d and %d are %.0f apart", dark, i, j, dist)
				}
			}
		}
	}
}
