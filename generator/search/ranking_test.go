package search_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/search"
)

// rankCase is a query with what its order of hits must show.
type rankCase struct {
	name, q string
	// order lists parts of addresses that must all be found, each
	// ranked above the next.
	order []string
	// notFirst is a part of an address that must not be the first hit;
	// first one that must be.
	notFirst, first string
	// without lists parts of addresses that must not be found.
	without []string
}

func (tt rankCase) check(t *testing.T, ix *search.Index) {
	t.Helper()
	res := run(t, ix, "q="+urlEscape(tt.q))
	var urls []string
	for p := 1; ; p++ {
		page := run(t, ix, fmt.Sprintf("q=%s&page=%d", urlEscape(tt.q), p))
		for _, h := range page.Hits {
			urls = append(urls, h.URL)
		}
		if p >= page.Pages {
			break
		}
	}
	rank := func(part string) int {
		return slices.IndexFunc(urls, func(u string) bool { return strings.Contains(u, part) })
	}
	prev := -1
	for i, part := range tt.order {
		r := rank(part)
		switch {
		case r < 0:
			t.Errorf("%q: %s not found among %d hits: %q", tt.q, part, res.Total, urls)
		case r < prev:
			t.Errorf("%q: %s (%d) ranks above %s (%d): %q", tt.q, part, r+1, tt.order[i-1], prev+1, urls)
		}
		prev = r
	}
	if tt.notFirst != "" && len(urls) > 0 && strings.Contains(urls[0], tt.notFirst) {
		t.Errorf("%q: %s first: %q", tt.q, tt.notFirst, urls)
	}
	if tt.first != "" && (len(urls) == 0 || !strings.Contains(urls[0], tt.first)) {
		t.Errorf("%q: %s not first: %q", tt.q, tt.first, urls)
	}
	for _, part := range tt.without {
		if r := rank(part); r >= 0 {
			t.Errorf("%q: %s found (%d of %d): %q", tt.q, part, r+1, res.Total, urls)
		}
	}
}

// TestRankingSample checks the order of hits on the sample site: the word
// being typed is completed only when it is not a word of the site yet,
// and completions follow the exact matches; a topic and a place find the
// pages about the topic in that place before the place's cantiere page.
func TestRankingSample(t *testing.T) {
	ix := sample(t)
	for _, tt := range []rankCase{
		// A finished word that the site has is not completed.
		{name: "sport is not sportello", q: "sport",
			order:   []string{"contributi-sport-per-tutti", "protocollo-sport-inclusivo", "sport-di-strada"},
			without: []string{"sportello-progettazione-terzo-settore"}},
		{name: "arte is not artigiano", q: "arte", order: []string{"mappa-risorse-educative"},
			without: []string{"prestito-attrezzature-feste", "protocollo-orientamento-scuole-superiori"}},
		{name: "rete is not retribuzione", q: "rete", order: []string{"kit-facilitazione-riunioni-di-rete"}},
		// A word being typed is completed, after the exact matches.
		{name: "sporte suggests sportello", q: "sporte",
			order: []string{"contributi-sport-per-tutti", "sport-di-strada", "sportello-progettazione-terzo-settore"}},
		{name: "sportel", q: "sportel", order: []string{"sportello-progettazione-terzo-settore"}},
		{name: "volont", q: "volont", order: []string{"volontari-doposcuola-san-lazzaro"}},
		{name: "orti cond", q: "orti cond", order: []string{"orti-condivisi-scuola-ferrara"}},
		// A topic and a place: the pages about both before the hub.
		{name: "volontariato ferrara", q: "volontariato ferrara",
			order: []string{"servizio-civile-2027", "/cantieri/ferrara/"}, notFirst: "/cantieri/"},
		{name: "sport imola", q: "sport imola",
			order: []string{"protocollo-sport-inclusivo-imola", "/cantieri/imola/"}, notFirst: "/cantieri/"},
		{name: "doposcuola san lazzaro", q: "doposcuola san lazzaro",
			order: []string{"volontari-doposcuola-san-lazzaro", "/cantieri/san-lazzaro-di-savena/"}, notFirst: "/cantieri/"},
		{name: "ragazzi san lazzaro", q: "ragazzi san lazzaro", notFirst: "/cantieri/"},
		{name: "scuola navile", q: "scuola navile",
			order: []string{"patto-educativo-di-comunita-navile", "/cantieri/bologna-navile/"}, notFirst: "/cantieri/"},
		{name: "lavoro casalecchio", q: "lavoro casalecchio", notFirst: "/cantieri/"},
		// The place alone finds its cantiere first.
		{name: "ferrara", q: "ferrara", first: "/cantieri/ferrara/"},
		{name: "imola", q: "imola", first: "/cantieri/imola/"},
		{name: "navile", q: "navile", first: "/cantieri/bologna-navile/"},
		{name: "san lazzaro", q: "san lazzaro", first: "/cantieri/san-lazzaro-di-savena/"},
		{name: "casalecchio di reno", q: "casalecchio di reno", first: "/cantieri/casalecchio-di-reno/"},
		{name: "cantiere imola", q: "cantiere imola", first: "/cantieri/imola/"},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, ix) })
	}
}

// TestTopicInPlace checks the class of "volontariato ferrara" on the
// sample site: for every topic (argomento) and every cantiere, the pages
// tagged with both rank above the cantiere's own page when the topic and
// the cantiere's town are searched.
func TestTopicInPlace(t *testing.T) {
	ix := sample(t)
	places := map[string]string{"ferrara": "ferrara", "imola": "imola", "casalecchio-di-reno": "casalecchio",
		"san-lazzaro-di-savena": "san lazzaro", "bologna-navile": "navile"}
	checked := 0
	for slug, town := range places {
		hub := "/cantieri/" + slug + "/"
		for _, a := range ix.Meta.Facet("argomenti").Values {
			tagged := run(t, ix, "q=&argomenti="+a.Value+"&cantieri="+slug)
			if tagged.Total == 0 {
				continue
			}
			q := a.Label + " " + town
			res := run(t, ix, "q="+urlEscape(q))
			rank := map[string]int{}
			for i, h := range res.Hits {
				rank[h.URL] = i + 1
			}
			for _, h := range tagged.Hits {
				if h.URL == hub {
					continue
				}
				checked++
				if r, ok := rank[h.URL]; !ok {
					t.Errorf("%q: %s, tagged with both, not found", q, h.URL)
				} else if hr, ok := rank[hub]; ok && hr < r {
					t.Errorf("%q: the cantiere's page (%d) above %s (%d), tagged with both: %q", q, hr, h.URL, r, titles(res))
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d pages checked", checked)
	}
	// The place alone, as its cantiere is named or as people say it
	// (typed, or finished with a space), finds the cantiere's page first.
	for _, c := range ix.Meta.Facet("cantieri").Values {
		for _, q := range []string{c.Label, strings.TrimPrefix(c.Label, "Cantiere di "), places[c.Value], places[c.Value] + " "} {
			res := run(t, ix, "q="+urlEscape(q))
			if len(res.Hits) == 0 || res.Hits[0].URL != "/cantieri/"+c.Value+"/" {
				t.Errorf("%q: the cantiere's page is not first: %q", q, titles(res))
			}
		}
	}
}

// TestTypingKnownWords checks the class of "sport": for every word of
// every title of the sample site and of the developers-italia posts,
// typing it (the last word, no space after it) finds what the finished
// word finds, no completions. Completions are for words the index lacks.
func TestTypingKnownWords(t *testing.T) {
	for name, ix := range map[string]*search.Index{"sample": sample(t), "developers-italia": developersItalia(t)} {
		all := map[string]bool{}
		for p := 1; ; p++ {
			res := run(t, ix, fmt.Sprintf("q=&page=%d", p))
			for _, h := range res.Hits {
				for _, w := range search.Analyze(h.Title) {
					if len([]rune(w.Word)) >= 3 {
						all[w.Word] = true
					}
				}
			}
			if p >= res.Pages {
				break
			}
		}
		words := slices.Sorted(func(yield func(string) bool) {
			for w := range all {
				if !yield(w) {
					return
				}
			}
		})
		if len(words) < 100 {
			t.Fatalf("%s: only %d words", name, len(words))
		}
		for _, w := range words {
			typing, done := run(t, ix, "q="+urlEscape(w)), run(t, ix, "q="+urlEscape(w+" "))
			if typing.Total != done.Total || !slices.Equal(titles(typing), titles(done)) {
				t.Errorf("%s: typing %q finds %d pages, the finished word %d", name, w, typing.Total, done.Total)
			}
		}
	}
}

// TestRankingDevelopersItalia checks completions and the order of hits on
// the real posts of developers-italia.
func TestRankingDevelopersItalia(t *testing.T) {
	ix := developersItalia(t)
	for _, tt := range []rankCase{
		{name: "accessib completes", q: "accessib", order: []string{"accessibilita"}},
		{name: "two words in the title first", q: "designers italia", order: []string{"designers-italia"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, ix) })
	}
}

// TestOpenBeforeExpired checks, on a site written for it, that an open
// opportunity ranks above a closed one as relevant (same text, or nearly),
// that a closed one much more relevant still ranks above a weak open one,
// that pages of results follow each other without gaps or repeats, and
// that the date and deadline orders ignore relevance.
func TestOpenBeforeExpired(t *testing.T) {
	ix := open(t, "open-before-expired", func(tb testing.TB) string {
		dir := tb.TempDir()
		page := func(slug, title, date, deadline, body string) {
			dl := ""
			if deadline != "" {
				dl = "deadline: " + deadline + "\n"
			}
			src := "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + dl + "ente: \"Comune\"\n---\n\n" + body + "\n"
			if err := os.MkdirAll(filepath.Join(dir, "opportunita"), 0o755); err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "opportunita", slug+".md"), []byte(src), 0o644); err != nil {
				tb.Fatal(err)
			}
		}
		same := "Un laboratorio di teatro sociale per adolescenti, il sabato pomeriggio."
		// Identical pairs: the closed one is newer, and its address sorts first.
		page("a-teatro-chiuso", "Laboratorio di teatro", "2026-11-20", "2026-11-01", same)
		page("z-teatro-aperto", "Laboratorio di teatro", "2026-10-01", "2027-01-31", same)
		page("a-musica-chiusa", "Corso di musica d'insieme", "2026-11-21", "2026-11-26T18:00:00+01:00", "Prove di musica d'insieme per ragazzi.")
		page("z-musica-a-sportello", "Corso di musica d'insieme", "2026-09-01", "", "Prove di musica d'insieme per ragazzi.")
		// A near tie: the open one has a few more words.
		page("b-danza-chiusa", "Danza per adolescenti", "2026-11-22", "2026-10-15", "Danza contemporanea nel quartiere.")
		page("y-danza-aperta", "Danza per adolescenti", "2026-08-01", "2027-03-01", "Danza contemporanea nel quartiere, con un saggio finale.")
		// Much more relevant and closed, against a page that names the word once.
		page("c-teatro-forte", "Teatro", "2026-06-01", "2026-07-01",
			"Teatro di comunità: tre laboratori di teatro e un festival di teatro.")
		page("x-teatro-debole", "Spazio prove in prestito", "2026-05-01", "2027-05-01",
			"Una sala prove per le associazioni del quartiere, anche per il teatro.")
		return dir
	})
	for _, tt := range []rankCase{
		{name: "identical", q: "laboratorio teatro", order: []string{"z-teatro-aperto", "a-teatro-chiuso"}},
		{name: "identical, a sportello", q: "musica insieme", order: []string{"z-musica-a-sportello", "a-musica-chiusa"}},
		{name: "near tie", q: "danza adolescenti", order: []string{"y-danza-aperta", "b-danza-chiusa"}},
		{name: "much more relevant", q: "teatro", order: []string{"c-teatro-forte", "z-teatro-aperto", "a-teatro-chiuso", "x-teatro-debole"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, ix) })
	}

	// Pages of one hit each give the same order as one page of all
	// ("comune", the ente of every page, finds them all).
	whole := urlsOf(run(t, ix, "q=comune"))
	if len(whole) != 8 {
		t.Fatalf("comune: %q", whole)
	}
	pageSize := ix.Meta.PageSize
	ix.Meta.PageSize = 1
	var paged []string
	for p := 1; p <= len(whole)+1; p++ {
		paged = append(paged, urlsOf(run(t, ix, fmt.Sprintf("q=comune&page=%d", p)))...)
	}
	ix.Meta.PageSize = pageSize
	if !slices.Equal(paged, whole) {
		t.Errorf("pages of one hit:\n%q\none page:\n%q", paged, whole)
	}

	// The date order is newest first, closed or not; the deadline order
	// puts the open ones first, nearest deadline first, then the others,
	// newest first. Without words every page is as relevant: newest
	// first, the closed ones after the open ones, page after page.
	for _, tt := range []struct {
		q, sort string
		want    []string
	}{
		{"teatro", "date", []string{"a-teatro-chiuso", "z-teatro-aperto", "c-teatro-forte", "x-teatro-debole"}},
		{"teatro", "deadline", []string{"z-teatro-aperto", "x-teatro-debole", "a-teatro-chiuso", "c-teatro-forte"}},
		{"", "relevance", []string{"z-teatro-aperto", "z-musica-a-sportello", "y-danza-aperta", "x-teatro-debole",
			"b-danza-chiusa", "a-musica-chiusa", "a-teatro-chiuso", "c-teatro-forte"}},
	} {
		got := urlsOf(run(t, ix, "q="+tt.q+"&sort="+tt.sort))
		if tt.q == "" {
			ix.Meta.PageSize = 3
			var paged []string
			for p := 1; p <= 4; p++ {
				paged = append(paged, urlsOf(run(t, ix, fmt.Sprintf("q=&page=%d", p)))...)
			}
			ix.Meta.PageSize = pageSize
			if !slices.Equal(paged, got) {
				t.Errorf("without words, pages of 3:\n%q\none page:\n%q", paged, got)
			}
		}
		for i := range got {
			got[i] = strings.TrimSuffix(strings.TrimPrefix(got[i], "/opportunita/"), "/")
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s order: %q, want %q", tt.sort, got, tt.want)
		}
	}
}

func urlsOf(res *search.Response) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL)
	}
	return out
}
