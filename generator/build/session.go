package build

import (
	"bytes"
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
	"cantiericomuni.it/banca/generator/site"
)

// Session builds the same project again and again, into memory, redoing
// only what changed files affect: it is the engine of the preview's live
// reload. Tell it what changed with Changed, then call Build.
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
	// copied names the files copied from static/ and content/ (the
	// rest are rendered).
	copied []string
	// rendered names the files rendered by a full build, until copied
	// is worked out from it.
	rendered map[string]bool
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

// Build builds the site at now. A result with errors (res.Diags) leaves
// the last good build in place; err is for failures not about content.
func (ss *Session) Build(now time.Time) (*Built, *Result, error) {
	cfg := ss.cfg
	cfg.Now = now
	if ss.last != nil && !ss.other && len(ss.pending) > 0 {
		b, res, ok, err := ss.incremental(cfg)
		if err != nil || ok {
			return b, res, err
		}
	}
	return ss.full(cfg)
}

// full builds everything, reusing the rendered files of the last build
// when only content changed.
func (ss *Session) full(cfg Config) (*Built, *Result, error) {
	prev := ss.last
	if prev != nil && !ss.other {
		cfg.reuse = &render.Reuse{Keys: prev.state.keys, Files: prev.Files}
	}
	out := &render.MemOutput{}
	cfg.Output = out
	res, err := Run(cfg)
	if err != nil || res.Diags.HasErrors() {
		return nil, res, err
	}
	files := out.Take()
	for name := range files {
		if !res.state.rendered[name] {
			res.state.copied = append(res.state.copied, name)
		}
	}
	res.state.rendered = nil
	b := &Built{Result: res, Files: files}
	ss.commit(b)
	return b, res, nil
}

// commit makes b the last good build.
func (ss *Session) commit(b *Built) {
	ss.last = b
	ss.pending = map[string]bool{}
	ss.other = false
}

// incremental rebuilds after edits of existing Markdown files. ok is
// false when the edits need a full build.
func (ss *Session) incremental(cfg Config) (b *Built, res *Result, ok bool, err error) {
	start := time.Now()
	prev := ss.last
	st := prev.state
	byFile := make(map[string]*content.Page, len(st.set.Pages))
	for _, p := range st.set.Pages {
		byFile[p.File] = p
	}
	fsys := folder(cfg.Files(), project.Content)
	for f := range ss.pending {
		if byFile[f] == nil || !strings.EqualFold(path.Ext(f), ".md") {
			return nil, nil, false, nil // a new file, an attachment, a folder
		}
		if fi, err := fs.Stat(fsys, f); err != nil || !fi.Mode().IsRegular() {
			return nil, nil, false, nil // deleted, or renamed away
		}
	}

	res = &Result{Diags: &diag.List{}}
	stage := func(name string, t time.Time) { res.Stages = append(res.Stages, Stage{name, time.Since(t)}) }
	t := time.Now()
	sch := prev.Site.Schema
	fileDiags, setDiags := &diag.List{}, &diag.List{}
	opts := content.Options{Prefix: displayPrefix(cfg), Now: cfg.Now}
	set := &content.Set{Files: st.set.Files, Pages: make([]*content.Page, 0, len(st.set.Pages))}
	var edited []*content.Page
	// bodyOnly stays set while every edit left the front matter as it
	// was: then the site keeps its shape (site.Replace).
	bodyOnly := true
	replaced := map[*content.Page]*content.Page{}
	for _, p := range st.set.Pages {
		if !ss.pending[p.File] {
			set.Pages = append(set.Pages, p)
			if l := st.fileDiags[p.Display]; l != nil {
				fileDiags.Append(l)
			}
			continue
		}
		np := content.LoadPage(fsys, p.File, sch, opts, fileDiags)
		if np == nil {
			continue // unusable: its error is in fileDiags
		}
		np.Attachments = p.Attachments
		set.Pages = append(set.Pages, np)
		edited = append(edited, np)
		replaced[p] = np
		if p.Source == nil || !bytes.Equal(np.Source[:np.BodyOffset], p.Source[:p.BodyOffset]) {
			bodyOnly = false
		}
	}
	stage("caricamento", t)

	var s *site.Site
	links := st.links
	if bodyOnly {
		// Only text changed: the cross-page checks, the site's shape and
		// its addresses stay those of the last build.
		t = time.Now()
		setDiags.Append(st.setDiags)
		s = prev.Site.Replace(replaced, cfg.Now)
		stage("assemblaggio", t)
	} else {
		t = time.Now()
		published := set.Published(cfg.Drafts)
		content.CheckSet(published, sch, setDiags)
		stage("controllo", t)

		t = time.Now()
		s = site.Assemble(published, sch, site.Options{Now: cfg.Now, Previous: prev.Site, Diags: setDiags})
		stage("assemblaggio", t)

		plan := render.Addresses(s)
		links = newLinkIndex(plan, s, st.attachments, st.staticFiles)
		if !maps.Equal(links.urls, st.links.urls) || !maps.Equal(links.files, st.links.files) {
			// An address appeared or went: links elsewhere may resolve
			// differently now.
			return nil, nil, false, nil
		}
		links.images = st.links.images
		checkAddresses(cfg, plan, s, set, st.staticFiles, st.renderer.Assets, setDiags)
	}
	res.Site = s
	t = time.Now()
	isEdited := make(map[*content.Page]bool, len(edited))
	for _, p := range edited {
		isEdited[p] = true
	}
	var convert []*site.Page
	for _, p := range s.Pages {
		if isEdited[p.Page] {
			convert = append(convert, p)
		}
	}
	if err := convertAll(convert, links, fileDiags, true, nil); err != nil {
		return nil, res, true, err
	}
	if cfg.BrokenLinksWarn {
		fileDiags.Demote(diag.LinkBroken, diag.FileLinkBroken)
	}
	res.Diags.Append(fileDiags)
	res.Diags.Append(setDiags)
	stage("markdown", t)
	if res.Diags.HasErrors() {
		res.Duration = time.Since(start)
		return nil, res, true, nil
	}

	t = time.Now()
	out := &render.MemOutput{}
	done, err := st.renderer.RenderReuse(s, out, &render.Reuse{Keys: st.keys, Files: prev.Files})
	if err != nil {
		if addDiagnostics(res.Diags, err) {
			res.Duration = time.Since(start)
			return nil, res, true, nil
		}
		return nil, res, true, err
	}
	// static/ and the attachments did not change, nor did the addresses
	// (which the full build checked against them): their bytes are
	// those of the last build.
	for _, name := range st.copied {
		_ = out.Keep(name, prev.Files[name])
	}
	stage("scrittura", t)

	res.Renderer, res.links = st.renderer, prev.links
	res.Rendered, res.Reused, res.RenderedNames = done.Rendered, done.Reused, done.Names
	res.state = &state{set: set, fileDiags: byFileDiags(fileDiags), setDiags: setDiags, links: links, renderer: st.renderer,
		keys: done.Keys, attachments: st.attachments, staticFiles: st.staticFiles, copied: st.copied}
	files := out.Take()
	res.Files = len(files)
	res.Duration = time.Since(start)
	b = &Built{Result: res, Files: files, Incremental: true}
	ss.commit(b)
	return b, res, true, nil
}

// byFileDiags groups diagnostics by the file they are about.
func byFileDiags(l *diag.List) map[string]*diag.List { return l.Split() }
