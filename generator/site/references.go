package site

import (
	"fmt"
	"sort"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// Reference is one value of a reference field, resolved once every page
// is assembled: the page it names, or nil when it names none and the
// field keeps such values as plain text (schema: strict: false).
type Reference struct {
	// Text is the value as written.
	Text string
	Page *Page
}

// Records is the value of a records field, ready to show: a column per
// sub-field, in schema order, and a row per record, with a Field per
// column (its Value nil when the record leaves it empty).
type Records struct {
	Columns []Field
	Rows    [][]Field
	// Items are the rows as records with a status, one per row, when
	// the field declares a lifecycle (items.go); nil otherwise.
	Items []*Item
}

// Backlinks are the pages that name a page through one field of one
// section ("Partecipanti" of the Verbali), in the site's order.
type Backlinks struct {
	// Section is the section of the pages that refer.
	Section *Section
	// Key is the field: "partecipanti", or "azioni.chi" for a sub-field
	// of a records field; Label names it: "Partecipanti", "Azioni (Chi)".
	Key, Label string
	// Heading, when the field declares one (schema: backlinks), heads
	// these pages on their own, instead of the label among the others
	// ("Risponde a questi bisogni").
	Heading string
	Pages   []*Page
}

// resolveReferences turns the reference and records values of every
// page's Fields into what the layouts show (Reference, *Records), and
// gives every page named the Backlinks of the pages naming it. A value
// that names no page is reported to diags (when set): an error, with the
// nearest name as a suggestion; for a field that is not strict, a warning
// when a name is near, and nothing otherwise.
func (s *Site) resolveReferences(diags *diag.List) {
	r := &resolver{s: s, index: map[string]map[string][]*Page{}}
	refers := map[*Section]bool{} // sections with reference or records fields
	for _, sec := range s.Sections {
		for _, f := range sec.Schema.Fields {
			refers[sec] = refers[sec] || f.Type == schema.TypeReference || f.Type == schema.TypeRecords
		}
	}
	for _, p := range s.Pages {
		if !refers[p.Section] {
			continue
		}
		for i := range p.Fields {
			f := &p.Fields[i]
			def := p.Section.Schema.Field(f.Key)
			if def == nil {
				continue
			}
			switch def.Type {
			case schema.TypeReference:
				f.Value = r.references(p, def, schema.RefsOf(f.Value), diags)
			case schema.TypeRecords:
				recs, _ := f.Value.([]schema.Record)
				f.Value = r.records(p, def, recs, diags)
			}
		}
	}
	r.link()
}

// resolver resolves references against the site's pages.
type resolver struct {
	s *Site
	// index maps "section\x00match key" to the pages by folded value.
	index map[string]map[string][]*Page
	// from lists, for every page named, the groups of pages naming it.
	from map[*Page][]*backlinkGroup
	// near keeps, by what a field matches, the names a value that names
	// no page is compared with (names).
	near map[string]*schema.Names
}

// backlinkGroup is Backlinks with the order it is shown in.
type backlinkGroup struct {
	Backlinks
	section, field, sub int
}

// references resolves the values refs of the reference field def of p;
// key and label name the field for backlinks.
func (r *resolver) references(p *Page, def *schema.Field, refs []schema.Ref, diags *diag.List) []Reference {
	return r.referencesAs(p, def, def.Key, def.Label, [2]int{fieldIndex(p.Section, def.Key), -1}, refs, diags)
}

func (r *resolver) referencesAs(p *Page, def *schema.Field, key, label string, order [2]int, refs []schema.Ref, diags *diag.List) []Reference {
	out := make([]Reference, 0, len(refs))
	for _, ref := range refs {
		target := r.resolve(p, def, ref, diags)
		out = append(out, Reference{Text: ref.Text, Page: target})
		if target != nil && target != p {
			r.backlink(target, p, key, label, def.Backlinks, order)
		}
	}
	return out
}

// records resolves the references in the records of the records field
// def of p and lays them out as rows.
func (r *resolver) records(p *Page, def *schema.Field, recs []schema.Record, diags *diag.List) *Records {
	out := &Records{}
	for _, sf := range def.Fields {
		out.Columns = append(out.Columns, Field{Key: sf.Key, Label: sf.Label, Type: sf.Type})
	}
	at := fieldIndex(p.Section, def.Key)
	for _, rec := range recs {
		row := make([]Field, len(def.Fields))
		for j, sf := range def.Fields {
			row[j] = out.Columns[j]
			v, ok := rec.Values[sf.Key]
			if !ok {
				continue
			}
			if sf.Type == schema.TypeReference {
				v = r.referencesAs(p, sf, def.Key+"."+sf.Key, def.Label+" ("+sf.Label+")", [2]int{at, j}, schema.RefsOf(v), diags)
			}
			row[j].Value = v
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// fieldIndex is the place of the field key among the section's.
func fieldIndex(sec *Section, key string) int {
	for i, f := range sec.Schema.Fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// backlink records that from names to through the field key, whose
// backlinks are headed heading when it is set.
func (r *resolver) backlink(to, from *Page, key, label, heading string, order [2]int) {
	if r.from == nil {
		r.from = map[*Page][]*backlinkGroup{}
	}
	for _, g := range r.from[to] {
		if g.Section == from.Section && g.Key == key {
			if g.Pages[len(g.Pages)-1] != from { // pages come in site order
				g.Pages = append(g.Pages, from)
			}
			return
		}
	}
	r.from[to] = append(r.from[to], &backlinkGroup{
		Backlinks: Backlinks{Section: from.Section, Key: key, Label: label, Heading: heading, Pages: []*Page{from}},
		section:   sectionIndex(r.s, from.Section), field: order[0], sub: order[1]})
}

func sectionIndex(s *Site, sec *Section) int {
	for i, x := range s.Sections {
		if x == sec {
			return i
		}
	}
	return -1
}

// link gives every page named its Backlinks: by section in schema order,
// then by field in the section's order.
func (r *resolver) link() {
	for to, groups := range r.from {
		sort.Slice(groups, func(i, j int) bool {
			a, b := groups[i], groups[j]
			if a.section != b.section {
				return a.section < b.section
			}
			if a.field != b.field {
				return a.field < b.field
			}
			return a.sub < b.sub
		})
		to.Backlinks = make([]Backlinks, len(groups))
		for i, g := range groups {
			to.Backlinks[i] = g.Backlinks
		}
	}
}

// resolve finds the page ref names, or reports why there is none.
func (r *resolver) resolve(p *Page, def *schema.Field, ref schema.Ref, diags *diag.List) *Page {
	sections, name := r.scope(def, ref.Text)
	want := slug.Make(name)
	var found []*Page
	if want != "" {
		for _, key := range def.MatchKeys() {
			for _, sec := range sections {
				for _, q := range r.pages(sec, key)[want] {
					if !containsPage(found, q) {
						found = append(found, q)
					}
				}
			}
			if len(found) > 0 {
				break
			}
		}
	}
	report := func(d diag.Diagnostic) {
		if diags == nil {
			return
		}
		d.Pos, d.Span = ref.Pos, max(ref.Span, 1)
		if !def.IsStrict() {
			d.Severity = diag.Warning
		}
		diags.Add(p.Diag(d))
	}
	switch len(found) {
	case 1:
		return found[0]
	case 0:
		// A value written sezione/slug is compared by its name, and the
		// suggestion is written the same way.
		near, ok := r.names(def, sections).Closest(name)
		if ok && name != ref.Text && len(sections) == 1 {
			near = sections[0].Key + "/" + near
		}
		if !def.IsStrict() && !ok {
			return nil
		}
		what := r.what(sections)
		if !def.IsStrict() {
			report(diag.Diagnostic{Code: diag.ReferenceNear,
				Message: fmt.Sprintf("«%s» non corrisponde a nessuna pagina di %s, ma somiglia a «%s»: resta testo, senza collegamento", ref.Text, what, near),
				Fix:     fmt.Sprintf("Forse intendevi «%s»? Scrivilo così e diventerà un collegamento; se no, lascia il valore com'è.", near)})
			return nil
		}
		fix := fmt.Sprintf("Scrivi il nome del file (senza .md)%s di una pagina di %s; se la pagina non c'è ancora, creala.", r.byWhat(def), what)
		if ok {
			fix = fmt.Sprintf("Forse intendevi «%s»?", near)
		}
		report(diag.Diagnostic{Code: diag.ReferenceUnknown,
			Message: fmt.Sprintf("«%s» non corrisponde a nessuna pagina di %s (o la pagina è una bozza)", ref.Text, what),
			Fix:     fix})
		return nil
	}
	names := make([]string, len(found))
	for i, q := range found {
		names[i] = q.Display
	}
	report(diag.Diagnostic{Code: diag.ReferenceAmbiguous,
		Message: fmt.Sprintf("«%s» corrisponde a più di una pagina: %s", ref.Text, strings.Join(names, ", ")),
		Fix:     fmt.Sprintf("Scrivi il nome del file della pagina che intendi, per esempio «%s».", found[0].Section.Key+"/"+found[0].Slug)})
	return nil
}

// scope returns the sections a value may name and the name in it: all of
// the field's, or one when the value starts with it, written as
// "sezione/slug", as a path (/sezione/slug/) or as a link to the file
// (../sezione/slug.md).
func (r *resolver) scope(def *schema.Field, text string) ([]*Section, string) {
	var all []*Section
	for _, key := range def.Sections {
		if sec := r.s.Section(key); sec != nil {
			all = append(all, sec)
		}
	}
	t := strings.TrimSpace(text)
	// The page's address on the site, whole (https://host/sezione/slug/).
	if base := strings.TrimSuffix(r.s.Config.BaseURL, "/"); base != "" && strings.HasPrefix(t, base+"/") {
		t = strings.TrimPrefix(t, base)
	}
	t = strings.TrimPrefix(strings.TrimPrefix(t, "../"), "/")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "/index.md"), ".md")
	t = strings.TrimSuffix(t, "/")
	if head, rest, ok := strings.Cut(t, "/"); ok && !strings.Contains(rest, "/") {
		for _, sec := range all {
			if sec.Key == head {
				return []*Section{sec}, rest
			}
		}
	}
	return all, text
}

// pages returns the pages of sec by the folded value of key: the slug,
// the title or another field.
func (r *resolver) pages(sec *Section, key string) map[string][]*Page {
	id := sec.Key + "\x00" + key
	if m, ok := r.index[id]; ok {
		return m
	}
	m := map[string][]*Page{}
	for _, q := range sec.Pages {
		for _, v := range matchValues(q, key) {
			// Two values of q may fold alike (a title and its typeset form).
			if k := slug.Make(v); k != "" && !containsPage(m[k], q) {
				m[k] = append(m[k], q)
			}
		}
	}
	r.index[id] = m
	return m
}

// matchValues are the values of page q that key matches.
func matchValues(q *Page, key string) []string {
	switch key {
	case schema.MatchSlug:
		return []string{q.Slug}
	case schema.MatchTitle:
		if q.WrittenTitle != "" {
			return []string{q.Title, q.WrittenTitle}
		}
		return []string{q.Title}
	}
	if v := q.Params.String(key); v != "" {
		return []string{v}
	}
	return nil
}

// names lists what a value of def could have been, for suggestions.
func (r *resolver) names(def *schema.Field, sections []*Section) *schema.Names {
	key := strings.Join(def.MatchKeys(), "\x00")
	for _, sec := range sections {
		key += "\x01" + sec.Key
	}
	if n, ok := r.near[key]; ok {
		return n
	}
	var out []string
	for _, sec := range sections {
		for _, q := range sec.Pages {
			for _, key := range def.MatchKeys() {
				out = append(out, matchValues(q, key)...)
			}
		}
	}
	if r.near == nil {
		r.near = map[string]*schema.Names{}
	}
	n := schema.NewNames(out)
	r.near[key] = n
	return n
}

// what names the sections a value may name: "Enti della rete", "Risorse
// o Buone pratiche".
func (r *resolver) what(sections []*Section) string {
	labels := make([]string, len(sections))
	for i, sec := range sections {
		labels[i] = "«" + sec.Label + "»"
	}
	return strings.Join(labels, " o ")
}

// byWhat says what else than the file name a value may be.
func (r *resolver) byWhat(def *schema.Field) string {
	var other []string
	for _, k := range def.MatchKeys() {
		switch k {
		case schema.MatchSlug:
		case schema.MatchTitle:
			other = append(other, "il titolo")
		default:
			other = append(other, "il campo "+k)
		}
	}
	if len(other) == 0 {
		return ""
	}
	return ", oppure " + strings.Join(other, " o ") + ","
}

func containsPage(ps []*Page, p *Page) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// remapReferences points the references, records and backlinks of np,
// a copy of a page, at the copies of the pages and sections they name
// (Replace); the slices of the page copied are left as they were.
func remapReferences(np *Page, page func(*Page) *Page, section func(*Section) *Section) {
	if len(np.Backlinks) > 0 {
		bl := make([]Backlinks, len(np.Backlinks))
		for i, g := range np.Backlinks {
			bl[i] = Backlinks{Section: section(g.Section), Key: g.Key, Label: g.Label, Heading: g.Heading, Pages: remap(g.Pages, page)}
		}
		np.Backlinks = bl
	}
	remapRefs := func(v any) any {
		refs, ok := v.([]Reference)
		if !ok {
			return v
		}
		out := make([]Reference, len(refs))
		for i, x := range refs {
			out[i] = Reference{Text: x.Text, Page: page(x.Page)}
		}
		return out
	}
	var fields []Field
	for i, f := range np.Fields {
		var v any
		switch x := f.Value.(type) {
		case []Reference:
			v = remapRefs(x)
		case *Records:
			rs := &Records{Columns: x.Columns, Rows: make([][]Field, len(x.Rows))}
			for j, row := range x.Rows {
				rs.Rows[j] = make([]Field, len(row))
				for k, c := range row {
					c.Value = remapRefs(c.Value)
					rs.Rows[j][k] = c
				}
			}
			v = rs
		default:
			continue
		}
		if fields == nil {
			fields = append([]Field(nil), np.Fields...)
		}
		fields[i].Value = v
	}
	if fields != nil {
		np.Fields = fields
	}
}
