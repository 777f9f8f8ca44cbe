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
			if !p.Writes("slug") {
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
			if !p.Writes("slug") {
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

// RootAddresses are the folders at the root of the site that it serves
// besides its sections and taxonomies, with what each is for: a page at
// the root of the site (of a section declared root) may not take them.
var RootAddresses = map[string]string{
	"cerca": "la pagina di ricerca",
	"api":   "la ricerca (/api/search)",
	"admin": "il pannello di modifica",
	"css":   "i fogli di stile",
	"js":    "gli script",
	"img":   "le immagini caricate dal pannello",
}

// rootSlugs lists what a page at the root of the site may not be called:
// RootAddresses, every section's and taxonomy's address, and the slugs of
// the other pages of its own section that lists under it use.
func rootSlugs(sch *schema.Schema) map[string]string {
	out := make(map[string]string, len(RootAddresses)+len(sch.Sections)+len(sch.Taxonomies))
	for k, v := range RootAddresses {
		out[k] = v
	}
	for _, sec := range sch.Sections {
		if sec.Listed() {
			out[sec.Key] = "la sezione «" + sec.Label + "»"
		}
	}
	for _, t := range sch.Taxonomies {
		if t.Pages == "" {
			out[t.Key] = "l'elenco «" + t.Label + "»"
		}
	}
	return out
}

// reservedSlugs lists, per section, the slugs the site uses for lists under
// the section's address, with what each is for: the pages of a long list
// (page/2/), in a section with deadlines the open ones (aperte/) and the
// list newest first (recenti/), and the filters by a facet field with a
// pick-list (tipo/bando/). A section whose pages are at the root of the
// site gets rootSlugs.
func reservedSlugs(sch *schema.Schema) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, sec := range sch.Sections {
		if sec.Root {
			out[sec.Key] = rootSlugs(sch)
			continue
		}
		r := map[string]string{"page": "le pagine successive dell'elenco"}
		if sec.HasLifecycle() && sec.Lifecycle.Lists != nil {
			open := sec.Lifecycle.Lists.Open
			r[slug.Make(open)] = "l'elenco delle " + strings.ToLower(sec.Label) + " " + open
			r["recenti"] = "l'elenco dalle più recenti"
		}
		if st := sec.States; st != nil {
			r[st.List] = "l'elenco «" + st.Title + "»"
		}
		for _, f := range sec.Fields {
			if f.Facet && len(f.Values) > 0 {
				r[slug.Make(f.Key)] = "i filtri per " + strings.ToLower(f.Label)
			}
		}
		out[sec.Key] = r
	}
	return out
}
