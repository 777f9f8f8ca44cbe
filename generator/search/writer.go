package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"cantiericomuni.it/banca/generator/site"
)

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
// build. It analyses each page as it comes and adds its terms to the
// postings of the whole site (segmentBuilder); Commit writes them as the
// index's one zap segment, the same index as bleve's offline builder
// would write from the same pages (TestWriterSamePostings), for less than
// half its work: no bleve documents, no segment per batch converted from
// them and no merge of the segments. A Writer is not safe for concurrent
// use: one goroutine adds the pages.
type Writer struct {
	dir, tmp string
	// m is the index's mapping: its analyzer knows the index's words;
	// direct is how it makes a page's properties into fields.
	m        mapping.IndexMapping
	direct   map[string]directField
	seg      *segmentBuilder
	fields   []facetField
	meta     *Meta
	closings map[string]bool
	seen     []map[string]string
	// loc is the site's zone (Europe/Rome).
	loc *time.Location
}

// NewWriter starts the bundle of s in dir, which must not exist yet. The
// pages are added with Add; s gives the settings, sections and filters.
func NewWriter(dir string, s *site.Site) (*Writer, error) {
	m := newWriterMapping()
	im, ok := m.(*mapping.IndexMappingImpl)
	var direct map[string]directField
	if ok && im.DefaultMapping != nil {
		direct = directFields(im)
	}
	for _, d := range direct {
		if d.opts.IncludeTermVectors() || d.opts.SkipFreqNorm() {
			// The segment keeps no positions, and every norm.
			direct = nil
			break
		}
	}
	if direct == nil {
		return nil, errors.New("indice di ricerca: mappatura dei campi non prevista")
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, m: m, direct: direct, seg: newSegmentBuilder(direct),
		fields: facetFields(s), closings: map[string]bool{}, loc: siteZone(s)}
	var err error
	if w.tmp, err = os.MkdirTemp(dir, ".build-"); err != nil {
		return nil, err
	}
	w.meta = newMeta(s)
	w.seen = make([]map[string]string, len(w.fields))
	for i := range w.seen {
		w.seen[i] = make(map[string]string)
	}
	return w, nil
}

// Add indexes one page, once: its Markdown must be converted, plain is
// its text.
func (w *Writer) Add(p *site.Page, plain string) error {
	data := document(withPlain(p, plain), w.loc, w.fields, w.seen)
	if fs, ok := data[fieldFilters].([]string); ok && len(fs) > 0 && strings.HasPrefix(fs[0], closesPrefix) {
		w.closings[fs[0]] = true
	}
	if err := w.seg.add(p.URL, data, w.direct); err != nil {
		return fmt.Errorf("indicizzazione di %s: %w", p.Display, err)
	}
	w.meta.Docs++
	return nil
}

// errWriterRemove is Remove's answer: a bundle is written from scratch.
var errWriterRemove = errors.New("indice di ricerca: il costruttore dell'indice non rimuove pagine (serve una costruzione completa)")

// Remove fails: the Writer writes every page once, and a full
// build, the only one that writes a bundle, has no page to remove.
func (w *Writer) Remove(url string) error { return errWriterRemove }

// Abort stops the writer and removes what it wrote.
func (w *Writer) Abort() {
	w.seg = nil
	_ = os.RemoveAll(w.dir)
}

// Commit writes the index, meta.json and the vocabulary.
func (w *Writer) Commit() (*Meta, error) {
	defer os.RemoveAll(w.tmp)
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

// closeIndex writes the index. bleve's offline builder writes the index's
// frame (index_meta.json, the mapping, root.bolt naming its one segment)
// around a segment of one empty document, which the site's segment then
// replaces: root.bolt names the segment's file and nothing of its
// content. A site without pages (all drafts) gets an empty index made
// the ordinary way, so that the search answers "nessun risultato".
func (w *Writer) closeIndex() error {
	path := filepath.Join(w.dir, IndexDir)
	if w.meta.Docs == 0 {
		if err := os.RemoveAll(path); err != nil {
			return err
		}
		idx, err := bleve.New(path, w.m)
		if err != nil {
			return err
		}
		return idx.Close()
	}
	next := filepath.Join(w.tmp, "segment.zap")
	if err := w.seg.write(next); err != nil {
		return err
	}
	first := w.seg.ids[0]
	w.seg = nil
	b, err := bleve.NewBuilder(path, w.m, map[string]any{"buildPathPrefix": w.tmp, "batchSize": 1})
	if err != nil {
		return err
	}
	if err := b.Index(first, map[string]any{}); err != nil {
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	segs, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil || len(segs) != 1 {
		return fmt.Errorf("indice di ricerca: %d segmenti dopo la costruzione (%v)", len(segs), err)
	}
	return os.Rename(next, segs[0])
}
