package pipeline

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// indexSite is a little site held in memory, edited between the builds
// of a Session (the pages of FuzzSession).
type indexSite struct {
	t     *testing.T
	fsys  fstest.MapFS
	cfg   Config
	ss    *Session
	pages map[string]*fuzzPage
	at    time.Time
}

func newIndexSite(t *testing.T) *indexSite {
	x := &indexSite{t: t, fsys: fstest.MapFS{}, pages: map[string]*fuzzPage{}, at: now}
	for _, p := range []*fuzzPage{
		{file: "cantieri/ferrara.md", title: "Ferrara", body: "Il cantiere di Ferrara."},
		{file: "opportunita/bando-a.md", title: "Bando A", summary: "Un bando.", body: "Testo del bando A.",
			argomenti: []string{"giovani"}, cantieri: []string{"ferrara"}, deadline: "2026-12-20"},
		{file: "opportunita/bando-b.md", title: "Bando B", body: "Primo paragrafo del bando B.",
			argomenti: []string{"scuola"}, deadline: "2026-11-30"},
		{file: "pratiche/orto.md", title: "Orto", summary: "Un orto.", body: "Testo dell'orto.",
			argomenti: []string{"ambiente"}, cantieri: []string{"ferrara"}},
		{file: "pratiche/sport.md", title: "Sport", body: "Lo sport di strada.", argomenti: []string{"sport"}},
	} {
		x.pages[p.file] = p
		x.fsys[p.file] = &fstest.MapFile{Data: []byte(p.text())}
	}
	contentDir := filepath.Join(root, "content-index") // never read: fsys is
	x.cfg = Config{Root: root, Content: contentDir, FS: project.Mount(project.Dir(root, ""), project.Content, x.fsys),
		BrokenLinksWarn: true}
	x.ss = NewSession(x.cfg)
	return x
}

// edit changes the page of file (a new one when edit is given a new
// file) and tells the session.
func (x *indexSite) edit(file string, edit func(p *fuzzPage)) {
	p := x.pages[file]
	if p == nil {
		p = &fuzzPage{file: file}
		x.pages[file] = p
	}
	edit(p)
	x.fsys[file] = &fstest.MapFile{Data: []byte(p.text())}
	x.ss.Changed(filepath.Join(x.cfg.Content, filepath.FromSlash(file)))
}

// remove deletes the page of file.
func (x *indexSite) remove(file string) {
	delete(x.pages, file)
	delete(x.fsys, file)
	x.ss.Changed(filepath.Join(x.cfg.Content, filepath.FromSlash(file)))
}

// fullIndex builds the site from scratch with a search bundle, and opens it.
func (x *indexSite) fullIndex() *search.Index {
	x.t.Helper()
	cfg := x.cfg
	cfg.Check, cfg.Now = true, x.at
	cfg.Bundle = filepath.Join(x.t.TempDir(), "bundle")
	res, err := Run(cfg)
	if err != nil || res.Diags.HasErrors() {
		x.t.Fatalf("full build: %v %v", err, res.Diags.All())
	}
	ix, err := search.Open(cfg.Bundle)
	if err != nil {
		x.t.Fatal(err)
	}
	x.t.Cleanup(func() { ix.Close() })
	return ix
}

// TestSessionIndexEqualsBundle drives a Session feeding a live index
// (the preview's) through edits of every kind, and checks after each
// good build that the live index answers every search exactly as the
// bundle of a full build from scratch does: the same description (filters
// and their labels, sections, counts of closing dates), the same hits,
// snippets, statuses and filter counts. Both indexes are fed by the one
// index stage, through search.Indexer.
func TestSessionIndexEqualsBundle(t *testing.T) {
	x := newIndexSite(t)
	live, err := search.NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	x.ss.IndexWith(live)
	queries := []string{"q=", "q=bando", "q=ceramica", "q=ludoteca", "q=sport", "q=orto&sort=data",
		"q=&aperte=1", "q=&argomenti=giovani", "q=bando&sort=scadenza"}
	steps := []struct {
		name   string
		edit   func()
		errors bool
	}{
		{name: "first build", edit: func() {}},
		{name: "text appended", edit: func() {
			x.edit("pratiche/orto.md", func(p *fuzzPage) { p.body += "\n\nUn laboratorio di ceramica." })
		}},
		{name: "title edited", edit: func() {
			x.edit("opportunita/bando-a.md", func(p *fuzzPage) { p.title = "Bando Alfa per la ceramica" })
		}},
		{name: "terms edited", edit: func() {
			x.edit("pratiche/sport.md", func(p *fuzzPage) { p.argomenti = []string{"giovani", "sport"} })
		}},
		{name: "page added", edit: func() {
			x.edit("pratiche/ludoteca.md", func(p *fuzzPage) {
				p.title, p.body, p.argomenti = "Ludoteca", "Una ludoteca di quartiere.", []string{"giovani"}
			})
		}},
		{name: "page deleted", edit: func() { x.remove("pratiche/sport.md") }},
		{name: "deadline moved", edit: func() {
			x.edit("opportunita/bando-b.md", func(p *fuzzPage) { p.deadline = "2026-12-15" })
		}},
		{name: "broken front matter", errors: true, edit: func() {
			x.edit("pratiche/orto.md", func(p *fuzzPage) { p.broken, p.body = true, p.body+" Sport." })
		}},
		{name: "fixed", edit: func() { x.edit("pratiche/orto.md", func(p *fuzzPage) { p.broken = false }) }},
		{name: "next day", edit: func() { x.at = x.at.Add(24 * time.Hour) }},
	}
	for _, step := range steps {
		step.edit()
		b, res, err := x.ss.Build(x.at)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if step.errors {
			if b != nil {
				t.Fatalf("%s: the build has no errors", step.name)
			}
			continue
		}
		if b == nil {
			t.Fatalf("%s: %v", step.name, res.Diags.All())
		}
		got, want := live.Current(), x.fullIndex()
		if g, w := mustJSON(t, got.Meta), mustJSON(t, want.Meta); g != w {
			t.Errorf("%s: the live index's description differs:\n%s\nfrom the bundle's:\n%s", step.name, g, w)
		}
		for _, q := range queries {
			v, _ := url.ParseQuery(q)
			g := mustJSON(t, searchAll(t, got, v, x.at))
			w := mustJSON(t, searchAll(t, want, v, x.at))
			if g != w {
				t.Errorf("%s: %s: the live index answers\n%s\nthe bundle\n%s", step.name, q, g, w)
			}
		}
	}
}

// searchAll returns every page of results of the search v.
func searchAll(t *testing.T, ix *search.Index, v url.Values, at time.Time) []any {
	t.Helper()
	var out []any
	for page := 1; ; page++ {
		r := ix.Meta.ParseRequest(v)
		r.Page = page
		res, err := ix.Search(context.Background(), r, at)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
		if len(res.Hits) == 0 || page*ix.Meta.PageSize >= res.Total {
			return out
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// roundRecorder is a search.Indexer that records what one build hands it.
type roundRecorder struct {
	mu        sync.Mutex
	added     map[string]string // address → plain text
	removed   []string
	committed bool
	aborted   bool
}

func (r *roundRecorder) Add(p *site.Page, plain string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.added[p.URL] = plain
	return nil
}

func (r *roundRecorder) Remove(url string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.removed = append(r.removed, url)
	return nil
}

func (r *roundRecorder) Commit() (*search.Meta, error) {
	r.committed = true
	return &search.Meta{}, nil
}

func (r *roundRecorder) Abort() { r.aborted = true }

// TestIndexStageTalksToTheIndexer gives a Session an indexer that records
// what each build hands it: every page of the site, with its plain text,
// whether converted again or not; the address of a page gone; a commit
// for a good build and an abort, without commit, for one with errors.
func TestIndexStageTalksToTheIndexer(t *testing.T) {
	x := newIndexSite(t)
	var rounds []*roundRecorder
	x.ss.cfg.indexer = func(*site.Site) search.Indexer {
		r := &roundRecorder{added: map[string]string{}}
		rounds = append(rounds, r)
		return r
	}
	build := func(name string, wantErrors bool) *Built {
		t.Helper()
		b, res, err := x.ss.Build(x.at)
		if err != nil || (b == nil) != wantErrors {
			t.Fatalf("%s: %v %v", name, err, res.Diags.All())
		}
		return b
	}
	urls := func(b *Built) []string {
		var out []string
		for _, p := range b.Site.Pages {
			out = append(out, p.URL)
		}
		return out
	}
	last := func(name string, b *Built, removed []string) *roundRecorder {
		t.Helper()
		r := rounds[len(rounds)-1]
		if !r.committed || r.aborted {
			t.Errorf("%s: committed %v, aborted %v", name, r.committed, r.aborted)
		}
		var got []string
		for u := range r.added {
			got = append(got, u)
		}
		slices.Sort(got)
		want := urls(b)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: pages handed to the indexer %v, want every page %v", name, got, want)
		}
		if !slices.Equal(r.removed, removed) {
			t.Errorf("%s: removed %v, want %v", name, r.removed, removed)
		}
		return r
	}

	b := build("first build", false)
	last("first build", b, nil)

	x.edit("pratiche/orto.md", func(p *fuzzPage) { p.body += "\n\nUn laboratorio di ceramica." })
	b = build("text appended", false)
	if !b.Incremental {
		t.Error("text appended: the build was not incremental")
	}
	if r := last("text appended", b, nil); !strings.Contains(r.added["/pratiche/orto/"], "ceramica") ||
		!strings.Contains(r.added["/pratiche/sport/"], "sport di strada") {
		t.Errorf("text appended: plain texts %q", r.added)
	}

	x.remove("pratiche/sport.md")
	b = build("page deleted", false)
	last("page deleted", b, []string{"/pratiche/sport/"})

	x.edit("pratiche/orto.md", func(p *fuzzPage) { p.broken = true })
	build("broken front matter", true)
	if r := rounds[len(rounds)-1]; r.committed || !r.aborted {
		t.Errorf("a build with errors: committed %v, aborted %v", r.committed, r.aborted)
	}
	n := len(rounds)
	x.edit("pratiche/orto.md", func(p *fuzzPage) { p.broken = false })
	b = build("fixed", false)
	if len(rounds) != n+1 {
		t.Errorf("the fix made %d rounds", len(rounds)-n)
	}
	last("fixed", b, nil)
}
