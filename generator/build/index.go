package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"

	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// DefaultBundle is where the build writes the search bundle, relative to
// the project root: inside the Netlify function's package, which embeds it
// (go:embed cannot reach outside the package's folder).
const DefaultBundle = "generator/functions/search/bundle"

// bundleReadme is written into every bundle: the folder is committed with
// this file only, so that the function compiles on a fresh clone.
const bundleReadme = `# Search bundle (generated)

Written by ` + "`go run ./generator build`" + `: the bleve index of the site (index/),
its description (meta.json), and the layouts, schema and fingerprinted
asset names (assets.json) that the search results page is rendered with.
The Netlify function embeds this folder. Only this README is committed;
everything else is rebuilt on every build.
`

// bundle is a search bundle being built beside its destination, swapped
// in by commit only when the whole build succeeded. Pages are indexed by
// one goroutine as the Markdown stage hands them over, so that indexing
// overlaps conversion and rendering.
type bundle struct {
	// files are the project's files (layouts and schema are copied).
	files    fs.FS
	dst, tmp string
	meta     *search.Meta
	pages    chan indexed
	done     chan error
	// cancelled is set by cancel before it closes pages.
	cancelled atomic.Bool
	// assets are the fingerprinted names of static files (nil for none),
	// written as assets.json for the results page.
	assets map[string]string
}

// startBundle starts indexing s into a new folder beside dst; add hands
// it the pages, finish completes it.
func startBundle(files fs.FS, dst string, s *site.Site) (*bundle, error) {
	abs, err := filepath.Abs(dst)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	b := &bundle{files: files, dst: abs, tmp: abs + ".tmp-" + randomSuffix(),
		pages: make(chan indexed, len(s.Pages)), done: make(chan error, 1)}
	w, err := search.NewWriter(b.tmp, s)
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	go func() { b.done <- b.index(w) }()
	return b, nil
}

// errCancelled ends the indexer of a build that will not be written.
var errCancelled = errors.New("indice di ricerca annullato")

// index adds the pages handed over by add until finish or cancel, then
// completes the index, or removes it when cancelled or failed. A panic of
// the index library becomes an error.
func (b *bundle) index(w *search.Writer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("errore interno: %v", v) // finish says "indice di ricerca"
		}
	}()
	for in := range b.pages {
		if err == nil {
			err = w.Add(in.page)
		}
	}
	if err == nil && b.cancelled.Load() {
		err = errCancelled
	}
	if err != nil {
		w.Abort()
		return err
	}
	b.meta, err = w.Close()
	return err
}

// indexed is a converted page on its way to the indexer: a shallow copy
// of it carrying its plain text, which the site's page does not keep in a
// single build. The site's pages are then never written to by the
// indexer while the site is rendered, and the text goes once indexed.
type indexed struct{ page *site.Page }

// add hands a converted page and its plain text to the indexer. It is
// called by the goroutine that converted p, before anything else may
// write to p (Release), so the copy is taken safely; the copy leaves out
// the file's bytes, which the indexer does not read.
func (b *bundle) add(p *site.Page, plain string) {
	cp := *p.Page
	cp.Plain = plain
	cp.Source, cp.Body, cp.Front = nil, nil, nil
	sp := *p
	sp.Page = &cp
	b.pages <- indexed{&sp}
}

// finish waits for the index and completes the bundle with the layouts
// and schema the results page is rendered with.
func (b *bundle) finish() error {
	close(b.pages)
	err := <-b.done
	if err == nil {
		err = os.CopyFS(filepath.Join(b.tmp, project.Layouts), folder(b.files, project.Layouts))
	}
	if err == nil {
		err = copyFile(b.files, project.Schema, filepath.Join(b.tmp, project.Schema))
	}
	if err == nil && b.assets != nil {
		err = writeAssets(b.tmp, b.assets)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(b.tmp, "README.md"), []byte(bundleReadme), 0o644)
	}
	if err != nil {
		return fmt.Errorf("indice di ricerca: %w", err)
	}
	return nil
}

// cancel stops the indexer of a build that will not be written.
func (b *bundle) cancel() {
	b.cancelled.Store(true)
	close(b.pages)
	<-b.done
	b.abort()
}

// commit replaces the destination with the new bundle.
func (b *bundle) commit() error {
	old := b.dst + ".old-" + randomSuffix()
	moved := false
	if _, err := os.Lstat(b.dst); err == nil {
		if err := os.Rename(b.dst, old); err != nil {
			return fmt.Errorf("impossibile sostituire %s: %w", b.dst, err)
		}
		moved = true
	}
	if err := os.Rename(b.tmp, b.dst); err != nil {
		if moved {
			_ = os.Rename(old, b.dst)
		}
		return fmt.Errorf("impossibile sostituire %s: %w", b.dst, err)
	}
	if moved {
		return os.RemoveAll(old)
	}
	return nil
}

// abort removes the new bundle, leaving the destination as it was.
func (b *bundle) abort() { _ = os.RemoveAll(b.tmp) }

// copyFile copies the file src of fsys to the file dst on disk.
func copyFile(fsys fs.FS, src, dst string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
