package render

import (
	"strings"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// The schema.org descriptions of pages, embedded as JSON-LD: an Article for
// buone pratiche, an Event for opportunities with a deadline (open from
// publication to the deadline). base.html writes View.JSONLD inside
// <script type="application/ld+json">, where html/template marshals it with
// encoding/json, which escapes <, > and & so no text can close the element.

// ldContext is the vocabulary of every description.
const ldContext = "https://schema.org"

// ldThing is what every description has.
type ldThing struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	Name        string `json:"name,omitempty"`
	Headline    string `json:"headline,omitempty"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
	InLanguage  string `json:"inLanguage"`
}

// ldArticle is a schema.org Article.
type ldArticle struct {
	ldThing
	DatePublished    string    `json:"datePublished"`
	DateModified     string    `json:"dateModified,omitempty"`
	Author           []ldAgent `json:"author,omitempty"`
	Publisher        ldAgent   `json:"publisher"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	About            []string  `json:"keywords,omitempty"`
	Contributor      []ldAgent `json:"contributor,omitempty"`
	SpatialCoverage  []ldPlace `json:"spatialCoverage,omitempty"`
}

// ldEvent is a schema.org Event.
type ldEvent struct {
	ldThing
	StartDate           string `json:"startDate"`
	EndDate             string `json:"endDate"`
	EventStatus         string `json:"eventStatus"`
	EventAttendanceMode string `json:"eventAttendanceMode"`
	// Organizer is one ldAgent, or a list of them.
	Organizer any       `json:"organizer,omitempty"`
	Location  []ldPlace `json:"location,omitempty"`
	SameAs    string    `json:"sameAs,omitempty"`
}

// ldAgent is a Person or an Organization.
type ldAgent struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ldPlace is a Place named after a municipality.
type ldPlace struct {
	Type    string    `json:"@type"`
	Name    string    `json:"name"`
	Address ldAddress `json:"address"`
}

// ldAddress is a PostalAddress of a municipality in Italy.
type ldAddress struct {
	Type     string `json:"@type"`
	Locality string `json:"addressLocality"`
	Country  string `json:"addressCountry"`
}

// jsonLD returns the description of p, or nil when none fits.
func (rn *run) jsonLD(p *site.Page, e *Entry, d *Doc) any {
	if p.Section == nil {
		return nil
	}
	thing := ldThing{Context: ldContext, Description: p.Summary, URL: e.AbsURL, InLanguage: "it"}
	def := p.Section.Schema
	if def == nil {
		return nil
	}
	switch def.SchemaOrg {
	case schema.SchemaOrgArticle:
		thing.Type, thing.Headline = "Article", p.Title
		a := ldArticle{ldThing: thing, DatePublished: e.PublishedISO, DateModified: e.UpdatedISO,
			Publisher: ldAgent{Type: "Organization", Name: rn.s.Config.ShortTitle}, MainEntityOfPage: e.AbsURL,
			SpatialCoverage: places(p)}
		for _, name := range p.Authors {
			a.Author = append(a.Author, ldAgent{Type: "Person", Name: name})
		}
		if f := d.Field(def.Partners); def.Partners != "" && f != nil {
			for _, name := range f.names() {
				a.Contributor = append(a.Contributor, ldAgent{Type: "Organization", Name: name})
			}
		}
		for _, g := range p.Terms {
			if role(g.Taxonomy) == schema.TaxonomyKeywords {
				for _, t := range g.Terms {
					a.About = append(a.About, t.Value)
				}
			}
		}
		return a
	case schema.SchemaOrgEvent:
		if p.Deadline == nil {
			return nil
		}
		thing.Type, thing.Name = "Event", p.Title
		start := e.PublishedISO
		if p.Start != nil {
			start = deadlineISO(*p.Start, rn.loc) // an event of its own, from its start
		}
		ev := ldEvent{ldThing: thing, StartDate: start, EndDate: e.DeadlineISO,
			EventStatus:         "https://schema.org/EventScheduled",
			EventAttendanceMode: "https://schema.org/MixedEventAttendanceMode",
			Location:            places(p), SameAs: d.Link}
		if f := d.Field(def.Promoter); def.Promoter != "" && f != nil {
			var orgs []ldAgent
			for _, name := range f.names() {
				orgs = append(orgs, ldAgent{Type: "Organization", Name: name})
			}
			switch len(orgs) {
			case 0:
			case 1:
				ev.Organizer = orgs[0]
			default:
				ev.Organizer = orgs
			}
		}
		return ev
	}
	return nil
}

// role is the role of tax's terms in structured data (schema.Taxonomy's
// SchemaOrg), "" for none.
func role(tax *site.Taxonomy) string {
	if tax == nil || tax.Schema == nil {
		return ""
	}
	return tax.Schema.SchemaOrg
}

// places lists the page's terms of the taxonomies of places (schema_org:
// spatial) as Places.
func places(p *site.Page) []ldPlace {
	var out []ldPlace
	for _, g := range p.Terms {
		if role(g.Taxonomy) != schema.TaxonomySpatial {
			continue
		}
		for _, t := range g.Terms {
			name := strings.TrimSpace(t.Value)
			out = append(out, ldPlace{Type: "Place", Name: name,
				Address: ldAddress{Type: "PostalAddress", Locality: name, Country: "IT"}})
		}
	}
	return out
}

// names returns the names a string, list or reference field shows.
func (f *FieldView) names() []string {
	switch {
	case len(f.Refs) > 0:
		out := make([]string, len(f.Refs))
		for i, r := range f.Refs {
			out[i] = r.Name
		}
		return out
	case len(f.List) > 0:
		return f.List
	case f.Text != "":
		return []string{f.Text}
	}
	return nil
}
