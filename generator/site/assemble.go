package site

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Options configure Assemble.
type Options struct {
	// Now is the build instant; statuses are computed against it in the
	// site's zone.
	Now time.Time
	// Previous, when set, is an earlier assembly of nearly the same
	// pages (the preview's last build): its related pages are reused
	// when nothing they are computed from has changed.
	Previous *Site
	// Diags, when set, receives the problems of references between
	// pages (references.go).
	Diags *diag.List
}

// Assemble builds the site from the published pages (drafts already
// filtered out by the caller, and cross-page checks done).
func Assemble(pages []*content.Page, sch *schema.Schema, opts Options) *Site {
	now := opts.Now.In(sch.Site.Location)
	s := &Site{Schema: sch, Config: sch.Site, Now: now, byURL: make(map[string]*Page, len(pages))}
	for _, sec := range sch.Sections {
		s.Sections = append(s.Sections, &Section{Key: sec.Key, Label: sec.Label, Singular: sec.Singular,
			Description: sec.Description, URL: sec.ListURL(), Schema: sec})
	}
	s.Pages = make([]*Page, 0, len(pages))
	for _, cp := range pages {
		if _, dup := s.byURL[cp.URL]; dup {
			continue // reported by content.CheckSet
		}
		p := &Page{Page: cp, Section: s.Section(cp.Section)}
		if p.Section == nil {
			continue
		}
		if lc := p.Section.Lifecycle(); lc != nil {
			p.Status = StatusAt(lc, MomentsOf(cp), now)
		} else if st := p.Section.Schema.States; st != nil {
			p.Status = StatesStatus(st, cp.Params)
		}
		for _, f := range p.Section.Schema.Fields {
			if v, ok := cp.Params[f.Key]; ok {
				p.Fields = append(p.Fields, Field{Key: f.Key, Label: f.Label, Type: f.Type, Value: v})
			}
		}
		s.Pages = append(s.Pages, p)
		s.byURL[cp.URL] = p
	}
	sortPages(s.Pages)
	for i, p := range s.Pages {
		p.index = i
		p.Section.Pages = append(p.Section.Pages, p)
	}
	s.resolveReferences(opts.Diags)
	s.assembleTaxonomies()
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			s.Redirects = append(s.Redirects, Redirect{From: a, To: p.URL})
		}
	}
	sort.Slice(s.Redirects, func(i, j int) bool { return s.Redirects[i].From < s.Redirects[j].From })
	s.Footer = FooterLinks(s.Sections)
	s.AssembleCalendar()
	s.assembleItems(now)
	s.NextStatusChange = earliest(nextChange(s.Pages, now), s.Calendar.nextChange(now), itemsNextChange(s.ItemLists, now))
	if !reuseRelated(s, opts.Previous) {
		relate(s, sch.Site.RelatedCount)
	}
	answer(s)
	return s
}

// FooterLinks lists the pages linked from the footer: in every section
// that declares a footer, the pages whose footer field is true, by the
// order field (lowest first; pages without one after), then by title.
func FooterLinks(secs []*Section) []FooterLink {
	var out []FooterLink
	for _, sec := range secs {
		ft := sec.Schema.Footer
		if ft == nil {
			continue
		}
		var ps []*Page
		for _, p := range sec.Pages {
			if p.Params.Bool(ft.Field) {
				ps = append(ps, p)
			}
		}
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			_, hasA := a.Params[ft.Order]
			_, hasB := b.Params[ft.Order]
			if hasA != hasB {
				return hasA
			}
			if oa, ob := a.Params.Int(ft.Order), b.Params.Int(ft.Order); oa != ob {
				return oa < ob
			}
			if a.Title != b.Title {
				return a.Title < b.Title
			}
			return a.URL < b.URL
		})
		for _, p := range ps {
			out = append(out, FooterLink{Title: p.Title, URL: p.URL})
		}
	}
	return out
}

// sortPages orders pages by weight (weighted pages first, lowest first),
// then newest first, then by title and URL so the order is stable.
func sortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if (a.Weight != 0) != (b.Weight != 0) {
			return a.Weight != 0
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.URL < b.URL
	})
}

func (s *Site) assembleTaxonomies() {
	for _, def := range s.Schema.Taxonomies {
		tax := &Taxonomy{Key: def.Key, Label: def.Label, Singular: def.Singular, URL: "/" + def.Key + "/", Schema: def}
		if def.Pages != "" {
			tax.URL = "/" + def.Pages + "/"
		}
		bySlug := map[string]*Term{}
		if def.Pages != "" {
			// Every page of the bound section is a term, even with no pages yet.
			for _, hub := range s.Section(def.Pages).Pages {
				t := &Term{Taxonomy: tax, Value: hub.Slug, Name: hub.Title, Slug: hub.Slug, URL: hub.URL, Hub: hub}
				hub.Hub = t
				bySlug[hub.Slug] = t
			}
		}
		slugs := map[string]string{} // slug.Make is costly: once per distinct value
		for _, p := range s.Pages {
			var group []*Term
			for _, v := range p.TermValues[def.Key] {
				sl, ok := slugs[v]
				if !ok {
					sl = slug.Make(v)
					slugs[v] = sl
				}
				if def.Pages != "" {
					sl = v
				}
				t := bySlug[sl]
				if t == nil {
					if def.Pages != "" || sl == "" {
						continue // unknown cantiere: reported by content.CheckSet
					}
					// The value is what pages match; its name is text
					// for readers, with the typography of titles
					// ("Ozzano dell’Emilia").
					t = &Term{Taxonomy: tax, Value: v, Name: markdown.Smarten(capitalize(v)), Slug: sl, URL: tax.URL + sl + "/"}
					bySlug[sl] = t
				}
				if t.Hub == p || containsTerm(group, t) {
					continue
				}
				t.Pages = append(t.Pages, p)
				group = append(group, t)
			}
			if len(group) > 0 {
				p.Terms = append(p.Terms, TermGroup{Taxonomy: tax, Terms: group})
			}
		}
		for _, t := range bySlug {
			tax.Terms = append(tax.Terms, t)
		}
		folded := make(map[*Term]string, len(tax.Terms))
		for _, t := range tax.Terms {
			folded[t] = schema.Fold(t.Name)
		}
		sort.Slice(tax.Terms, func(i, j int) bool {
			a, b := tax.Terms[i], tax.Terms[j]
			if fa, fb := folded[a], folded[b]; fa != fb {
				return fa < fb
			}
			return a.Slug < b.Slug
		})
		s.Taxonomies = append(s.Taxonomies, tax)
	}
}

func containsTerm(ts []*Term, t *Term) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// capitalize upper-cases the first letter: "povertà educativa" → "Povertà educativa".
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Term returns the term of taxonomy key whose value is v, or nil.
func (s *Site) Term(key, v string) *Term {
	tax := s.Taxonomy(key)
	if tax == nil {
		return nil
	}
	want := slug.Make(v)
	if tax.Schema.Pages != "" {
		want = v
	}
	for _, t := range tax.Terms {
		if t.Slug == want || strings.EqualFold(t.Value, v) {
			return t
		}
	}
	return nil
}
