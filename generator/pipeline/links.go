package pipeline

import (
	"net/url"
	"path"
	"strings"

	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/site"
)

// linkIndex knows every address the site will have, to resolve and check
// the links written in Markdown.
type linkIndex struct {
	// pages by content-relative file ("pratiche/orti.md", "pratiche/x/index.md").
	byFile map[string]*site.Page
	// urls holds every site path that will exist: pages, every file of
	// the render's plan (render.Addresses), static files and copied
	// attachments.
	urls map[string]bool
	// files maps a content-relative non-Markdown file to its site path.
	files map[string]string
	// images reads the size of the image at a site path (nil: unknown).
	images *imageSizes
}

// newLinkIndex lists every address the site will have: its pages, every
// file the render plans (lists and their pages, feeds, calendars, the
// search page: plan, of s), the published files of static/ and the
// attachments.
func newLinkIndex(plan *render.Plan, s *site.Site, attachments map[string]string, staticFiles []string) *linkIndex {
	idx := &linkIndex{byFile: make(map[string]*site.Page, len(s.Pages)), urls: make(map[string]bool, len(plan.Files)+len(staticFiles)+len(attachments)),
		files: make(map[string]string, len(attachments))}
	for _, p := range s.Pages {
		idx.byFile[p.File] = p
		idx.urls[p.URL] = true
	}
	for _, a := range plan.Files {
		if u := a.URL(); u != "" {
			idx.urls[u] = true
		}
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

// pageResolver resolves the links of one page; it implements markdown.Resolver.
type pageResolver struct {
	idx  *linkIndex
	page *site.Page
}

var (
	_ markdown.Resolver   = pageResolver{}
	_ markdown.ImageSizer = pageResolver{}
)

// ImageSize implements markdown.ImageSizer: the size of a local image,
// read from the file that will be published at its address.
func (r pageResolver) ImageSize(dest string) (int, int, bool) {
	if r.idx.images == nil {
		return 0, 0, false
	}
	u, t := r.Resolve(dest, true)
	if t != markdown.TargetOK {
		return 0, 0, false
	}
	if p, err := url.PathUnescape(u); err == nil {
		u = p
	}
	return r.idx.images.size(u)
}

// Resolve implements markdown.Resolver.
func (r pageResolver) Resolve(dest string, image bool) (string, markdown.Target) {
	p, suffix := splitSuffix(dest)
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	missing := markdown.TargetMissingPage
	if image || (path.Ext(p) != "" && !strings.EqualFold(path.Ext(p), ".md")) {
		missing = markdown.TargetMissingFile
	}
	if p == "" {
		return dest, missing
	}
	if strings.HasPrefix(p, "/") {
		if strings.EqualFold(path.Ext(p), ".md") {
			file := strings.TrimPrefix(strings.TrimPrefix(p, "/"), "content/")
			if pg := r.idx.byFile[file]; pg != nil {
				return pg.URL + suffix, markdown.TargetOK
			}
			return dest, missing
		}
		if u, ok := r.idx.site(p); ok {
			return u + suffix, markdown.TargetOK
		}
		return dest, missing
	}
	// Relative: first as a path in the content folder, from the page's folder.
	dir := path.Dir(r.page.File)
	cp := path.Join(dir, p)
	if !strings.HasPrefix(cp, "../") && cp != ".." {
		if strings.EqualFold(path.Ext(cp), ".md") {
			if pg := r.idx.byFile[cp]; pg != nil {
				return pg.URL + suffix, markdown.TargetOK
			}
			if pg := r.idx.byFile[strings.TrimSuffix(cp, path.Ext(cp))+"/index.md"]; pg != nil {
				return pg.URL + suffix, markdown.TargetOK
			}
			return dest, missing
		}
		if u, ok := r.idx.files[cp]; ok {
			return u + suffix, markdown.TargetOK
		}
		if pg := r.idx.byFile[cp+"/index.md"]; pg != nil {
			return pg.URL + suffix, markdown.TargetOK
		}
		if pg := r.idx.byFile[cp+".md"]; pg != nil {
			return pg.URL + suffix, markdown.TargetOK
		}
		if u, ok := r.idx.site("/" + cp); ok {
			return u + suffix, markdown.TargetOK
		}
	}
	// Then as a URL relative to the page's own address.
	if u, ok := r.idx.site(path.Join(r.page.URL, p)); ok {
		return u + suffix, markdown.TargetOK
	}
	return dest, missing
}

// site checks a site path, adding the trailing slash of page addresses.
func (idx *linkIndex) site(p string) (string, bool) {
	if p == "" || p[0] != '/' {
		return "", false
	}
	clean := path.Clean(p)
	if clean == "/" {
		return "/", true
	}
	if idx.urls[clean] {
		return escapePath(clean), true
	}
	if idx.urls[clean+"/"] {
		return escapePath(clean + "/"), true
	}
	if strings.HasSuffix(clean, "/index.html") && idx.urls[strings.TrimSuffix(clean, "index.html")] {
		return escapePath(strings.TrimSuffix(clean, "index.html")), true
	}
	return "", false
}

// splitSuffix separates "path?query#fragment" into path and the rest.
func splitSuffix(dest string) (string, string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}
