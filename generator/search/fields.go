package search

import (
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
)

// writerMapping is the index's mapping as the Writer hands it to bleve's
// builder: the same mapping (the same JSON in the index), whose text
// fields analysed by the Italian analyzer count their terms in one pass
// (fusedField). Documents mapped by it hold exactly the fields, terms
// and frequencies of the mapping's own.
type writerMapping struct {
	mapping.IndexMapping
}

// MapDocument maps data as the mapping does and swaps its Italian text
// fields for fusedFields.
func (m writerMapping) MapDocument(doc *bdoc.Document, data any) error {
	if err := m.IndexMapping.MapDocument(doc, data); err != nil {
		return err
	}
	for i, f := range doc.Fields {
		tf, ok := f.(*bdoc.TextField)
		if !ok || !tf.Options().IsIndexed() || tf.Options().IncludeTermVectors() || tf.Options().SkipFreqNorm() {
			continue
		}
		if a, ok := tf.Analyzer().(*indexAnalyzer); ok {
			doc.Fields[i] = &fusedField{TextField: tf, analyzer: a}
		}
	}
	return nil
}

// MarshalJSON writes the mapping's own JSON, which the index keeps.
func (m writerMapping) MarshalJSON() ([]byte, error) { return util.MarshalJSON(m.IndexMapping) }

// fusedField is a text field of the Italian analyzer without term
// vectors: its analysis counts the terms of the text as it splits it
// (indexAnalyzer.frequencies) instead of making every token and counting
// them afterwards, as document.TextField does.
type fusedField struct {
	*bdoc.TextField
	analyzer    *indexAnalyzer
	length      int
	frequencies index.TokenFrequencies
}

// Analyze counts the terms of the field's text.
func (f *fusedField) Analyze() {
	f.length, f.frequencies = f.analyzer.frequencies(f.Value())
}

// AnalyzedLength is the number of terms of the text.
func (f *fusedField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies are the text's terms with their counts.
func (f *fusedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.frequencies }

// Size estimates the field's memory for bleve's statistics.
func (f *fusedField) Size() int {
	n := f.TextField.Size()
	for k, tf := range f.frequencies {
		n += len(k) + tf.Size()
	}
	return n
}

var _ index.Field = (*fusedField)(nil)
