package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// TestIndexAnalyzerOnCorpora checks, on the 88 real posts of
// developers-italia and on a generated corpus, that the analyzer of the
// index gives the tokens of the query analyzer's chain for every text a
// page is indexed with, and for the posts' Markdown files themselves, and
// that both remember the same vocabulary.
func TestIndexAnalyzerOnCorpora(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two corpora")
	}
	generated := func(tb testing.TB) string {
		dir := tb.TempDir()
		testproject.Script(tb, "gen-corpus", "--pages", "300", "--out", dir, "-q")
		return filepath.Join(dir, "content")
	}
	for name, content := range map[string]func(testing.TB) string{
		"developers-italia": testproject.DevelopersItalia,
		"generated":         generated,
	} {
		t.Run(name, func(t *testing.T) {
			s := checkedSite(t, content(t))
			var texts []string
			fields := search.IndexedTexts(s)
			for _, p := range s.Pages {
				if p.Plain == "" {
					t.Fatalf("%s: no plain text", p.Display)
				}
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
