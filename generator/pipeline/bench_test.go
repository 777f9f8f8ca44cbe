package pipeline

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkBuild runs the whole pipeline on gen-corpus output without
// touching the disk (Check renders into a counter), so the figure is the
// generator's own work. BANCA_BENCH_PAGES sets the size (default 1000);
// the corpus is generated once per run.
//
//	go test ./generator/pipeline -run XXX -bench Build -benchtime 5x
func BenchmarkBuild(b *testing.B) {
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("BANCA_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := b.TempDir()
	sharedScript(b, "gen-corpus", "--pages", strconv.Itoa(pages), "--out", dir, "-q")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(Config{Root: root, Content: filepath.Join(dir, "content"), Check: true, BrokenLinksWarn: true, Now: now})
		if err != nil || res.Diags.HasErrors() {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Files), "files/op")
	}
}

// BenchmarkSessionEdit is the preview's rebuild after a net weaver appends
// a paragraph to one page: load, check, assemble, convert and render what
// changed (the search index and the serving are the serve package's).
// BANCA_BENCH_PAGES sets the size (default 1000).
//
//	go test ./generator/pipeline -run XXX -bench SessionEdit -benchtime 20x
func BenchmarkSessionEdit(b *testing.B) {
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("BANCA_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := b.TempDir()
	sharedScript(b, "gen-corpus", "--pages", strconv.Itoa(pages), "--out", dir, "-q")
	content := filepath.Join(dir, "content")
	ss := NewSession(Config{Root: root, Content: content, BrokenLinksWarn: true, Drafts: true})
	if _, res, err := ss.Build(now); err != nil || res.Diags.HasErrors() {
		b.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(content, "pratiche"))
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(content, "pratiche", entries[len(entries)/2].Name())
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := append(append([]byte(nil), orig...), "\nParagrafo "+strconv.Itoa(i)+".\n"...)
		if err := os.WriteFile(file, text, 0o644); err != nil {
			b.Fatal(err)
		}
		ss.Changed(file)
		built, res, err := ss.Build(now)
		if err != nil || res.Diags.HasErrors() {
			b.Fatal(err)
		}
		if !built.Incremental {
			b.Fatal("not incremental")
		}
		b.ReportMetric(float64(built.Rendered), "rendered/op")
		if i == b.N-1 {
			b.Logf("stages of the last rebuild: %v; rendered %v", built.Stages, built.RenderedNames)
		}
	}
}
