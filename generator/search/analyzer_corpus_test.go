package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// checkedSite builds the site of the content folder dir without writing
// it, keeping the pages' plain text (a Session's build does).
func checkedSite(tb testing.TB, dir string) *site.Site {
	tb.Helper()
	ss := pipeline.NewSession(pipeline.Config{Root: testproject.Root(), Content: dir, Check: true,
		BrokenLinksWarn: true, Now: now})
	_, res, err := ss.Build(now)
	if err != nil {
		tb.Fatal(err)
	}
	if res.Diags.HasErrors() {
		tb.Fatalf("errors: %v", res.Diags.All())
	}
	return res.Site
}

// corpora are the sites the analyzer is checked on: the 88 real posts
// of developers-italia, and a generated corpus.
var corpora = map[string]func(testing.TB) string{
	"developers-italia": testproject.DevelopersItalia,
	"generated": func(tb testing.TB) string {
		dir := tb.TempDir()
		testproject.Script(tb, "gen-corpus", "--pages", "300", "--out", dir, "-q")
		return filepath.Join(dir, "content")
	},
}

var corpusSites sync.Map // name → *site.Site

// corpusSite returns the checked site of corpus name, once per test binary.
func corpusSite(t *testing.T, name string) *site.Site {
	if s, ok := corpusSites.Load(name); ok {
		return s.(*site.Site)
	}
	s := checkedSite(t, corpora[name](t))
	for _, p := range s.Pages {
		if p.Plain == "" {
			t.Fatalf("%s: no plain text", p.Display)
		}
	}
	corpusSites.Store(name, s)
	return s
}

// TestIndexAnalyzerOnCorpora checks, on the corpora, that the analyzer of
// the index gives the tokens and term frequencies of the query analyzer's
// chain for every text a page is indexed with, and for the posts'
// Markdown files themselves, and that both remember the same vocabulary.
func TestIndexAnalyzerOnCorpora(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two corpora")
	}
	for name := range corpora {
		t.Run(name, func(t *testing.T) {
			s := corpusSite(t, name)
			var texts []string
			fields := search.IndexedTexts(s)
			for _, p := range s.Pages {
				texts = append(texts, fields(p)...)
			}
			if name == "developers-italia" {
				posts := filepath.Join(testproject.Shared(), "corpora", "developers-italia", "posts")
				err := filepath.WalkDir(posts, func(path string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					data, err := os.ReadFile(path)
					texts = append(texts, string(data))
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if len(texts) < 100 {
				t.Fatalf("only %d texts", len(texts))
			}
			for _, small := range []bool{false, true} {
				pair := search.NewAnalyzerPair(small)
				for _, text := range texts {
					if d := pair.Diff(text); d != "" {
						t.Fatalf("small %v, %.60q: %s", small, strings.TrimSpace(text), d)
					}
				}
				if !pair.SameVocabulary() {
					t.Errorf("small %v: the vocabularies differ", small)
				}
			}
		})
	}
}

// TestWriterSamePostings builds the bundle of the sample and of each
// corpus with the Writer and again with bleve's offline builder, its own
// documents and text fields analysed by the chain of filters, and
// compares every posting of the two indexes (the same documents for every
// term of every field, with the same frequencies and norms), every stored
// value and every doc value. bleve's segments of 64 pages make it merge
// several.
func TestWriterSamePostings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two corpora")
	}
	sites := map[string]func(*testing.T) *site.Site{
		"sample": func(t *testing.T) *site.Site { return checkedSite(t, filepath.Join(testproject.Root(), "content")) },
	}
	for name := range corpora {
		sites[name] = func(t *testing.T) *site.Site { return corpusSite(t, name) }
	}
	for name, load := range sites {
		t.Run(name, func(t *testing.T) {
			s := load(t)
			got, want := t.TempDir()+"/got", t.TempDir()+"/want"
			if _, err := search.Build(got, s); err != nil {
				t.Fatal(err)
			}
			if err := search.BuildWithChain(want, s); err != nil {
				t.Fatal(err)
			}
			gp, err := search.Postings(got)
			if err != nil {
				t.Fatal(err)
			}
			wp, err := search.Postings(want)
			if err != nil {
				t.Fatal(err)
			}
			if len(wp) < 1000 {
				t.Fatalf("only %d postings lists", len(wp))
			}
			for i := range max(len(gp), len(wp)) {
				if i >= len(gp) || i >= len(wp) || gp[i] != wp[i] {
					t.Fatalf("postings %d differ:\n got %.300s\nwant %.300s", i, at(gp, i), at(wp, i))
				}
			}
		})
	}
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return "(none)"
}
