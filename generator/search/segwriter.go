package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"
	"github.com/golang/snappy"
)

// segmentBuilder gathers the postings of a whole site, page by page, and
// writes them as one zap v17 segment, the format of bleve's own indexes:
// what bleve's offline builder makes of the same documents (a segment per
// batch, converted from its documents, then merged), without documents.
// The Italian analyzer numbers its terms (indexAnalyzer), so that a
// page's terms go to their postings by number, not by a map of strings;
// a postings list is a list of documents and frequencies, appended to in
// document order. Norms are the fields' lengths, as zap keeps them.
// Nothing records positions: no field keeps term vectors.
type segmentBuilder struct {
	ids []string
	// records holds the documents' stored values as the segment keeps
	// them (writeStored), one after the other, compressed as each page
	// is added; recordAt is where each document's starts.
	records  []byte
	recordAt []uint64
	// meta, data and compressed are encodeStored's buffers.
	meta, data, compressed []byte
	// fields are the segment's fields in zap's order: _id, then by name.
	fields []*segField
	byName map[string]*segField
	// counts is where the analyzer counts a text's terms.
	counts termCounts
}

// storedValue is a stored field's value in one document.
type storedValue struct {
	field int
	value string
}

// segField is one field of the segment and its postings.
type segField struct {
	id   int
	name string
	opts index.FieldIndexingOptions
	// byID maps an analyzer's term number to 1 + its postings list;
	// byKey the terms without number.
	byID  []int32
	byKey map[string]int32
	lists []postings
	// dates holds the terms of the instants of a date field.
	dates map[instantKey]dateTerms
	// lens is the field's length in each document (its norm).
	lens []uint32
}

// postings is a term's postings list in one field: documents in
// increasing order, each with the term's frequency, as varints (the
// document as the difference from the one before), a third of the
// memory of two numbers each. The last document waits in doc and freq
// (a field of several values adds to it).
type postings struct {
	term []byte
	hits []byte
	// n is the number of documents, the last one included.
	n         uint32
	doc, freq uint32
	// prev is the last document in hits.
	prev uint32
}

// idOptions are the options zap gives the _id field.
const idOptions = index.IndexField | index.StoreField

// newSegmentBuilder starts a segment with the fields of direct.
func newSegmentBuilder(direct map[string]directField) *segmentBuilder {
	names := make([]string, 0, len(direct))
	opts := map[string]index.FieldIndexingOptions{}
	for _, d := range direct {
		if _, ok := opts[d.name]; !ok {
			names = append(names, d.name)
		}
		opts[d.name] |= d.opts
	}
	sort.Strings(names)
	b := &segmentBuilder{byName: map[string]*segField{}}
	for i, name := range append([]string{"_id"}, names...) {
		f := &segField{id: i, name: name, opts: opts[name], byKey: map[string]int32{}}
		if i == 0 {
			f.opts = idOptions
		}
		b.fields = append(b.fields, f)
		b.byName[name] = f
	}
	return b
}

// add adds a document: id and data, a document of document(), mapped as
// direct says: as bleve's mapping would (TestSegmentAsMapping). After an
// error the builder holds part of the document: the build is aborted.
func (b *segmentBuilder) add(id string, data map[string]any, direct map[string]directField) error {
	idf := b.fields[0]
	if _, dup := idf.byKey[id]; dup {
		return fmt.Errorf("indirizzo %s già indicizzato", id)
	}
	doc := uint32(len(b.ids))
	b.ids = append(b.ids, id)
	var stored []storedValue
	idf.addKey(doc, id, 1)
	idf.setLen(doc, 1)
	for k, v := range data {
		d, ok := direct[k]
		if !ok {
			return fmt.Errorf("campo %q non previsto dall'indice", k)
		}
		f := b.byName[d.name]
		switch v := v.(type) {
		case string:
			if d.typ != "text" {
				return fmt.Errorf("campo %q: testo in un campo %s", k, d.typ)
			}
			if d.opts.IsStored() {
				stored = append(stored, storedValue{field: f.id, value: v})
			}
			if d.opts.IsIndexed() {
				b.addText(f, doc, d, v)
			}
		case []string:
			if d.typ != "text" || d.opts.IsStored() {
				return fmt.Errorf("campo %q: elenco in un campo %s", k, d.typ)
			}
			if !d.opts.IsIndexed() {
				continue
			}
			for _, s := range v {
				if d.keyword {
					f.addKey(doc, s, 1)
					f.setLen(doc, f.len(doc)+1)
				} else {
					b.addText(f, doc, d, s)
				}
			}
		case time.Time:
			if d.typ != "datetime" || d.opts.IsStored() {
				return fmt.Errorf("campo %q: data in un campo %s", k, d.typ)
			}
			f.addDate(doc, v, d)
		default:
			return fmt.Errorf("campo %q: valore di tipo %T", k, v)
		}
	}
	sort.Slice(stored, func(i, j int) bool { return stored[i].field < stored[j].field })
	b.encodeStored(id, stored)
	return nil
}

// encodeStored appends the record of a document's stored values, as zap
// writes it: the lengths of the two parts, then the fields' numbers,
// types, places and lengths, then the _id's value uncompressed and the
// other values snappy-compressed.
func (b *segmentBuilder) encodeStored(id string, stored []storedValue) {
	meta := binary.AppendUvarint(b.meta[:0], uint64(len(id)))
	data := b.data[:0]
	for _, sv := range stored {
		meta = binary.AppendUvarint(meta, uint64(sv.field))
		meta = binary.AppendUvarint(meta, 't')
		meta = binary.AppendUvarint(meta, uint64(len(data)))
		meta = binary.AppendUvarint(meta, uint64(len(sv.value)))
		meta = binary.AppendUvarint(meta, 0) // array positions
		data = append(data, sv.value...)
	}
	b.compressed = snappy.Encode(b.compressed[:cap(b.compressed)], data)
	b.meta, b.data = meta, data
	b.recordAt = append(b.recordAt, uint64(len(b.records)))
	b.records = binary.AppendUvarint(b.records, uint64(len(meta)))
	b.records = binary.AppendUvarint(b.records, uint64(len(id)+len(b.compressed)))
	b.records = append(b.records, meta...)
	b.records = append(b.records, id...)
	b.records = append(b.records, b.compressed...)
}

// addText adds the terms of text s to f: counted by number with the
// index analyzer, through bleve's text field with any other.
func (b *segmentBuilder) addText(f *segField, doc uint32, d directField, s string) {
	a, ok := d.analyzer.(*indexAnalyzer)
	if !ok {
		tf := bdoc.NewTextFieldCustom(d.name, nil, []byte(s), d.opts, d.analyzer)
		tf.Analyze()
		for key, t := range tf.AnalyzedTokenFrequencies() {
			f.addKey(doc, key, uint32(t.Frequency()))
		}
		f.setLen(doc, f.len(doc)+uint32(tf.AnalyzedLength()))
		return
	}
	n, unnumbered := a.tally([]byte(s), &b.counts)
	for _, tc := range b.counts.order {
		if int(tc.id) >= len(f.byID) {
			f.byID = append(f.byID, make([]int32, max(int(tc.id)+1, 2*len(f.byID))-len(f.byID))...)
		}
		l := f.byID[tc.id]
		if l == 0 {
			f.lists = append(f.lists, postings{term: a.term(tc.id)})
			l = int32(len(f.lists))
			f.byID[tc.id] = l
		}
		f.lists[l-1].add(doc, uint32(tc.n))
	}
	b.counts.order = b.counts.order[:0]
	for key, tf := range unnumbered {
		f.addKey(doc, key, uint32(tf.Frequency()))
	}
	f.setLen(doc, f.len(doc)+uint32(n))
}

// add appends doc with freq occurrences, or adds them to doc's when doc
// is the last document (a field of several values).
func (p *postings) add(doc, freq uint32) {
	if p.n > 0 && p.doc == doc {
		p.freq += freq
		return
	}
	if p.n > 0 {
		p.hits = binary.AppendUvarint(p.hits, uint64(p.doc-p.prev))
		p.hits = binary.AppendUvarint(p.hits, uint64(p.freq))
		p.prev = p.doc
	}
	p.doc, p.freq = doc, freq
	p.n++
}

// each calls fn with each document and frequency, in order.
func (p *postings) each(fn func(doc, freq uint32)) {
	if p.n == 0 {
		return
	}
	doc := uint32(0)
	for b := p.hits; len(b) > 0; {
		d, k := binary.Uvarint(b)
		f, j := binary.Uvarint(b[k:])
		b = b[k+j:]
		doc += uint32(d)
		fn(doc, uint32(f))
	}
	fn(p.doc, p.freq)
}

// instantKey is an instant, the key of segField.dates.
type instantKey struct {
	sec  int64
	nsec int
}

// dateTerms are the terms of an instant in a date field: their postings
// lists and frequencies, and their number.
type dateTerms struct {
	lists []int32
	freqs []uint32
	n     uint32
}

// addDate adds the terms of the instant v to doc, as bleve's date field
// makes them (a term for each precision); the terms of an instant are
// made once.
func (f *segField) addDate(doc uint32, v time.Time, d directField) {
	key := instantKey{v.Unix(), v.Nanosecond()}
	dt, ok := f.dates[key]
	if !ok {
		if df, err := bdoc.NewDateTimeFieldWithIndexingOptions(d.name, nil, v, time.RFC3339, d.opts); err == nil {
			// (an instant out of range is not indexed, as in the mapping)
			df.Analyze()
			for term, tf := range df.AnalyzedTokenFrequencies() {
				dt.lists = append(dt.lists, f.list(term))
				dt.freqs = append(dt.freqs, uint32(tf.Frequency()))
			}
			dt.n = uint32(df.AnalyzedLength())
		}
		if f.dates == nil {
			f.dates = map[instantKey]dateTerms{}
		}
		f.dates[key] = dt
	}
	for i, l := range dt.lists {
		f.lists[l].add(doc, dt.freqs[i])
	}
	f.setLen(doc, f.len(doc)+dt.n)
}

// list returns the postings list of the term key, which it makes if need
// be.
func (f *segField) list(key string) int32 {
	l, ok := f.byKey[key]
	if !ok {
		f.lists = append(f.lists, postings{term: []byte(key)})
		l = int32(len(f.lists))
		f.byKey[key] = l
	}
	return l - 1
}

// addKey adds freq occurrences of the term key to doc.
func (f *segField) addKey(doc uint32, key string, freq uint32) {
	f.lists[f.list(key)].add(doc, freq)
}

// len is the field's length in doc.
func (f *segField) len(doc uint32) uint32 {
	if int(doc) < len(f.lens) {
		return f.lens[doc]
	}
	return 0
}

// setLen sets the field's length in doc.
func (f *segField) setLen(doc, n uint32) {
	for int(doc) >= len(f.lens) {
		f.lens = append(f.lens, 0)
	}
	f.lens[doc] = n
}

// chunkMode is zap's default chunk mode.
const chunkMode = 1026

// sectionsWritten are the sections zap v17 lists for every field (the
// inverted index, synonyms, geo shapes): only the first has data here.
var sectionsWritten = []uint16{zap.SectionInvertedTextIndex, zap.SectionSynonymIndex, zap.SectionGeoShapeV2Index}

// write writes the segment into the file path, then has zap open it
// (its fields and doc values) before anything else reads it.
func (b *segmentBuilder) write(path string) error {
	if len(b.ids) == 0 {
		return fmt.Errorf("indice di ricerca: nessun documento")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := &segBuf{b: make([]byte, 0, segFlush+segFlush/4), out: f}
	storedIndex := b.writeStored(w)
	addrs := make([]uint64, len(b.fields))
	var tf chunkedInts
	for _, f := range b.fields {
		var err error
		if addrs[f.id], err = b.writeField(w, f, &tf); err != nil {
			return err
		}
		// Written: the field's postings may go.
		f.lists, f.byID, f.byKey, f.dates = nil, nil, nil, nil
	}
	offsets := make([]uint64, len(b.fields))
	for i, f := range b.fields {
		offsets[i] = w.count()
		w.uvarint(uint64(len(f.name)))
		w.write([]byte(f.name))
		w.uvarint(uint64(f.opts))
		w.uvarint(uint64(len(sectionsWritten)))
		for _, s := range sectionsWritten {
			w.uint16(s)
			if s == zap.SectionInvertedTextIndex {
				w.uint64(addrs[i])
			} else {
				w.uint64(0)
			}
		}
	}
	sectionsIndex := w.count()
	w.uvarint(uint64(len(b.fields)))
	for _, o := range offsets {
		w.uint64(o)
	}
	// The footer, as zap's persistFooter: no writer id, the number of
	// documents, where the stored values' index and the fields' index
	// start, the chunk mode, the version, and the CRC-32 of all before.
	w.uint32(0)
	w.uint64(uint64(len(b.ids)))
	w.uint64(storedIndex)
	w.uint64(sectionsIndex)
	w.uint32(chunkMode)
	w.uint32(zap.Version)
	w.flush()
	w.uint32(w.crc)
	w.flush()
	if w.err != nil {
		return w.err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	seg, err := (&zap.ZapPlugin{}).Open(path)
	if err != nil {
		return fmt.Errorf("indice di ricerca: il segmento scritto non si legge: %w", err)
	}
	return seg.Close()
}

// writeStored writes the stored values of every document (their
// records, encodeStored), then the documents' offsets and an empty list
// of nested documents, as zap does.
func (b *segmentBuilder) writeStored(w *segBuf) uint64 {
	base := w.count()
	w.write(b.records)
	at := w.count()
	for _, o := range b.recordAt {
		w.uint64(base + o)
	}
	w.uvarint(0)
	b.records, b.recordAt = nil, nil
	return at
}

// writeField writes the dictionary, postings and doc values of f, as
// zap writes a new segment, and returns the address of the field's
// section. A term of one document is not encoded in the dictionary, as
// zap's merge does ("1-hit"): zap's dictionary iterator then counts the
// next term's documents wrong (zapx v17.2.5 PostingsList.read keeps the
// 1-hit's norm), which a merge happens to avoid.
func (b *segmentBuilder) writeField(w *segBuf, f *segField, tf *chunkedInts) (uint64, error) {
	numDocs := uint64(len(b.ids))
	order := make([]int32, len(f.lists))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return bytes.Compare(f.lists[x].term, f.lists[y].term) })
	dv := f.opts.IncludeDocValues()
	var docTerms [][]byte
	if dv {
		docTerms = make([][]byte, numDocs)
	}
	var fst bytes.Buffer
	builder, err := vellum.New(&fst, &vellum.BuilderOpts{Encoder: 1, RegistryTableSize: 0, RegistryMRUSize: 1})
	if err != nil {
		return 0, err
	}
	bm := roaring.New()
	for _, li := range order {
		p := &f.lists[li]
		size := numDocs / (uint64(p.n)/1024 + 1)
		tf.reset(size, numDocs-1)
		bm.Clear()
		p.each(func(doc, freq uint32) {
			tf.add(uint64(doc), uint64(freq)<<1, uint64(f.lens[doc]))
			bm.Add(doc)
			if dv {
				docTerms[doc] = append(append(docTerms[doc], p.term...), index.DocValueTermSeparator)
			}
		})
		at := tf.writeAt(w)
		val := w.count()
		w.uvarint(at)
		w.uvarint(0) // no locations
		rb, err := bm.ToBytes()
		if err != nil {
			return 0, err
		}
		w.uvarint(uint64(len(rb)))
		w.write(rb)
		if err := builder.Insert(p.term, val); err != nil {
			return 0, err
		}
	}
	if err := builder.Close(); err != nil {
		return 0, err
	}
	dict := w.count()
	w.uvarint(uint64(fst.Len()))
	w.write(fst.Bytes())
	dvStart, dvEnd := uint64(math.MaxUint64), uint64(math.MaxUint64)
	if dv {
		size := uint64(1024) // zap's legacy chunks
		if f.opts.SkipDVChunking() {
			size = 1
		}
		dvStart = w.count()
		writeDocValues(w, docTerms, size, f.opts.SkipDVCompression())
		dvEnd = w.count()
	}
	at := w.count()
	w.uvarint(dvStart)
	w.uvarint(dvEnd)
	w.uvarint(dict)
	return at, nil
}
