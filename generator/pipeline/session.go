package pipeline

import (
	"path/filepath"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// Session builds the same project again and again, into memory, redoing
// only what changed files affect: it is the engine of the preview's live
// reload. Tell it what changed with Changed, then call Build, which runs
// the pipeline of Run with the last good build (pipeline.go): each stage
// decides what of it to reuse.
//
// A build is incremental when only Markdown files that already existed
// were edited, and the edit moved no address (no new or removed page,
// slug, draft flag, alias or page count that other pages could link to):
// then only the edited files are read and converted again, the related
// pages are reused when no term changed, and only the files whose inputs
// changed are rendered (render.Reuse). Any other change (a new, deleted
// or renamed file, layouts/, static/, schema.yaml) makes a full build,
// which still reuses the unchanged rendered files when only content/
// changed. Either way the files are those of a full build from scratch;
// the tests compare them byte for byte.
//
// A build with errors changes nothing: the last good build stays, and the
// files that failed stay marked as changed for the next attempt.
// A Session is not safe for concurrent use.
type Session struct {
	cfg  Config
	last *Built
	// pending are the content-relative files changed since the last
	// good build; other is set when something outside content/ changed.
	pending map[string]bool
	other   bool
}

// Built is one good build of a Session.
type Built struct {
	*Result
	// Files holds every file of the site, by slash-separated name.
	Files map[string][]byte
	// Incremental is set when the build reread only the changed files.
	Incremental bool
}

// state is what a Session keeps of a build for the next one.
type state struct {
	set         *content.Set
	fileDiags   map[string]*diag.List // by displayed file name
	setDiags    *diag.List            // of the cross-page checks
	links       *linkIndex
	renderer    *render.Renderer
	keys        map[string]uint64
	attachments map[string]string
	staticFiles []string
	assets      map[string]string
	// copied names the files copied from static/ and content/ (the
	// rest are rendered).
	copied []string
}

// NewSession returns a session building cfg into memory (cfg.Output,
// cfg.Out and cfg.Bundle are ignored).
func NewSession(cfg Config) *Session {
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Content == "" {
		cfg.Content = filepath.Join(cfg.Root, "content")
	}
	cfg.Output, cfg.Bundle, cfg.Check, cfg.session = nil, "", false, true
	return &Session{cfg: cfg, pending: map[string]bool{}}
}

// Last returns the last good build, nil before the first.
func (ss *Session) Last() *Built { return ss.last }

// Changed records that the file or folder at name (a path on disk) was
// written, created, removed or renamed.
func (ss *Session) Changed(name string) {
	if rel, ok := within(ss.cfg.Content, name); ok && rel != "." {
		ss.pending[rel] = true
		return
	}
	ss.other = true
}

// within returns name relative to dir when it lies inside it.
func within(dir, name string) (string, bool) {
	ad, err1 := filepath.Abs(dir)
	an, err2 := filepath.Abs(name)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(ad, an)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// IndexWith makes the session's builds feed the live search index l: each
// good build commits its pages to it (search.Live).
func (ss *Session) IndexWith(l *search.Live) { ss.cfg.indexer = l.Begin }

// Build builds the site at now: the pipeline's entry point with the last
// good build and what changed since. A result with errors (res.Diags)
// leaves the last good build in place; err is for failures not about
// content.
func (ss *Session) Build(now time.Time) (*Built, *Result, error) {
	cfg := ss.cfg
	cfg.Now = now
	out := &render.MemOutput{}
	cfg.Output = out
	res, err := run(cfg, ss.last, changes{files: ss.pending, other: ss.other})
	if err != nil || res.Diags.HasErrors() {
		return nil, res, err
	}
	files := out.Take()
	res.Files = len(files)
	b := &Built{Result: res, Files: files, Incremental: res.incremental}
	ss.last = b
	ss.pending = map[string]bool{}
	ss.other = false
	return b, res, nil
}
