package search

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"

	"cantiericomuni.it/banca/generator/site"
)

// AnalyzerPair holds the Italian analyzer of an index twice, as the chain
// of filters the queries use and as the one-pass indexAnalyzer, each with
// a stem cache of its own; small bounds the second's word cache to a few
// words, so that words past the bound are analysed too.
type AnalyzerPair struct {
	chain *analysis.DefaultAnalyzer
	fused *indexAnalyzer
}

// NewAnalyzerPair returns a pair of fresh analyzers.
func NewAnalyzerPair(small bool) *AnalyzerPair {
	limit := maxIndexWords
	if small {
		limit = 16
	}
	return &AnalyzerPair{
		chain: withStems(newWordsAnalyzer(), newStemFilter(0)),
		fused: newIndexAnalyzer(newWordsAnalyzer(), newStemFilter(0), limit),
	}
}

// Diff analyses text with both and describes the first difference in
// tokens (term, offsets, position, type), field length or term
// frequencies; "" when there is none.
func (p *AnalyzerPair) Diff(text string) string {
	old := p.chain.Analyze([]byte(text))
	got := p.fused.Analyze([]byte(text))
	for i := range max(len(old), len(got)) {
		if i >= len(old) || i >= len(got) {
			return fmt.Sprintf("%d tokens, want %d", len(got), len(old))
		}
		o, g := old[i], got[i]
		if !bytes.Equal(o.Term, g.Term) || o.Start != g.Start || o.End != g.End || o.Position != g.Position || o.Type != g.Type {
			return fmt.Sprintf("token %d: got %q %d-%d @%d type %d, want %q %d-%d @%d type %d",
				i, g.Term, g.Start, g.End, g.Position, g.Type, o.Term, o.Start, o.End, o.Position, o.Type)
		}
	}
	opts := index.IndexField
	of, gf := analysis.TokenFrequency(old, nil, opts), analysis.TokenFrequency(got, nil, opts)
	if len(of) != len(gf) {
		return fmt.Sprintf("%d distinct terms, want %d", len(gf), len(of))
	}
	for term, o := range of {
		if g, ok := gf[term]; !ok || g.Frequency() != o.Frequency() {
			return fmt.Sprintf("term %q: frequency differs", term)
		}
	}
	return ""
}

// SameVocabulary reports whether both analyzers have seen the same words
// with the same stems (the index's parole.txt).
func (p *AnalyzerPair) SameVocabulary() bool {
	return maps.Equal(p.chain.TokenFilters[len(p.chain.TokenFilters)-1].(*stemFilter).words(), p.fused.stems.words())
}

// IndexedTexts returns the texts a page of s is indexed with, one per
// analysed field, in a fixed order.
func IndexedTexts(s *site.Site) func(*site.Page) []string {
	fields, loc := facetFields(s), siteZone(s)
	seen := make([]map[string]string, len(fields))
	for i := range seen {
		seen[i] = map[string]string{}
	}
	return func(p *site.Page) []string {
		data := document(p, loc, fields, seen)
		var out []string
		for _, k := range slices.Sorted(maps.Keys(data)) {
			if s, ok := data[k].(string); ok && k != fieldDoc {
				out = append(out, s)
			}
		}
		return out
	}
}

// AnalyzeAll analyses texts with a fresh index analyzer, or with the
// chain when chain is set, and counts the tokens.
func AnalyzeAll(chain bool, texts []string) int {
	var a analysis.Analyzer = newIndexAnalyzer(wordsOnly, newStemFilter(0), maxIndexWords)
	if chain {
		a = withStems(wordsOnly, newStemFilter(0))
	}
	n := 0
	for _, t := range texts {
		n += len(a.Analyze([]byte(t)))
	}
	return n
}
