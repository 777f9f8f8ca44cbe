package search

import (
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
)

// writerMapping is the index's mapping as the Writer hands it to bleve's
// builder: the same mapping (the same JSON in the index), whose documents
// hold exactly the fields, terms, frequencies and norms of the mapping's
// own, made for less work:
//   - text fields analysed by the Italian analyzer count their terms in
//     one pass (fusedField);
//   - the values of a keyword field with several values (the filters)
//     are one field that counts them (keywordField), rather than one
//     field each, analysed and then merged by the segment;
//   - every document has every field of the mapping, one it lacks as an
//     empty stand-in (absentField): every segment of the builder then has
//     the same fields, and bleve merges segments whose fields are the
//     same by copying their frequencies and stored values rather than
//     decoding and encoding them again.
type writerMapping struct {
	mapping.IndexMapping
	// declared are the fields of the mapping that are not stored, in
	// name order, with their options.
	declared []declaredField
	// direct maps the properties of a document to their fields, when
	// the mapping is one that mapDirect follows (nil otherwise).
	direct map[string]directField
}

// directField is how the mapping makes a property into a field: its
// name, type, options and analyzer (text), and whether its values are
// the keywords of a keywordField.
type directField struct {
	name     string
	typ      string
	opts     index.FieldIndexingOptions
	analyzer analysis.Analyzer
	keyword  bool
}

// declaredField is a field of the mapping with its indexing options.
type declaredField struct {
	name string
	opts index.FieldIndexingOptions
}

// newWriterMappingOf wraps m for the Writer (a variable: tests build with
// the mapping as it is, to compare).
var newWriterMappingOf = func(m mapping.IndexMapping) mapping.IndexMapping {
	wm := writerMapping{IndexMapping: m}
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.DefaultMapping != nil {
		for name, dm := range im.DefaultMapping.Properties {
			// A stored field is left alone: a stand-in would store
			// an empty value.
			if len(dm.Fields) == 1 && dm.Enabled && !dm.Fields[0].Options().IsStored() {
				wm.declared = append(wm.declared, declaredField{name: name, opts: dm.Fields[0].Options()})
			}
		}
		sort.Slice(wm.declared, func(i, j int) bool { return wm.declared[i].name < wm.declared[j].name })
		wm.direct = directFields(im)
	}
	return wm
}

// directFields returns how im makes each property of a document into a
// field, or nil when im does something mapDirect does not follow: a
// property with several fields or of a type other than text or date, a
// composite "_all" field, a dynamic mapping.
func directFields(im *mapping.IndexMappingImpl) map[string]directField {
	dm := im.DefaultMapping
	if !dm.Enabled || dm.Dynamic || len(im.TypeMapping) > 0 {
		return nil
	}
	if all, ok := dm.Properties["_all"]; !ok || all.Enabled {
		return nil
	}
	out := map[string]directField{}
	for prop, pm := range dm.Properties {
		if prop == "_all" {
			continue
		}
		if !pm.Enabled || len(pm.Fields) != 1 || len(pm.Properties) > 0 {
			return nil
		}
		fm := pm.Fields[0]
		d := directField{name: prop, typ: fm.Type, opts: fm.Options()}
		if fm.Name != "" {
			d.name = fm.Name
		}
		switch fm.Type {
		case "text":
			name := fm.Analyzer
			if name == "" {
				name = dm.DefaultAnalyzer
			}
			if name == "" {
				name = im.DefaultAnalyzer
			}
			d.analyzer = im.AnalyzerNamed(name)
			if d.analyzer == nil {
				return nil
			}
			da, ok := d.analyzer.(*analysis.DefaultAnalyzer)
			d.keyword = ok && isKeyword(da) && d.opts.IsIndexed() && !d.opts.IsStored() &&
				!d.opts.IncludeTermVectors() && !d.opts.SkipFreqNorm()
		case "datetime":
		default:
			return nil
		}
		out[prop] = d
	}
	return out
}

// mapDirect maps data, a document of document(), as the mapping does
// (bleve's mapping.DocumentMapping: a text field of a string, a date
// field of a time, a field per value of a list of strings) without
// reflection and without copying anything twice: the values of a keyword
// field at once into a keywordField. It returns false, having added
// nothing, when data holds something else.
func (m writerMapping) mapDirect(doc *bdoc.Document, data any) bool {
	props, ok := data.(map[string]any)
	if !ok || m.direct == nil {
		return false
	}
	for k, v := range props {
		d, ok := m.direct[k]
		if !ok {
			return false
		}
		switch v.(type) {
		case string:
			ok = d.typ == "text"
		case []string:
			ok = d.typ == "text"
		case time.Time:
			ok = d.typ == "datetime"
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
	for k, v := range props {
		d := m.direct[k]
		switch v := v.(type) {
		case string:
			doc.AddField(d.text(v, nil))
		case []string:
			if d.keyword {
				if len(v) > 0 {
					k := &keywordField{name: d.name, opts: d.opts, values: make([][]byte, len(v))}
					for i, s := range v {
						k.values[i] = []byte(s)
					}
					doc.AddField(k)
				}
				continue
			}
			for i, s := range v {
				doc.AddField(d.text(s, []uint64{uint64(i)}))
			}
		case time.Time:
			if f, err := bdoc.NewDateTimeFieldWithIndexingOptions(d.name, []uint64{}, v, time.RFC3339, d.opts); err == nil {
				doc.AddField(f)
			}
		}
	}
	doc.SetIndexed()
	return true
}

// text is the text field of value s, at array position pos (none: nil).
func (d directField) text(s string, pos []uint64) *bdoc.TextField {
	if pos == nil {
		pos = []uint64{}
	}
	f := bdoc.NewTextFieldCustom(d.name, pos, []byte(s), d.opts, d.analyzer)
	return f
}

// MapDocument maps data as the mapping does (mapDirect, when it can),
// then swaps its Italian text fields for fusedFields, gathers the values
// of each keyword field into one keywordField and adds an absentField for
// every declared field the document lacks.
func (m writerMapping) MapDocument(doc *bdoc.Document, data any) error {
	if !m.mapDirect(doc, data) {
		if err := m.IndexMapping.MapDocument(doc, data); err != nil {
			return err
		}
	}
	var keywords []*keywordField
	fields := doc.Fields[:0]
	for _, f := range doc.Fields {
		tf, ok := f.(*bdoc.TextField)
		if !ok || !tf.Options().IsIndexed() || tf.Options().IncludeTermVectors() || tf.Options().SkipFreqNorm() {
			fields = append(fields, f)
			continue
		}
		switch a := tf.Analyzer().(type) {
		case *indexAnalyzer:
			fields = append(fields, &fusedField{TextField: tf, analyzer: a})
			continue
		case *analysis.DefaultAnalyzer:
			if isKeyword(a) && !tf.Options().IsStored() {
				k := keywordOf(keywords, tf)
				if k == nil {
					k = &keywordField{name: tf.Name(), opts: tf.Options()}
					keywords = append(keywords, k)
					fields = append(fields, k)
				}
				k.values = append(k.values, tf.Value())
				continue
			}
		}
		fields = append(fields, f)
	}
	for _, d := range m.declared {
		if !hasField(fields, d.name) {
			fields = append(fields, absentField(d))
		}
	}
	doc.Fields = fields
	return nil
}

// isKeyword tells bleve's keyword analyzer: the whole value, one token.
func isKeyword(a *analysis.DefaultAnalyzer) bool {
	_, single := a.Tokenizer.(*single.SingleTokenTokenizer)
	return single && len(a.CharFilters) == 0 && len(a.TokenFilters) == 0
}

// keywordOf returns the keywordField of tf's field among ks, nil if none.
func keywordOf(ks []*keywordField, tf *bdoc.TextField) *keywordField {
	for _, k := range ks {
		if k.name == tf.Name() && k.opts == tf.Options() {
			return k
		}
	}
	return nil
}

// hasField tells whether fields has one named name.
func hasField(fields []bdoc.Field, name string) bool {
	for _, f := range fields {
		if f.Name() == name {
			return true
		}
	}
	return false
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
	// space holds frequencies, taken from the analyzer's spares
	// (release gives it back).
	space *freqSpace
}

// Analyze counts the terms of the field's text.
func (f *fusedField) Analyze() {
	f.length, f.space = f.analyzer.count(f.Value(), f.analyzer.take())
	f.frequencies = f.space.freqs
}

// release gives the field's frequencies back to its analyzer, once the
// segment that read them is written: nothing may read them afterwards.
func (f *fusedField) release() {
	if f.space != nil {
		f.analyzer.release(f.space)
		f.space, f.frequencies = nil, nil
	}
}

// releaseFields releases the frequencies of the fusedFields of doc.
func releaseFields(doc *bdoc.Document) {
	for _, f := range doc.Fields {
		if af, ok := f.(analyzedField); ok {
			f = af.Field
		}
		if ff, ok := f.(*fusedField); ok {
			ff.release()
		}
	}
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

// keywordField is every value of a document's keyword field without term
// vectors, not stored: what the segment makes of one field per value
// (each one token, the whole value, their frequencies added up and their
// number the field's length), counted at once.
type keywordField struct {
	name        string
	opts        index.FieldIndexingOptions
	values      [][]byte
	frequencies index.TokenFrequencies
}

// Name is the field's name.
func (f *keywordField) Name() string { return f.name }

// Value is nil: the field is not stored.
func (f *keywordField) Value() []byte { return nil }

// ArrayPositions is nil: without term vectors, nothing keeps them.
func (f *keywordField) ArrayPositions() []uint64 { return nil }

// EncodedFieldType is a text field's.
func (f *keywordField) EncodedFieldType() byte { return 't' }

// Options are the field's indexing options.
func (f *keywordField) Options() index.FieldIndexingOptions { return f.opts }

// Analyze counts the values.
func (f *keywordField) Analyze() {
	f.frequencies = make(index.TokenFrequencies, len(f.values))
	for _, v := range f.values {
		if tf, ok := f.frequencies[string(v)]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			continue
		}
		tf := &index.TokenFreq{Term: v}
		tf.SetFrequency(1)
		f.frequencies[string(v)] = tf
	}
}

// AnalyzedLength is the number of values.
func (f *keywordField) AnalyzedLength() int { return len(f.values) }

// AnalyzedTokenFrequencies are the values with their counts.
func (f *keywordField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.frequencies }

// NumPlainTextBytes is the length of the values.
func (f *keywordField) NumPlainTextBytes() uint64 {
	n := 0
	for _, v := range f.values {
		n += len(v)
	}
	return uint64(n)
}

// Size estimates the field's memory for bleve's statistics.
func (f *keywordField) Size() int {
	n := 64
	for k, tf := range f.frequencies {
		n += len(k) + tf.Size()
	}
	return n
}

// absentField stands for a declared field a document lacks (a page
// without deadline has no closing instant): no value, no term, nothing
// stored. The segment then knows the field, with the options it has in
// the other documents, and nothing else changes.
type absentField declaredField

// Name is the field's name.
func (f absentField) Name() string { return f.name }

// Value is empty.
func (f absentField) Value() []byte { return nil }

// ArrayPositions is nil.
func (f absentField) ArrayPositions() []uint64 { return nil }

// EncodedFieldType is a text field's (nothing is stored).
func (f absentField) EncodedFieldType() byte { return 't' }

// Options are those of the declared field (never stored).
func (f absentField) Options() index.FieldIndexingOptions { return f.opts }

// Analyze has nothing to analyse.
func (f absentField) Analyze() {}

// AnalyzedLength is 0.
func (f absentField) AnalyzedLength() int { return 0 }

// AnalyzedTokenFrequencies is empty.
func (f absentField) AnalyzedTokenFrequencies() index.TokenFrequencies { return nil }

// NumPlainTextBytes is 0.
func (f absentField) NumPlainTextBytes() uint64 { return 0 }

// Size estimates the field's memory for bleve's statistics.
func (f absentField) Size() int { return 32 + len(f.name) }

var (
	_ bdoc.Field = (*fusedField)(nil)
	_ bdoc.Field = (*keywordField)(nil)
	_ bdoc.Field = absentField{}
)
