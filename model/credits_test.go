package model

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseCreditsExact(t *testing.T) {
	cases := []struct {
		in    string
		units int64
		str   string
		group string
	}{
		{"0", 0, "0", "0"},
		{"12.5", 125000, "12.5", "12.5"},
		{"-300", -3000000, "-300", "−300"},
		{"0.0125", 125, "0.0125", "0.0125"},
		{"0.0001", 1, "0.0001", "0.0001"},
		{"-0.0001", -1, "-0.0001", "−0.0001"},
		{"12404.50", 124045000, "12404.5", "12,404.5"},
		{"1234567.8912", 12345678912, "1234567.8912", "1,234,567.8912"},
		{"007", 70000, "7", "7"},
		{"922337203685477.5807", math.MaxInt64, "922337203685477.5807", "922,337,203,685,477.5807"},
		{"-922337203685477.5808", math.MinInt64, "-922337203685477.5808", "−922,337,203,685,477.5808"},
	}
	for _, c := range cases {
		got, err := ParseCredits(c.in)
		if err != nil {
			t.Fatalf("ParseCredits(%q): %v", c.in, err)
		}
		if got.Units() != c.units {
			t.Errorf("ParseCredits(%q) = %d units, want %d", c.in, got.Units(), c.units)
		}
		if got.String() != c.str {
			t.Errorf("String(%q) = %q, want %q", c.in, got.String(), c.str)
		}
		if got.Grouped() != c.group {
			t.Errorf("Grouped(%q) = %q, want %q", c.in, got.Grouped(), c.group)
		}
	}
}

func TestParseCreditsRejects(t *testing.T) {
	for _, in := range []string{"", "-", ".5", "5.", "1.23456", "1e3", "+5", " 5", "5 ", "1,000", "0x10", "NaN",
		"922337203685477.5808", "-922337203685477.5809", "99999999999999999999", "1.2.3", "--1", "１"} {
		if v, err := ParseCredits(in); err == nil {
			t.Errorf("ParseCredits(%q) = %v, want error", in, v)
		}
	}
	_, err := ParseCredits("99999999999999999999")
	if !errors.Is(err, ErrCreditsRange) {
		t.Errorf("out of range error should wrap ErrCreditsRange, got %v", err)
	}
}

// Summing 0.1 ten thousand times is where float64 drifts; fixed point must not.
func TestAddIsExact(t *testing.T) {
	var sum Credits
	tenth := MustCredits("0.1")
	for i := 0; i < 10000; i++ {
		var err error
		if sum, err = sum.Add(tenth); err != nil {
			t.Fatal(err)
		}
	}
	if sum.String() != "1000" {
		t.Fatalf("sum = %s, want 1000", sum)
	}
	if _, err := Credits(math.MaxInt64).Add(1); !errors.Is(err, ErrCreditsRange) {
		t.Fatalf("overflow not reported: %v", err)
	}
	if _, err := Credits(math.MinInt64).Sub(1); !errors.Is(err, ErrCreditsRange) {
		t.Fatalf("underflow not reported: %v", err)
	}
	if _, err := Credits(math.MaxInt64 / 2).Mul(3); !errors.Is(err, ErrCreditsRange) {
		t.Fatalf("mul overflow not reported: %v", err)
	}
	if v, _ := MustCredits("2.5").Mul(3); v.String() != "7.5" {
		t.Fatalf("2.5*3 = %s", v)
	}
}

func TestCreditsJSON(t *testing.T) {
	var v struct {
		A Credits `json:"a"`
	}
	if err := json.Unmarshal([]byte(`{"a":"-1200.25"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.Units() != -12002500 {
		t.Fatalf("got %d", v.A.Units())
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"a":"-1200.25"}` {
		t.Fatalf("marshal = %s", out)
	}
	for _, bad := range []string{`{"a":12.5}`, `{"a":"1.23456"}`, `{"a":null}`, `{"a":"x"}`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}

func TestFormatting(t *testing.T) {
	if got := MustCredits("29").Fixed(2); got != "29.00" {
		t.Errorf("Fixed(2) = %q", got)
	}
	if got := MustCredits("9500").Signed(); got != "+9,500" {
		t.Errorf("Signed = %q", got)
	}
	if got := MustCredits("-1200").Signed(); got != "−1,200" {
		t.Errorf("Signed negative = %q", got)
	}
}

func FuzzParseCredits(f *testing.F) {
	for _, s := range []string{"0", "12.5", "-300", "0.0125", "1.23456", "922337203685477.5807", "-922337203685477.5808", "", "-.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseCredits(s)
		// The allocation-free JSON path must agree with the reference parser exactly.
		fv, ferr := parseCreditsBytes([]byte(s))
		if (err == nil) != (ferr == nil) || fv != v {
			t.Fatalf("fast path disagrees on %q: %v,%v vs %v,%v", s, fv, ferr, v, err)
		}
		if err != nil {
			return
		}
		// Whatever parses must print back to an equal value, and satisfy the wire grammar.
		back, err := ParseCredits(v.String())
		if err != nil || back != v {
			t.Fatalf("round trip %q -> %q -> %v (%v)", s, v.String(), back, err)
		}
		if strings.ContainsAny(v.String(), "e+, ") {
			t.Fatalf("non-canonical output %q", v.String())
		}
		if v.Grouped() == "" {
			t.Fatal("empty Grouped")
		}
	})
}

func TestGroupInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1200: "−1,200", 1234567: "1,234,567",
		-9223372036854775808: "−9,223,372,036,854,775,808"} {
		if got := GroupInt(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestAppendDecimalIsString(t *testing.T) {
	for _, c := range []Credits{0, 1, -1, 5, 10000, -10000, 125000, -3000000, 1234567, math.MaxInt64, math.MinInt64, 9999, -1001} {
		if got := string(c.AppendDecimal([]byte("x"))); got != "x"+c.String() {
			t.Errorf("AppendDecimal(%d) = %q, String %q", c, got, c.String())
		}
	}
}
