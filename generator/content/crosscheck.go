package content

import (
	"fmt"
	"sort"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Published returns the pages that go into the site: all pages when drafts
// is true (the preview), otherwise those that are not drafts.
func (s *Set) Published(drafts bool) []*Page {
	out := make([]*Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		if drafts || !p.Draft {
			out = append(out, p)
		}
	}
	return out
}

// CheckSet runs the checks that need every page at once: values of
// taxonomies bound to a section (cantieri) must name one of its published
// pages, no two pages may share a URL, no page may take the address of a
// list by its slug. (The placeholders of `generator new` are checked file
// by file, when a page is loaded; aliases, and pages over any other
// address the site serves, are checked once the site is assembled, by
// build, against what the render will write.)
func CheckSet(pages []*Page, sch *schema.Schema, diags *diag.List) {
	bySection := map[string]map[string]bool{}
	for _, p := range pages {
		if bySection[p.Section] == nil {
			bySection[p.Section] = map[string]bool{}
		}
		bySection[p.Section][p.Slug] = true
	}
	for _, t := range sch.Taxonomies {
		if t.Pages == "" {
			continue
		}
		valid := bySection[t.Pages]
		names := make([]string, 0, len(valid))
		for s := range valid {
			names = append(names, s)
		}
		sort.Strings(names)
		for _, p := range pages {
			for _, v := range p.TermValues[t.Key] {
				if valid[v] {
					continue
				}
				pos, span := p.ItemPos(t.Key, v)
				fix := fmt.Sprintf("Usa lo slug di una pagina in content/%s/: %s.", t.Pages, quoted(names))
				if near, ok := schema.Closest(v, names); ok {
					fix = fmt.Sprintf("Forse intendevi «%s»?", near)
				}
				diags.Add(p.Diag(diag.Diagnostic{Code: diag.CantiereUnknown, Pos: pos, Span: span,
					Message: fmt.Sprintf("«%s» non è uno dei %s: non esiste la pagina content/%s/%s.md", v, t.Label, t.Pages, v), Fix: fix}))
			}
		}
	}
	reserved := reservedSlugs(sch)
	for _, p := range pages {
		if why, ok := reserved[p.Section][p.Slug]; ok {
			pos, span := p.EntryPos("slug")
			if p.Front.Get("slug") == nil {
				pos, span = diag.Pos{Line: 1}, 1
			}
			diags.Add(p.Diag(diag.Diagnostic{Code: diag.SlugReserved, Pos: pos, Span: span,
				Message: fmt.Sprintf("l'indirizzo %s è riservato: il sito lo usa per %s", p.URL, why),
				Fix:     "Rinomina il file o cambia il suo campo slug, per esempio in «" + p.Slug + "-1»."}))
		}
	}
	owner := map[string]*Page{}
	for _, p := range pages {
		if o, dup := owner[p.URL]; dup {
			pos, span := p.EntryPos("slug")
			if p.Front.Get("slug") == nil {
				pos, span = diag.Pos{Line: 1}, 1
			}
			diags.Add(p.Diag(diag.Diagnostic{Code: diag.URLDuplicate, Pos: pos, Span: span,
				Message: fmt.Sprintf("l'indirizzo %s è già usato da %s", p.URL, o.Display),
				Fix:     "Rinomina uno dei due file o cambia il suo campo slug, così che gli indirizzi siano diversi."}))
			continue
		}
		owner[p.URL] = p
	}
}

func quoted(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += "«" + n + "»"
	}
	return s
}

// reservedSlugs lists, per section, the slugs the site uses for lists under
// the section's address, with what each is for: the pages of a long list
// (page/2/), the open opportunities (aperte/, in a section with deadlines)
// and the filters by a facet field with a pick-list (tipo/bando/).
func reservedSlugs(sch *schema.Schema) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, sec := range sch.Sections {
		r := map[string]string{"page": "le pagine successive dell'elenco"}
		for _, f := range sec.Fields {
			if f.Key == "deadline" {
				r["aperte"] = "l'elenco delle opportunità aperte"
			}
			if f.Facet && len(f.Values) > 0 {
				r[slug.Make(f.Key)] = "i filtri per " + strings.ToLower(f.Label)
			}
		}
		out[sec.Key] = r
	}
	return out
}
