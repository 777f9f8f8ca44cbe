package render

import (
	"cmp"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cantiericomuni.it/banca/generator/contact"
	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
	"cantiericomuni.it/banca/generator/slug"
)

const (
	// hubOpen bounds the open opportunities of a cantiere's page,
	// homeHubs the cantieri on the home (the home's other blocks are
	// declared in schema.yaml, site.home): every list that is not
	// paginated is short, with a link to the whole.
	hubOpen  = 5
	homeHubs = 8
	// feedSize is the number of items of every feed.
	feedSize = 20
)

// run is the state of one Render call: read-only once built, shared by the
// workers.
type run struct {
	r    *Renderer
	s    *site.Site
	loc  *time.Location
	base string // BaseURL without the trailing slash
	host string // host of BaseURL, for iCalendar UIDs
	size int
	// entries holds the Entry of every page shown so far, by
	// site.Page.Index, made on first use: an incremental render shows
	// few. others holds those of pages that are not the site's own
	// (*site.Page → *Entry), if any. rank orders pages newest first by
	// date, for feeds and "latest" blocks, also made on first use.
	entries  []atomic.Pointer[Entry]
	others   sync.Map
	rankOnce sync.Once
	rank     map[*site.Page]int
	// hubSections maps the key of a section whose pages are terms
	// (cantieri) to that taxonomy.
	hubSections map[string]*site.Taxonomy
	siteFeed    Link
	// frames holds the headers and footers of pages (frame.go).
	frames frames
	// slugs caches slug.Make of pick-list values and labels.
	slugs sync.Map
	// The navigation from anywhere (navNone), at link i (navAt[i]) or
	// under it (navIn[i]).
	navNone      *Nav
	navAt, navIn []*Nav
	// Keys of incremental rendering (reuse.go): set only by RenderReuse.
	keys   bool
	global uint64
	// ver, ever and docVer are indexed by site.Page.Index.
	ver    []uint64
	ever   []uint64
	docVer []uint64
	// nets holds the graphs of the sections with a network (network.go).
	nets networks
}

// newRun precomputes what every page shows.
func newRun(r *Renderer, s *site.Site) *run {
	rn := &run{r: r, s: s, loc: s.Config.Location, size: s.Config.PageSize,
		hubSections: map[string]*site.Taxonomy{}, entries: make([]atomic.Pointer[Entry], len(s.Pages))}
	if rn.loc == nil {
		rn.loc = time.Local
		if !s.Now.IsZero() {
			rn.loc = s.Now.Location()
		}
	}
	if rn.size <= 0 {
		rn.size = 20
	}
	rn.base = s.Config.BaseURL
	for len(rn.base) > 0 && rn.base[len(rn.base)-1] == '/' {
		rn.base = rn.base[:len(rn.base)-1]
	}
	if u, err := url.Parse(rn.base); err == nil {
		rn.host = u.Hostname()
	}
	for _, t := range s.Taxonomies {
		if t.Schema != nil && t.Schema.Pages != "" && s.Section(t.Schema.Pages) != nil {
			rn.hubSections[t.Schema.Pages] = t
		}
	}
	rn.siteFeed = Link{Name: s.Config.Title, URL: "/index.xml"}
	rn.buildNavs()
	rn.buildFooters()
	return rn
}

// newestFirst orders pages by date, newest first, then by title.
func newestFirst(a, b *site.Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return cmp.Compare(a.Title, b.Title)
}

// abs returns the absolute URL of a site path.
func (rn *run) abs(path string) string { return AbsURL(rn.base, path) }

// title builds a document title: "<heading> — <site title>".
func (rn *run) title(parts ...string) string {
	t := ""
	for _, p := range parts {
		if p != "" {
			t += p + " — "
		}
	}
	return t + rn.s.Config.Title
}

// newEntry computes how a page shows in lists.
func (rn *run) newEntry(p *site.Page) *Entry {
	e := &Entry{Page: p, Title: p.Title, URL: p.URL, Summary: p.Summary, Status: p.Status,
		AbsURL: rn.abs(p.URL), Byline: italian.JoinNames(p.Authors)}
	// Pages of a section that shows no dates keep them only for machines
	// (the sitemap, JSON-LD): their Italian text is left empty.
	dates := p.Section == nil || p.Section.Schema == nil || p.Section.Schema.ShowsDates()
	if !p.Date.IsZero() {
		d := p.Date.In(rn.loc)
		e.PublishedISO = isoDate(d)
		if dates {
			e.Published, e.PublishedArticle = italian.LongDate(d), italian.Article(d)
		}
	}
	if !p.Lastmod.IsZero() {
		d := p.Lastmod.In(rn.loc)
		e.UpdatedISO = isoDate(d)
		if dates {
			e.Updated, e.UpdatedArticle = italian.LongDate(d), italian.Article(d)
		}
	}
	if p.Status != nil {
		e.Badge = p.Status.Phrase(p.Deadline)
		e.CardBadge = e.Badge
		if p.Closed() && p.Deadline != nil {
			e.CardBadge = p.Status.Label
		}
	}
	e.Kinds, e.Facts = facts(p)
	if p.Deadline != nil {
		e.DeadlineText = DeadlineText(*p.Deadline, rn.loc)
		e.DeadlineISO = deadlineISO(*p.Deadline, rn.loc)
		if lc := p.Section.Lifecycle(); lc != nil {
			if def := fieldDef(p.Section, lc.Closes()); def != nil {
				e.DeadlineLabel = def.Label
			}
		}
	}
	if c := calendarOf(p); c != nil && !p.Closed() {
		e.CalendarURL = pageCalendarFile(p, c)
	}
	return e
}

// lastmod is the date of p's last change for the sitemap, as its entry
// shows it (UpdatedISO, else PublishedISO), without making the entry.
func (rn *run) lastmod(p *site.Page) string {
	switch {
	case !p.Lastmod.IsZero():
		return isoDate(p.Lastmod.In(rn.loc))
	case !p.Date.IsZero():
		return isoDate(p.Date.In(rn.loc))
	}
	return ""
}

// entry returns the Entry of p, the same one wherever p is shown.
func (rn *run) entry(p *site.Page) *Entry {
	if i := p.Index(); i >= 0 && i < len(rn.entries) && rn.s.Pages[i] == p {
		slot := &rn.entries[i]
		if e := slot.Load(); e != nil {
			return e
		}
		slot.CompareAndSwap(nil, rn.newEntry(p))
		return slot.Load()
	}
	if e, ok := rn.others.Load(p); ok {
		return e.(*Entry)
	}
	e, _ := rn.others.LoadOrStore(p, rn.newEntry(p))
	return e.(*Entry)
}

// ranks returns the rank of every page, newest first by date.
func (rn *run) ranks() map[*site.Page]int {
	rn.rankOnce.Do(func() {
		byDate := slices.Clone(rn.s.Pages)
		slices.SortStableFunc(byDate, newestFirst)
		rn.rank = make(map[*site.Page]int, len(byDate))
		for i, p := range byDate {
			rn.rank[p] = i
		}
	})
	return rn.rank
}

// entriesOf maps pages to their entries, keeping the order.
func (rn *run) entriesOf(pages []*site.Page) []*Entry {
	out := make([]*Entry, len(pages))
	for i, p := range pages {
		out[i] = rn.entry(p)
	}
	return out
}

// newest returns at most n of pages, newest first by date.
func (rn *run) newest(pages []*site.Page, n int) []*site.Page {
	sorted := slices.Clone(pages)
	rank := rn.ranks()
	slices.SortStableFunc(sorted, func(a, b *site.Page) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		if oka && okb {
			return cmp.Compare(ra, rb)
		}
		return newestFirst(a, b)
	})
	if len(sorted) > n {
		sorted = sorted[:n]
	}
	return sorted
}

// isHub reports whether p is rendered as a hub: it belongs to a section
// whose pages are the terms of a taxonomy (a cantiere page).
func (rn *run) isHub(p *site.Page) bool {
	return p.Section != nil && rn.hubSections[p.Section.Key] != nil
}

// termURL is where a term's page lives: its hub's URL for cantieri.
func termURL(t *site.Term) string {
	if t.Hub != nil {
		return t.Hub.URL
	}
	return t.URL
}

// doc computes what the full page of p shows.
func (rn *run) doc(p *site.Page) *Doc {
	d := &Doc{Content: rn.s.Content(p), ShowSummary: p.Summary != "" && !p.SummaryFromBody}
	var box *schema.Box
	if p.Section != nil && p.Section.Schema != nil {
		box = p.Section.Schema.Box
	}
	inBox := func(key string) bool {
		return box != nil && (key == box.Link || slices.Contains(box.Fields, key))
	}
	for _, f := range p.Fields {
		fv, ok := rn.field(f)
		if !ok {
			continue
		}
		if def := fieldDef(p.Section, f.Key); def != nil && len(def.Values) > 0 && fv.List == nil {
			fv.Slug = rn.slug(fv.Text)
			if def.Facet {
				fv.Filter = p.Section.URL + rn.slug(f.Key) + "/" + fv.Slug + "/"
			}
		}
		d.all = append(d.all, fv)
		if fv.Records != nil {
			d.Records = append(d.Records, fv) // a table of its own
			continue
		}
		if !inBox(f.Key) {
			d.Fields = append(d.Fields, fv)
		}
	}
	if box != nil {
		d.HasBox, d.Box = true, rn.boxRows(p, box, d)
		if f := d.Field(box.Link); f != nil {
			d.Link = f.Href
		}
		d.LinkText = box.Button
		if d.LinkText == "" {
			d.LinkText = "Vai alla pagina ufficiale"
		}
	}
	for _, g := range p.Terms {
		if g.Taxonomy == nil || len(g.Terms) == 0 {
			continue
		}
		d.Terms = append(d.Terms, rn.termLinks(g))
	}
	d.Backlinks, d.HeadedBacklinks = backlinks(p, ownerKeys(p))
	d.Owned = rn.owned(p)
	for _, rel := range p.Related {
		if rel.Page != nil {
			d.Related = append(d.Related, rn.relatedEntry(rn.entry(rel.Page), rel.Reason))
		}
	}
	d.Answers, d.AnswersTitle = rn.answers(p)
	return d
}

// boxRows are the rows of the "In breve" box of p: the box's fields that
// p sets, and those it leaves empty that say so (schema.Field.Empty), in
// the box's order; the lifecycle's date is marked as such.
func (rn *run) boxRows(p *site.Page, box *schema.Box, d *Doc) []FieldView {
	var closes string
	if lc := p.Section.Lifecycle(); lc != nil {
		closes = lc.Closes()
	}
	var rows []FieldView
	for _, key := range box.Fields {
		def := fieldDef(p.Section, key)
		if def == nil {
			continue
		}
		var row FieldView
		if fv := d.Field(key); fv != nil {
			row = *fv
		} else if def.Empty != "" {
			row = FieldView{Key: key, Label: def.Label, Type: def.Type, Empty: def.Empty}
		} else {
			continue
		}
		if key == closes {
			row.When, row.Class = true, rn.slug(def.Label)
		}
		rows = append(rows, row)
	}
	return rows
}

// slug returns slug.Make(s), computed once per build for each s: pages
// show the same few values of pick-lists and labels again and again.
func (rn *run) slug(s string) string {
	if v, ok := rn.slugs.Load(s); ok {
		return v.(string)
	}
	v := slug.Make(s)
	rn.slugs.Store(s, v)
	return v
}

// fieldDef returns the schema's declaration of the field key of sec, or nil.
func fieldDef(sec *site.Section, key string) *schema.Field {
	if sec == nil || sec.Schema == nil {
		return nil
	}
	return sec.Schema.Field(key)
}

// field turns a section field into text to show; ok is false for values
// with nothing to show.
func (rn *run) field(f site.Field) (FieldView, bool) {
	fv := FieldView{Key: f.Key, Label: f.Label, Type: f.Type}
	switch v := f.Value.(type) {
	case string:
		fv.Text = v
		switch f.Type {
		case schema.TypeURL:
			fv.Href = safeLink(v)
		case schema.TypeEmail, schema.TypePhone, schema.TypeContacts:
			fv.Parts = contactParts(f.Type, v)
			return fv, v != ""
		}
		if strings.Contains(v, "\n") {
			fv.Lines = strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n")
		}
	case []string:
		fv.List = v
	case schema.Date:
		fv.Text, fv.ISO = rn.dateText(v)
	case *schema.Date:
		if v == nil {
			return fv, false
		}
		fv.Text, fv.ISO = rn.dateText(*v)
	case bool:
		fv.Text = "no"
		if v {
			fv.Text = "sì"
		}
	case int:
		fv.Text = italian.Number(v)
	case []site.Reference:
		fv.Refs = refLinks(v)
	case *site.Records:
		fv.Records = rn.records(v)
	default:
		return fv, false
	}
	return fv, fv.Text != "" || len(fv.List) > 0 || len(fv.Refs) > 0 || fv.Records != nil
}

// contactParts turns the value of an email, phone or contacts field into
// text and links: mailto: for addresses, tel:+39… for numbers (shown with
// no-break spaces), https: for web addresses. A value the schema check
// refused never gets here; one that is no longer valid stays text.
func contactParts(typ, v string) []Part {
	switch typ {
	case schema.TypeEmail:
		if addr, problem := contact.Email(v); problem == "" {
			return []Part{{Text: addr, Href: template.URL("mailto:" + addr)}} // checked by contact.Email
		}
	case schema.TypePhone:
		if p, problem := contact.ParsePhone(v); problem == "" {
			return []Part{{Text: p.Text, Href: template.URL(p.Href)}} // tel: and digits only
		}
	case schema.TypeContacts:
		parts, _ := contact.Split(v)
		out := make([]Part, 0, len(parts))
		for _, p := range parts {
			switch p.Kind {
			case contact.Break:
				out = append(out, Part{Break: true})
			case contact.Web:
				if href := safeLink(p.Href); href != "" {
					out = append(out, Part{Text: p.Text, Href: template.URL(href)}) // http(s) only
				} else {
					out = append(out, Part{Text: p.Text})
				}
			case contact.Plain:
				out = append(out, Part{Text: p.Text})
			default: // Mail, Tel: built by the contact package from checked values
				out = append(out, Part{Text: p.Text, Href: template.URL(p.Href)})
			}
		}
		return out
	}
	return []Part{{Text: v}}
}

// dateText formats a date field: "12 agosto 2026", with ", ore 9:30" when it
// has a time.
func (rn *run) dateText(d schema.Date) (text, iso string) {
	return DeadlineText(d, rn.loc), deadlineISO(d, rn.loc)
}

// pagedTitle is a heading with "pagina N di M" after page 1.
func pagedTitle(heading string, p *Pager) string {
	if p == nil || p.Number <= 1 {
		return heading
	}
	return heading + " — pagina " + strconv.Itoa(p.Number) + " di " + strconv.Itoa(p.Total)
}

// crumbs builds a breadcrumb from the home through links to the current
// page, named here.
func (rn *run) crumbs(here string, through ...Link) *Breadcrumb {
	return &Breadcrumb{Trail: rn.trail(through), Here: here}
}

// searchURL is the site path of the search page.
const searchURL = "/cerca/"

// navLinks lists the targets of the navigation: the sections, the site's
// calendar, then search.
func (rn *run) navLinks() []NavLink {
	out := make([]NavLink, 0, len(rn.s.Sections)+1)
	for _, sec := range rn.s.Sections {
		if sec.URL != "" {
			out = append(out, NavLink{Name: sec.Label, URL: sec.URL})
		}
	}
	if c := rn.s.Calendar; c != nil {
		out = append(out, NavLink{Name: c.Schema.Title, URL: c.URL})
	}
	return append(out, NavLink{Name: "Cerca", URL: searchURL})
}

// buildNavs precomputes the navigation for every place a page can be: at a
// link's target, under it, or elsewhere.
func (rn *run) buildNavs() {
	links := rn.navLinks()
	rn.navNone = &Nav{Links: links}
	rn.navAt = make([]*Nav, len(links))
	rn.navIn = make([]*Nav, len(links))
	for i := range links {
		at, in := slices.Clone(links), slices.Clone(links)
		at[i].Current, in[i].Current = "page", "true"
		rn.navAt[i], rn.navIn[i] = &Nav{Links: at}, &Nav{Links: in}
	}
}

// nav returns the navigation as seen from the page at url.
func (rn *run) nav(url string) *Nav {
	for i, l := range rn.navNone.Links {
		switch {
		case url == l.URL:
			return rn.navAt[i]
		case strings.HasPrefix(url, l.URL):
			return rn.navIn[i]
		}
	}
	return rn.navNone
}
