package search

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/golang/snappy"
)

// trickyTexts are inputs at the edges of the Italian analyzer: elisions
// with either apostrophe, accents written and combined, upper case,
// digits, hyphens, emoji, invalid UTF-8, stop words, ligatures.
var trickyTexts = []string{
	"",
	" ",
	"dell'attività DELL'ATTIVITÀ Dell’Università l'",
	"l'l'acqua all'‘aperto' 'citazione' po' un’altra c'è d'accordo",
	"L'ACCESSIBILITÀ accessibile accessibili accessibilità",
	"perché perche Perché PERCHÉ più Più cioè",
	"Città citta\u0300 CITTA\u0300 universitá Ñandú Çà",
	"ﬁnanziamento ＡＢＣ Ⅻ ½ x² ΑΒΓ αβγ Москва",
	"2024 2024-2025 1.000,50 €30 3° 10k 1a 007 ２０２４ ٣",
	"co-progettazione auto-mutuo-aiuto e-mail -trattino- —lineetta–",
	"emoji 🎉🎉 a🎉b 👩‍👩‍👧 ❤️ volontari🙂",
	"invalid \xff\xfe bytes \xc3 a\xc3(b \xe2\x80 l\xe2\x80\x99 fine\xe2",
	"l\xe2\x80\x99acqua dell\xe2\x80\x99 ’’ ''' a''b a'’b",
	"il lo la i gli le un uno una di a da in con su per tra fra e o ma",
	"Bandi BANDI bando bandi band Laboratori laboratorio reti rete",
	"a\u0301\u0302 e\u0308 i\u0307 \u0301solo",
	"tab\tnew\nline\r\nfeed\fx\u00a0nbsp\u2028sep",
	"https://www.example.it/path?x=1&y=2 mail@example.it #hashtag @menzione",
	"İstanbul ΣΊΣΥΦΟΣ straße STRASSE ǅ ǆ",
	"a",
	"'",
	"d'",
	strings.Repeat("parola ", 300),
}

// TestIndexAnalyzerSameTokens checks that the one-pass analyzer gives the
// tokens of the chain (terms, offsets, positions, types, frequencies)
// on tricky inputs, analysed twice (the second time from the cache), with
// the word cache unbounded and bounded to a few words, and that both
// remember the same vocabulary.
func TestIndexAnalyzerSameTokens(t *testing.T) {
	for _, small := range []bool{false, true} {
		p := NewAnalyzerPair(small)
		for round := range 2 {
			for _, text := range trickyTexts {
				if d := p.Diff(text); d != "" {
					t.Errorf("small %v, round %d, %q: %s", small, round, text, d)
				}
			}
		}
		if !p.SameVocabulary() {
			t.Errorf("small %v: the vocabularies differ", small)
		}
	}
}

// TestIndexAnalyzerCacheBound checks that the word cache stops growing at
// its bound.
func TestIndexAnalyzerCacheBound(t *testing.T) {
	p := NewAnalyzerPair(true)
	p.Diff(strings.Join(trickyTexts, " "))
	if n := p.fused.terms.len(); n != 16 {
		t.Errorf("%d words cached, want 16", n)
	}
}

// FuzzIndexAnalyzer compares the one-pass analyzer with the chain on
// arbitrary bytes, one analyzer pair for the whole run (the cache fills
// as it goes).
func FuzzIndexAnalyzer(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	pairs := []*AnalyzerPair{NewAnalyzerPair(false), NewAnalyzerPair(true)}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range pairs {
			if d := p.Diff(text); d != "" {
				t.Fatalf("%q: %s", text, d)
			}
		}
	})
}

// TestSegmentAsMapping checks that the segment builder makes of a
// document what bleve's mapping and fields make of it: for each field
// name, the same options, the same stored value, and the same length and
// term frequencies (the values of a list of keywords in one field, as
// zap adds up the fields of one name).
func TestSegmentAsMapping(t *testing.T) {
	m := newMapping()
	direct := directFields(m.(*mapping.IndexMappingImpl))
	if direct == nil {
		t.Fatal("the mapping is not one the Writer follows")
	}
	rome, _ := time.LoadLocation("Europe/Rome")
	docs := []map[string]any{
		{
			fieldTitle: "Bando per l'attività", fieldSummary: "", fieldText: "Bandi e bando, attività.",
			fieldTerms: "Ferrara\nvolontariato\n", fieldDoc: `{"u":"/x/","t":"Bando"}`,
			fieldDate:    time.Date(2026, 3, 1, 10, 0, 0, 0, rome),
			fieldCloses:  time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			fieldFilters: []string{"chiude/2027-01-01T00:00:00Z", "argomenti/giovani", "argomenti/giovani", "sezione/opportunita"},
		},
		{fieldTitle: "", fieldPlace: "Cantiere di Ferrara", fieldDoc: "{}", fieldFilters: []string{}, fieldDate: time.Time{}},
	}
	for i, data := range docs {
		want := bdoc.NewDocument("x")
		if err := m.MapDocument(want, data); err != nil {
			t.Fatal(err)
		}
		b := newSegmentBuilder(direct)
		if err := b.add("x", data, direct); err != nil {
			t.Fatal(err)
		}
		w := describeFields(want)
		maps.DeleteFunc(w, func(_, d string) bool { return strings.Contains(d, "stored [] length 0 terms") })
		if g := describeSegment(b); !maps.Equal(g, w) {
			t.Errorf("document %d:\n got %v\nwant %v", i, g, w)
		}
	}
	b := newSegmentBuilder(direct)
	if b.add("x", map[string]any{fieldTitle: 3}, direct) == nil {
		t.Error("a number added as a title")
	}
	if b.add("y", map[string]any{"other": "x"}, direct) == nil {
		t.Error("an undeclared field added")
	}
	if b.add("z", map[string]any{fieldTitle: "a"}, direct) != nil || b.add("z", map[string]any{fieldTitle: "b"}, direct) == nil {
		t.Error("an address indexed twice")
	}
}

// describeSegment describes the fields of the first document of b as
// describeFields does, but for _id and the fields it lacks.
func describeSegment(b *segmentBuilder) map[string]string {
	out := map[string]string{}
	for _, f := range b.fields[1:] {
		stored := decodeStored(b.records[b.recordAt[0]:])[f.id]
		freqs := map[string]int{}
		for _, p := range f.lists {
			p.each(func(doc, freq uint32) {
				if doc == 0 {
					freqs[string(p.term)] = int(freq)
				}
			})
		}
		if len(stored) == 0 && f.len(0) == 0 {
			continue
		}
		var sb strings.Builder
		for _, term := range slices.Sorted(maps.Keys(freqs)) {
			fmt.Fprintf(&sb, " %q×%d", term, freqs[term])
		}
		out[f.name] = fmt.Sprintf("options %d stored %v length %d terms%s", f.opts, stored, f.len(0), sb.String())
	}
	return out
}

// describeFields analyses the fields of doc and describes them by name:
// options, the stored values and array positions, the total length and
// the frequency of every term.
func describeFields(doc *bdoc.Document) map[string]string {
	type agg struct {
		opts   index.FieldIndexingOptions
		stored []string
		length int
		freqs  map[string]int
	}
	by := map[string]*agg{}
	for _, f := range doc.Fields {
		a := by[f.Name()]
		if a == nil {
			a = &agg{opts: f.Options(), freqs: map[string]int{}}
			by[f.Name()] = a
		}
		if f.Options() != a.opts {
			a.stored = append(a.stored, fmt.Sprintf("options %d", f.Options()))
		}
		if f.Options().IsStored() {
			a.stored = append(a.stored, fmt.Sprintf("%c %q %v", f.EncodedFieldType(), f.Value(), f.ArrayPositions()))
		}
		if !f.Options().IsIndexed() {
			continue // as scorch: a field not indexed is not analysed
		}
		f.Analyze()
		a.length += f.AnalyzedLength()
		for term, tf := range f.AnalyzedTokenFrequencies() {
			a.freqs[term] += tf.Frequency()
		}
	}
	out := map[string]string{}
	for name, a := range by {
		terms := slices.Sorted(maps.Keys(a.freqs))
		var b strings.Builder
		for _, term := range terms {
			fmt.Fprintf(&b, " %q×%d", term, a.freqs[term])
		}
		out[name] = fmt.Sprintf("options %d stored %v length %d terms%s", a.opts, a.stored, a.length, b.String())
	}
	return out
}

// decodeStored reads a record of encodeStored: each stored value by field
// number, as describeFields describes it.
func decodeStored(rec []byte) map[int][]string {
	metaLen, k := binary.Uvarint(rec)
	rec = rec[k:]
	_, k = binary.Uvarint(rec)
	rec = rec[k:]
	meta, rest := rec[:metaLen], rec[metaLen:]
	idLen, k := binary.Uvarint(meta)
	meta = meta[k:]
	data, err := snappy.Decode(nil, rest[idLen:])
	if err != nil {
		return map[int][]string{-1: {err.Error()}}
	}
	out := map[int][]string{}
	for len(meta) > 0 {
		var v [5]uint64
		for i := range v {
			v[i], k = binary.Uvarint(meta)
			meta = meta[k:]
		}
		pos := make([]uint64, v[4])
		for i := range pos {
			pos[i], k = binary.Uvarint(meta)
			meta = meta[k:]
		}
		out[int(v[0])] = append(out[int(v[0])], fmt.Sprintf("%c %q %v", byte(v[1]), data[v[2]:v[2]+v[3]], pos))
	}
	return out
}
