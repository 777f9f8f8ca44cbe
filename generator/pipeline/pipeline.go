package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// changes says what changed since the previous build.
type changes struct {
	// files are the content-relative paths written, created, removed or
	// renamed.
	files map[string]bool
	// other is set when something outside content/ changed (layouts/,
	// static/, schema.yaml): nothing rendered before can be reused.
	other bool
	// reload makes the load stage read every file again (the edits moved
	// an address).
	reload bool
}

// stage is one named step of the pipeline. It reads and fills the
// buildState, and decides by itself what of the previous build it can
// reuse. when, if set, says whether the stage has anything to do.
type stage struct {
	name string
	run  func(*buildState) error
	when func(*buildState) bool
}

// stages is the pipeline, top to bottom: load, check, assemble, plan the
// addresses, convert the Markdown (feeding the index), parse the layouts,
// render and write, finish the index. The names are those --stages prints.
var stages = []stage{
	{name: "caricamento", run: (*buildState).load},
	{name: "controllo", run: (*buildState).check},
	{name: "assemblaggio", run: (*buildState).assemble},
	{name: "indirizzi", run: (*buildState).plan},
	{name: "markdown", run: (*buildState).convert},
	{name: "modelli", run: (*buildState).layouts},
	{name: "scrittura", run: (*buildState).write},
	{name: "indice", run: (*buildState).index, when: (*buildState).indexing},
}

// errReload is returned by a stage that finds the previous build's pages
// cannot be reused after all: the build starts again reading every file.
var errReload = errors.New("le modifiche spostano un indirizzo: si rilegge tutto")

// buildState is one build on its way through the stages.
type buildState struct {
	cfg Config
	// prev is the previous good build (a Session's), nil for a build
	// from scratch; changed is what changed since.
	prev    *Built
	changed changes
	res     *Result

	// edits is set when only Markdown files that prev loaded were
	// edited: only they are read and converted again. bodyOnly is set
	// when, moreover, no front matter changed: the site keeps its shape.
	edits, bodyOnly bool
	// replaced maps each edited page of prev to its new version.
	replaced map[*content.Page]*content.Page

	// content is the content folder of the project's files.
	content   fs.FS
	sch       *schema.Schema
	set       *content.Set
	published []*content.Page
	// fileDiags are the diagnostics of single files (loading, Markdown),
	// setDiags those of the cross-page checks: a Session keeps them
	// apart, to report on unchanged files without reading them again.
	fileDiags, setDiags *diag.List
	s                   *site.Site

	staticFiles []string
	assets      map[string]string
	attachments map[string]string // content file → site path
	links       *linkIndex

	// converted are the pages the Markdown stage converted (and handed
	// to the indexer).
	converted []*site.Page
	feed      *feed
	// spill keeps the HTML and plain text of a single build's pages on
	// disk between the Markdown stage and their use (spill.go).
	spill  *spill
	bundle *bundle
	meta   *search.Meta

	r *render.Renderer
	// The outputs: the staging folder of public/ and its writer, or the
	// counter of check.
	st   *staging
	dir  *dirOutput
	disc *discard

	// stopped ends the build without error: the content has errors, and
	// nothing is written.
	stopped bool
}

// run is the one entry point of the pipeline: it builds cfg, reusing what
// it can of prev, the previous good build (nil for a build from scratch),
// given what changed since. A full build is run with no previous build;
// a Session's rebuild with its last one.
func run(cfg Config, prev *Built, ch changes) (*Result, error) {
	start := time.Now()
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Content == "" {
		cfg.Content = filepath.Join(cfg.Root, "content")
	}
	if cfg.Out == "" {
		cfg.Out = filepath.Join(cfg.Root, "public")
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	cfg.FS = cfg.Files()
	b := &buildState{cfg: cfg, prev: prev, changed: ch, res: &Result{Diags: &diag.List{}},
		fileDiags: &diag.List{}, setDiags: &diag.List{}, content: folder(cfg.FS, project.Content)}
	prog := newProgress(cfg.Progress, start)
	err := b.runStages(prog)
	if err == nil && !b.stopped {
		err = b.commit()
	}
	prog.stop()
	if err != nil || b.stopped {
		b.abort()
	}
	if b.spill != nil {
		b.spill.close()
		if b.s != nil {
			b.s.Contents = nil // the file is gone: nothing more to read
		}
	}
	if errors.Is(err, errReload) {
		return run(cfg, prev, changes{other: ch.other, reload: true})
	}
	b.res.Duration = time.Since(start)
	// Broken layouts, a layout failing on a page, a broken schema.yaml
	// are reported as the content's problems are: nothing was written.
	if err != nil && addDiagnostics(b.res.Diags, err) {
		return b.res, nil
	}
	return b.res, err
}

// runStages runs the stages in order until one fails or stops the build.
func (b *buildState) runStages(prog *progress) error {
	for _, st := range stages {
		if st.when != nil && !st.when(b) {
			continue
		}
		t := time.Now()
		prog.set(st.name)
		err := runStage(st.name, func() error { return st.run(b) })
		b.res.Stages = append(b.res.Stages, Stage{st.name, time.Since(t)})
		if err != nil || b.stopped {
			return err
		}
	}
	return nil
}

// onlyEdits reports whether every change is an edit of a Markdown file the
// previous build loaded and that is still there: then only those files
// are read again. A new, deleted or renamed file, an attachment, a folder
// or a change outside content/ makes the whole content be read again.
func (b *buildState) onlyEdits() bool {
	if b.prev == nil || b.changed.other || b.changed.reload || len(b.changed.files) == 0 {
		return false
	}
	loaded := make(map[string]bool, len(b.prev.state.set.Pages))
	for _, p := range b.prev.state.set.Pages {
		loaded[p.File] = true
	}
	for f := range b.changed.files {
		if !loaded[f] || !strings.EqualFold(path.Ext(f), ".md") {
			return false
		}
		if fi, err := fs.Stat(b.content, f); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// load reads schema.yaml and content/, or, when only pages were edited,
// the edited pages beside the others of the previous build.
func (b *buildState) load() error {
	cfg := &b.cfg
	if b.edits = b.onlyEdits(); b.edits {
		b.loadEdits()
		return nil
	}
	var err error
	if b.sch, err = schema.LoadFS(cfg.FS, project.Schema, filepath.Join(cfg.Root, project.Schema)); err != nil {
		return err
	}
	if st, err := fs.Stat(cfg.FS, project.Content); err != nil || !st.IsDir() {
		return fmt.Errorf("la cartella dei contenuti %s non esiste", cfg.Content)
	}
	// A single build lets go of each file's bytes once it is checked,
	// and reads it again to convert it: its memory does not grow with
	// the text of the site. A Session keeps them to rebuild fast.
	b.set = content.Load(b.content, b.sch, content.Options{Prefix: displayPrefix(*cfg), Now: cfg.Now, Offload: !cfg.session}, b.fileDiags)
	b.set.Synonyms = search.LoadSynonyms(b.content, displayPrefix(*cfg), b.fileDiags)
	if cfg.MemoryBudget && !cfg.session {
		setMemoryBudget(len(b.set.Pages))
	}
	return nil
}

// loadEdits reads the edited pages again and takes the others, with their
// diagnostics, from the previous build.
func (b *buildState) loadEdits() {
	st := b.prev.state
	b.sch = b.prev.Site.Schema
	opts := content.Options{Prefix: displayPrefix(b.cfg), Now: b.cfg.Now}
	b.set = &content.Set{Files: st.set.Files, Synonyms: st.set.Synonyms, Pages: make([]*content.Page, 0, len(st.set.Pages))}
	b.bodyOnly = true
	b.replaced = map[*content.Page]*content.Page{}
	for _, p := range st.set.Pages {
		if !b.changed.files[p.File] {
			b.set.Pages = append(b.set.Pages, p)
			if l := st.fileDiags[p.Display]; l != nil {
				b.fileDiags.Append(l)
			}
			continue
		}
		np := content.LoadPage(b.content, p.File, b.sch, opts, b.fileDiags)
		if np == nil {
			continue // unusable: its error is in fileDiags
		}
		np.Attachments = p.Attachments
		b.set.Pages = append(b.set.Pages, np)
		b.replaced[p] = np
		if p.Source == nil || !bytes.Equal(np.Source[:np.BodyOffset], p.Source[:p.BodyOffset]) {
			b.bodyOnly = false
		}
	}
}

// check runs the cross-page checks; when only text was edited, their
// findings are those of the previous build.
func (b *buildState) check() error {
	if b.edits && b.bodyOnly {
		b.setDiags.Append(b.prev.state.setDiags)
		return nil
	}
	b.published = b.set.Published(b.cfg.Drafts)
	content.CheckSet(b.published, b.sch, b.setDiags)
	return nil
}

// assemble makes the site: sections, terms, hubs, statuses, related
// pages. When only text was edited, the previous site takes in the new
// texts (site.Replace); after other edits, the previous site lends its
// related pages where nothing changed them.
func (b *buildState) assemble() error {
	switch {
	case b.edits && b.bodyOnly:
		b.s = b.prev.Site.Replace(b.replaced, b.cfg.Now)
	case b.edits:
		b.s = site.Assemble(b.published, b.sch, site.Options{Now: b.cfg.Now, Previous: b.prev.Site, Diags: b.setDiags})
	default:
		b.s = site.Assemble(b.published, b.sch, site.Options{Now: b.cfg.Now, Diags: b.setDiags})
	}
	b.s.Synonyms = b.set.Synonyms
	b.res.Site = b.s
	return nil
}

// plan works out every address the site will have (render.Addresses),
// checks them, and indexes them for the links of the Markdown. Edits keep
// the previous static files and attachments; if they moved an address,
// links elsewhere may resolve differently: the build starts again.
func (b *buildState) plan() error {
	if b.edits {
		st := b.prev.state
		b.staticFiles, b.assets, b.attachments = st.staticFiles, st.assets, st.attachments
		b.res.links = b.prev.links
		if b.bodyOnly {
			b.links = st.links
			return nil
		}
		plan := render.Addresses(b.s)
		links := newLinkIndex(plan, b.s, st.attachments, publishedNames(st.staticFiles, st.assets))
		if !maps.Equal(links.urls, st.links.urls) || !maps.Equal(links.files, st.links.files) {
			return errReload
		}
		links.images = st.links.images
		b.links = links
		checkAddresses(b.cfg, plan, b.s, b.set, st.staticFiles, st.assets, b.setDiags)
		return nil
	}
	static := folder(b.cfg.FS, project.Static)
	var err error
	if b.staticFiles, err = listFiles(static); err != nil {
		return err
	}
	if b.cfg.Fingerprint {
		if b.assets, err = fingerprints(static, b.staticFiles); err != nil {
			return err
		}
	}
	// What the render will write, planned once: the addresses checked
	// here and the links of the Markdown stage both read it.
	plan := render.Addresses(b.s)
	checkAddresses(b.cfg, plan, b.s, b.set, b.staticFiles, b.assets, b.setDiags)
	b.attachments = attachmentURLs(b.s, b.set)
	published := publishedNames(b.staticFiles, b.assets)
	b.links = newLinkIndex(plan, b.s, b.attachments, published)
	b.links.images = newImageSizes(b.content, static, b.attachments, b.staticFiles)
	b.res.links = &Links{Static: published, Attachments: b.attachments, images: b.links.images}
	return nil
}

// convert converts the Markdown of every page, or of the edited ones, and
// hands each converted page to the search indexer.
func (b *buildState) convert() error {
	if !b.cfg.session {
		// Without a spill file (no temporary folder) the HTML stays in
		// memory: slower to collect, but the build goes on.
		b.spill, _ = newSpill()
	}
	if err := b.startIndex(); err != nil {
		return err
	}
	b.converted = b.s.Pages
	if b.edits {
		edited := make(map[*content.Page]bool, len(b.replaced))
		for _, np := range b.replaced {
			edited[np] = true
		}
		b.converted = nil
		for _, p := range b.s.Pages {
			if edited[p.Page] {
				b.converted = append(b.converted, p)
			}
		}
	}
	// A Session keeps each page's source, HTML and plain text (the next
	// build reuses them); a single build keeps the HTML on disk until the
	// page is written and hands the text to the indexer only, so that the
	// site is the same with or without an index.
	opts := convertOptions{keepPlain: b.cfg.session, spill: b.spill}
	if b.feed != nil {
		opts.converted = b.feed.add
	}
	err := convertAll(b.converted, b.links, b.fileDiags, opts)
	if !b.cfg.session {
		for _, p := range b.set.Pages {
			if p.Source != nil { // not converted (a draft), or no spill
				p.Release()
			}
		}
	}
	if b.spill != nil {
		b.s.Contents = b.spill
	}
	if err != nil {
		return err
	}
	if b.cfg.BrokenLinksWarn {
		b.fileDiags.Demote(diag.LinkBroken, diag.FileLinkBroken)
	}
	b.res.Diags.Append(b.fileDiags)
	b.res.Diags.Append(b.setDiags)
	if b.feed != nil && b.prev == nil && len(b.converted) == len(b.s.Pages) && !b.res.Diags.HasErrors() {
		b.feed.handedAll() // the index stage has nothing left to hand
	}
	return nil
}

// startIndex starts the indexer the build feeds: a bundle's writer, or
// the preview's live index.
func (b *buildState) startIndex() error {
	var ix search.Indexer
	switch {
	case b.cfg.Bundle != "":
		bnd, err := newBundle(b.cfg.FS, b.cfg.Bundle, b.assets, b.cfg.IndexURLs)
		if err != nil {
			return err
		}
		b.bundle = bnd
		if ix, err = bnd.writer(b.s); err != nil {
			return err
		}
	case b.cfg.indexer != nil:
		ix = b.cfg.indexer(b.s)
	default:
		return nil
	}
	n := len(b.s.Pages)
	if b.prev != nil {
		n += len(b.prev.Site.Pages)
	}
	b.feed = startFeed(ix, n, !b.cfg.session, b.spill)
	return nil
}

// layouts parses the layouts, or takes those of the previous build when
// only pages were edited. A build whose content has errors stops here.
func (b *buildState) layouts() error {
	if b.edits {
		b.r = b.prev.state.renderer
		b.res.Renderer = b.r
	} else {
		var err error
		b.r, err = render.New(folder(b.cfg.FS, project.Layouts))
		if b.r != nil {
			b.r.SearchStart = search.StartView
			b.r.Assets = b.assets
		}
		b.res.Renderer = b.r
		if err != nil {
			return err
		}
	}
	b.stopped = b.res.Diags.HasErrors()
	return nil
}

// write renders the site and copies static/ and the attachments: into
// cfg.Output, a counter (check), or the staging folder of public/. A
// Session's build renders only the files whose inputs changed, and when
// only pages were edited takes the copied files from the previous build.
func (b *buildState) write() error {
	var out render.Output
	switch {
	case b.cfg.Output != nil:
		out = b.cfg.Output
	case b.cfg.Check:
		b.disc = &discard{}
		out = b.disc
	default:
		var err error
		if b.st, err = newStaging(b.cfg.Out); err != nil {
			return fmt.Errorf("impossibile preparare la cartella di uscita: %w", err)
		}
		b.dir = newDirOutput(b.st.tmp, b.st.old)
		b.dir.prior = b.st.prior
		out = b.dir
	}
	// The names rendered are noted for the copies below, which may not
	// take them; edits copy nothing new.
	rec := &recorder{Output: out, names: map[string]bool{}}
	target := render.Output(rec)
	if b.edits {
		target = out
	}
	var done *render.Rendered
	var err error
	switch {
	case !b.cfg.session:
		err = b.r.Render(b.s, target)
	case b.prev != nil && !b.changed.other:
		done, err = b.r.RenderReuse(b.s, target, &render.Reuse{Keys: b.prev.state.keys, Files: b.prev.Files})
	default:
		done, err = b.r.RenderReuse(b.s, target, nil)
	}
	if err == nil && b.spill != nil {
		err = b.spill.err()
	}
	if err != nil {
		return err
	}
	var copied []string
	if b.edits {
		// static/ and the attachments did not change, nor did the
		// addresses (which the last full load checked against them):
		// their bytes are those of the previous build.
		copied = b.prev.state.copied
		for _, name := range copied {
			if err := keep(out, name, b.prev.Files[name]); err != nil {
				return err
			}
		}
	} else {
		// Copied files may never replace a generated one.
		copies := &recorder{Output: out, names: map[string]bool{}}
		if err := copyFiles(b.cfg, b.attachments, b.staticFiles, b.assets, guard{copies, rec.names}); err != nil {
			return err
		}
		for name := range copies.names {
			copied = append(copied, name)
		}
	}
	if b.cfg.session {
		b.res.Rendered, b.res.Reused, b.res.RenderedNames = done.Rendered, done.Reused, done.Names
		b.res.incremental = b.edits
		b.res.state = &state{set: b.set, fileDiags: b.fileDiags.Split(), setDiags: b.setDiags, links: b.links,
			renderer: b.r, keys: done.Keys, attachments: b.attachments, staticFiles: b.staticFiles,
			assets: b.assets, copied: copied}
	}
	return nil
}

// indexing reports whether the build feeds a search index.
func (b *buildState) indexing() bool { return b.feed != nil }

// index hands the indexer the pages not converted again (it skips those
// it holds already) and the addresses of the pages gone, then waits for
// the index to be committed, and completes the bundle.
func (b *buildState) index() error {
	if len(b.converted) < len(b.s.Pages) {
		handed := make(map[*site.Page]bool, len(b.converted))
		for _, p := range b.converted {
			handed[p] = true
		}
		for _, p := range b.s.Pages {
			if !handed[p] {
				b.feed.add(p, p.Plain)
			}
		}
	}
	if b.prev != nil {
		for _, p := range b.prev.Site.Pages {
			if b.s.Page(p.URL) == nil {
				b.feed.remove(p.URL)
			}
		}
	}
	f := b.feed
	b.feed = nil
	if err := f.finish(); err != nil {
		return err
	}
	b.meta = f.meta
	if b.spill != nil {
		if err := b.spill.err(); err != nil {
			return err
		}
	}
	if b.bundle != nil {
		return b.bundle.complete(b.dir)
	}
	return nil
}

// commit swaps the new site and search bundle in, once every stage
// succeeded, and counts what was written.
func (b *buildState) commit() error {
	if b.st != nil {
		if err := b.st.commit(b.dir); err != nil {
			return err
		}
	}
	if b.bundle != nil {
		if err := b.bundle.commit(); err != nil {
			return err
		}
	}
	b.res.Search = b.meta
	switch {
	case b.dir != nil:
		b.res.Files, b.res.Bytes = int(b.dir.files.Load()), b.dir.bytes.Load()
		b.res.Unchanged = int(b.dir.unchanged.Load())
	case b.disc != nil:
		b.res.Files = int(b.disc.files.Load())
	}
	return nil
}

// abort undoes a build that failed or stopped: the indexer drops what it
// was given, and neither public/ nor the search bundle is touched.
func (b *buildState) abort() {
	if b.feed != nil {
		b.feed.cancel()
		b.feed = nil
	}
	if b.st != nil {
		b.st.abort()
	}
	if b.bundle != nil {
		b.bundle.abort()
	}
}
