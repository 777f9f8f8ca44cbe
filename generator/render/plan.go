package render

import (
	"bytes"
	"errors"
	"slices"
	"strconv"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/site"
)

// pageLayout is the layout of the pages of sec: the one it declares
// (layout: pagina), else the layout named after it (layouts/<key>.html)
// when there is one, else page.html.
func (rn *run) pageLayout(sec *site.Section) string {
	return rn.sectionLayout(sec, "", "page")
}

// listLayout is the layout of the lists of sec: layouts/<key>-list.html
// when there is one, else list.html.
func (rn *run) listLayout(sec *site.Section) string {
	return rn.sectionLayout(sec, "-list", "list")
}

// sectionLayout finds the layout of sec's pages (suffix "") or lists
// ("-list"): declared, else named after the section, else fallback. A
// layout of the site's own kinds (home, search…) is never taken for a
// section's name.
func (rn *run) sectionLayout(sec *site.Section, suffix, fallback string) string {
	if sec == nil || sec.Schema == nil {
		return fallback
	}
	if suffix == "" && sec.Schema.Layout != "" {
		return sec.Schema.Layout
	}
	if own := sec.Key + suffix; rn.r.kinds[own] != nil && !slices.Contains(Kinds, own) && own != calendarKind && own != monthKind {
		return own
	}
	return fallback
}

// plan lists every file of the site. Views are built lazily by the workers,
// from the entries computed once in newRun.
func (rn *run) plan() ([]job, error) {
	for _, sec := range rn.s.Sections {
		if sec.Schema == nil {
			continue
		}
		if l := sec.Schema.PageLayout(); rn.r.kinds[l] == nil {
			return nil, layoutDiag(l+".html", 0, "manca il modello "+l+".html, che schema.yaml indica per le pagine della sezione «"+sec.Label+"» (layout: "+l+")", nil)
		}
	}
	if rn.s.Calendar != nil {
		for _, l := range []string{calendarKind, monthKind} {
			if rn.r.kinds[l] == nil {
				return nil, layoutDiag(l+".html", 0, "manca il modello "+l+".html, che serve alle pagine del calendario dichiarato in schema.yaml (site.calendar)", nil)
			}
		}
	}
	jobs := rn.files()
	seen := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		if seen[j.file] {
			return nil, errors.New("render: due contenuti diversi verrebbero scritti nello stesso file " + j.file +
				": controlla gli indirizzi delle sezioni, delle tassonomie e delle pagine")
		}
		seen[j.file] = true
	}
	// The sitemap is the largest single file: start it first.
	return append([]job{rn.sitemap(jobs)}, jobs...), nil
}

// files lists the jobs of every file of the site but the sitemap, in
// order; two may name the same file (Addresses reports them, plan
// refuses them).
func (rn *run) files() []job {
	s := rn.s
	var jobs []job
	jobs = append(jobs, rn.home())
	for _, p := range s.Pages {
		if !rn.isHub(p) {
			jobs = append(jobs, rn.document(p))
		}
		if c := calendarOf(p); c != nil {
			jobs = append(jobs, rn.pageCalendar(p, c))
		}
	}
	for _, sec := range s.Sections {
		if sec.URL == "" {
			continue // no list of its own (schema: list: false)
		}
		if tax := rn.hubSections[sec.Key]; tax != nil {
			jobs = append(jobs, rn.hubIndex(sec, tax))
			for _, p := range sec.Pages {
				jobs = append(jobs, rn.hub(p, sec, tax)...)
			}
		} else {
			jobs = append(jobs, rn.sectionLists(rn.sectionInfo(sec))...)
		}
		if sec.Schema == nil || sec.Schema.InFeeds() {
			jobs = append(jobs, rn.feed(sec.URL, rn.title(sec.Label), sec.Description, sec.Pages))
		}
	}
	for _, tax := range s.Taxonomies {
		if def := tax.Schema; def == nil || rn.hubSections[def.Pages] != tax {
			jobs = append(jobs, rn.taxonomyIndex(tax)...)
		}
		for _, t := range tax.Terms {
			if t.Hub == nil || !rn.isHub(t.Hub) { // hubs are written with their section
				jobs = append(jobs, rn.term(tax, t)...)
			}
		}
	}
	jobs = append(jobs, rn.itemLists()...)
	jobs = append(jobs, rn.notFound(), rn.searchPage())
	for _, sec := range s.Sections {
		if sec.Schema != nil && sec.Schema.Calendar != nil {
			jobs = append(jobs, rn.sectionCalendar(sec))
		}
	}
	jobs = append(jobs, rn.calendarJobs()...)
	jobs = append(jobs, rn.robots(), rn.redirects(), rn.statusFile(),
		rn.feed("/", s.Config.Title, s.Config.Description, rn.inFeeds(s.Pages)))
	return jobs
}

// html is the job of one HTML page at the site path url.
func (rn *run) html(kind, url, lastmod string, build func() *View) job {
	t := rn.r.kinds[kind]
	return job{file: fileOf(url), url: url, lastmod: lastmod, kind: kind, write: func(buf *bytes.Buffer) error {
		v := build()
		v.rn, v.t = rn, t
		return t.ExecuteTemplate(&cappedWriter{buf: buf, kind: kind}, entry, v)
	}}
}

// view starts the View of a page at url.
func (rn *run) view(kind, url, title, heading, description string) *View {
	v := &View{Site: rn.s, Kind: kind, Title: title, Heading: heading, Description: description,
		URL: url, Feeds: rn.feeds(Link{}), Nav: rn.nav(url), Footer: rn.footer(url), OGType: "website"}
	v.Masthead = rn.masthead(kind, v.Nav)
	if url != "" {
		v.Canonical = rn.abs(url)
	}
	return v
}

// sectionFeed is the link to a section's feed.
func sectionFeed(sec *site.Section) Link {
	return Link{Name: sec.Label, URL: sec.URL + "index.xml"}
}

// home is the job of index.html.
func (rn *run) home() job {
	return rn.html("home", "/", "", func() *View {
		s := rn.s
		v := rn.view("home", "/", s.Config.Title+" — "+s.Config.ShortTitle, s.Config.Title, s.Config.Description)
		h := &Home{}
		if home := s.Config.Home; home != nil {
			if b := home.Open; b != nil {
				var open []*site.Page
				for _, p := range s.Open() {
					if p.Section.Key == b.Section {
						open = append(open, p)
					}
				}
				v.Open, v.OpenTotal = rn.entriesOf(open[:min(len(open), b.Count)]), len(open)
				if len(open) > 0 {
					v.OpenURL = open[0].Section.OpenURL()
				}
			}
			for _, b := range home.Latest {
				if sec := s.Section(b.Section); sec != nil && len(sec.Pages) > 0 {
					h.Latest = append(h.Latest, HomeLatest{Section: sec, Heading: b.Heading, All: b.All,
						Items: rn.entriesOf(rn.newest(sec.Pages, b.Count))})
				}
			}
		}
		for _, sec := range s.Sections {
			if sec.URL == "" {
				continue // not a section readers browse
			}
			h.Sections = append(h.Sections, Link{Name: sec.Label, URL: sec.URL, Count: len(sec.Pages), Summary: sec.Description})
			if tax := rn.hubSections[sec.Key]; tax != nil {
				h.Cantieri = rn.hubLinks(sec, tax, true)
				if len(h.Cantieri) > homeHubs {
					h.Cantieri = h.Cantieri[:homeHubs]
					h.AllCantieri = &Link{Name: "Tutti i " + lowerFirst(sec.Label), URL: sec.URL, Count: len(sec.Pages)}
				}
			}
		}
		for _, tax := range s.Taxonomies {
			if def := tax.Schema; def == nil || rn.hubSections[def.Pages] != tax {
				h.Taxonomies = append(h.Taxonomies, Link{Name: tax.Label, URL: tax.URL, Count: len(tax.Terms)})
			}
		}
		v.Home = h
		return v
	})
}

// document is the job of a page's own file, with its section's layout
// (pageLayout).
func (rn *run) document(p *site.Page) job {
	kind := rn.pageLayout(p.Section)
	j := rn.html(kind, p.URL, rn.lastmod(p), func() *View {
		e := rn.entry(p)
		v := rn.view(kind, p.URL, rn.title(p.Title), p.Title, p.Summary)
		v.Entry, v.Doc = e, rn.doc(p)
		v.OGType, v.JSONLD = "article", rn.jsonLD(p, e, v.Doc)
		v.Breadcrumb = rn.crumbs(p.Title)
		if sec := p.Section; sec != nil {
			v.Section = sec
			if sec.URL != "" {
				v.Breadcrumb = rn.crumbs(p.Title, Link{Name: sec.Label, URL: sec.URL})
				if sec.Schema == nil || sec.Schema.InFeeds() {
					v.Feeds = rn.feeds(sectionFeed(sec))
				}
			}
		}
		return v
	})
	if rn.keys {
		j.key = rn.documentKey(kind, p.URL, p).sum()
	}
	return j
}

// inFeeds returns the pages whose section goes into the feeds.
func (rn *run) inFeeds(pages []*site.Page) []*site.Page {
	out := pages[:0:0]
	for _, p := range pages {
		if p.Section == nil || p.Section.Schema == nil || p.Section.Schema.InFeeds() {
			out = append(out, p)
		}
	}
	if len(out) == len(pages) {
		return pages
	}
	return out
}

// pagedCrumbs is the breadcrumb of page i of the list named name at url.
func (rn *run) pagedCrumbs(name, url string, i int, through ...Link) *Breadcrumb {
	if i <= 1 {
		return rn.crumbs(name, through...)
	}
	return rn.crumbs("Pagina "+strconv.Itoa(i), append(through, Link{Name: name, URL: url})...)
}

// hubLinks lists the hubs of a section with the count of their pages, in
// the order of their taxonomy's terms (by name), then any hub page that has
// no term; short names them without the taxonomy's name ("Ferrara", not
// "Cantiere Ferrara"), for where a heading says it.
func (rn *run) hubLinks(sec *site.Section, tax *site.Taxonomy, short bool) []Link {
	out := make([]Link, 0, len(sec.Pages))
	done := make(map[*site.Page]bool, len(sec.Pages))
	for _, t := range tax.Terms {
		if p := t.Hub; p != nil && p.Section == sec {
			name := p.Title
			if short {
				name = t.ShortName()
			}
			out = append(out, Link{Name: name, URL: p.URL, Count: len(t.Pages), Summary: p.Summary})
			done[p] = true
		}
	}
	for _, p := range sec.Pages {
		if !done[p] {
			out = append(out, Link{Name: p.Title, URL: p.URL, Summary: p.Summary})
		}
	}
	return out
}

// hubIndex is the job of the list of a section whose pages are hubs
// (/cantieri/): it is also the index of their taxonomy.
func (rn *run) hubIndex(sec *site.Section, tax *site.Taxonomy) job {
	return rn.html("taxonomy", sec.URL, "", func() *View {
		v := rn.view("taxonomy", sec.URL, rn.title(sec.Label), sec.Label, sec.Description)
		v.Section, v.Taxonomy, v.Terms = sec, tax, rn.hubLinks(sec, tax, false)
		v.Feeds = rn.feeds(sectionFeed(sec))
		v.Breadcrumb = rn.crumbs(sec.Label)
		return v
	})
}

// hub is the jobs of a cantiere page: its content and fields, its open
// opportunities, then the paginated list of the pages tagged with it.
func (rn *run) hub(p *site.Page, sec *site.Section, tax *site.Taxonomy) []job {
	var tagged []*site.Page
	if p.Hub != nil {
		tagged = p.Hub.Pages
	}
	items, note := ordered(tagged)
	total := pageCount(len(items), rn.size)
	e := rn.entry(p)
	lastmod := e.UpdatedISO
	if lastmod == "" {
		lastmod = e.PublishedISO
	}
	feed := Link{Name: p.Title, URL: p.URL + "index.xml"}
	var splits []termSplit
	if p.Hub != nil {
		splits = rn.termSplits(p.Hub)
	}
	// The open opportunities, the first few, with a link to the list of
	// all the hub's pages of their section (open ones first).
	open := rn.openPagesAmong(tagged)
	openShown := open[:min(len(open), hubOpen)]
	openURL := p.URL
	for _, sp := range splits {
		if only := rn.openSection(); sp.sec.HasLifecycle() && (only == "" || sp.sec.Key == only) {
			openURL = sp.url
			break
		}
	}
	filters := termFilters(p.Hub, splits, p.URL)
	net := rn.hubNetwork(p)
	jobs := make([]job, 0, total+1)
	for i := 1; i <= total; i++ {
		url := pageURL(p.URL, i)
		lm := ""
		if i == 1 {
			lm = lastmod
		}
		jobs = append(jobs, rn.html("hub", url, lm, func() *View {
			pager := newPager(p.URL, i, total)
			v := rn.view("hub", url, rn.title(pagedTitle(p.Title, pager)), p.Title, p.Summary)
			v.Section, v.Taxonomy, v.Term = sec, tax, p.Hub
			v.Entry, v.Doc = e, rn.doc(p)
			v.Pager, v.Items, v.Count, v.Note = pager, rn.window(items, i), len(items), note
			if p.Hub != nil {
				v.Filters = filters()
			}
			if i == 1 {
				v.Open, v.OpenTotal, v.OpenURL = rn.entriesOf(openShown), len(open), openURL
				v.Network = net
			}
			v.Feeds = rn.feeds(feed)
			v.Breadcrumb = rn.pagedCrumbs(p.Title, p.URL, i, Link{Name: sec.Label, URL: sec.URL})
			return v
		}))
		if rn.keys {
			// The hub's own content, its filters and (on its first page)
			// the open opportunities among every page tagged with it.
			k := rn.documentKey("hub", url, p)
			if p.Hub != nil {
				k.u64(rn.splitsKey(p.Hub, splits))
			}
			if i == 1 {
				k.pages(rn, openShown).int(len(open)).str(openURL)
				if net != nil {
					k.u64(net.key)
				}
			}
			jobs[len(jobs)-1].key = rn.windowKey("hub", url, i, total, items, k.str(note).sum())
		}
	}
	if p.Hub != nil {
		jobs = append(jobs, rn.termSectionLists(tax, p.Hub, splits, []Link{{Name: sec.Label, URL: sec.URL}})...)
	}
	return append(jobs, rn.feed(p.URL, rn.title(p.Title), p.Summary, tagged))
}

// openSection is the section whose open pages the home and the hubs show
// (schema.yaml: site.home.open), "" for those of every section with a
// lifecycle.
func (rn *run) openSection() string {
	if h := rn.s.Config.Home; h != nil && h.Open != nil {
		return h.Open.Section
	}
	return ""
}

// openPagesAmong returns the open pages among pages (the open
// opportunities of a hub) of the home's open section, in the order of
// Site.Open.
func (rn *run) openPagesAmong(pages []*site.Page) []*site.Page {
	in := make(map[*site.Page]bool, len(pages))
	for _, p := range pages {
		in[p] = true
	}
	only := rn.openSection()
	var out []*site.Page
	for _, p := range rn.s.Open() {
		if in[p] && (only == "" || p.Section.Key == only) {
			out = append(out, p)
		}
	}
	return out
}

// termsPerPage is how many terms a page of a taxonomy's index lists, in
// pages of size items: a free taxonomy (territori) may have a term for
// nearly every page, and 10,000 terms on one page weighed 52 KB
// compressed.
func termsPerPage(size int) int { return 10 * size }

// taxonomyIndex is the jobs of a taxonomy's list of terms, paginated.
func (rn *run) taxonomyIndex(tax *site.Taxonomy) []job {
	links := make([]Link, 0, len(tax.Terms))
	for _, t := range tax.Terms {
		links = append(links, Link{Name: t.Name, URL: termURL(t), Count: len(t.Pages)})
	}
	per := termsPerPage(rn.size)
	total := pageCount(len(links), per)
	jobs := make([]job, 0, total)
	for i := 1; i <= total; i++ {
		url := pageURL(tax.URL, i)
		jobs = append(jobs, rn.html("taxonomy", url, "", func() *View {
			pager := newPager(tax.URL, i, total)
			v := rn.view("taxonomy", url, rn.title(pagedTitle(tax.Label, pager)), tax.Label,
				tax.Label+": tutte le voci della banca, ciascuna con le sue schede.")
			v.Taxonomy, v.Pager = tax, pager
			v.Terms = links[min((i-1)*per, len(links)):min(i*per, len(links))]
			v.Breadcrumb = rn.pagedCrumbs(tax.Label, tax.URL, i)
			return v
		}))
	}
	return jobs
}

// term is the jobs of a term's paginated list and its feed.
func (rn *run) term(tax *site.Taxonomy, t *site.Term) []job {
	items, note := ordered(t.Pages)
	total := pageCount(len(items), rn.size)
	feed := Link{Name: t.Name, URL: t.URL + "index.xml"}
	desc := tax.Singular + ": " + t.Name + " — " + italian.Plural(len(t.Pages), "scheda", "schede") + "."
	splits := rn.termSplits(t)
	filters := termFilters(t, splits, t.URL)
	jobs := make([]job, 0, total+1)
	for i := 1; i <= total; i++ {
		url := pageURL(t.URL, i)
		jobs = append(jobs, rn.html("term", url, "", func() *View {
			pager := newPager(t.URL, i, total)
			v := rn.view("term", url, rn.title(pagedTitle(t.Name, pager), tax.Label), t.Name, desc)
			v.Taxonomy, v.Term, v.Pager, v.Items, v.Count, v.Note = tax, t, pager, rn.window(items, i), len(items), note
			v.Feeds = rn.feeds(feed)
			v.Filters = filters()
			v.Breadcrumb = rn.pagedCrumbs(t.Name, t.URL, i, Link{Name: tax.Label, URL: tax.URL})
			return v
		}))
		if rn.keys {
			jobs[len(jobs)-1].key = rn.windowKey("term", url, i, total, items, rn.splitsKey(t, splits),
				rn.newKeyer("note", note).sum())
		}
	}
	jobs = append(jobs, rn.termSectionLists(tax, t, splits, []Link{{Name: tax.Label, URL: tax.URL}})...)
	return append(jobs, rn.feed(t.URL, rn.title(t.Name, tax.Label), desc, t.Pages))
}

// notFound is the job of 404.html.
func (rn *run) notFound() job {
	j := rn.html("404", "/", "", func() *View {
		return rn.view("404", "", rn.title("Pagina non trovata"), "Pagina non trovata",
			"La pagina che cerchi non esiste, o è stata spostata.")
	})
	j.file, j.url = "404.html", ""
	return j
}
