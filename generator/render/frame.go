package render

import (
	"bytes"
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

// Feeds are the RSS feeds a page announces in its <head> (Links, the
// site's first), which base.html shows with the rest of <head> that is the
// same on every page (the site's name, icons, manifest): pages that
// announce the same feeds (those of a section, of a term) share one
// *Feeds, rendered through View.Cached.
type Feeds struct {
	Site  *site.Site
	Links []Link

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
	// feeds holds the *Feeds of every extra feed announced (a Link, the
	// zero Link for the site's feed alone); terms the *TermLinks of every
	// group of terms shown (by taxonomy and term addresses); related
	// every *RelatedEntry (relatedKey → *RelatedEntry); trails every
	// *Trail (by the names and addresses of its links).
	feeds, terms, related, trails sync.Map
}

type relatedKey struct {
	e      *Entry
	reason string
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

// feeds returns the feeds of a page: the site's, then extra (a section's,
// a term's) unless it is the zero Link.
func (rn *run) feeds(extra Link) *Feeds {
	if f, ok := rn.frames.feeds.Load(extra); ok {
		return f.(*Feeds)
	}
	f := &Feeds{Site: rn.s, Links: []Link{rn.siteFeed}}
	if extra != (Link{}) {
		f.Links = append(f.Links, extra)
	}
	got, _ := rn.frames.feeds.LoadOrStore(extra, f)
	return got.(*Feeds)
}

// termLinks returns the links to the terms of g, the page's terms of
// one taxonomy: one *TermLinks per build for each taxonomy and terms, as
// many pages have the same.
func (rn *run) termLinks(g site.TermGroup) *TermLinks {
	var k strings.Builder
	k.WriteString(g.Taxonomy.Key)
	for _, t := range g.Terms {
		k.WriteByte(0)
		k.WriteString(t.URL)
	}
	key := k.String()
	if tl, ok := rn.frames.terms.Load(key); ok {
		return tl.(*TermLinks)
	}
	tl := &TermLinks{Taxonomy: g.Taxonomy, Label: g.Taxonomy.Label}
	for _, t := range g.Terms {
		tl.Terms = append(tl.Terms, Link{Name: t.Name, URL: termURL(t), Count: len(t.Pages)})
	}
	got, _ := rn.frames.terms.LoadOrStore(key, tl)
	return got.(*TermLinks)
}

// trail returns the start of a breadcrumb: Home, then through.
func (rn *run) trail(through []Link) *Trail {
	var k strings.Builder
	for _, l := range through {
		k.WriteString(l.Name)
		k.WriteByte(0)
		k.WriteString(l.URL)
		k.WriteByte(0)
	}
	key := k.String()
	if t, ok := rn.frames.trails.Load(key); ok {
		return t.(*Trail)
	}
	t := &Trail{Links: make([]Link, 0, len(through)+1)}
	t.Links = append(append(t.Links, Link{Name: "Home", URL: "/"}), through...)
	got, _ := rn.frames.trails.LoadOrStore(key, t)
	return got.(*Trail)
}

// relatedEntry returns the suggestion of e for reason: one per build for
// each page and reason, as many pages suggest the same page for the same
// reason ("stesso argomento: povertà educativa").
func (rn *run) relatedEntry(e *Entry, reason string) *RelatedEntry {
	k := relatedKey{e, reason}
	if r, ok := rn.frames.related.Load(k); ok {
		return r.(*RelatedEntry)
	}
	r, _ := rn.frames.related.LoadOrStore(k, &RelatedEntry{Title: e.Title, URL: e.URL, Entry: e, Reason: reason})
	return r.(*RelatedEntry)
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
// pages), the *Feeds (the same on every page of a section or a term), a
// *RelatedEntry (a suggested page with its reason), a *TermLinks (a page's
// terms of one taxonomy) or a *Trail (the start of a breadcrumb), each
// one per build for what it shows; or the Filters of a list (the same on
// each of its pages). For example
// {{$.Cached "testata" .Masthead}}; for lists, see CachedEach.
func (v *View) Cached(name string, data any) (template.HTML, error) {
	c, ok := v.cacheOf(data)
	if !ok {
		return "", errors.New("Cached: i dati devono essere un *Entry, un *RelatedEntry, un *TermLinks, un *Trail, un *Nav, un *Places, un *Masthead, un *Footer, i *Feeds o i Filters di un elenco")
	}
	if c != nil {
		if h, ok := c.get(name); ok {
			return h, nil
		}
	}
	b := scratch.Get().(*bytes.Buffer)
	defer scratch.Put(b)
	b.Reset()
	if err := v.t.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // produced by html/template: escaped
	if c != nil {
		c.put(name, h)
	}
	return h, nil
}

// scratch holds the buffers Cached renders into: the rendering is then
// copied once, at its size, instead of growing a string in steps.
var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// CachedEach renders the partial template name for every element of list,
// one after the other, each once per build as Cached does: the same as
// {{range .Items}}{{$.Cached "item" .}}{{end}}, in one call, which spares
// the lists of a big site the cost of calling Cached for every card. list
// is a []*Entry (the cards of a list), a []*RelatedEntry (the pages
// suggested on a page, each with its reason) or a []*TermLinks (a page's
// terms, by taxonomy). For example
// <ul class="voci">{{$.CachedEach "item" .Items}}</ul>.
func (v *View) CachedEach(name string, list any) (template.HTML, error) {
	switch l := list.(type) {
	case []*Entry:
		return cachedEach(v, name, l)
	case []*RelatedEntry:
		return cachedEach(v, name, l)
	case []*TermLinks:
		return cachedEach(v, name, l)
	case nil:
		return "", nil
	}
	return "", errors.New("CachedEach: la lista deve essere di *Entry, di *RelatedEntry o di *TermLinks")
}

// cachedEach joins the renderings of name for every element of list.
func cachedEach[T any](v *View, name string, list []T) (template.HTML, error) {
	switch len(list) {
	case 0:
		return "", nil
	case 1:
		return v.Cached(name, list[0])
	}
	// The renderings first, then one string of their total size.
	var small [32]template.HTML
	parts, n := small[:0], 0
	for _, d := range list {
		h, err := v.Cached(name, d)
		if err != nil {
			return "", err
		}
		parts, n = append(parts, h), n+len(h)
	}
	var b strings.Builder
	b.Grow(n)
	for _, h := range parts {
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil // renderings of html/template: escaped
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
	case *RelatedEntry:
		if d != nil {
			c = &d.partials
		}
	case *TermLinks:
		if d != nil {
			c = &d.partials
		}
	case *Trail:
		if d != nil {
			c = &d.partials
		}
	case *Feeds:
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
