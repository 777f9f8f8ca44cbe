// Package search is the bank's site search: an Italian bleve index of every
// published page, built with the site, and the one HTTP handler that
// answers it, as JSON for the page's script (/api/search) and as the
// site's own HTML results page (/cerca/), so that search works with
// JavaScript off. The development server and the Netlify function host the
// same handler.
//
// The index forgives what readers type: plurals and verb forms (Snowball
// Italian stemming), accents, elided articles, and one typo in longer
// words. Filters (the section, and the schema's facet fields and
// taxonomies) come with counts; an opportunity's status is computed when
// the query runs, against today in Europe/Rome, so it never goes stale
// between deploys.
package search

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// Field names in the index.
const (
	fieldTitle   = "title"   // the title, boosted
	fieldSummary = "summary" // the summary, boosted
	fieldText    = "text"    // everything searchable, title and summary included
	// fieldTerms holds the names of the page's terms and of its pick-list
	// values ("volontariato", "Ferrara", "bando"): what the page is about.
	fieldTerms = "terms"
	// fieldPlace holds a hub's place, its title ("Cantiere di Ferrara"),
	// and nothing for other pages: a search that names only the place
	// is looking for that page.
	fieldPlace  = "place"
	fieldDoc    = "doc"    // stored only: what a hit shows (storedDoc as JSON)
	fieldDate   = "date"   // publication date, for sorting
	fieldCloses = "closes" // when an opportunity closes, for "aperte" and sorting
	// fieldStart is when an event starts (a page of a section whose
	// lifecycle has a start), for the events' date range (ranges.go).
	fieldStart = "start"
	// fieldFilters holds every filter value of a page as "key/value"
	// ("argomenti/giovani", "sezione/opportunita"): one field rather than
	// one per filter, so that counting all filters reads one column.
	fieldFilters = "filters"
)

// rollingCloses stands for "never" in the closes field: pages with a
// lifecycle but no closing date (an opportunity a sportello) are open and
// sort after dated ones; doneCloses stands for "already" (an action done).
var (
	rollingCloses = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	doneCloses    = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
)

// excerptBytes bounds the plain text stored per page for snippets. Bodies
// are not stored whole: that keeps the index small enough to travel inside
// the function.
const excerptBytes = 1200

// storedDoc is what the index keeps of a page to show it as a hit.
type storedDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Section string `json:"s"`
	Date    string `json:"d"`
	// Deadline is the date that closes the page in its section's
	// lifecycle (an opportunity's deadline) as written (a date, or a date
	// and time), "" without one; Start is an event's start, Done an
	// action's done flag.
	Deadline string `json:"dl,omitempty"`
	Start    string `json:"st,omitempty"`
	Done     bool   `json:"dn,omitempty"`
	Summary  string `json:"su,omitempty"`
	Excerpt  string `json:"ex,omitempty"`
}

// newWriterMapping returns the mapping of a Writer's index (a variable:
// tests build with another analyzer).
var newWriterMapping = newMapping

// IndexDir is the folder of the bleve index inside a search bundle; the
// bundle also holds meta.json.
const IndexDir = "index"

// storedDate is a date as the index keeps it: YYYY-MM-DD, or RFC 3339
// with its time; "" for nil.
func storedDate(d *schema.Date, loc *time.Location) string {
	switch {
	case d == nil:
		return ""
	case d.HasTime:
		return d.Time.Format(time.RFC3339)
	}
	return d.Time.In(loc).Format(time.DateOnly)
}

// parseStored reads back a date of storedDate, nil for "".
func parseStored(s string, loc *time.Location) *schema.Date {
	if s == "" {
		return nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return &schema.Date{Time: t}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &schema.Date{Time: t, HasTime: true}
	}
	return nil
}

// newMeta starts the description of an index of s: everything but the
// filter values, which the pages give.
func newMeta(s *site.Site) *Meta {
	meta := &Meta{
		Built:           s.Now,
		TimeZone:        s.Config.TimeZone,
		ClosingSoonDays: s.Config.ClosingSoonDays,
		PageSize:        s.Config.PageSize,
		Boosts:          map[string]float64{fieldTitle: 4, fieldSummary: 2, fieldTerms: termsBoost},
		OpenLabel:       groupNames(s)[OpenKey],
		Footer:          s.Footer,
		Synonyms:        s.Synonyms,
	}
	for _, f := range s.Schema.Common {
		if f.Search != nil && f.Search.Weight > 0 && (f.Key == fieldTitle || f.Key == fieldSummary) {
			meta.Boosts[f.Key] = f.Search.Weight
		}
	}
	for _, sec := range s.Sections {
		meta.Sections = append(meta.Sections, sectionOption(sec))
		if lc := sec.Lifecycle(); lc != nil {
			if meta.Lifecycles == nil {
				meta.Lifecycles = map[string]*schema.Lifecycle{}
			}
			meta.Lifecycles[sec.Key] = lc
		}
	}
	return meta
}

// finishMeta completes meta with the filter values seen in the pages.
func finishMeta(meta *Meta, fields []facetField, seen []map[string]string, closings int) {
	for i, f := range fields {
		for v, l := range seen[i] {
			f.facet.Values = append(f.facet.Values, Option{Value: v, Label: l})
		}
		if f.facet.Key == SectionKey {
			f.facet.Values = listedSections(meta.Sections) // schema order, every listed section
		} else {
			sortOptions(f.facet.Values)
		}
		meta.Facets = append(meta.Facets, f.facet)
	}
	meta.Closings = closings
	meta.prepare()
}

// document is the indexed form of p; loc is the site's zone, in which
// deadlines are read. It records in seen the label of every filter value
// it uses.
func document(p *site.Page, loc *time.Location, fields []facetField, seen []map[string]string) map[string]any {
	sd := storedDoc{
		URL:     p.URL,
		Title:   p.Title,
		Section: p.Section.Key,
		Date:    p.Date.Format(time.RFC3339),
		Summary: p.Summary,
		Excerpt: excerpt(p),
	}
	var closing string
	text := searchText(p)
	data := map[string]any{
		fieldTitle:   aboutTitle(p),
		fieldSummary: aboutSummary(p),
		fieldText:    text,
		fieldTerms:   termsText(p, fields),
		fieldDate:    p.Date,
	}
	if p.Hub != nil {
		data[fieldPlace] = p.Title
	}
	if lc := p.Section.Lifecycle(); lc != nil {
		// The site's own rule, in the site's zone: the index and the
		// pages never disagree on when a page closes.
		closes := rollingCloses
		if t, ok := site.OpenUntil(lc, site.MomentsOf(p.Page), loc); ok {
			closes = t
			if t.IsZero() {
				closes = doneCloses
			}
		}
		sd.Deadline, sd.Start, sd.Done = storedDate(p.Deadline, loc), storedDate(p.Start, loc), p.Done
		data[fieldCloses] = closes
		closing = closesTerm(closes)
		if p.Start != nil && lc.Kind() == schema.KindPeriod {
			data[fieldStart] = startInstant(p.Start, loc)
		}
	}
	doc, _ := json.Marshal(sd)
	data[fieldDoc] = string(doc)
	var filters []string
	if closing != "" {
		// The closing minute among the filter values too: counting
		// the open opportunities is then part of counting the filters.
		filters = append(filters, closing)
	}
	for i, f := range fields {
		for _, o := range f.values(p) {
			if o.Value == "" {
				continue
			}
			filters = append(filters, filterTerm(f.facet.Key, o.Value))
			if _, ok := seen[i][o.Value]; !ok {
				seen[i][o.Value] = o.Label
			}
		}
	}
	data[fieldFilters] = filters
	return data
}

// siteZone is the zone in which s reads dates and computes statuses.
func siteZone(s *site.Site) *time.Location {
	if s.Schema != nil && s.Schema.Site.Location != nil {
		return s.Schema.Site.Location
	}
	return s.Now.Location()
}

// searchText gathers everything a reader may search a page by: title,
// summary, authors, the section's searchable fields, the names of its
// terms and the body's plain text.
func searchText(p *site.Page) string {
	var b strings.Builder
	b.Grow(len(p.Plain) + 512)
	add := func(s string) {
		if s != "" {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	add(p.Title)
	if !p.SummaryFromBody {
		// A summary taken from the body is in the body already.
		add(p.Summary)
	}
	for _, a := range p.Authors {
		add(a)
	}
	if p.Section.Schema != nil {
		for _, f := range p.Section.Schema.Fields {
			if f.Search == nil {
				continue
			}
			for _, v := range p.FieldTexts(f.Key) {
				add(v)
			}
		}
	}
	for _, g := range p.Terms {
		for _, t := range g.Terms {
			add(t.Name)
		}
	}
	add(p.Plain)
	return b.String()
}

// aboutTitle is the title that weighs as a page's subject: none for a hub
// (a cantiere's page), whose title names its place and is indexed as
// such (fieldPlace), weighing only when the query names nothing but the
// place ("ferrara", "cantiere imola"). Were it a title like any other,
// the town in a short title would outweigh, for "scuola ferrara", the
// pages about schools in Ferrara, which say both in their terms, on
// their own. The hub's title is still in its text.
func aboutTitle(p *site.Page) string {
	if p.Hub != nil {
		return ""
	}
	return p.Title
}

// aboutSummary is the summary that weighs as much as the title: none for
// a hub (a cantiere's page), whose summary, like its terms, tells what its
// place works on, every topic of the pages it gathers, and is no more than
// text (see termsText). The values of the section's fields that the
// schema weighs more than the text (search weight above 1: an ente's
// sigla, "CSV") are part of it, and weigh as the summary does: a page is
// found by them before the pages that only mention them.
func aboutSummary(p *site.Page) string {
	if p.Hub != nil {
		return ""
	}
	if p.Section.Schema == nil {
		return p.Summary
	}
	var b strings.Builder
	b.WriteString(p.Summary)
	for _, f := range p.Section.Schema.Fields {
		if f.Search == nil || f.Search.Weight <= 1 {
			continue
		}
		for _, v := range p.FieldTexts(f.Key) {
			b.WriteString("\n")
			b.WriteString(v)
		}
	}
	return b.String()
}

// termsText names what p is about: its section's name (sectionNames), its
// taxonomy terms and its values of the filters with a pick-list (tipo). A hub's terms are not its own
// subject but its place's, the topics of every page it gathers: a hub has
// none here, so that "volontariato ferrara" finds the pages about
// volunteering in Ferrara before the page of the Ferrara cantiere, which
// names the topic in passing and the town in its title.
func termsText(p *site.Page, fields []facetField) string {
	if p.Hub != nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(sectionNames(p))
	for _, g := range p.Terms {
		for _, t := range g.Terms {
			b.WriteString(t.Name)
			b.WriteString("\n")
		}
	}
	for _, f := range fields {
		if !f.pickList {
			continue
		}
		for _, o := range f.values(p) {
			b.WriteString(o.Label)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// excerpt is the start of the page's plain text after its summary, cut
// at a word boundary: the text snippets are taken from, with the summary.
func excerpt(p *site.Page) string {
	text := strings.TrimSpace(p.Plain)
	if p.SummaryFromBody {
		// The summary is the first paragraph: what follows it, without
		// the dash that may end that paragraph.
		text = strings.TrimLeft(strings.TrimPrefix(text, strings.TrimSpace(p.Summary)), " —\n")
	}
	return clip(text, excerptBytes)
}

// closesPrefix starts the filter terms that hold when an opportunity
// closes: "chiude/2027-03-10T23:00:00Z" (the instant, in UTC, so that the
// terms sort as they happen even across a change of daylight saving
// time), or "chiude/9999" for those without deadline.
const closesPrefix = "chiude/"

// closesTerm is the filter term for an opportunity closing at t.
func closesTerm(t time.Time) string {
	if !t.Before(rollingCloses) {
		return closesPrefix + "9999"
	}
	return closesPrefix + t.UTC().Format(closesLayout)
}

// closesLayout formats closing instants, to the second, in UTC.
const closesLayout = "2006-01-02T15:04:05Z"

// filterTerm is the term of value of filter key in the filters field.
func filterTerm(key, value string) string { return key + "/" + value }

// newMapping declares the index's fields. Nothing is dynamic: a field not
// declared here is not indexed.
func newMapping() mapping.IndexMapping { return mappingWith(AnalyzerName) }

// mappingWith is newMapping with the text fields analysed by the analyzer
// registered as analyzer (tests compare analyzers with it).
func mappingWith(analyzer string) mapping.IndexMapping {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldTitle, text(false))
	dm.AddFieldMappingsAt(fieldSummary, text(false))
	dm.AddFieldMappingsAt(fieldText, text(false))
	dm.AddFieldMappingsAt(fieldTerms, text(false))
	dm.AddFieldMappingsAt(fieldPlace, text(false))

	stored := bleve.NewTextFieldMapping()
	stored.Analyzer = keyword.Name
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false
	dm.AddFieldMappingsAt(fieldDoc, stored)

	date := func() *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	dm.AddFieldMappingsAt(fieldDate, date())
	dm.AddFieldMappingsAt(fieldCloses, date())
	dm.AddFieldMappingsAt(fieldStart, date())

	k := bleve.NewKeywordFieldMapping()
	k.Store = false
	k.IncludeInAll = false
	k.IncludeTermVectors = false
	k.DocValues = true
	dm.AddFieldMappingsAt(fieldFilters, k)

	// No "_all" composite field: queries name their fields.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// errNoIndex reports a bundle without an index.
var errNoIndex = errors.New("indice di ricerca assente: genera il sito con 'go run ./generator build'")
