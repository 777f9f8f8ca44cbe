package site

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/cputime"
)

// needsPages makes n pages shaped like the gen-corpus with --network:
// syntheticPages, one page in 40 turned into a need (open two times out
// of three), and titles of four words drawn, Zipf-like, from a
// vocabulary of 3,000, so that titles share words as real ones do.
func needsPages(tb testing.TB, n int) []*content.Page {
	pages := syntheticPages(tb, n)
	seed := uint32(11)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	vocab := make([]string, 3000)
	syll := []string{"ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo"}
	for i := range vocab {
		w := ""
		for k, x := 0, i+1; k < 4; k, x = k+1, x/len(syll) {
			w += syll[x%len(syll)]
		}
		vocab[i] = w
	}
	for i, p := range pages {
		if p.Section == "cantieri" {
			continue
		}
		title := ""
		for range 4 {
			title += vocab[rnd(rnd(len(vocab))+1)] + " "
		}
		p.Title = title
		if i%40 == 0 {
			p.Section, p.URL, p.Deadline = "bisogni", "/bisogni/"+p.Slug+"/", nil
			p.Params["stato"] = []string{"aperto", "in lavorazione", "soddisfatto"}[rnd(3)]
		}
	}
	return pages
}

// BenchmarkAnswers times the choice of possible answers alone (answer),
// at 1,000, 10,000 and 50,000 pages of needsPages, per need, in wall and
// CPU time, with the candidates' postings a need adds up (voci/bisogno).
// The rest of the assembly is done once, outside the timer.
func BenchmarkAnswers(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run("pagine="+strconv.Itoa(n), func(b *testing.B) {
			sch := testSchema(b)
			s := Assemble(needsPages(b, n), sch, Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, rome(b))})
			benchAnswers(b, s)
		})
	}
}

// BenchmarkAnswersCorpus is BenchmarkAnswers on a gen-corpus --network
// output named by BANCA_BENCH_CORPUS (the folder holding content/;
// skipped without it).
//
//	BANCA_BENCH_CORPUS=/tmp/c50k go test ./generator/site -run XXX -bench AnswersCorpus -benchtime 3x
func BenchmarkAnswersCorpus(b *testing.B) {
	dir := os.Getenv("BANCA_BENCH_CORPUS")
	if dir == "" {
		b.Skip("BANCA_BENCH_CORPUS non è impostata")
	}
	sch := testSchema(b)
	var diags diag.List
	set := content.Load(os.DirFS(filepath.Join(dir, "content")), sch, content.Options{}, &diags)
	s := Assemble(set.Published(false), sch, Options{Now: time.Date(2026, 11, 27, 10, 0, 0, 0, rome(b))})
	benchAnswers(b, s)
}

func benchAnswers(b *testing.B, s *Site) {
	needs, shown := 0, 0
	for _, sec := range s.Sections {
		if sec.Schema.Answers != nil {
			needs += len(sec.Pages)
		}
	}
	cpu0 := cputime.Used()
	for b.Loop() {
		answer(s)
	}
	for _, p := range s.Pages {
		shown += len(p.Answers)
	}
	per := float64(b.N) * float64(max(needs, 1))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/bisogno")
	b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/per, "cpu-ns/bisogno")
	b.ReportMetric(float64(needs), "bisogni")
	b.ReportMetric(float64(shown)/float64(max(needs, 1)), "risposte/bisogno")
}
