package preview

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/render"
)

// BenchmarkPreview is the server's work for one update of the panel's
// preview: an opportunity edited (its body changes at every request)
// loaded, checked with the whole site, assembled with it, converted and
// rendered, and the answer made. The site is the repository's content, or
// a gen-corpus site of BANCA_BENCH_PAGES pages.
//
//	go test ./generator/preview -run XXX -bench Preview -benchtime 200x
//	BANCA_BENCH_PAGES=1000 go test ./generator/preview -run XXX -bench Preview -benchtime 100x
func BenchmarkPreview(b *testing.B) {
	cfg := pipeline.Config{Root: root, Output: &render.MemOutput{}, Now: testNow, BrokenLinksWarn: true}
	if n, err := strconv.Atoi(os.Getenv("BANCA_BENCH_PAGES")); err == nil && n > 0 {
		dir := b.TempDir()
		testproject.Script(b, "gen-corpus", "--pages", strconv.Itoa(n), "--out", dir, "-q")
		cfg.Content = filepath.Join(dir, "content")
	}
	res, err := pipeline.Run(cfg)
	if err != nil || res.Diags.HasErrors() {
		b.Fatal(err)
	}
	s := FromBuild(res)
	req := opportunity(nil)
	body := req.Data["body"].(string)
	b.ResetTimer()
	for i := range b.N {
		req.Data["body"] = body + "\n\nParagrafo " + strconv.Itoa(i) + "."
		resp, err := s.Preview(req, testNow)
		if err != nil || resp.HTML == "" {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Pages()), "pages")
}
