package search

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// Live is a search index that follows a site as it changes: the preview
// syncs it after every rebuild, and only the pages whose source changed
// (or that appeared or went) are indexed again. It answers searches like
// an index opened from a bundle.
type Live struct {
	mu  sync.Mutex
	idx bleve.Index
	m   mapping.IndexMapping
	// vocab is the vocabulary of the last Sync, and words the number of
	// words it was made from.
	vocab  *vocabulary
	words  int
	docs   map[string]liveDoc // by page address
	fields string             // the filter groups the docs were made with
	// schema, terms and meta are those of the last Sync.
	schema *schema.Schema
	terms  uint64
	meta   *Meta
}

// liveDoc is what Live remembers of one indexed page.
type liveDoc struct {
	key uint64
	// page is the loaded page the document was last checked against.
	page    *content.Page
	opts    [][]Option // the page's values of each filter group
	closing string
}

// liveBatch bounds the pages indexed in one batch.
const liveBatch = 500

var liveSeed = maphash.MakeSeed()

// NewLive creates an empty live index in dir, a folder of its own that
// the caller removes after Close.
func NewLive(dir string) (*Live, error) {
	// Batches are not synced to disk: the index lives as long as the
	// preview, and is rebuilt if the process dies.
	m := newMapping()
	idx, err := bleve.NewUsing(filepath.Join(dir, IndexDir), m, bleve.Config.DefaultIndexType,
		bleve.Config.DefaultKVStore, map[string]any{"unsafe_batch": true})
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	return &Live{idx: idx, m: m, docs: map[string]liveDoc{}}, nil
}

// Sync brings the index in line with s and returns it ready for searches
// (its Close does not close the live index). updated counts the pages
// indexed or removed. A page whose loaded content is the one indexed last
// time is not looked at again, unless the names of the terms changed.
func (l *Live) Sync(s *site.Site) (ix *Index, updated int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fields := facetFields(s)
	var sig strings.Builder
	for _, f := range fields {
		sig.WriteString(f.facet.Key + "\x00")
	}
	metaDirty := s.Schema != l.schema
	if sig.String() != l.fields {
		// Other filter groups: every document changes.
		l.fields = sig.String()
		clear(l.docs)
		metaDirty = true
	}
	l.schema = s.Schema
	terms := termsKey(s)
	sameTerms := terms == l.terms
	l.terms = terms

	// A deadline closes at an instant of the site's zone: another zone,
	// other documents.
	zone := siteZone(s).String()
	batch := l.idx.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		err := l.idx.Batch(batch)
		// A new batch, not Reset: scorch's analysis goroutines may still
		// be reading the old one when Batch returns.
		batch = l.idx.NewBatch()
		return err
	}
	scratch := make([]map[string]string, len(fields))
	for i := range scratch {
		scratch[i] = map[string]string{}
	}
	for _, p := range s.Pages {
		old, had := l.docs[p.URL]
		if had && old.page == p.Page && sameTerms {
			continue
		}
		key := docKey(p, sourceKey(p), zone)
		if had && old.key == key {
			old.page = p.Page
			l.docs[p.URL] = old
			continue
		}
		data := document(p, siteZone(s), fields, scratch)
		d := liveDoc{key: key, page: p.Page, opts: make([][]Option, len(fields))}
		for i, f := range fields {
			for _, o := range f.values(p) {
				if o.Value != "" {
					d.opts[i] = append(d.opts[i], o)
				}
			}
		}
		if fs, ok := data[fieldFilters].([]string); ok && len(fs) > 0 && strings.HasPrefix(fs[0], closesPrefix) {
			d.closing = fs[0]
		}
		if !had || d.closing != old.closing || !slices.EqualFunc(d.opts, old.opts, slices.Equal[[]Option]) {
			metaDirty = true
		}
		if err := batch.Index(p.URL, data); err != nil {
			return nil, updated, fmt.Errorf("indicizzazione di %s: %w", p.Display, err)
		}
		l.docs[p.URL] = d
		updated++
		if batch.Size() >= liveBatch {
			if err := flush(); err != nil {
				return nil, updated, err
			}
		}
	}
	if len(l.docs) > len(s.Pages) {
		// Every page of s is indexed now: the others are gone.
		present := make(map[string]bool, len(s.Pages))
		for _, p := range s.Pages {
			present[p.URL] = true
		}
		for url := range l.docs {
			if !present[url] {
				batch.Delete(url)
				delete(l.docs, url)
				updated++
				metaDirty = true
			}
		}
	}
	if err := flush(); err != nil {
		return nil, updated, err
	}

	var meta *Meta
	if metaDirty || l.meta == nil {
		meta = l.newMeta(s, fields)
	} else {
		// The same filters and counts of closing dates: only the build
		// instant moves.
		m := *l.meta
		m.Built = s.Now
		meta = &m
	}
	l.meta = meta
	// The vocabulary grows with the words of the pages indexed; it keeps
	// those of pages since changed or gone, harmless in a preview.
	if words := vocabularySize(l.m); l.vocab == nil || words != l.words {
		l.vocab, l.words = newVocabulary(vocabularyOf(l.m)), words
	}
	return &Index{Meta: meta, idx: l.idx, loc: meta.Location(), vocab: l.vocab, shared: true}, updated, nil
}

// newMeta describes the index from the documents' filter values.
func (l *Live) newMeta(s *site.Site, fields []facetField) *Meta {
	meta := newMeta(s)
	seen := make([]map[string]string, len(fields))
	for i := range seen {
		seen[i] = map[string]string{}
	}
	closings := map[string]bool{}
	for _, p := range s.Pages { // in site order: the labels do not depend on map order
		d := l.docs[p.URL]
		for i, opts := range d.opts {
			for _, o := range opts {
				if _, ok := seen[i][o.Value]; !ok {
					seen[i][o.Value] = o.Label
				}
			}
		}
		if d.closing != "" {
			closings[d.closing] = true
		}
	}
	meta.Docs = len(l.docs)
	finishMeta(meta, fields, seen, len(closings))
	return meta
}

// termsKey hashes the names of every term: a document shows the names of
// its terms, and a cantiere's name is its page's title.
func termsKey(s *site.Site) uint64 {
	var h maphash.Hash
	h.SetSeed(liveSeed)
	for _, tax := range s.Taxonomies {
		for _, t := range tax.Terms {
			h.WriteString(t.Slug)
			h.WriteByte(0)
			h.WriteString(t.Name)
			h.WriteByte(0)
		}
	}
	return h.Sum64()
}

// sourceKey hashes what the document of p takes from its own file: the
// source, the converted text and the summary.
func sourceKey(p *site.Page) uint64 {
	var h maphash.Hash
	h.SetSeed(liveSeed)
	fmt.Fprintf(&h, "%d\x00%s\x00", p.Hash, p.Summary)
	h.WriteString(p.Plain)
	return h.Sum64()
}

// docKey identifies what the document of p is made from: its source (src,
// from sourceKey), the site's zone, its address and section, and the names
// of its terms (a cantiere's name comes from the cantiere's page).
func docKey(p *site.Page, src uint64, zone string) uint64 {
	var h maphash.Hash
	h.SetSeed(liveSeed)
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], src)
	h.Write(b[:])
	h.WriteString(zone)
	h.WriteByte(0)
	h.WriteString(p.URL)
	h.WriteByte(0)
	h.WriteString(p.Section.Key)
	for _, g := range p.Terms {
		for _, t := range g.Terms {
			h.WriteByte(0)
			h.WriteString(t.Slug)
			h.WriteByte(0)
			h.WriteString(t.Name)
		}
	}
	return h.Sum64()
}

// Close closes the live index.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.idx.Close()
}
