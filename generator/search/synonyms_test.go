package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
)

// synonymSite writes a small site with a list of synonyms, built for the
// rules of the expansion: a page that has the word typed once, deep in a
// long text, against a page that has its synonym everywhere.
func synonymSite(tb testing.TB) string {
	dir := tb.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("sinonimi.yaml", "gruppi:\n"+
		"  - doposcuola, aiuto compiti\n"+
		"  - contributo, finanziamento\n"+
		"  - terzo settore, ETS, non profit\n")
	page := func(slug, title, summary, body string) {
		write("pratiche/"+slug+".md", "---\ntitle: \""+title+"\"\ndate: 2026-10-01\nsummary: \""+summary+
			"\"\nargomenti: [\"scuola\"]\ncantieri: [\"navile\"]\n---\n\n"+body+"\n")
	}
	write("cantieri/navile.md", "---\ntitle: \"Bologna – Navile\"\ndate: 2026-01-01\nsummary: \"Il cantiere del Navile.\"\n---\n\nIl cantiere.\n")
	var long strings.Builder
	for i := range 400 {
		long.WriteString("Il quartiere organizza laboratori, incontri e attività di ogni genere per le famiglie. ")
		if i == 399 {
			long.WriteString("C'è anche un doposcuola, il martedì, e un contributo per i giovani. ")
		}
	}
	page("quartiere-attivita", "Le attività del quartiere", "Tutto quello che succede in quartiere.", long.String())
	page("aiuto-compiti", "Aiuto compiti", "Aiuto compiti per i ragazzi: aiuto compiti ogni giorno.",
		"Aiuto compiti, aiuto compiti, aiuto compiti. Finanziamento per i giovani: finanziamento, finanziamento.")
	page("finanziamento-giovani", "Finanziamento giovani", "Un finanziamento per i giovani.", "Finanziamento dei progetti dei giovani.")
	page("enti-terzo-settore", "Sportello per il terzo settore", "Consulenza agli enti del terzo settore.", "Per associazioni e cooperative.")
	page("sigla-ets", "Registro degli ETS", "Come iscriversi al registro.", "Le associazioni iscritte.")
	return dir
}

// TestSynonymsRanking: a page that matches the words typed always ranks
// above a page that matches only a synonym; phrases are words side by
// side; expansion never fills a query that has a word no page has.
func TestSynonymsRanking(t *testing.T) {
	ix := open(t, "synonyms", synonymSite)
	if len(ix.Meta.Synonyms) != 3 {
		t.Fatalf("meta.json: %d groups of synonyms, want 3: %q", len(ix.Meta.Synonyms), ix.Meta.Synonyms)
	}
	for _, tt := range []rankCase{
		// The word typed once, at the end of 6,000 words, above its
		// synonym in the title, the summary and the text.
		{name: "word typed first", q: "doposcuola", order: []string{"quartiere-attivita", "aiuto-compiti"}},
		{name: "phrase typed first", q: "aiuto compiti", order: []string{"aiuto-compiti", "quartiere-attivita"}},
		// Two words: both typed above one typed and one synonym, however
		// strong the synonym.
		{name: "every word typed first", q: "contributo giovani",
			order: []string{"quartiere-attivita", "finanziamento-giovani"}, without: []string{"sigla-ets"}},
		{name: "synonym typed", q: "finanziamento giovani",
			order: []string{"finanziamento-giovani", "aiuto-compiti", "quartiere-attivita"}},
		// A phrase is its words side by side, stop words included.
		{name: "phrase", q: "non profit", order: []string{"enti-terzo-settore"}},
		{name: "sigla", q: "ETS", order: []string{"sigla-ets", "enti-terzo-settore"}},
		{name: "phrase alternative", q: "terzo settore", order: []string{"enti-terzo-settore", "sigla-ets"}},
		{name: "words apart", q: "settore terzo", order: []string{"enti-terzo-settore"}, without: []string{"sigla-ets"}},
		{name: "one word of a phrase", q: "profit", without: []string{"enti-terzo-settore", "sigla-ets"}},
		{name: "another phrase", q: "for profit", without: []string{"enti-terzo-settore", "sigla-ets"}},
		// Every word must match: a word no page has keeps the query empty.
		{name: "nonsense", q: "ETS lasagne", without: []string{"enti-terzo-settore", "sigla-ets"}},
		{name: "nonsense phrase", q: "aiuto compiti qwerty", without: []string{"aiuto-compiti", "quartiere-attivita"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, ix) })
	}
	// The snippet of a page found by a synonym marks it.
	res := run(t, ix, "q=ETS")
	for _, h := range res.Hits {
		if strings.Contains(h.URL, "enti-terzo-settore") && !strings.Contains(h.Snippet, "<mark>terzo</mark> <mark>settore</mark>") {
			t.Errorf("«ETS»: snippet %q does not mark «terzo settore»", h.Snippet)
		}
	}
}

// TestSynonymsKeepTypedOrder: on the sample site, for every query of the
// query set, the pages the words typed find come first, in the order they
// have without synonyms, and the others follow; nonsense stays empty.
func TestSynonymsKeepTypedOrder(t *testing.T) {
	ix := sample(t)
	plain := search.WithoutSynonyms(ix)
	if len(ix.Meta.Synonyms) == 0 {
		t.Fatal("the sample site has no synonyms (content/sinonimi.yaml)")
	}
	expanded := 0
	for _, qc := range loadQuerySet(t) {
		if qc.site != "sample" {
			continue
		}
		q := "q=" + urlEscape(qc.Q)
		with, without := run(t, ix, q), run(t, plain, q)
		got, want := urlsOf(with), urlsOf(without)
		if with.Total != without.Total {
			expanded++
		}
		switch {
		case with.Total < without.Total:
			t.Errorf("«%s»: %d hits with synonyms, %d without", qc.Q, with.Total, without.Total)
		case !slices.Equal(got[:min(len(got), len(want))], want):
			t.Errorf("«%s»: the pages of the words typed are not first, in their order:\n got %q\nwant %q", qc.Q, got, want)
		case qc.Want.none && with.Total > 0:
			t.Errorf("«%s»: nonsense found %d pages", qc.Q, with.Total)
		}
	}
	if expanded < 10 {
		t.Errorf("synonyms found more pages for %d queries of the set, want at least 10", expanded)
	}
}

// TestSynonymsFastPath: on a read-only index, a search expanded with
// synonyms takes two fast searches (bySynonyms); they give the pages,
// the total and the counts that bleve's scores of the whole expanded
// query give (WithPlainScoring), with filters, closed opportunities and
// pages past the first.
func TestSynonymsFastPath(t *testing.T) {
	ix := sample(t)
	// bleve scoring the whole expanded query, the matches walked by the
	// scan of the postings; and bleve counting the matches too.
	def, facets := search.WithPlainScoring(ix), search.WithBleveFacets(ix)
	for _, q := range []string{"q=bandi", "q=bando&page=2", "q=contributo", "q=terzo+settore", "q=ETS",
		"q=doposcuola&page=2", "q=aiuto+compiti", "q=aiuto+compiti&sezione=pratiche", "q=bando&aperte=si",
		"q=contributi+giovani", "q=scuola+materna", "q=centri+estivi&sezione=eventi&sezione=pratiche",
		"q=gratis", "q=handicap&page=2"} {
		got := run(t, ix, q)
		for _, want := range []*search.Response{run(t, def, q), run(t, facets, q)} {
			if !slices.Equal(urlsOf(got), urlsOf(want)) || got.Total != want.Total {
				t.Errorf("%s: %d hits %q, want %d hits %q", q, got.Total, urlsOf(got), want.Total, urlsOf(want))
			}
			for key, values := range want.Facets {
				if !slices.Equal(got.Facets[key], values) {
					t.Errorf("%s: facet %s %v, want %v", q, key, got.Facets[key], values)
				}
			}
		}
	}
}

// TestSynonymsNotPublished: the list is a data file of content/, not a page
// nor an attachment: the site does not publish it, and the search bundle
// carries it in meta.json.
func TestSynonymsNotPublished(t *testing.T) {
	dir := synonymSite(t)
	out, bundle := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "bundle")
	res, err := pipeline.Run(pipeline.Config{Root: testproject.Root(), Content: dir, Out: out, Bundle: bundle,
		BrokenLinksWarn: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("errors: %v", res.Diags.All())
	}
	if _, err := os.Stat(filepath.Join(out, "sinonimi.yaml")); !os.IsNotExist(err) {
		t.Errorf("public/sinonimi.yaml: %v, want no such file", err)
	}
	meta, err := os.ReadFile(filepath.Join(bundle, "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(meta), `"non profit"`) {
		t.Errorf("meta.json has no synonyms:\n%s", meta)
	}
}

// TestSynonymsFile: what the build says of a list of synonyms, line by line.
func TestSynonymsFile(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		groups     [][]string
		problems   []string
	}{
		{name: "good", data: "# commento\ngruppi:\n  - bando, avviso, call\n  - scuola dell'infanzia,scuola materna\n",
			groups: [][]string{{"bando", "avviso", "call"}, {"scuola dell'infanzia", "scuola materna"}}},
		{name: "empty", data: ""},
		{name: "no groups", data: "gruppi:\n"},
		{name: "syntax", data: "gruppi:\n  - bando, avviso\n - call: [\n",
			problems: []string{"2: il file dei sinonimi non si riesce a leggere: line 2:"}},
		{name: "not a mapping", data: "- bando, avviso\n", problems: []string{"1: il file dei sinonimi deve iniziare con «gruppi:»"}},
		{name: "other key", data: "gruppi:\n  - bando, avviso\nparole:\n  - a, b\n",
			groups: [][]string{{"bando", "avviso"}}, problems: []string{"3: «parole» non è una voce del file dei sinonimi"}},
		{name: "not a list", data: "gruppi: bando, avviso\n", problems: []string{"1: «gruppi» deve essere un elenco"}},
		{name: "one word", data: "gruppi:\n  - doposcuola, aiuto compiti\n  - bando\n",
			groups:   [][]string{{"doposcuola", "aiuto compiti"}},
			problems: []string{"3: un gruppo ha bisogno di almeno due parole"}},
		{name: "comma", data: "gruppi:\n  - bando, , avviso\n", problems: []string{"2: il gruppo ha una virgola di troppo"}},
		{name: "stop words", data: "gruppi:\n  - bando, del, avviso\n",
			problems: []string{"2: «del» è fatto solo di parole che la ricerca ignora"}},
		{name: "same stem", data: "gruppi:\n  - volontariato, volontari\n",
			problems: []string{"2: «volontariato» e «volontari» sono la stessa parola per la ricerca"}},
		{name: "two groups", data: "gruppi:\n  - bando, avviso\n  - call, Bandi\n",
			groups:   [][]string{{"bando", "avviso"}},
			problems: []string{"3: «Bandi» è già in un altro gruppo, alla riga 2"}},
		{name: "a list in a group", data: "gruppi:\n  - [bando, avviso]\n", problems: []string{"2: un gruppo è una riga di parole separate da virgole"}},
		{name: "too long", data: "gruppi:\n  - bando, uno due tre quattro cinque sei sette\n", problems: []string{"2: «uno due tre quattro cinque sei sette» ha più di 6 parole"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			groups, problems := search.ParseSynonyms([]byte(tt.data))
			if !slices.EqualFunc(groups, tt.groups, slices.Equal[[]string]) {
				t.Errorf("groups %q, want %q", groups, tt.groups)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %q", problems, tt.problems)
			}
			for i, p := range problems {
				if !strings.HasPrefix(p, tt.problems[i]) {
					t.Errorf("problem %q, want %q…", p, tt.problems[i])
				}
			}
		})
	}
}
