package search

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"

	"cantiericomuni.it/banca/generator/site"
)

// builderBatch and builderMergeMax are the settings of bleve's offline
// builder: it writes a segment of every builderBatch documents, and at
// Close merges them builderMergeMax at a time, the result of each merge
// joining the queue, until one is left. With no bound on the merge's
// width, every document is merged once, whatever the site's size (with
// 64 at a time, a 50,000-page site merged every page twice); a merge
// costs little memory per segment (its dictionaries are read in step,
// from the files). Larger batches make fewer, larger segments, less work
// in building and merging their dictionaries, for more memory held per
// batch: 500 costs about 12% less processor time than 250 at 10,000
// pages, and little more than 1,000 does.
var builderBatch, builderMergeMax = 500, math.MaxInt32

// inFlight bounds the pages analysed and waiting for the builder: enough
// that neither goroutine waits for the other on a page that takes longer.
const inFlight = 64

// Build writes the search bundle of s into dir, which must not exist yet:
// the bleve index in dir/index, its description in dir/meta.json and the
// words of its pages in dir/parole.txt.
func Build(dir string, s *site.Site) (*Meta, error) {
	w, err := NewWriter(dir, s)
	if err != nil {
		return nil, err
	}
	for _, p := range s.Pages {
		if err := w.Add(p, p.Plain); err != nil {
			w.Abort()
			return nil, err
		}
	}
	return w.Commit()
}

// Writer writes a search bundle page by page, so that the build can index
// each page as soon as its Markdown is converted: the Indexer of a full
// build. It uses bleve's offline builder, which writes compact, merged
// segments, each page once. The goroutine that adds a page maps and
// analyses it; another one hands it to the builder, which writes the
// segments (build): the two halves of the work run side by side, and when
// the rest of the build is over, the index's last pages take both cores.
// A Writer is not safe for concurrent use: one goroutine adds the pages.
type Writer struct {
	dir, tmp string
	b        bleve.Builder
	// m is the index's mapping: its analyzer knows the index's words;
	// wm is the same mapping as the builder is handed (writerMapping),
	// with which Add maps the pages.
	m, wm    mapping.IndexMapping
	fields   []facetField
	meta     *Meta
	closings map[string]bool
	seen     []map[string]string
	// loc is the site's zone (Europe/Rome).
	loc *time.Location

	// pages carries the pages mapped and analysed to build, which
	// closes built when pages is closed and every page is in the
	// builder; failed holds the builder's first error.
	pages    chan *mappedDoc
	built    chan struct{}
	failed   atomic.Pointer[error]
	stopOnce sync.Once
}

// mappedDoc is a page mapped and analysed by Add, on its way to the
// builder, which takes its fields as they are (writerMapping.MapDocument).
type mappedDoc struct {
	doc     *bdoc.Document
	display string
}

// NewWriter starts the bundle of s in dir, which must not exist yet. The
// pages are added with Add; s gives the settings, sections and filters.
func NewWriter(dir string, s *site.Site) (*Writer, error) {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, fields: facetFields(s), closings: map[string]bool{}, loc: siteZone(s)}
	var err error
	if w.tmp, err = os.MkdirTemp(dir, ".build-"); err != nil {
		return nil, err
	}
	w.m = newWriterMapping()
	w.wm = newWriterMappingOf(w.m)
	w.b, err = bleve.NewBuilder(filepath.Join(dir, IndexDir), builderMapping{w.wm}, map[string]any{
		"buildPathPrefix": w.tmp,
		// Small batches keep the builder's memory low while the site
		// is rendered beside it; one merge of them all at Close.
		"batchSize": builderBatch,
		"mergeMax":  builderMergeMax,
	})
	if err != nil {
		os.RemoveAll(w.tmp)
		return nil, err
	}
	w.meta = newMeta(s)
	w.seen = make([]map[string]string, len(w.fields))
	for i := range w.seen {
		w.seen[i] = make(map[string]string)
	}
	w.pages = make(chan *mappedDoc, inFlight)
	w.built = make(chan struct{})
	go w.build()
	return w, nil
}

// build hands the pages to the builder until pages is closed. After an
// error it only drains them. The builder writes a segment when its batch
// holds builderBatch distinct documents: the frequencies of their fields
// then go back to the analyzer (releaseFields).
func (w *Writer) build() {
	defer close(w.built)
	batch := make(map[string]bool, builderBatch)
	var pending []*bdoc.Document
	for d := range w.pages {
		if w.failed.Load() != nil {
			continue
		}
		if err := w.index(d); err != nil {
			err = fmt.Errorf("indicizzazione di %s: %w", d.display, err)
			w.failed.Store(&err)
			continue
		}
		batch[d.doc.ID()] = true
		pending = append(pending, d.doc)
		if len(batch) >= builderBatch {
			for _, doc := range pending {
				releaseFields(doc)
			}
			clear(batch)
			pending = pending[:0]
		}
	}
}

// index hands one page to the builder, a panic of the library an error.
func (w *Writer) index(d *mappedDoc) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("errore interno: %v", v)
		}
	}()
	return w.b.Index(d.doc.ID(), d)
}

// stop waits for the builder to take every page added, and returns its
// first error.
func (w *Writer) stop() error {
	w.stopOnce.Do(func() {
		close(w.pages)
		<-w.built
	})
	if err := w.failed.Load(); err != nil {
		return *err
	}
	return nil
}

// Add indexes one page, once: its Markdown must be converted, plain is
// its text. The page is mapped and analysed here, written into a segment
// by the builder's goroutine: an error of the builder is returned by a
// later Add, or by Commit.
func (w *Writer) Add(p *site.Page, plain string) error {
	if err := w.failed.Load(); err != nil {
		return *err
	}
	data := document(withPlain(p, plain), w.loc, w.fields, w.seen)
	if fs, ok := data[fieldFilters].([]string); ok && len(fs) > 0 && strings.HasPrefix(fs[0], closesPrefix) {
		w.closings[fs[0]] = true
	}
	doc := bdoc.NewDocument(p.URL)
	if err := w.wm.MapDocument(doc, data); err != nil {
		return fmt.Errorf("indicizzazione di %s: %w", p.Display, err)
	}
	analyzeFields(doc)
	w.pages <- &mappedDoc{doc: doc, display: p.Display}
	w.meta.Docs++
	return nil
}

// builderMapping is the mapping the builder is handed: the pages come to
// it mapped and analysed (mappedDoc), and it takes their fields.
type builderMapping struct {
	mapping.IndexMapping
}

// MapDocument takes the fields of a mappedDoc; it maps anything else as
// the mapping does.
func (m builderMapping) MapDocument(doc *bdoc.Document, data any) error {
	d, ok := data.(*mappedDoc)
	if !ok {
		return m.IndexMapping.MapDocument(doc, data)
	}
	doc.Fields = append(doc.Fields, d.doc.Fields...)
	doc.CompositeFields = append(doc.CompositeFields, d.doc.CompositeFields...)
	doc.StoredFieldsSize = d.doc.StoredFieldsSize
	if d.doc.Indexed() {
		doc.SetIndexed()
	}
	return nil
}

// MarshalJSON writes the mapping's own JSON, which the index keeps.
func (m builderMapping) MarshalJSON() ([]byte, error) { return util.MarshalJSON(m.IndexMapping) }

// analyzeFields analyses the indexed fields of doc, as bleve's builder
// does, and marks them analysed: the builder's own analysis then does
// nothing.
func analyzeFields(doc *bdoc.Document) {
	for i, f := range doc.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
			doc.Fields[i] = analyzedField{f}
		}
	}
}

// analyzedField is a field already analysed.
type analyzedField struct{ bdoc.Field }

// Analyze does nothing: the field was analysed before.
func (analyzedField) Analyze() {}

// errWriterRemove is Remove's answer: a bundle is written from scratch.
var errWriterRemove = errors.New("indice di ricerca: il costruttore dell'indice non rimuove pagine (serve una costruzione completa)")

// Remove fails: the offline builder writes every page once, and a full
// build, the only one that writes a bundle, has no page to remove.
func (w *Writer) Remove(url string) error { return errWriterRemove }

// Abort stops the writer and removes what it wrote.
func (w *Writer) Abort() {
	_ = w.stop()
	if w.meta.Docs > 0 { // bleve's builder cannot close without a document
		_ = w.b.Close()
	}
	_ = os.RemoveAll(w.dir)
}

// Commit merges the index and writes meta.json and the vocabulary.
func (w *Writer) Commit() (*Meta, error) {
	defer os.RemoveAll(w.tmp)
	if err := w.stop(); err != nil {
		return nil, err
	}
	if err := w.closeIndex(); err != nil {
		return nil, err
	}
	if err := newVocabulary(vocabularyOf(w.m)).write(w.dir); err != nil {
		return nil, err
	}
	meta := w.meta
	finishMeta(meta, w.fields, w.seen, len(w.closings))
	if err := writeMeta(w.dir, meta); err != nil {
		return nil, err
	}
	return meta, nil
}

// closeIndex merges the builder's segments into the index. bleve's offline
// builder cannot close without a document (a site whose pages are all
// drafts): the empty index is then made the ordinary way, so that the
// search answers "nessun risultato" instead of the build failing.
func (w *Writer) closeIndex() error {
	if w.meta.Docs > 0 {
		return w.b.Close()
	}
	path := filepath.Join(w.dir, IndexDir)
	if err := os.RemoveAll(path); err != nil {
		return err
	}
	idx, err := bleve.New(path, w.m)
	if err != nil {
		return err
	}
	return idx.Close()
}
