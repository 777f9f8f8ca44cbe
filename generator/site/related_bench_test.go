package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/cputime"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// syntheticPages makes n pages shaped like the gen-corpus: the five
// cantieri, then pages spread over four sections with Zipf-like topics,
// one to three target groups, one cantiere and its territory each, dates
// over three years and a deadline on two opportunities out of three.
func syntheticPages(tb testing.TB, n int) []*content.Page {
	sch := testSchema(tb)
	loc := rome(tb)
	topics := sch.Taxonomy("argomenti").Values
	dest := sch.Taxonomy("destinatari").Values
	cantieri := []string{"bologna-navile", "san-lazzaro-di-savena", "imola", "casalecchio-di-reno", "ferrara"}
	var pages []*content.Page
	for _, c := range cantieri {
		pages = append(pages, page("cantieri", c, time.Date(2024, 1, 1, 0, 0, 0, 0, loc), map[string][]string{"cantieri": {c}}))
	}
	secs := []string{"opportunita", "protocolli", "pratiche", "risorse"}
	seed := uint32(42)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	zipf := func(n int) int { return rnd(rnd(n) + 1) }
	for i := 0; i < n-len(cantieri); i++ {
		terms := map[string][]string{}
		for k := 0; k < 1+rnd(5); k++ {
			terms["argomenti"] = append(terms["argomenti"], topics[zipf(len(topics))])
		}
		for k := 0; k < 1+rnd(3); k++ {
			terms["destinatari"] = append(terms["destinatari"], dest[rnd(len(dest))])
		}
		c := cantieri[rnd(5)]
		terms["cantieri"] = []string{c}
		terms["territori"] = []string{c}
		p := page(secs[i%4], fmt.Sprintf("p%d", i), time.Date(2024, 1, 1+rnd(1000), 0, 0, 0, 0, loc), terms)
		if p.Section == "opportunita" && rnd(3) > 0 {
			p.Deadline = &schema.Date{Time: p.Date.AddDate(0, 0, 30+rnd(120))}
		}
		pages = append(pages, p)
	}
	return pages
}

// sparsePages makes n pages whose only terms are two territories out of
// n/20: each page shares terms with a few dozen others, whatever n.
func sparsePages(tb testing.TB, n int) []*content.Page {
	loc := rome(tb)
	seed := uint32(7)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	pages := make([]*content.Page, 0, n)
	for i := range n {
		terms := map[string][]string{"territori": {fmt.Sprintf("comune %d", rnd(n/20)), fmt.Sprintf("comune %d", rnd(n/20))}}
		pages = append(pages, page("pratiche", fmt.Sprintf("p%d", i), time.Date(2024, 1, 1+rnd(1000), 0, 0, 0, 0, loc), terms))
	}
	return pages
}

// BenchmarkRelated times the choice of related pages alone, at 1,000,
// 10,000 and 50,000 pages, with three algorithms: prima (every page
// scanned the scores of all n; up to 10,000 pages only), scansione (every
// page added up all its posting lists: relateScan) and ora (relate: only
// the lists that can still matter), and reports it per page, in wall time
// and in CPU time (steadier on a shared machine), with the posting-list
// entries a page would add up in full (voci/pagina). Two shapes of site:
// "corpus" is shaped like the gen-corpus, where a page shares some term
// with nearly every other (five cantieri, ten target groups, a few
// popular topics), so those entries grow with n; "sparso" has specific
// terms, so they do not. The rest of the assembly is done once, outside
// the timer.
func BenchmarkRelated(b *testing.B) {
	for _, algo := range []struct {
		name string
		pick func(*Site, int)
	}{{"prima", relateBefore}, {"scansione", relateScan}, {"ora", relate}} {
		for _, shape := range []struct {
			name  string
			pages func(testing.TB, int) []*content.Page
		}{{"corpus", syntheticPages}, {"sparso", sparsePages}} {
			for _, n := range []int{1000, 10000, 50000} {
				if algo.name == "prima" && n > 10000 {
					continue // minutes
				}
				b.Run(algo.name+"/"+shape.name+"/pagine="+strconv.Itoa(n), func(b *testing.B) {
					sch := testSchema(b)
					now := time.Date(2026, 11, 27, 0, 0, 0, 0, rome(b))
					s := Assemble(shape.pages(b, n), sch, Options{Now: now})
					cpu0 := cputime.Used()
					for b.Loop() {
						for _, p := range s.Pages {
							p.Related = p.Related[:0]
						}
						algo.pick(s, sch.Site.RelatedCount)
					}
					pages := float64(b.N) * float64(len(s.Pages))
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pages, "ns/pagina")
					b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/pages, "cpu-ns/pagina")
					b.ReportMetric(float64(postingsTouched(s))/float64(len(s.Pages)), "voci/pagina")
				})
			}
		}
	}
}

// postingsTouched counts the posting-list entries relate adds up for every
// page of s: the sum, over its terms of taxonomies that count, of their
// pages.
func postingsTouched(s *Site) int {
	n := 0
	for _, p := range s.Pages {
		for _, g := range p.Terms {
			if rel := g.Taxonomy.Schema.Related; rel != nil && rel.Weight > 0 {
				for _, t := range g.Terms {
					n += len(t.Pages)
					if t.Hub != nil {
						n++
					}
				}
			}
		}
	}
	return n
}

// BenchmarkRelatedCorpus times relateScan (scansione) and relate (ora)
// alone on a gen-corpus output named by BANCA_BENCH_CORPUS (the folder
// holding content/; skipped without it), per page, as BenchmarkRelated.
//
//	BANCA_BENCH_CORPUS=/work/bench/c50k go test ./generator/site -run XXX -bench RelatedCorpus -benchtime 3x
func BenchmarkRelatedCorpus(b *testing.B) {
	dir := os.Getenv("BANCA_BENCH_CORPUS")
	if dir == "" {
		b.Skip("BANCA_BENCH_CORPUS non è impostata")
	}
	sch := testSchema(b)
	var diags diag.List
	set := content.Load(os.DirFS(filepath.Join(dir, "content")), sch, content.Options{}, &diags)
	pages := set.Published(false)
	s := Assemble(pages, sch, Options{Now: time.Date(2026, 11, 27, 10, 0, 0, 0, rome(b))})
	for _, algo := range []struct {
		name string
		pick func(*Site, int)
	}{{"scansione", relateScan}, {"ora", relate}} {
		b.Run(algo.name, func(b *testing.B) {
			cpu0 := cputime.Used()
			for b.Loop() {
				for _, p := range s.Pages {
					p.Related = p.Related[:0]
				}
				algo.pick(s, sch.Site.RelatedCount)
			}
			n := float64(b.N) * float64(len(s.Pages))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/pagina")
			b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/n, "cpu-ns/pagina")
			b.ReportMetric(float64(postingsTouched(s))/float64(len(s.Pages)), "voci/pagina")
		})
	}
}
