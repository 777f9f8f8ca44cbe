package pipeline

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// feed hands the pages of a build to a search.Indexer, on one goroutine,
// as the Markdown stage converts them: indexing overlaps conversion and
// rendering. The index stage hands over what is left (pages not converted
// again, pages gone) and waits for the commit.
type feed struct {
	ix    search.Indexer
	pages chan indexed
	done  chan error
	// cancelled is set by cancel before it closes pages.
	cancelled atomic.Bool
	// closing closes pages once: by handedAll, finish or cancel.
	closing sync.Once
	// copy is set when the build releases its pages' sources while the
	// indexer may still read them (a single build, not a Session) and
	// has no spill file to release them early.
	copy bool
	// spill, when set, holds the plain texts waiting for the indexer:
	// it is slower than the conversion, and the texts of a large site
	// would pile up in memory.
	spill *spill
	meta  *search.Meta
}

// indexed is a page on its way to the indexer with its plain text, or the
// address of a page gone (page nil).
type indexed struct {
	page  *site.Page
	plain string
	// spilled says where the plain text is in the spill file, when it
	// is there rather than in plain.
	spilled *span
	gone    string
}

// startFeed starts handing at most n pages or removals to ix. A single
// build (copyPages) passes its spill file, if it has one.
func startFeed(ix search.Indexer, n int, copyPages bool, sp *spill) *feed {
	f := &feed{ix: ix, pages: make(chan indexed, n), done: make(chan error, 1), copy: copyPages && sp == nil, spill: sp}
	go func() { f.done <- f.run() }()
	return f
}

// errCancelled ends the indexer of a build that will not be written.
var errCancelled = errors.New("indice di ricerca annullato")

// run hands over the pages until finish or cancel, then commits the
// index, or aborts it when cancelled or failed.
func (f *feed) run() error {
	var err error
	for in := range f.pages {
		if err == nil {
			err = f.hand(in)
		}
	}
	if err == nil && f.cancelled.Load() {
		err = errCancelled
	}
	if err != nil {
		_ = f.protect(func() error { f.ix.Abort(); return nil })
		return err
	}
	err = f.protect(func() (err error) {
		f.meta, err = f.ix.Commit()
		return err
	})
	f.ix = nil // its memory goes while the site renders
	return err
}

// hand gives one page or removal to the indexer.
func (f *feed) hand(in indexed) error {
	return f.protect(func() error {
		if in.page == nil {
			return f.ix.Remove(in.gone)
		}
		if in.spilled != nil {
			in.plain = f.spill.get(*in.spilled)
		}
		return f.ix.Add(in.page, in.plain)
	})
}

// protect runs g, turning a panic of the index library into an error.
func (f *feed) protect(g func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("errore interno: %v", v) // finish says "indice di ricerca"
		}
	}()
	return g()
}

// add hands a converted page and its plain text to the indexer. It is
// called by the goroutine that converted p, once p is released when the
// build has a spill file (nothing writes to p afterwards), the text going
// to the spill file; otherwise before anything else may write to p
// (Release): when the build releases pages, a shallow copy without the
// file's bytes, which the indexer does not read, is handed over instead,
// so the site's pages are never shared with the indexer.
func (f *feed) add(p *site.Page, plain string) {
	if f.spill != nil {
		sp := f.spill.put(plain)
		f.pages <- indexed{page: p, spilled: &sp}
		return
	}
	if f.copy {
		cp := *p.Page
		cp.Plain = plain
		cp.Source, cp.Body, cp.Front = nil, nil, nil
		sp := *p
		sp.Page = &cp
		p = &sp
	}
	f.pages <- indexed{page: p, plain: plain}
}

// remove hands the address of a page gone from the site to the indexer.
func (f *feed) remove(url string) { f.pages <- indexed{gone: url} }

// handedAll says that nothing more will be handed over: the indexer commits
// as soon as it has taken the pages it has, while the build goes on. A
// full build calls it once the Markdown stage has handed every page, so
// that the index is written, and its memory let go, while the site
// renders, not after.
func (f *feed) handedAll() { f.closing.Do(func() { close(f.pages) }) }

// finish waits for the indexer to take every page and commit.
func (f *feed) finish() error {
	f.handedAll()
	if err := <-f.done; err != nil {
		return fmt.Errorf("indice di ricerca: %w", err)
	}
	return nil
}

// cancel stops the indexer of a build that will not be written: what it
// was handed is dropped.
func (f *feed) cancel() {
	f.cancelled.Store(true)
	f.handedAll()
	<-f.done
}
