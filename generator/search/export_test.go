package search

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
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
	of := analysis.TokenFrequency(old, nil, opts)
	if d := diffFrequencies(analysis.TokenFrequency(got, nil, opts), of); d != "" {
		return "tokens: " + d
	}
	n, ff := p.fused.frequencies([]byte(text))
	if n != len(old) {
		return fmt.Sprintf("length %d, want %d", n, len(old))
	}
	if d := diffFrequencies(ff, of); d != "" {
		return "frequencies: " + d
	}
	return ""
}

// diffFrequencies describes the first difference between two term
// frequencies, "" when there is none.
func diffFrequencies(got, want index.TokenFrequencies) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d distinct terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		g, ok := got[term]
		if !ok || g.Frequency() != w.Frequency() || !bytes.Equal(g.Term, w.Term) || len(g.Locations) != len(w.Locations) {
			return fmt.Sprintf("term %q differs", term)
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

// AnalyzeAll analyses texts with a fresh analyzer and counts the terms:
// the chain of filters ("chain"), the index analyzer making tokens
// ("index") or counting terms as the Writer's fields do ("frequencies").
func AnalyzeAll(mode string, texts []string) int {
	fused := newIndexAnalyzer(wordsOnly, newStemFilter(0), maxIndexWords)
	chain := withStems(wordsOnly, newStemFilter(0))
	n := 0
	for _, t := range texts {
		switch mode {
		case "chain":
			n += len(chain.Analyze([]byte(t)))
		case "index":
			n += len(fused.Analyze([]byte(t)))
		default:
			k, _ := fused.frequencies([]byte(t))
			n += k
		}
	}
	return n
}

// chainAnalyzer names the query analyzer's chain, registered for the
// indexes that BuildWithChain writes.
const chainAnalyzer = "banca_it_chain"

func init() {
	err := registry.RegisterAnalyzer(chainAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return withStems(wordsOnly, newStemFilter(0)), nil
	})
	if err != nil {
		panic(err)
	}
}

// BuildWithChain writes the index of s into dir/index the way bleve does
// it itself, for the tests to compare the Writer's with: bleve's offline
// builder, handed the documents of document() (one field per filter
// value), with the text fields analysed by bleve's text fields and the
// chain of filters the queries use, in segments of 64 pages merged at the
// end.
func BuildWithChain(dir string, s *site.Site) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	b, err := bleve.NewBuilder(filepath.Join(dir, IndexDir), mappingWith(chainAnalyzer),
		map[string]any{"buildPathPrefix": dir, "batchSize": 64})
	if err != nil {
		return err
	}
	fields, loc := facetFields(s), siteZone(s)
	seen := make([]map[string]string, len(fields))
	for i := range seen {
		seen[i] = map[string]string{}
	}
	for _, p := range s.Pages {
		if err := b.Index(p.URL, document(p, loc, fields, seen)); err != nil {
			return err
		}
	}
	return b.Close()
}

// Postings lists, for every term of every text field of the index of the
// bundle in dir, the documents that hold it with the term's frequency
// and the field's norm, one line per term, sorted.
func Postings(dir string) ([]string, error) {
	idx, err := bleve.OpenUsing(filepath.Join(dir, IndexDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	ix, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for _, field := range []string{fieldTitle, fieldSummary, fieldText, fieldTerms, fieldPlace, fieldFilters, fieldDate, fieldCloses} {
		dict, err := r.FieldDict(field)
		if err != nil {
			return nil, err
		}
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				dict.Close()
				if err != nil {
					return nil, err
				}
				break
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, true, true, false)
			if err != nil {
				return nil, err
			}
			var docs []string
			for {
				d, err := tfr.Next(nil)
				if err != nil {
					return nil, err
				}
				if d == nil {
					break
				}
				id, err := r.ExternalID(d.ID)
				if err != nil {
					return nil, err
				}
				docs = append(docs, fmt.Sprintf("%s×%d/%g", id, d.Freq, d.Norm))
			}
			tfr.Close()
			slices.Sort(docs)
			out = append(out, fmt.Sprintf("%s %q %s", field, e.Term, strings.Join(docs, " ")))
		}
	}
	// Every document's stored values and doc values.
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	dvr, err := r.DocValueReader([]string{fieldDate, fieldCloses, fieldFilters})
	if err != nil {
		return nil, err
	}
	var docs []string
	for {
		d, err := all.Next()
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		id, err := r.ExternalID(d)
		if err != nil {
			return nil, err
		}
		var lines []string
		doc, err := r.Document(id)
		if err != nil {
			return nil, err
		}
		doc.VisitFields(func(f index.Field) {
			lines = append(lines, fmt.Sprintf("stored %s %c %q %v", f.Name(), f.EncodedFieldType(), f.Value(), f.ArrayPositions()))
		})
		err = dvr.VisitDocValues(d, func(field string, term []byte) {
			lines = append(lines, fmt.Sprintf("docvalue %s %x", field, term))
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(lines)
		docs = append(docs, fmt.Sprintf("doc %s: %s", id, strings.Join(lines, "; ")))
	}
	slices.Sort(docs)
	return append(out, docs...), nil
}

// WithBleveFacets returns a view of ix that counts its filters with
// bleve's facets, as a Live index does, instead of its filter table: the
// tests compare both.
func WithBleveFacets(ix *Index) *Index {
	cp := *ix
	cp.filters = nil
	cp.shared = true // closed through ix
	return &cp
}

// WithPlainScoring returns a view of ix whose relevance searches follow
// the definition of the order (byDefinition: bleve scores every match of
// the words without the filters, then keeps the matches that pass them),
// and whose searches in an order of dates have bleve sort every match.
func WithPlainScoring(ix *Index) *Index {
	cp := *ix
	cp.plainScoring = true
	cp.estimates = nil
	cp.dates = nil
	cp.shared = true // closed through ix
	return &cp
}

// Estimates counts the searches of an index by how they went.
type Estimates struct {
	// Scored counts the relevance searches that had bleve score the
	// candidates of the estimate, Filtered and Loose those of them with
	// filters and with a word matched with a typo or completed; Wide
	// those that found too many candidates, Disagreed those whose
	// estimate disagreed with bleve's scores.
	Scored, Filtered, Loose, Wide, Disagreed int64
	// Dated counts the searches in an order of dates restricted to the
	// matches that can make the page.
	Dated int64
}

// EstimateStats returns the counts of ix's searches so far.
func EstimateStats(ix *Index) Estimates {
	s := ix.estimates
	return Estimates{Scored: s.scored.Load(), Filtered: s.filtered.Load(), Loose: s.loose.Load(),
		Wide: s.wide.Load(), Disagreed: s.disagreed.Load(), Dated: s.dated.Load()}
}
