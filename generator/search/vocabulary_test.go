package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

func TestVocabulary(t *testing.T) {
	v := newVocabulary(map[string]string{"sport": "sport", "sportello": "sportell", "sportelli": "sportell", "sportivo": "sportiv", "arte": "art"})
	for w, want := range map[string]bool{"sport": true, "sporte": false, "arte": true, "art": false, "": false} {
		if v.has(w) != want {
			t.Errorf("has(%q) = %v", w, !want)
		}
	}
	for prefix, want := range map[string][]string{"sporte": {"sportell"}, "sport": {"sport", "sportell", "sportiv"}, "x": nil} {
		if got := v.completions(prefix); !slices.Equal(got, want) {
			t.Errorf("completions(%q) = %q, want %q", prefix, got, want)
		}
	}
	dir := t.TempDir()
	if err := v.write(dir); err != nil {
		t.Fatal(err)
	}
	back, err := readVocabulary(dir)
	if err != nil || !slices.Equal(back.words, v.words) || !slices.Equal(back.stems, v.stems) {
		t.Errorf("read back %v %v: %v", back.words, back.stems, err)
	}
	if empty, err := readVocabulary(t.TempDir()); err != nil || empty.has("sport") {
		t.Errorf("no file: %v %v", empty, err)
	}
}

// TestVocabularyFollowsPages checks that the words of the pages, and only
// them, are the vocabulary, in a bundle and in the live index of the
// preview, which learns the words of pages added later.
func TestVocabularyFollowsPages(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	page := func(slug, text string) *content.Page {
		return &content.Page{File: "pratiche/" + slug + ".md", Section: "pratiche", Slug: slug, URL: "/pratiche/" + slug + "/",
			Title: slug, Date: time.Date(2026, 1, 1, 0, 0, 0, 0, sch.Site.Location), Params: schema.Values{}, Plain: text}
	}
	pages := []*content.Page{page("a", "Sport per tutti nel quartiere."), page("b", "Lo sportello apre il sabato.")}
	s := site.Assemble(pages, sch, site.Options{Now: time.Now()})
	urls := func(ix *Index, q string) []string {
		res, err := ix.Search(context.Background(), Request{Query: q, Page: 1}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.URL)
		}
		return out
	}
	bundle := filepath.Join(t.TempDir(), "b")
	if _, err := Build(bundle, s); err != nil {
		t.Fatal(err)
	}
	built, err := Open(bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()
	live, err := NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ix, err := syncLive(live, s)
	if err != nil {
		t.Fatal(err)
	}
	for name, ix := range map[string]*Index{"bundle": built, "live": ix} {
		if got := urls(ix, "sport"); !slices.Equal(got, []string{"/pratiche/a/"}) {
			t.Errorf("%s: sport: %q", name, got)
		}
		if got := urls(ix, "sporte"); !slices.Equal(got, []string{"/pratiche/a/", "/pratiche/b/"}) {
			t.Errorf("%s: sporte: %q", name, got)
		}
		if ix.vocab.has("sporte") || !ix.vocab.has("sportello") || ix.vocab.has("tutti") {
			t.Errorf("%s: vocabulary %q", name, ix.vocab.words)
		}
	}
	if got := urls(ix, "ludot"); len(got) != 0 {
		t.Errorf("live: ludot: %q", got)
	}
	s = site.Assemble(append(pages, page("c", "Una ludoteca nuova.")), sch, site.Options{Now: time.Now()})
	if ix, err = syncLive(live, s); err != nil {
		t.Fatal(err)
	}
	if got := urls(ix, "ludot"); !slices.Equal(got, []string{"/pratiche/c/"}) {
		t.Errorf("live, after a new page: ludot: %q", got)
	}
}
