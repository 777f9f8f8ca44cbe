package pipeline

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// TestGeneratedCorpus builds a corpus written by ../shared/bench/gen-corpus:
// one page per published document, plus lists and feeds.
func TestGeneratedCorpus(t *testing.T) {
	dir := t.TempDir()
	sharedScript(t, "gen-corpus", "--pages", "300", "--out", dir, "-q")
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Content: filepath.Join(dir, "content"), Out: out, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags.All() {
		// The corpus refers to /img/foto-N.jpg images it does not ship.
		if d.Code != diag.FileLinkBroken || !strings.Contains(d.Source, "/img/foto-") {
			t.Errorf("unexpected: %s", d.Error())
		}
	}
	drafts := 0
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("draft: true")) || bytes.Contains(b, []byte("draft = true")) {
				drafts++
			}
		}
		return nil
	})
	if got := len(res.Site.Pages); got != 300-drafts {
		t.Errorf("%d pages, want %d", got, 300-drafts)
	}
	for _, p := range res.Site.Pages {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p.URL), "index.html")); err != nil {
			t.Errorf("missing page %s", p.URL)
		}
	}
	for _, f := range []string{"index.xml", "sitemap.xml", "pratiche/index.xml", "pratiche/page/2/index.html", "argomenti/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	checkInternalLinks(t, out)
}

// TestDevelopersItaliaPosts builds the 88 real posts, converted to bank
// pages by ../shared/bench/to-bank.
func TestDevelopersItaliaPosts(t *testing.T) {
	posts := filepath.Join(root, "..", "shared", "corpora", "developers-italia", "posts")
	dir := t.TempDir()
	sharedScript(t, "to-bank", "--ascii-slugs", "--no-argomenti", posts, dir)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Config{Root: root, Content: filepath.Join(dir, "content"), Out: out, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("errors: %v", res.Diags.All())
	}
	if got := len(res.Site.Pages); got != 88 {
		t.Errorf("%d pages, want 88", got)
	}
	// Without --no-argomenti the free-form tags are not in the pick-list:
	// each is reported with its position, and nothing is written.
	dir2 := t.TempDir()
	sharedScript(t, "to-bank", "--ascii-slugs", posts, dir2)
	res, err = Run(Config{Root: root, Content: filepath.Join(dir2, "content"), Check: true, BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range res.Diags.All() {
		if d.Code == diag.FieldValue {
			n++
			if d.Pos.Line == 0 || d.Source == "" {
				t.Errorf("no position: %v", d)
			}
		}
	}
	if n == 0 {
		t.Error("free-form argomenti were accepted")
	}
}

// TestSampleContentExercisesEveryField checks that the example content in
// content/ shows every field of the schema, every pick-list value of the
// section fields, every opportunity status, and both front matter syntaxes.
func TestSampleContentExercisesEveryField(t *testing.T) {
	res, err := Run(Config{Root: root, Check: true, Drafts: true, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	sch := res.Site.Schema
	used := map[string]bool{}
	formats := map[string]bool{}
	statuses := map[string]bool{}
	bundles, drafts := 0, 0
	// The build releases the front matter once pages are converted:
	// read it again.
	var l diag.List
	fronts := map[string]*schema.Doc{}
	for _, cp := range content.Load(os.DirFS(filepath.Join(root, "content")), sch, content.Options{}, &l).Pages {
		fronts[cp.URL] = cp.Front
	}
	for _, p := range res.Site.Pages {
		front := fronts[p.URL]
		formats[front.Format] = true
		for _, e := range front.Entries {
			used[p.Page.Section+"."+e.Key] = true
			used[e.Key] = true
		}
		for _, f := range p.Fields {
			if s, ok := f.Value.(string); ok {
				used[p.Page.Section+"."+f.Key+"="+s] = true
			}
		}
		if p.Status != nil {
			statuses[p.Status.Key] = true
		}
		if p.Bundle && len(p.Attachments) > 0 {
			bundles++
		}
		if p.Draft {
			drafts++
		}
	}
	for _, f := range sch.Common {
		if f.Key != "slug" && f.Key != "weight" && !used[f.Key] { // slug and weight are escape hatches, rarely needed
			t.Errorf("no sample page sets %q", f.Key)
		}
	}
	for _, tax := range sch.Taxonomies {
		if !used[tax.Key] {
			t.Errorf("no sample page sets %q", tax.Key)
		}
	}
	for _, sec := range sch.Sections {
		for _, f := range sec.Fields {
			if !used[sec.Key+"."+f.Key] {
				t.Errorf("no sample page in %s sets %q", sec.Key, f.Key)
			}
			for _, v := range f.Values {
				if !used[sec.Key+"."+f.Key+"="+v] {
					t.Errorf("no sample page in %s has %s: %s", sec.Key, f.Key, v)
				}
			}
		}
	}
	for _, s := range []string{"aperta", "in-scadenza", "scaduta", "a-sportello"} {
		if !statuses[s] {
			t.Errorf("no sample opportunity is %s on %s", s, now.Format("2006-01-02"))
		}
	}
	if !formats["yaml"] || !formats["toml"] || bundles < 2 || drafts < 1 {
		t.Errorf("formats %v, bundles with attachments %d, drafts %d", formats, bundles, drafts)
	}
	if n := len(res.Site.Section("cantieri").Pages); n != 5 {
		t.Errorf("%d cantieri, want the five of the project", n)
	}
}
