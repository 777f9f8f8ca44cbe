// Package preview renders one page as the site will show it while a net
// weaver edits it in the editing UI (Decap CMS at /admin/), with the
// diagnostics the build would give: the same loader, checks, assembly,
// Markdown conversion and layouts as the build, run on the page being
// edited within the site around it.
//
// The site around it is a Site: the schema, the layouts, every other page
// (as loaded: front matter and summary are enough) and the addresses of
// static files and attachments. `serve` takes it from its last build
// (FromBuild); the Netlify function from a bundle the build writes
// (WriteBundle, LoadBundle). Handler answers the editing UI's requests.
package preview

import (
	"bytes"
	"strings"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// contentPrefix is how content files are named in messages, as the build
// names them from the project's root.
const contentPrefix = "content"

// Site is the site around the page being previewed. It does not change
// once made, and is safe for concurrent use.
type Site struct {
	Schema   *schema.Schema
	Renderer *render.Renderer
	// Links are the addresses of static files and attachments.
	Links *pipeline.Links
	// pages are the site's pages, as loaded; the previewed page replaces
	// the one with its file.
	pages []*content.Page
}

// FromBuild returns the site of a build, for the preview of its pages.
// The build's pages are shared, not copied: a preview never changes them.
func FromBuild(res *pipeline.Result) *Site {
	s := &Site{Renderer: res.Renderer, Links: res.Links()}
	if res.Site != nil {
		s.Schema = res.Site.Schema
		s.pages = make([]*content.Page, len(res.Site.Pages))
		for i, p := range res.Site.Pages {
			s.pages[i] = p.Page
		}
	}
	return s
}

// Pages returns how many pages the site has besides the one previewed.
func (s *Site) Pages() int { return len(s.pages) }

// links returns the site's links with media among the static files.
func (s *Site) links(media []string) *pipeline.Links {
	if len(media) == 0 {
		return s.Links
	}
	l := &pipeline.Links{}
	if s.Links != nil {
		c := *s.Links
		l = &c
	}
	l.Static = append([]string(nil), l.Static...)
	for _, m := range media {
		if m = strings.TrimPrefix(m, "/"); m != "" && !strings.Contains(m, "..") {
			l.Static = append(l.Static, m)
		}
	}
	return l
}

// Result is the preview of one page.
type Result struct {
	// File is the page's content-relative file, URL its address.
	File, URL string
	// HTML is the page as the site will show it, nil when the page could
	// not be read at all (Diags say why).
	HTML []byte
	// Diags are the problems the build would report, sorted; with errors
	// among them the page cannot be published as it is.
	Diags []diag.Diagnostic
}

// Render previews the page whose file (content-relative, opportunita/x.md)
// holds src, at the instant now: it is loaded and checked as the build
// loads every file, checked with the rest of the site (addresses, cantieri),
// assembled with it (status, terms, related pages), converted with its
// links resolved against the site's addresses, and rendered with the
// site's layouts. Drafts are shown, marked as such.
// media lists site paths of files uploaded with the page and not
// published yet ("/img/foto.jpg"): links to them are not broken.
func (s *Site) Render(file string, src []byte, now time.Time, media ...string) *Result {
	res := &Result{File: file}
	diags := &diag.List{}
	fsys := fstest.MapFS{file: &fstest.MapFile{Data: src}}
	page := content.LoadPage(fsys, file, s.Schema, content.Options{Prefix: contentPrefix}, diags)
	if page == nil {
		res.Diags = diags.All()
		return res
	}
	res.URL = page.URL

	// The site with this version of the page instead of the last one;
	// the checks that need every page report, among others, an address
	// already taken by another page.
	pages := make([]*content.Page, 0, len(s.pages)+1)
	for _, p := range s.pages {
		if p.File != file {
			pages = append(pages, p)
		}
	}
	content.CheckSet(append(pages, page), s.Schema, diags)
	// A page cannot show within a site that has another at its address:
	// that other one (reported above) stays out.
	shown := pages[:0:0]
	for _, p := range pages {
		if p.URL != page.URL {
			shown = append(shown, p)
		}
	}
	// Of the references' problems, those of this page (the others' were
	// the site's, already built).
	refs := &diag.List{}
	st := site.Assemble(append(shown, page), s.Schema, site.Options{Now: now, Diags: refs})
	for _, d := range refs.All() {
		if d.File == page.Display {
			diags.Add(d)
		}
	}
	sp := st.Page(page.URL)
	if sp == nil || sp.Page != page {
		res.Diags = diags.All()
		return res
	}
	if err := pipeline.ConvertPage(st, sp, s.links(media), diags); err != nil {
		// A bug tripped by this text: say so, as the build would.
		diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: sp.Display, Pos: diag.Pos{Line: 1},
			Message: "il testo non si può convertire: " + err.Error()})
		res.Diags = diags.All()
		return res
	}
	var buf bytes.Buffer
	if err := s.Renderer.RenderPage(&buf, st, sp); err != nil {
		diags.Add(diag.Diagnostic{Code: diag.LayoutInvalid, File: "layouts",
			Message: "la pagina non si può mostrare: " + err.Error()})
	} else {
		res.HTML = buf.Bytes()
	}
	res.Diags = diags.All()
	return res
}
