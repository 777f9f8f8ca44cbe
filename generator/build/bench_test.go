package build

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
//	go test ./generator/build -run XXX -bench Build -benchtime 5x
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
