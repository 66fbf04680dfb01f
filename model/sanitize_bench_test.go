package model

import (
	"strings"
	"testing"
)

func BenchmarkSanitizeClean(b *testing.B) {
	s := "Launch video storyboard for the Q4 campaign"
	for i := 0; i < b.N; i++ {
		Sanitize(s)
	}
}
func BenchmarkSanitizeDirty(b *testing.B) {
	s := "\x1b[31mLaunch\x1b[0m video \u202estoryboard\r ok" + strings.Repeat("x", 20)
	for i := 0; i < b.N; i++ {
		Sanitize(s)
	}
}
