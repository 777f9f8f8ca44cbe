package search

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// Live is a search index that follows a site as it changes: the preview's
// Indexer. Each build of the preview starts a round with Begin, hands it
// every page, and commits it when the build succeeded; only the pages
// whose source changed (or that appeared or went) are indexed again. It
// answers searches like an index opened from a bundle (Current).
type Live struct {
	mu  sync.Mutex
	idx bleve.Index
	m   mapping.IndexMapping
	// vocab is the vocabulary of the last commit, and words the number
	// of words it was made from.
	vocab  *vocabulary
	words  int
	docs   map[string]liveDoc // by page address
	fields string             // the filter groups the docs were made with
	// schema, terms and meta are those of the last commit.
	schema *schema.Schema
	terms  uint64
	meta   *Meta
	// current is the index as the last commit left it, nil before it.
	current *Index
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

// Current returns the index as the last commit left it, ready for
// searches (its Close does not close the live index); nil before the
// first commit.
func (l *Live) Current() *Index {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.current
}

// liveBuild is one round of a Live index: the Indexer of one build of the
// preview. What it is handed waits in batches until Commit. Rounds do not
// overlap: the preview builds one site at a time.
type liveBuild struct {
	l      *Live
	s      *site.Site
	fields []facetField
	sig    string
	// reset is set when the filter groups changed: every document is
	// made again.
	reset     bool
	terms     uint64
	sameTerms bool
	// zone is the site's zone: a deadline closes at an instant of it.
	zone    string
	loc     *time.Location
	scratch []map[string]string
	// full are the batches filled, batch the one being filled.
	full  []*bleve.Batch
	batch *bleve.Batch
	// eager is set on the first round, when nothing is served from the
	// index yet: full batches are applied at once rather than held until
	// the commit (10k pages held at once cost about 500 MB), and applied
	// lists their documents, which an abort deletes again.
	eager   bool
	applied []string
	// docs and removed are what the commit records of the documents.
	docs      map[string]liveDoc
	removed   []string
	metaDirty bool
}

// Begin starts the round of one build of s: its pages are handed to the
// returned Indexer, then committed.
func (l *Live) Begin(s *site.Site) Indexer {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := &liveBuild{l: l, s: s, fields: facetFields(s), loc: siteZone(s), batch: l.idx.NewBatch(),
		docs: map[string]liveDoc{}}
	var sig strings.Builder
	for _, f := range b.fields {
		sig.WriteString(f.facet.Key + "\x00")
	}
	b.sig = sig.String()
	b.metaDirty = s.Schema != l.schema
	if b.sig != l.fields {
		// Other filter groups: every document changes.
		b.reset, b.metaDirty = true, true
	}
	b.eager = l.current == nil
	b.terms = termsKey(s)
	b.sameTerms = b.terms == l.terms
	b.zone = b.loc.String()
	b.scratch = make([]map[string]string, len(b.fields))
	for i := range b.scratch {
		b.scratch[i] = map[string]string{}
	}
	return b
}

// Add indexes p unless the document at its address was made from the
// same source, terms and zone. A page whose loaded content is the one
// indexed last time is not looked at again, unless the names of the terms
// changed.
func (b *liveBuild) Add(p *site.Page, plain string) error {
	p = withPlain(p, plain)
	var old liveDoc
	had := false
	if !b.reset {
		old, had = b.l.docs[p.URL]
	}
	if had && old.page == p.Page && b.sameTerms {
		return nil
	}
	key := docKey(p, sourceKey(p), b.zone)
	if had && old.key == key {
		old.page = p.Page
		b.docs[p.URL] = old
		return nil
	}
	data := document(p, b.loc, b.fields, b.scratch)
	d := liveDoc{key: key, page: p.Page, opts: make([][]Option, len(b.fields))}
	for i, f := range b.fields {
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
		b.metaDirty = true
	}
	if err := b.batch.Index(p.URL, data); err != nil {
		return fmt.Errorf("indicizzazione di %s: %w", p.Display, err)
	}
	b.docs[p.URL] = d
	if b.eager {
		b.applied = append(b.applied, p.URL)
	}
	return b.next()
}

// Remove deletes the document at url.
func (b *liveBuild) Remove(url string) error {
	b.batch.Delete(url)
	b.removed = append(b.removed, url)
	b.metaDirty = true
	return b.next()
}

// next starts a new batch when the current one is full, applying the
// full one on the first round (eager) and keeping it for the commit
// otherwise.
func (b *liveBuild) next() error {
	if b.batch.Size() < liveBatch {
		return nil
	}
	if b.eager {
		if err := b.l.idx.Batch(b.batch); err != nil {
			return fmt.Errorf("indice di ricerca dell'anteprima: %w", err)
		}
	} else {
		b.full = append(b.full, b.batch)
	}
	b.batch = b.l.idx.NewBatch()
	return nil
}

// Commit applies the round to the index and makes it Current.
func (b *liveBuild) Commit() (*Meta, error) {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.reset {
		clear(l.docs)
	}
	// The documents are recorded before the batches run: should one
	// fail, the next round makes again what they hold.
	for url, d := range b.docs {
		l.docs[url] = d
	}
	for _, url := range b.removed {
		delete(l.docs, url)
	}
	l.fields, l.schema, l.terms = b.sig, b.s.Schema, b.terms
	for _, batch := range append(b.full, b.batch) {
		if batch.Size() == 0 {
			continue
		}
		if err := l.idx.Batch(batch); err != nil {
			clear(l.docs) // unknown state: everything is indexed again
			l.meta = nil
			return nil, err
		}
	}
	b.full, b.batch = nil, nil
	s := b.s
	var meta *Meta
	if b.metaDirty || l.meta == nil {
		meta = l.newMeta(s, b.fields)
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
	l.current = &Index{Meta: meta, idx: l.idx, loc: meta.Location(), vocab: l.vocab, shared: true}
	return meta, nil
}

// Abort drops the round: the index stays as the last commit left it (on
// the first round, the documents already applied are deleted again).
func (b *liveBuild) Abort() {
	if len(b.applied) > 0 {
		del := b.l.idx.NewBatch()
		for _, url := range b.applied {
			del.Delete(url)
		}
		_ = b.l.idx.Batch(del) // on failure the next round indexes every page again
	}
	b.full, b.batch, b.docs, b.applied = nil, nil, nil, nil
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
