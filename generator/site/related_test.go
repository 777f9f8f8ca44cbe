package site

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/schema"
)

// corpora are the sites the related pages are checked on: the
// repository's sample content and a generated corpus of 1,000 pages.
func corpora(t *testing.T) map[string][]*content.Page {
	t.Helper()
	sch := testSchema(t)
	out := map[string][]*content.Page{}
	load := func(name, dir string) {
		var diags diag.List
		set := content.Load(os.DirFS(dir), sch, content.Options{}, &diags)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags.All())
		}
		pages := set.Published(false)
		content.CheckSet(pages, sch, &diags)
		out[name] = pages
	}
	load("esempio", filepath.Join(testproject.Root(), "content"))
	dir := t.TempDir()
	testproject.Script(t, "gen-corpus", "--pages", "1000", "--out", dir, "-q")
	load("corpus-1k", filepath.Join(dir, "content"))
	return out
}

// related lists what relate chose for every page, one line per page.
func relatedOf(s *Site) []string {
	out := make([]string, len(s.Pages))
	for i, p := range s.Pages {
		var b strings.Builder
		b.WriteString(p.URL + ":")
		for _, r := range p.Related {
			fmt.Fprintf(&b, " %s (%d, %s)", r.Page.URL, r.Score, r.Reason)
		}
		out[i] = b.String()
	}
	return out
}

// rerelate runs pick on s afresh and returns what it chose.
func rerelate(s *Site, pick func(*Site, int)) []string {
	for _, p := range s.Pages {
		p.Related = nil
	}
	pick(s, s.Config.RelatedCount)
	return relatedOf(s)
}

// TestRelated checks relate on the sample content and a generated corpus
// against three references: the algorithm before it (relateScan), the
// one before that (relateBefore) and the plainest one there is
// (relateAllPairs).
func TestRelated(t *testing.T) {
	for name, pages := range corpora(t) {
		t.Run(name+"/come-la-scansione", func(t *testing.T) { testSameAsScan(t, pages) })
		t.Run(name+"/come-prima", func(t *testing.T) { testSameAsBefore(t, pages) })
		t.Run(name+"/tutte-le-coppie", func(t *testing.T) { testAllPairs(t, pages) })
	}
}

// testSameAsScan checks that walking only the posting lists that can
// still matter changed nothing: related pages, scores, order and reasons
// are those of relateScan, before any opportunity closed and at the build
// instant of the tests.
func testSameAsScan(t *testing.T, pages []*content.Page) {
	sch := testSchema(t)
	loc := rome(t)
	for _, now := range []time.Time{time.Date(2000, 1, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 27, 10, 0, 0, 0, loc)} {
		s := Assemble(pages, sch, Options{Now: now})
		got, want := relatedOf(s), rerelate(s, relateScan)
		if !slices.Equal(got, want) {
			t.Errorf("%s: relate e relateScan non coincidono:\n%s", now.Format(time.DateOnly), diffLines(want, got))
		}
	}
}

// testSameAsBefore checks that scanning only the pages touched changed
// nothing: at an instant when no opportunity has closed yet, the related
// pages of every page are those of the algorithm before; at the build
// instant of the tests, they differ only on pages whose suggestions held
// a closed opportunity.
func testSameAsBefore(t *testing.T, pages []*content.Page) {
	sch := testSchema(t)
	loc := rome(t)
	// Pages whose status is read from a pick-list (a need soddisfatto)
	// are closed at any instant, which the algorithm before did not
	// know: compare without them.
	pages = slices.DeleteFunc(slices.Clone(pages), func(p *content.Page) bool {
		sec := sch.Section(p.Section)
		return sec != nil && sec.States != nil
	})
	s := Assemble(pages, sch, Options{Now: time.Date(2000, 1, 1, 0, 0, 0, 0, loc)})
	for _, p := range s.Pages {
		if p.Closed() {
			t.Fatalf("%s è scaduta nel 2000", p.URL)
		}
	}
	now, before := rerelate(s, relate), rerelate(s, relateBefore)
	if !slices.Equal(now, before) {
		t.Errorf("scelte diverse da prima:\n%s", diffLines(before, now))
	}

	s = Assemble(pages, sch, Options{Now: time.Date(2026, 11, 27, 10, 0, 0, 0, loc)})
	now = relatedOf(s)
	before = rerelate(s, relateBefore)
	changed := 0
	for i, p := range s.Pages {
		if now[i] == before[i] {
			continue
		}
		changed++
		if !slices.ContainsFunc(p.Related, func(r Related) bool { return r.Page.Closed() }) {
			t.Errorf("cambiato senza un'opportunità scaduta:\nprima: %s\nora:   %s", before[i], now[i])
		}
	}
	t.Logf("%d pagine, %d con suggerimenti cambiati dalla regola delle scadute", len(s.Pages), changed)
}

// testAllPairs compares relate with the plainest algorithm there is:
// every page scored against every other, sorted by the rule (open before
// closed, higher score, newer page). It also checks that no closed page is
// suggested before an open one.
func testAllPairs(t *testing.T, pages []*content.Page) {
	sch := testSchema(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, rome(t))
	s := Assemble(pages, sch, Options{Now: now})
	got := relatedOf(s)
	want := rerelate(s, relateAllPairs)
	if !slices.Equal(got, want) {
		t.Errorf("relate e il confronto di tutte le coppie non coincidono:\n%s", diffLines(want, got))
	}
	closedSuggested := 0
	for _, p := range s.Pages {
		seenClosed := false
		for _, r := range p.Related {
			if r.Page.Closed() {
				seenClosed = true
				closedSuggested++
			} else if seenClosed {
				t.Errorf("%s suggerisce %s, aperta, dopo una scaduta", p.URL, r.Page.URL)
			}
		}
	}
	t.Logf("%d suggerimenti di opportunità scadute, tutti dopo quelli aperti", closedSuggested)
}

// relateAllPairs is the reference of TestRelatedAllPairs: O(n²), plain.
func relateAllPairs(s *Site, k int) {
	for i, p := range s.Pages {
		type cand struct {
			j, score int
		}
		var cands []cand
		for j, q := range s.Pages {
			if i == j {
				continue
			}
			score := 0
			for _, g := range p.Terms {
				rel := g.Taxonomy.Schema.Related
				if rel == nil || rel.Weight <= 0 {
					continue
				}
				for _, t := range g.Terms {
					if sharesTerm(q, t) {
						score += rel.Weight
					}
				}
			}
			if score >= minRelatedScore {
				cands = append(cands, cand{j, score})
			}
		}
		slices.SortFunc(cands, func(a, b cand) int {
			ca, cb := s.Pages[a.j].Closed(), s.Pages[b.j].Closed()
			switch {
			case ca != cb && ca:
				return 1
			case ca != cb:
				return -1
			case a.score != b.score:
				return b.score - a.score
			}
			return a.j - b.j
		})
		for _, c := range cands[:min(k, len(cands))] {
			q := s.Pages[c.j]
			p.Related = append(p.Related, Related{Page: q, Score: c.score, Reason: reason(p, q)})
		}
	}
}

// diffLines shows the first lines that differ.
func diffLines(want, got []string) string {
	var b strings.Builder
	shown := 0
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g && shown < 5 {
			fmt.Fprintf(&b, "voglio: %s\nho:     %s\n", w, g)
			shown++
		}
	}
	return b.String()
}

// TestRelatedFollowsClosing checks that the preview's Replace, which
// carries a site over to a later instant, chooses the related pages again
// when an opportunity closed meanwhile, as a full assembly would.
func TestRelatedFollowsClosing(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, loc) }
	terms := map[string][]string{"argomenti": {"scuola", "giovani"}}
	a := page("pratiche", "a", day(1), terms)
	closing := page("opportunita", "chiude", day(2), terms)
	closing.Deadline = &schema.Date{Time: time.Date(2026, 11, 10, 0, 0, 0, 0, loc)}
	open := page("opportunita", "resta", day(1), map[string][]string{"argomenti": {"scuola"}})
	pages := []*content.Page{a, closing, open}
	s := Assemble(pages, sch, Options{Now: day(5)})
	if got := relatedOf(s)[s.Page("/pratiche/a/").Index()]; got != "/pratiche/a/: /opportunita/chiude/ (6, stesso argomento: scuola) /opportunita/resta/ (3, stesso argomento: scuola)" {
		t.Fatalf("prima della scadenza: %v", got)
	}
	later := s.Replace(nil, day(20))
	full := Assemble(pages, sch, Options{Now: day(20)})
	if got, want := relatedOf(later), relatedOf(full); !slices.Equal(got, want) {
		t.Errorf("dopo la scadenza:\nReplace:   %v\nAssemble:  %v", got, want)
	}
	if got := relatedOf(full)[full.Page("/pratiche/a/").Index()]; got != "/pratiche/a/: /opportunita/resta/ (3, stesso argomento: scuola) /opportunita/chiude/ (6, stesso argomento: scuola)" {
		t.Errorf("la scaduta deve venire dopo l'aperta: %s", got)
	}
	reused := Assemble(pages, sch, Options{Now: day(20), Previous: s})
	if got, want := relatedOf(reused), relatedOf(full); !slices.Equal(got, want) {
		t.Errorf("Previous riusato dopo una scadenza:\n%v\n%v", got, want)
	}
}
