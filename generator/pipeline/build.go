// Package pipeline runs the generator's build, top to bottom:
//
//	load → check → assemble → plan addresses → convert Markdown (→ index) → layouts → render + write → index
//
// One entry point (run) serves a full build and the preview's rebuilds: it
// takes the previous build (none for a full build) and what changed, and
// each stage decides what of the previous build it can reuse (pipeline.go).
// Every stage reports into one diag.List; if any error remains after the
// checks, nothing is written. Output goes to a staging folder beside the
// destination (the recycled previous site, see staging) and is swapped in
// place only when everything succeeded, so a failed build leaves the
// previous site untouched.
package pipeline

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
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// Config says what to build and where.
type Config struct {
	// Root is the project folder holding schema.yaml, layouts/ and static/
	// (read through FS when it is set).
	Root string
	// Content is the Markdown folder (default Root/content; read through
	// FS when it is set).
	Content string
	// FS, when set, holds the project's files instead of the folders Root
	// and Content: schema.yaml, layouts/, static/, content/ and the files
	// of Extra, at those paths (see package project). Tests and fuzzing
	// build sites held in memory with it; Root and Content then only name
	// the files in messages.
	FS fs.FS
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
	// ("admin/decap-cms.js") → path of the file among the project's files
	// ("node_modules/decap-cms/dist/decap-cms.js"). The command line adds
	// the editing UI's script from node_modules (authoring.CMSBundle).
	Extra map[string]string
	// Bundle is the folder of the search bundle (the index, its meta and
	// what the results page is rendered with); "" builds none. The
	// command line's build writes it to Root/DefaultBundle. When the
	// build writes a site folder, the index itself goes there, as one
	// archive the bundle names (bundle.pack).
	Bundle string
	// MemoryBudget sets, once the pages are loaded, the process's soft
	// memory limit from their number (memory.go), unless GOMEMLIMIT or
	// GOGC is set: the command line's build and check. It changes the
	// whole process.
	MemoryBudget bool
	// IndexURLs are the addresses of the site, in order of preference,
	// that the search function fetches that archive from (recorded in
	// the bundle); the command line's build takes Netlify's DEPLOY_URL
	// and URL from the environment.
	IndexURLs []string

	// session is set by a Session: sources are kept (later builds report
	// on unchanged pages too), the render is keyed, and the build leaves
	// what the next one reuses. indexer, when set, starts the search
	// indexer a Session's build feeds (the preview's live index).
	session bool
	indexer func(*site.Site) search.Indexer
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
	// incrementally; incremental is set when the build reread only the
	// edited files.
	state       *state
	incremental bool
	// links are the addresses beyond the pages (preview.go).
	links *Links
}

// Stage is the timing of one pipeline stage.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Files returns the project's files: FS, or else the folders Root and
// Content.
func (cfg Config) Files() fs.FS {
	if cfg.FS != nil {
		return cfg.FS
	}
	return project.Dir(cfg.Root, cfg.Content)
}

// Run builds the site from scratch: the pipeline's entry point with no
// previous build. It returns an error only for failures that are not
// about the content (an unwritable folder, a broken layout); content
// problems are in Result.Diags, and Result.Diags.HasErrors() then means
// nothing was written.
func Run(cfg Config) (*Result, error) { return run(cfg, nil, changes{}) }

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
// names, see assets), the files of cfg.Extra and the content attachments
// to the output, reading them from cfg.FS.
func copyFiles(cfg Config, urls map[string]string, staticFiles []string, assets map[string]string, out render.Output) error {
	type job struct{ src, dst string }
	var jobs []job
	for _, f := range staticFiles {
		jobs = append(jobs, job{path.Join(project.Static, f), publishedName(f, assets)})
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
		data, err := fs.ReadFile(cfg.FS, path.Join(project.Content, f))
		if err != nil {
			return err
		}
		if err := out.WriteFile(strings.TrimPrefix(urls[f], "/"), data); err != nil {
			return err
		}
	}
	for _, j := range jobs {
		data, err := fs.ReadFile(cfg.FS, j.src)
		if err != nil {
			return err
		}
		if err := out.WriteFile(j.dst, data); err != nil {
			return err
		}
	}
	return nil
}

// listFiles returns the slash-separated paths of the regular files of
// fsys (none if its root does not exist), skipping hidden ones.
func listFiles(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "." {
				return fs.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// folder returns the folder name (project.Static, project.Content…) of
// the project's files.
func folder(files fs.FS, name string) fs.FS {
	sub, err := fs.Sub(files, name)
	if err != nil {
		panic(err) // a constant, valid name
	}
	return sub
}
