package pipeline

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/cputime"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// benchContent returns the content folder the stage benchmarks build:
// BANCA_BENCH_CORPUS, a folder made by gen-corpus (it holds content/),
// shared between runs; else a corpus of BANCA_BENCH_PAGES pages (default
// 1000) generated once for the run.
func benchContent(b *testing.B) string {
	if dir := os.Getenv("BANCA_BENCH_CORPUS"); dir != "" {
		return filepath.Join(dir, "content")
	}
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("BANCA_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := b.TempDir()
	sharedScript(b, "gen-corpus", "--pages", strconv.Itoa(pages), "--out", dir, "-q")
	return filepath.Join(dir, "content")
}

// benchState is a build of content as run starts it, before any stage.
func benchState(content string) *buildState {
	cfg := Config{Root: root, Content: content, Out: filepath.Join(os.TempDir(), "banca-bench-non-scritto"),
		Check: true, BrokenLinksWarn: true, Now: now, Fingerprint: true}
	cfg.FS = cfg.Files()
	return &buildState{cfg: cfg, res: &Result{Diags: &diag.List{}}, fileDiags: &diag.List{}, setDiags: &diag.List{},
		content: folder(cfg.FS, project.Content)}
}

// BenchmarkStages times, one by one, the stages of a build: those that
// work on the whole site before its pages are converted, caricamento (reading and parsing
// every file), controllo (the cross-page checks), assemblaggio (sections,
// terms, statuses, references, related pages; and again choosing no
// related pages, assemblaggio-senza-correlati), indirizzi (the plan of
// every address, its checks, the index of links) and, inside it, piano
// (render.Addresses alone); then those that work page by page, markdown,
// scrittura (rendered into a counter) and indice. Each runs on the output of the stages before
// it, computed once outside the timer, and is reported per page, in wall
// time and in CPU time (steadier on a shared machine): the figures at
// 10,000 and 50,000 pages say whether a stage grows faster than the site.
//
//	BANCA_BENCH_CORPUS=/work/bench/c50k go test ./generator/pipeline -run XXX -bench Stages -benchtime 3x
func BenchmarkStages(b *testing.B) {
	content := benchContent(b)
	full := benchState(content)
	for _, st := range []func() error{full.load, full.check, full.assemble, full.plan} {
		if err := st(); err != nil {
			b.Fatal(err)
		}
	}
	if full.setDiags.HasErrors() || full.fileDiags.HasErrors() {
		b.Fatalf("il corpus ha errori: %v", append(full.fileDiags.All(), full.setDiags.All()...)[0])
	}
	pages := len(full.s.Pages)
	perPage := func(b *testing.B, run func()) {
		cpu0 := cputime.Used()
		for b.Loop() {
			run()
		}
		n := float64(b.N) * float64(pages)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/pagina")
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/n, "cpu-ns/pagina")
		b.ReportMetric(float64(pages), "pagine")
	}
	// Each stage runs on a copy of the state its predecessors left.
	after := func() *buildState {
		st := *full
		st.setDiags, st.fileDiags = &diag.List{}, &diag.List{}
		return &st
	}
	b.Run("caricamento", func(b *testing.B) {
		perPage(b, func() {
			if err := benchState(content).load(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("controllo", func(b *testing.B) {
		perPage(b, func() {
			if err := after().check(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("assemblaggio", func(b *testing.B) {
		perPage(b, func() {
			if err := after().assemble(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("assemblaggio-senza-correlati", func(b *testing.B) {
		// The same assembly choosing no related pages: what is left is
		// the rest of the stage.
		sch := *full.sch
		sch.Site.RelatedCount = 0
		perPage(b, func() {
			st := after()
			st.sch = &sch
			if err := st.assemble(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("indirizzi", func(b *testing.B) {
		perPage(b, func() {
			if err := after().plan(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("piano", func(b *testing.B) {
		perPage(b, func() { render.Addresses(full.s) })
	})

	// The stages that work page by page: the Markdown (each page read
	// again, converted, its HTML and text written to the spill file), the
	// render of every file into a counter, and the search index of every
	// page (bleve's offline builder, written to a temporary folder).
	sp, err := newSpill()
	if err != nil {
		b.Fatal(err)
	}
	defer sp.close()
	plain := make(map[*site.Page]string, pages)
	var mu sync.Mutex
	keep := func(p *site.Page, text string) { mu.Lock(); plain[p] = text; mu.Unlock() }
	if err := convertAll(full.s.Pages, full.links, &diag.List{}, convertOptions{spill: sp, converted: keep}); err != nil {
		b.Fatal(err)
	}
	full.s.Contents = sp
	b.Run("markdown", func(b *testing.B) {
		perPage(b, func() {
			if err := convertAll(full.s.Pages, full.links, &diag.List{}, convertOptions{spill: sp}); err != nil {
				b.Fatal(err)
			}
		})
	})
	r, err := render.New(folder(full.cfg.FS, project.Layouts))
	if err != nil {
		b.Fatal(err)
	}
	r.SearchStart = search.StartView
	b.Run("scrittura", func(b *testing.B) {
		perPage(b, func() {
			if err := r.Render(full.s, &discard{}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("indice", func(b *testing.B) {
		perPage(b, func() {
			dir := filepath.Join(b.TempDir(), "indice")
			w, err := search.NewWriter(dir, full.s)
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range full.s.Pages {
				if err := w.Add(p, plain[p]); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := w.Commit(); err != nil {
				b.Fatal(err)
			}
			os.RemoveAll(dir)
		})
	})
}
