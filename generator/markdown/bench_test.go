package markdown

import (
	"os"
	"strings"
	"testing"
)

// benchResolver finds every destination, as for a page without problems.
type benchResolver struct{}

func (benchResolver) Resolve(dest string, _ bool) (string, Target) {
	return strings.TrimSuffix(dest, ".md") + "/", TargetOK
}

// BenchmarkConvert converts a realistic page of the bank (testdata/page.md,
// made by /work/shared/bench/gen-corpus, front matter stripped).
func BenchmarkConvert(b *testing.B) {
	body, err := os.ReadFile("testdata/page.md")
	if err != nil {
		b.Fatal(err)
	}
	conv := New()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		conv.Convert(body, benchResolver{})
	}
}

// BenchmarkConvertParallel is BenchmarkConvert on every CPU, as a build does.
func BenchmarkConvertParallel(b *testing.B) {
	body, err := os.ReadFile("testdata/page.md")
	if err != nil {
		b.Fatal(err)
	}
	conv := New()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			conv.Convert(body, benchResolver{})
		}
	})
}

// BenchmarkBound is the pre-scan of Convert alone (bound), on the same
// page as BenchmarkConvert.
func BenchmarkBound(b *testing.B) {
	body, err := os.ReadFile("testdata/page.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		bound(body)
	}
}
