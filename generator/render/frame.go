package render

import (
	"errors"
	"html/template"
	"strings"
	"sync"

	"cantiericomuni.it/banca/generator/site"
)

// The frame of every page, its header (testata) and its footer (piede),
// shows the site and little else: the header changes only with the page
// kind (the search box is left out on some) and the place in the
// navigation, the footer only on the pages it links (aria-current). Each
// is a pointer that stands for one of those few states, made once per
// build, so that base.html renders them through View.Cached: once per
// state, not once per file.

// Masthead is the header of a page: the site's name and logo, the search
// box where the page kind wants one, and the navigation. Pages of one kind
// in the same place share one *Masthead.
type Masthead struct {
	Site *site.Site
	// Kind is the page kind (View.Kind).
	Kind string
	// Nav is the navigation as seen from the page (View.Nav).
	Nav *Nav

	partials partialCache
}

// Footer is the footer of a page: the project, the ways to browse and
// follow the bank and the site's own pages. Pages that the footer does not
// link share one *Footer.
type Footer struct {
	Site *site.Site
	// Here is the address of the page shown when the footer links it
	// (the link is marked aria-current), "" on every other page.
	Here string

	partials partialCache
}

// frames holds the headers and footers of a build, made on first use.
type frames struct {
	mu        sync.Mutex
	mastheads map[mastheadKey]*Masthead
	// footers maps the address of every page the footer links to its
	// footer; footerNone is every other page's.
	footers    map[string]*Footer
	footerNone *Footer
	// filterCaches holds the renderings of the filters of every list
	// (filtersKey → *partialCache).
	filterCaches sync.Map
}

type mastheadKey struct {
	kind string
	nav  *Nav
}

// buildFooters precomputes the footer of every page it links, and of the
// rest.
func (rn *run) buildFooters() {
	rn.frames.footerNone = &Footer{Site: rn.s}
	rn.frames.footers = make(map[string]*Footer, len(rn.s.Footer))
	for _, l := range rn.s.Footer {
		if l.URL != "" {
			rn.frames.footers[l.URL] = &Footer{Site: rn.s, Here: l.URL}
		}
	}
}

// footer returns the footer of the page at url.
func (rn *run) footer(url string) *Footer {
	if f, ok := rn.frames.footers[url]; ok {
		return f
	}
	return rn.frames.footerNone
}

// masthead returns the header of a page of kind with the navigation nav.
func (rn *run) masthead(kind string, nav *Nav) *Masthead {
	k := mastheadKey{kind, nav}
	f := &rn.frames
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.mastheads[k]
	if m == nil {
		if f.mastheads == nil {
			f.mastheads = map[mastheadKey]*Masthead{}
		}
		m = &Masthead{Site: rn.s, Kind: kind, Nav: nav}
		f.mastheads[k] = m
	}
	return m
}

// partialCache holds the renderings of partials for one piece of data
// (View.Cached): a handful of names at most, so a list beats a map.
type partialCache struct {
	mu    sync.Mutex
	names []string
	html  []template.HTML
}

func (c *partialCache) get(name string) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, n := range c.names {
		if n == name {
			return c.html[i], true
		}
	}
	return "", false
}

func (c *partialCache) put(name string, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.names {
		if n == name {
			return // another worker got there first: the same bytes
		}
	}
	c.names = append(c.names, name)
	c.html = append(c.html, h)
}

// Cached renders the partial template name with data as dot, once per
// build, and reuses the result wherever the same data is shown again. data
// must be a pointer that stands for everything the partial shows: an *Entry
// (listed in its section, in its terms' lists, in its hub and on the home),
// the *Nav (the same on every page of a section), the *Places (the same on
// every list of a section), the *Masthead or the *Footer (the same on most
// pages); or the Filters of a list (the same on each of its pages). For
// example {{range .Items}}{{$.Cached "item" .}}{{end}}.
func (v *View) Cached(name string, data any) (template.HTML, error) {
	c, ok := v.cacheOf(data)
	if !ok {
		return "", errors.New("Cached: i dati devono essere un *Entry, un *Nav, un *Places, un *Masthead, un *Footer o i Filters di un elenco")
	}
	if c != nil {
		if h, ok := c.get(name); ok {
			return h, nil
		}
	}
	var b strings.Builder
	if err := v.t.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // produced by html/template: escaped
	if c != nil {
		c.put(name, h)
	}
	return h, nil
}

// cacheOf returns the renderings kept for data, nil for a nil pointer or
// empty Filters (rendered every time); ok is false for a type Cached does
// not take.
func (v *View) cacheOf(data any) (c *partialCache, ok bool) {
	switch d := data.(type) {
	case Filters:
		if len(d) > 0 && v.rn != nil {
			c = v.rn.frames.filters(d)
		}
	case *Entry:
		if d != nil {
			c = &d.partials
		}
	case *Nav:
		if d != nil {
			c = &d.partials
		}
	case *Places:
		if d != nil {
			c = &d.partials
		}
	case *Masthead:
		if d != nil {
			c = &d.partials
		}
	case *Footer:
		if d != nil {
			c = &d.partials
		}
	default:
		return nil, false
	}
	return c, true
}

// filtersKey names the Filters of one list: the pages of a paginated list
// share its backing array.
type filtersKey struct {
	first *FilterGroup
	n     int
}

// filters returns the renderings kept for the Filters f.
func (fr *frames) filters(f Filters) *partialCache {
	k := filtersKey{&f[0], len(f)}
	if c, ok := fr.filterCaches.Load(k); ok {
		return c.(*partialCache)
	}
	c, _ := fr.filterCaches.LoadOrStore(k, &partialCache{})
	return c.(*partialCache)
}
