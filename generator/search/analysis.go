package search

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	// The mapping names the keyword analyzer for the filter fields: a
	// program that opens the index must have it registered.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
)

// AnalyzerName is the name under which the Italian analyzer is registered
// with bleve. The index mapping names it, so every program that opens the
// index must import this package (its init registers it).
const AnalyzerName = "banca_it"

// The Italian analyzer, in order:
//
//  1. split into words (Unicode word boundaries: "dell'attività" is one);
//  2. Unicode NFKC normalisation (ligatures, full-width letters, "ﬁ" → "fi");
//  3. lower case;
//  4. elision: "dell'attività" → "attività", with ' or ’;
//  5. accent folding: "attività" → "attivita", "universitá" → "universita";
//  6. Italian stop words (folded too: "perche" is as much a stop word as
//     "perché");
//  7. the Snowball Italian stemmer: "bandi" and "bando" → "band".
//
// Folding comes before stemming so that a word typed with or without its
// accent gets the same stem. bleve's stock "it" analyzer is not used: its
// light stemmer leaves short words alone ("reti" ≠ "rete").
//
// Queries and snippets are analysed with one analyzer and its stem cache.
// Each index gets an analyzer of its own (bleve builds one per mapping),
// the same steps in one pass (indexAnalyzer): its stem cache, which sees
// every word of the index's pages once, is also the index's vocabulary
// (see vocabularyOf).
var (
	wordsOnly = newWordsAnalyzer()
	stemmer   = newStemFilter(maxStems)
	analyzer  = withStems(wordsOnly, stemmer)
)

// newWordsAnalyzer returns steps 1 to 6.
func newWordsAnalyzer() *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer: wordTokenizer{},
		TokenFilters: []analysis.TokenFilter{
			normalizeFilter{},
			elision.NewElisionFilter(tokenMap(articles)),
			stop.NewStopTokensFilter(tokenMap(stopWords())),
		},
	}
}

// withStems is the analyzer of words followed by the stem filter stems.
func withStems(words *analysis.DefaultAnalyzer, stems *stemFilter) *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    words.Tokenizer,
		TokenFilters: append(slices.Clip(words.TokenFilters), stems),
	}
}

func init() {
	// A new analyzer for every index, with a stem cache of its own
	// and no bound: an index's words are its pages' words. It is the
	// chain of withStems in one pass (indexAnalyzer).
	err := registry.RegisterAnalyzer(AnalyzerName, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return newIndexAnalyzer(wordsOnly, newStemFilter(0), maxIndexWords), nil
	})
	if err != nil {
		panic(err)
	}
}

// vocabularyOf returns the words the index of mapping m has analysed so
// far, each with its stem.
func vocabularyOf(m mapping.IndexMapping) map[string]string {
	if sf := indexStems(m); sf != nil {
		return sf.words()
	}
	return nil
}

// vocabularySize counts the words the index of mapping m has analysed.
func vocabularySize(m mapping.IndexMapping) int {
	if sf := indexStems(m); sf != nil {
		return sf.size()
	}
	return 0
}

// indexStems is the stem filter of the analyzer of mapping m.
func indexStems(m mapping.IndexMapping) *stemFilter {
	if a, ok := m.AnalyzerNamed(AnalyzerName).(*indexAnalyzer); ok {
		return a.stems
	}
	return nil
}

// articles are the elided words removed before an apostrophe: bleve's
// Italian list (from Lucene) and a few common ones it lacks.
var articles = []string{
	"c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell",
	"gl", "agl", "dagl", "degl", "negl", "sugl", "un", "m", "t", "s", "v", "d",
	"quest", "quell", "sant", "tutt", "nessun", "ciascun", "alcun", "buon",
}

// stopWords returns bleve's Italian stop words (the Snowball list), folded.
func stopWords() []string {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(it.ItalianStopWords); err != nil {
		panic(err)
	}
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, string(Fold([]byte(w))))
	}
	return out
}

func tokenMap(words []string) analysis.TokenMap {
	m := analysis.NewTokenMap()
	for _, w := range words {
		m.AddToken(w)
	}
	return m
}

// folders holds the transformers that remove diacritics. A
// transform.Chain keeps state between calls, so one shared chain is not
// safe for concurrent use (searches and the indexer fold at once): each
// call takes its own.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold removes diacritics: "Città" → "Citta". ASCII input is returned
// as is, without copying.
func Fold(b []byte) []byte {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return b
	}
	folder := folders.Get().(transform.Transformer)
	out, _, err := transform.Bytes(folder, b)
	folders.Put(folder)
	if err != nil {
		return b
	}
	return out
}

// Term is one word of a text as the index sees it: the word as written
// but folded, its stem, and where it is in the text (byte offsets), for
// highlighting.
type Term struct {
	Word, Stem string
	Start, End int
}

// Analyze splits text into the terms the index stores for it, with the
// analyzer of the text fields.
func Analyze(text string) []Term { return analyze(text, true) }

// analyze is Analyze, leaving Word empty unless words is set (snippets
// need the words only to highlight the completions of a word being
// typed).
func analyze(text string, words bool) []Term {
	if !words {
		toks := analyzer.Analyze([]byte(text))
		out := make([]Term, 0, len(toks))
		for _, t := range toks {
			if len(t.Term) > 0 {
				out = append(out, Term{Stem: string(t.Term), Start: t.Start, End: t.End})
			}
		}
		return out
	}
	toks := wordsOnly.Analyze([]byte(text))
	out := make([]Term, len(toks))
	for i, t := range toks {
		out[i] = Term{Word: string(t.Term), Start: t.Start, End: t.End}
	}
	for i, t := range stemmer.Filter(toks) {
		out[i].Stem = string(t.Term)
	}
	return slices.DeleteFunc(out, func(t Term) bool { return t.Stem == "" })
}
