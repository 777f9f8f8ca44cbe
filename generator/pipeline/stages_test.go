package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// TestStageFailureStopsTheBuild makes each stage of the pipeline's table
// fail in turn, by an error and by a panic: Run must return that failure,
// write no site and no search bundle, and leave the previous ones as they
// were.
func TestStageFailureStopsTheBuild(t *testing.T) {
	for _, how := range []string{"error", "panic"} {
		for _, st := range stages { // every stage of the table runs when a bundle is built
			name := st.name
			t.Run(how+"/"+name, func(t *testing.T) {
				dir := t.TempDir()
				out, bundle := filepath.Join(dir, "public"), filepath.Join(dir, "bundle")
				for _, d := range []string{out, bundle} {
					if err := os.MkdirAll(d, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(d, "prima.txt"), []byte("il sito di prima"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				fault := errors.New("guasto simulato")
				stageFault = func(stage string) error {
					if stage != name {
						return nil
					}
					if how == "panic" {
						panic(fault)
					}
					return fault
				}
				defer func() { stageFault = nil }()
				res, err := Run(Config{Root: root, Out: out, Bundle: bundle, Now: now})
				if err == nil {
					t.Fatalf("the failure of stage %s was lost (diagnostics: %v)", name, res.Diags.All())
				}
				if !strings.Contains(err.Error(), "guasto simulato") {
					t.Errorf("error %q does not carry the stage's failure", err)
				}
				if how == "panic" && !strings.Contains(err.Error(), "«"+name+"»") {
					t.Errorf("error %q does not name the stage", err)
				}
				for _, d := range []string{out, bundle} {
					entries, _ := os.ReadDir(d)
					if len(entries) != 1 || entries[0].Name() != "prima.txt" {
						t.Errorf("%s changed by a failed build: %v", d, entries)
					}
				}
				// public.prev is the staging folder a build recycles (see
				// staging); nothing else may be left.
				siblings, _ := os.ReadDir(dir)
				for _, e := range siblings {
					if n := e.Name(); n != "public" && n != "bundle" && n != "public.prev" {
						t.Errorf("a failed build left %s beside the site", n)
					}
				}
			})
		}
	}
}

// TestBundleLeavesSiteAlone: asking for a search bundle must not change
// the site a build returns (the indexer used to blank the pages' plain
// text while the site was rendered).
func TestBundleLeavesSiteAlone(t *testing.T) {
	without, err := Run(Config{Root: root, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	with, err := Run(Config{Root: root, Check: true, Now: now, Bundle: filepath.Join(t.TempDir(), "bundle")})
	if err != nil {
		t.Fatal(err)
	}
	if with.Search == nil || with.Search.Docs != len(with.Site.Pages) {
		t.Fatalf("the bundle indexed %v of %d pages", with.Search, len(with.Site.Pages))
	}
	if len(with.Site.Pages) != len(without.Site.Pages) {
		t.Fatalf("%d pages with a bundle, %d without", len(with.Site.Pages), len(without.Site.Pages))
	}
	for i, a := range without.Site.Pages {
		b := with.Site.Pages[i]
		if a.URL != b.URL || a.Plain != b.Plain || a.Content != b.Content || a.Summary != b.Summary || len(a.Headings) != len(b.Headings) {
			t.Errorf("%s differs with a bundle: plain %q / %q", a.URL, a.Plain, b.Plain)
		}
	}
}

// TestBundleOfNoPages: a site whose pages are all drafts still builds its
// search bundle (bleve's offline builder cannot close empty), and the
// search answers with no hits rather than failing.
func TestBundleOfNoPages(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"pratiche/a.md": "---\ntitle: Bozza\ndate: 2026-01-01\ndraft: true\n---\nTesto.\n",
	})
	bundle := filepath.Join(t.TempDir(), "bundle")
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Content: dir, Out: out, Bundle: bundle, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() || res.Search == nil || res.Search.Docs != 0 {
		t.Fatalf("diagnostics %v, search %v", res.Diags.All(), res.Search)
	}
	ix, err := search.OpenBundle(bundle, out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, err := ix.Search(context.Background(), ix.Meta.ParseRequest(url.Values{"q": {"bozza"}}), now)
	if err != nil || got.Total != 0 {
		t.Fatalf("search of an empty bundle: %v, %v", got, err)
	}
}

// TestSessionStageFailureKeepsLastBuild makes each stage fail in turn, by
// an error and by a panic, in a preview's rebuild after a text edit (the
// same stages as a full build, reusing the last one): the build must
// return the failure naming the stage, keep the last good build, and
// leave the live index as the last good build committed it. The next
// build, without failure, takes the edit in.
func TestSessionStageFailureKeepsLastBuild(t *testing.T) {
	x := newIndexSite(t)
	live, err := search.NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	x.ss.IndexWith(live)
	if b, res, err := x.ss.Build(x.at); err != nil || b == nil {
		t.Fatalf("first build: %v %v", err, res.Diags.All())
	}
	for i, st := range stages {
		for _, how := range []string{"error", "panic"} {
			name := st.name
			good, index := x.ss.Last(), live.Current()
			word := fmt.Sprintf("parola%d%s", i, how)
			x.edit("pratiche/orto.md", func(p *fuzzPage) { p.body += "\n\nUna " + word + "." })
			fault := errors.New("guasto simulato")
			stageFault = func(stage string) error {
				if stage != name {
					return nil
				}
				if how == "panic" {
					panic(fault)
				}
				return fault
			}
			b, _, err := x.ss.Build(x.at)
			stageFault = nil
			if err == nil || b != nil || !strings.Contains(err.Error(), "guasto simulato") {
				t.Fatalf("%s/%s: built %v, error %v", how, name, b != nil, err)
			}
			if how == "panic" && !strings.Contains(err.Error(), "«"+name+"»") {
				t.Errorf("%s/%s: error %q does not name the stage", how, name, err)
			}
			if x.ss.Last() != good || live.Current() != index {
				t.Errorf("%s/%s: the failed build replaced the last good build or its index", how, name)
			}
			b, res, err := x.ss.Build(x.at)
			if err != nil || b == nil {
				t.Fatalf("%s/%s: the build after the failure: %v %v", how, name, err, res.Diags.All())
			}
			page := string(b.Files["pratiche/orto/index.html"])
			found, err := live.Current().Search(context.Background(), search.Request{Query: word, Page: 1}, x.at)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page, word) || found.Total != 1 {
				t.Errorf("%s/%s: after the failure, the edit is in the page %v and in %d search results",
					how, name, strings.Contains(page, word), found.Total)
			}
		}
	}
}
