// Package render writes the assembled site: one HTML file per page, section
// and term (paginated), the home, the cantiere hubs, the RSS feeds, the
// sitemap, the iCalendar files of the deadlines, robots.txt, 404.html and the
// redirects of the aliases.
//
// The layouts are html/template files parsed once by New: base.html holds
// the skeleton of every page and calls {{template "main" .}}, which each
// page kind defines in its own file (home.html, page.html, list.html,
// taxonomy.html, term.html, hub.html, 404.html); layouts/partials/*.html hold
// shared {{define}} blocks. Every layout receives a *View.
//
// Render computes what a page shows once per page (an Entry: its dates in
// Italian, its status badge, its byline) and renders the files concurrently,
// one worker per processor, each reusing its own buffer. What many files
// show alike is rendered once per build and reused through View.Cached:
// each page's card in the lists, the header and footer of every page
// (frame.go: one per page kind and place, one per page the footer links),
// a list's filters on each of its pages, the feeds and site links of
// <head>, the start of breadcrumbs, a page's groups of terms and its
// suggestions; View.CachedEach joins those of a whole list in one call.
package render

import (
	"bytes"
	"errors"
	"html/template"
	"runtime"
	"sync"
	"sync/atomic"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/search/results"
	"cantiericomuni.it/banca/generator/site"
)

// Output receives the rendered files.
type Output interface {
	// WriteFile stores data under name, a slash-separated path relative
	// to the output root ("opportunita/bando-x/index.html"). It must be
	// safe for concurrent use and must not keep data after it returns:
	// the caller reuses the buffer.
	WriteFile(name string, data []byte) error
}

var _ Output = (*MemOutput)(nil)

// Keeper is an Output that can also store bytes it may keep: bytes that
// nobody will modify, such as the files of an earlier render. It spares
// a copy of every file that an incremental render reuses. Optional: an
// Output without it gets WriteFile.
type Keeper interface {
	Keep(name string, data []byte) error
}

// keep stores data in out, without a copy when out can keep it.
func keep(out Output, name string, data []byte) error {
	if k, ok := out.(Keeper); ok {
		return k.Keep(name, data)
	}
	return out.WriteFile(name, data)
}

// Keep stores data under name without copying it: data must never be
// modified afterwards.
func (m *MemOutput) Keep(name string, data []byte) error {
	m.mu.Lock()
	if m.files == nil {
		m.files = make(map[string][]byte)
	}
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// MemOutput keeps the rendered files in memory, for tests and the
// development server. The zero value is ready to use.
type MemOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile stores a copy of data under name.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	c := bytes.Clone(data)
	if c == nil {
		c = []byte{}
	}
	m.mu.Lock()
	if m.files == nil {
		m.files = make(map[string][]byte)
	}
	m.files[name] = c
	m.mu.Unlock()
	return nil
}

// Take returns the files written, by name, and empties m: the caller owns
// the map (no copy is made).
func (m *MemOutput) Take() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.files
	m.files = nil
	if out == nil {
		out = map[string][]byte{}
	}
	return out
}

// Files returns the files written so far, by name. The map is a copy; the
// contents are shared and must not be modified.
func (m *MemOutput) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string][]byte, len(m.files))
	for k, v := range m.files {
		out[k] = v
	}
	return out
}

// Renderer holds the parsed layouts. It is safe for concurrent use: one
// Renderer can render many sites at once (the development server rebuilds
// while serving).
type Renderer struct {
	// kinds maps a page kind ("home", "page", …) to its layout set, whose
	// entry template is base.html.
	kinds map[string]*template.Template
	// SearchStart, when set, gives what the search page written by the
	// build shows before any search: the filters with their counts. The
	// search package provides it (render cannot import it).
	SearchStart func(*site.Site) *results.View
	// Assets maps the site path of a fingerprinted file to the name it is
	// published under ("/css/main.css" → "/css/main.3f2a9c1b.css"); layouts
	// ask for it with {{.Asset "/css/main.css"}} (assets.go). Nil publishes
	// every file under its own name. Part of the Renderer like the
	// layouts: a changed asset needs a new Renderer.
	Assets map[string]string

	// sources holds the text of every layout file, by name relative to
	// layouts/, to quote the line of a layout that fails (execerror.go).
	sources map[string][]byte

	// sourceVer caches, per loaded page, the hash of what a page's
	// version is made of that costs most to hash (reuse.go).
	verMu     sync.Mutex
	sourceVer map[*content.Page]sourceVersions
}

// Render writes the whole site to out. It stops at the first error and
// returns it; files already written stay written.
func (r *Renderer) Render(s *site.Site, out Output) error {
	if s == nil {
		return errors.New("render: nessun sito da generare")
	}
	rn := newRun(r, s)
	jobs, err := rn.plan()
	if err != nil {
		return err
	}
	return rn.explain(runJobs(jobs, out))
}

// job is one file to write.
type job struct {
	// file is the output name, relative to the root.
	file string
	// url is the page's site path when the file is an HTML page listed
	// in the sitemap, "" otherwise; lastmod its date when it is a document.
	url     string
	lastmod string
	// kind is the layout of an HTML page ("list", "hub"), "" for other files.
	kind  string
	write func(buf *bytes.Buffer) error
	// key is the hash of everything the file shows (reuse.go), 0 when
	// the file is always rendered.
	key uint64
}

// runJobs renders the jobs with one worker per processor. Each worker
// reuses one buffer; jobs are taken in order through an atomic counter.
func runJobs(jobs []job, out Output) error {
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var (
		next   atomic.Int64
		failed atomic.Bool
		mu     sync.Mutex
		first  error
		wg     sync.WaitGroup
	)
	firstAt := len(jobs)
	// The error reported is that of the first job in order that failed,
	// whichever worker got there first: every job before it was taken,
	// and has finished once the workers are done.
	fail := func(i int, err error) {
		mu.Lock()
		if i < firstAt {
			first, firstAt = err, i
		}
		mu.Unlock()
		failed.Store(true)
	}
	for range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				j := &jobs[i]
				buf.Reset()
				if err := j.write(&buf); err != nil {
					fail(i, &Error{File: j.file, Err: err})
					return
				}
				if err := out.WriteFile(j.file, buf.Bytes()); err != nil {
					fail(i, &Error{File: j.file, Err: err})
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// Error is a failure to render or write one file.
type Error struct {
	// File is the output file, relative to the output root.
	File string
	Err  error
}

// Error says which file could not be written, in Italian.
func (e *Error) Error() string {
	return "impossibile generare " + e.File + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

var errNotList = errors.New("first: serve una lista")
