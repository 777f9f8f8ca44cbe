package search

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// syncLive indexes s into l as one build of the preview does: every page
// handed over, those of the last round that s lacks removed, then
// committed.
func syncLive(l *Live, s *site.Site) (*Index, error) {
	b := l.Begin(s)
	present := map[string]bool{}
	for _, p := range s.Pages {
		present[p.URL] = true
		if err := b.Add(p, p.Plain); err != nil {
			b.Abort()
			return nil, err
		}
	}
	for url := range l.docs {
		if !present[url] {
			if err := b.Remove(url); err != nil {
				b.Abort()
				return nil, err
			}
		}
	}
	if _, err := b.Commit(); err != nil {
		return nil, err
	}
	return l.Current(), nil
}

// TestLiveFirstRound: the first round of the preview applies its full
// batches as it goes (nothing is served yet, and holding 10k pages until
// the commit cost about 500 MB); aborted, it leaves the index empty; the
// next round commits the site, and later rounds hold their batches until
// the commit again.
func TestLiveFirstRound(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*content.Page
	for i := range liveBatch*2 + 10 {
		slug := fmt.Sprintf("p%d", i)
		pages = append(pages, &content.Page{File: "pratiche/" + slug + ".md", Section: "pratiche", Slug: slug,
			URL: "/pratiche/" + slug + "/", Title: slug, Date: time.Date(2026, 1, 1, 0, 0, 0, 0, sch.Site.Location),
			Params: schema.Values{}, Plain: "Un laboratorio di quartiere."})
	}
	s := site.Assemble(pages, sch, site.Options{Now: time.Now()})
	live, err := NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	count := func() uint64 {
		n, err := live.idx.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	b := live.Begin(s).(*liveBuild)
	for _, p := range s.Pages {
		if err := b.Add(p, p.Plain); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(); n != liveBatch*2 || len(b.full) != 0 {
		t.Errorf("first round: %d documents applied before the commit, %d batches held; want %d and 0", n, len(b.full), liveBatch*2)
	}
	b.Abort()
	if n := count(); n != 0 || live.Current() != nil {
		t.Errorf("after the abort: %d documents, current %v", n, live.Current())
	}
	if _, err := syncLive(live, s); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != uint64(len(s.Pages)) {
		t.Errorf("committed: %d documents, want %d", n, len(s.Pages))
	}
	// Later rounds hold what they make until the commit.
	later := live.Begin(site.Assemble(pages, sch, site.Options{Now: time.Now()})).(*liveBuild)
	if later.eager {
		t.Error("a round after a commit applies its batches before the commit")
	}
	later.Abort()
}
