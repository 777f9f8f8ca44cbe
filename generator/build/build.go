// Package build runs the generator's pipeline, top to bottom:
//
//	load → check → assemble → convert Markdown → render + index → write
//
// Every stage reports into one diag.List; if any error remains after the
// checks, nothing is written. Output goes to a staging folder beside the
// destination (the recycled previous site, see staging) and is swapped in
// place only when everything succeeded, so a failed build leaves the
// previous site untouched.
package build

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// Config says what to build and where.
type Config struct {
	// Root is the project folder holding schema.yaml, layouts/ and static/.
	Root string
	// Content is the Markdown folder (default Root/content).
	Content string
	// ContentFS, when set, is read instead of the Content folder (tests
	// and fuzzing build sites held in memory).
	ContentFS fs.FS
	// Out is the output folder (default Root/public). Ignored when Output is set.
	Out string
	// Output, when set, receives the files instead of Out (the dev server
	// keeps the site in memory). Static files and attachments go there too.
	Output render.Output
	// Check validates and renders without writing anything.
	Check bool
	// BrokenLinksWarn turns broken internal links into warnings.
	BrokenLinksWarn bool
	// Drafts includes draft pages (the preview).
	Drafts bool
	// Now is the build instant (default time.Now()).
	Now time.Time
	// Progress, when set, receives a line per stage once the build has
	// taken more than a second.
	Progress io.Writer
	// Fingerprint publishes the stylesheets and scripts of static/css and
	// static/js under names carrying a hash of their bytes, and only
	// under those (assets.go). The build and check commands set it; the
	// preview does not.
	Fingerprint bool
	// Extra lists files published beside static/ as they are: site path
	// ("admin/decap-cms.js") → file. The command line adds the editing
	// UI's script from node_modules (authoring.CMSBundle).
	Extra map[string]string
	// Bundle is the folder of the search bundle (the index, its meta and
	// what the results page is rendered with); "" builds none. The
	// command line's build writes it to Root/DefaultBundle.
	Bundle string

	// session is set by a Session: sources are kept (later builds report
	// on unchanged pages too), the render is keyed, and reuse, when set,
	// holds the files of the previous build to copy where nothing changed.
	session bool
	reuse   *render.Reuse
}

// Result reports what a build did.
type Result struct {
	Diags *diag.List
	Site  *site.Site
	// Files is the number of files written (or that would be, for Check).
	Files int
	// Bytes is the number of bytes of the site.
	Bytes int64
	// Unchanged counts the files that already held the same bytes and
	// were left alone.
	Unchanged int
	Duration  time.Duration
	// Stages lists the time spent in each stage, in order.
	Stages []Stage
	// Search describes the search index built, nil when none was.
	Search *search.Meta
	// Renderer holds the layouts the site was rendered with (nil when
	// they could not be parsed): the development server renders the
	// search results page with it.
	Renderer *render.Renderer
	// Rendered says how many files were rendered and how many reused
	// (builds of a Session only), RenderedNames which.
	Rendered, Reused int
	RenderedNames    []string
	// state is what a Session keeps of a build to do the next one
	// incrementally.
	state *state
	// links are the addresses beyond the pages (preview.go).
	links *Links
}

// Stage is the timing of one pipeline stage.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Run builds the site. It returns an error only for failures that are not
// about the content (an unwritable folder, a broken layout); content
// problems are in Result.Diags, and Result.Diags.HasErrors() then means
// nothing was written.
func Run(cfg Config) (*Result, error) {
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
	res := &Result{Diags: &diag.List{}}
	prog := newProgress(cfg.Progress, start)
	defer prog.stop()
	stage := func(name string, f func() error) error {
		t := time.Now()
		prog.set(name)
		err := runStage(name, f)
		res.Stages = append(res.Stages, Stage{name, time.Since(t)})
		return err
	}

	var sch *schema.Schema
	var set *content.Set
	var published []*content.Page
	// Diagnostics of single files (loading, Markdown) and of the set
	// (cross-page checks) are kept apart for Session, then merged.
	fileDiags, setDiags := &diag.List{}, &diag.List{}
	err := stage("caricamento", func() error {
		var err error
		sch, err = schema.Load(filepath.Join(cfg.Root, "schema.yaml"))
		if err != nil {
			return err
		}
		if cfg.ContentFS == nil {
			if st, err := os.Stat(cfg.Content); err != nil || !st.IsDir() {
				return fmt.Errorf("la cartella dei contenuti %s non esiste", cfg.Content)
			}
			cfg.ContentFS = os.DirFS(cfg.Content)
		}
		set = content.Load(cfg.ContentFS, sch, content.Options{Prefix: displayPrefix(cfg), Now: cfg.Now}, fileDiags)
		return nil
	})
	if err != nil {
		// A broken schema.yaml is reported as the content's problems are.
		if addDiagnostics(res.Diags, err) {
			res.Duration = time.Since(start)
			return res, nil
		}
		return res, err
	}
	err = stage("controllo", func() error {
		published = set.Published(cfg.Drafts)
		content.CheckSet(published, sch, setDiags)
		return nil
	})
	if err != nil {
		return res, err
	}
	var s *site.Site
	err = stage("assemblaggio", func() error {
		s = site.Assemble(published, sch, site.Options{Now: cfg.Now})
		res.Site = s
		return nil
	})
	if err != nil {
		return res, err
	}
	var attachments map[string]string // content file → site path
	var links *linkIndex
	staticFiles, err := listFiles(filepath.Join(cfg.Root, "static"))
	if err != nil {
		return res, err
	}
	var assets map[string]string
	if cfg.Fingerprint {
		if assets, err = fingerprints(filepath.Join(cfg.Root, "static"), staticFiles); err != nil {
			return res, err
		}
	}
	err = stage("indirizzi", func() error {
		checkAddresses(cfg, s, set, staticFiles, assets, setDiags)
		return nil
	})
	if err != nil {
		return res, err
	}
	// The search index is built page by page as the Markdown is
	// converted, and finished while the site is rendered.
	var bnd *bundle
	if cfg.Bundle != "" {
		if bnd, err = startBundle(cfg.Root, cfg.Bundle, s); err != nil {
			return res, err
		}
		bnd.assets = assets
	}
	cancelBundle := func() {
		if bnd != nil {
			bnd.cancel()
			bnd = nil
		}
	}
	err = stage("markdown", func() error {
		attachments = attachmentURLs(s, set)
		links = newLinkIndex(s, attachments, publishedNames(staticFiles, assets))
		links.images = newImageSizes(cfg.ContentFS, filepath.Join(cfg.Root, "static"), attachments, staticFiles)
		res.links = &Links{Static: publishedNames(staticFiles, assets), Attachments: attachments, images: links.images}
		var converted func(*site.Page, string)
		if bnd != nil {
			converted = bnd.add
		}
		// A Session keeps each page's plain text (the preview's live
		// index reads it); a single build hands it to the indexer only,
		// so that the site is the same with or without a bundle.
		err := convertAll(s.Pages, links, fileDiags, cfg.session, converted)
		if !cfg.session {
			for _, p := range set.Pages {
				p.Release()
			}
		}
		return err
	})
	if err != nil {
		cancelBundle()
		return res, err
	}
	if cfg.BrokenLinksWarn {
		fileDiags.Demote(diag.LinkBroken, diag.FileLinkBroken)
	}
	res.Diags.Append(fileDiags)
	res.Diags.Append(setDiags)
	var r *render.Renderer
	err = stage("modelli", func() error {
		var err error
		r, err = render.New(os.DirFS(filepath.Join(cfg.Root, "layouts")))
		if r != nil {
			r.SearchStart = search.StartView
			r.Assets = assets
		}
		res.Renderer = r
		return err
	})
	if err != nil {
		// Broken layouts are reported with the content's problems.
		if !addDiagnostics(res.Diags, err) {
			cancelBundle()
			return res, err
		}
	}
	if res.Diags.HasErrors() {
		cancelBundle()
		res.Duration = time.Since(start)
		return res, nil
	}

	var out render.Output
	var st *staging
	var dir *dirOutput
	var disc *discard
	switch {
	case cfg.Output != nil:
		out = cfg.Output
	case cfg.Check:
		disc = &discard{}
		out = disc
	default:
		st, err = newStaging(cfg.Out)
		if err != nil {
			cancelBundle()
			return res, fmt.Errorf("impossibile preparare la cartella di uscita: %w", err)
		}
		dir = newDirOutput(st.tmp, st.old)
		out = dir
	}
	err = stage("scrittura", func() error {
		rec := &recorder{Output: out, names: map[string]bool{}}
		if cfg.session {
			done, err := r.RenderReuse(s, rec, cfg.reuse)
			if err != nil {
				return err
			}
			res.Rendered, res.Reused, res.RenderedNames = done.Rendered, done.Reused, done.Names
			res.state = &state{set: set, fileDiags: byFileDiags(fileDiags), setDiags: setDiags, links: links, renderer: r,
				keys: done.Keys, attachments: attachments, staticFiles: staticFiles, rendered: rec.names}
		} else if err := r.Render(s, rec); err != nil {
			return err
		}
		// Copied files may never replace a generated one.
		return copyFiles(cfg, attachments, staticFiles, assets, guard{out, rec.names})
	})
	if bnd != nil {
		// The indexer is waited for even when writing failed, so that
		// its goroutine ends; both errors are reported.
		err = errors.Join(err, stage("indice", bnd.finish))
	}
	if err == nil && st != nil {
		err = st.commit(dir)
	}
	if err == nil && bnd != nil {
		err = bnd.commit()
		res.Search = bnd.meta
	}
	if err != nil {
		if st != nil {
			st.abort()
		}
		if bnd != nil {
			bnd.abort()
		}
		// A layout failing on a page is reported with the content's
		// problems: nothing was written.
		if addDiagnostics(res.Diags, err) {
			res.Duration = time.Since(start)
			return res, nil
		}
		return res, err
	}
	switch {
	case dir != nil:
		res.Files, res.Bytes = int(dir.files.Load()), dir.bytes.Load()
		res.Unchanged = int(dir.unchanged.Load())
	case disc != nil:
		res.Files = int(disc.files.Load())
	}
	res.Duration = time.Since(start)
	return res, nil
}

// addDiagnostics adds the diagnostics err carries (one, or several joined
// with errors.Join) to l, and reports whether it carried any.
func addDiagnostics(l *diag.List, err error) bool {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		found := false
		for _, e := range joined.Unwrap() {
			found = addDiagnostics(l, e) || found
		}
		return found
	}
	var d diag.Diagnostic
	if errors.As(err, &d) {
		l.Add(d)
		return true
	}
	return false
}

// displayPrefix is how content paths are shown in messages: relative to
// the working folder when possible.
func displayPrefix(cfg Config) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, cfg.Content); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(cfg.Content)
}

// newLinkIndex lists every address the site will have.
func newLinkIndex(s *site.Site, attachments map[string]string, staticFiles []string) *linkIndex {
	idx := &linkIndex{byFile: map[string]*site.Page{}, urls: map[string]bool{"/": true}, files: map[string]string{}}
	size := s.Config.PageSize
	pager := func(base string, n int) {
		idx.urls[base] = true
		idx.urls[base+"index.xml"] = true
		for i := 2; i <= (n+size-1)/size; i++ {
			idx.urls[fmt.Sprintf("%spage/%d/", base, i)] = true
		}
	}
	for _, p := range s.Pages {
		idx.byFile[p.File] = p
		idx.urls[p.URL] = true
		if c := p.Section.Schema.Calendar; c != nil {
			if _, ok := p.Params.Date(c.Start); ok {
				idx.urls[p.URL+c.File+".ics"] = true
			}
		}
	}
	for _, sec := range s.Sections {
		pager(sec.URL, len(sec.Pages))
		if c := sec.Schema.Calendar; c != nil {
			base := sec.URL
			if base == "" {
				base = "/" + sec.Key + "/"
			}
			idx.urls[base+c.All+".ics"] = true
		}
	}
	for _, t := range s.Taxonomies {
		idx.urls[t.URL] = true
		for _, term := range t.Terms {
			pager(term.URL, len(term.Pages))
		}
	}
	for _, u := range []string{"/index.xml", "/sitemap.xml", "/robots.txt", "/404.html"} {
		idx.urls[u] = true
	}
	for _, f := range staticFiles {
		idx.urls["/"+f] = true
	}
	for f, u := range attachments {
		idx.files[f] = u
		idx.urls[u] = true
	}
	return idx
}

// attachmentURLs maps every non-Markdown content file to its site path:
// beside its page for bundles (following the page's slug), at the same
// path otherwise. Files of draft bundles are left out.
func attachmentURLs(s *site.Site, set *content.Set) map[string]string {
	out := map[string]string{}
	owned := map[string]bool{}
	for _, cp := range set.Pages {
		for _, f := range cp.Attachments {
			owned[f] = true
			if p := s.Page(cp.URL); p != nil && p.Page == cp {
				out[f] = cp.URL + strings.TrimPrefix(f, path.Dir(cp.File)+"/")
			}
		}
	}
	for _, f := range set.Files {
		if !owned[f] {
			out[f] = "/" + f
		}
	}
	return out
}

// recorder notes the names written through it.
type recorder struct {
	render.Output
	mu    sync.Mutex
	names map[string]bool
}

func (r *recorder) WriteFile(name string, data []byte) error {
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
	return r.Output.WriteFile(name, data)
}

// Keep passes on render.Keeper.
func (r *recorder) Keep(name string, data []byte) error {
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
	if k, ok := r.Output.(render.Keeper); ok {
		return k.Keep(name, data)
	}
	return r.Output.WriteFile(name, data)
}

// guard refuses to write over a name in taken.
type guard struct {
	render.Output
	taken map[string]bool
}

func (g guard) WriteFile(name string, data []byte) error {
	if g.taken[name] {
		return fmt.Errorf("il file %s di static/ o di content/ prenderebbe il posto di un file generato: rinominalo", name)
	}
	return g.Output.WriteFile(name, data)
}

// copyFiles copies static/ (the fingerprinted files under their new
// names, see assets) and the content attachments to the output.
func copyFiles(cfg Config, urls map[string]string, staticFiles []string, assets map[string]string, out render.Output) error {
	type job struct{ src, dst string }
	var jobs []job
	for _, f := range staticFiles {
		jobs = append(jobs, job{filepath.Join(cfg.Root, "static", filepath.FromSlash(f)), publishedName(f, assets)})
	}
	for dst, src := range cfg.Extra {
		jobs = append(jobs, job{src, dst})
	}
	keys := make([]string, 0, len(urls))
	for f := range urls {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	for _, f := range keys {
		data, err := fs.ReadFile(cfg.ContentFS, f)
		if err != nil {
			return err
		}
		if err := out.WriteFile(strings.TrimPrefix(urls[f], "/"), data); err != nil {
			return err
		}
	}
	for _, j := range jobs {
		data, err := os.ReadFile(j.src)
		if err != nil {
			return err
		}
		if err := out.WriteFile(j.dst, data); err != nil {
			return err
		}
	}
	return nil
}

// listFiles returns the slash-separated paths of the regular files under
// dir (none if dir does not exist), skipping hidden ones.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}
