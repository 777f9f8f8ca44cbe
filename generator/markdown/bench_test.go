package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/cputime"
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

// corpusBodies returns the bodies (front matter stripped) of the Markdown
// files of BANCA_BENCH_CORPUS (a folder made by gen-corpus, holding
// content/), skipping the benchmark when it is not set.
func corpusBodies(b testing.TB) [][]byte {
	dir := os.Getenv("BANCA_BENCH_CORPUS")
	if dir == "" {
		b.Skip("BANCA_BENCH_CORPUS non impostata")
	}
	var bodies [][]byte
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
			if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
				data = rest[i+5:]
			}
		}
		bodies = append(bodies, data)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return bodies
}

// BenchmarkConvertCorpus converts every body of BANCA_BENCH_CORPUS once
// per iteration, on one goroutine, and reports the CPU time per page:
//
//	BANCA_BENCH_CORPUS=/work/bench/c1k go test ./generator/markdown -run XXX -bench ConvertCorpus
func BenchmarkConvertCorpus(b *testing.B) {
	bodies := corpusBodies(b)
	conv := New()
	var size int64
	for _, body := range bodies {
		size += int64(len(body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cputime.Used()
	for b.Loop() {
		for _, body := range bodies {
			conv.Convert(body, benchResolver{})
		}
	}
	n := float64(b.N) * float64(len(bodies))
	b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/n, "cpu-ns/pagina")
}
