package pipeline

import (
	"sort"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/site"
)

// Links is what a build knows of the site's addresses beyond its pages:
// the files of static/ under the names they are published with, and the
// attachments of content/ with their addresses. Together with a site it is
// all that the check of the links written in Markdown reads. The editing
// UI's preview (generator/preview) converts the page being edited against
// its own site and a build's Links, so that the page's links are checked
// as the build checks them; it travels to the Netlify function as JSON.
type Links struct {
	// Static lists the published files of static/, slash-separated,
	// without the leading slash ("css/main.3f2a9c1b.css", "img/logo.svg").
	Static []string `json:"static"`
	// Attachments maps every content-relative file that is not Markdown
	// to its site path.
	Attachments map[string]string `json:"attachments"`
	// Images maps the site path of an image to its width and height, when
	// the image's header could be read. Links of a build read sizes from
	// the project's files instead, on demand (images).
	Images map[string][2]int `json:"images,omitempty"`

	images *imageSizes
}

// Links returns the build's addresses beyond its pages, nil when the build
// stopped before the Markdown stage.
func (r *Result) Links() *Links { return r.links }

// WithSizes returns a copy of l whose Images holds the size of every image
// of static/ and of the attachments, read now: what a function far from the
// project's files needs to give images their width and height.
func (l *Links) WithSizes() *Links {
	c := &Links{Static: l.Static, Attachments: l.Attachments, Images: map[string][2]int{}}
	if l.images == nil {
		for u, wh := range l.Images {
			c.Images[u] = wh
		}
		return c
	}
	urls := make([]string, 0, len(l.images.sources))
	for u := range l.images.sources {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		if w, h, ok := l.images.size(u); ok {
			c.Images[u] = [2]int{w, h}
		}
	}
	return c
}

// sizes returns what reads the size of the images l knows.
func (l *Links) sizes() *imageSizes {
	if l.images != nil {
		return l.images
	}
	im := &imageSizes{sources: map[string]imageSource{}}
	for u, wh := range l.Images {
		im.cache.Store(u, wh)
	}
	return im
}

// ConvertPage converts the Markdown of p, a page of s, exactly as the build
// converts every page: links resolved and checked against the addresses of
// s and l, images given their size, the summary taken from the body when
// the front matter has none. Problems go to diags, with the page's file,
// line and column. l may be nil (a site without static files or
// attachments).
func ConvertPage(s *site.Site, p *site.Page, l *Links, diags *diag.List) error {
	if l == nil {
		l = &Links{}
	}
	idx := newLinkIndex(render.Addresses(s), s, l.Attachments, l.Static)
	idx.images = l.sizes()
	return convertAll([]*site.Page{p}, idx, diags, convertOptions{keepPlain: true})
}
