package render

import (
	"cantiericomuni.it/banca/generator/site"
)

// RecordsView is a records field shown as a table: the label of each
// sub-field heads its column, and each record is a row of values shown
// as the page's fields are.
type RecordsView struct {
	Columns []string
	Rows    [][]FieldView
}

// Backlinks are the pages that name the page shown through one field:
// Section is their section's label ("Verbali"), Field the field's
// ("Partecipanti"), Heading what heads them: the heading the field
// declares ("Incontri a cui ha partecipato"), else "Verbali: Partecipanti".
type Backlinks struct {
	Section, Field, Heading string
	Pages                   []Link
}

// refLinks turns resolved references into links to the pages they name
// (by title); a value that names no page is a Link without URL, shown as
// text.
func refLinks(refs []site.Reference) []Link {
	out := make([]Link, len(refs))
	for i, r := range refs {
		out[i] = Link{Name: r.Name()}
		if r.Page != nil {
			out[i].URL = r.Page.URL
		}
	}
	return out
}

// records turns a records field into a table.
func (rn *run) records(r *site.Records) *RecordsView {
	v := &RecordsView{Columns: make([]string, len(r.Columns))}
	for i, c := range r.Columns {
		v.Columns[i] = c.Label
	}
	for _, row := range r.Rows {
		cells := make([]FieldView, len(row))
		for j, f := range row {
			fv, _ := rn.field(f) // an empty cell shows nothing
			cells[j] = fv
		}
		v.Rows = append(v.Rows, cells)
	}
	return v
}

// backlinks lists the groups of pages that name p, as the site orders
// them.
func backlinks(p *site.Page) []Backlinks {
	var out []Backlinks
	for _, g := range p.Backlinks {
		b := Backlinks{Section: g.Section.Label, Field: g.Label, Heading: g.Heading}
		if b.Heading == "" {
			b.Heading = b.Section + ": " + b.Field
		}
		for _, q := range g.Pages {
			b.Pages = append(b.Pages, Link{Name: q.Title, URL: q.URL})
		}
		out = append(out, b)
	}
	return out
}

// references adds to a page's version what it shows of other pages
// through its references and backlinks: their addresses and titles, so
// that the preview renders it again when one of them changes.
func (k *keyer) references(p *site.Page) *keyer {
	refs := func(v any) {
		rs, ok := v.([]site.Reference)
		if !ok {
			return
		}
		for _, r := range rs {
			k.str(r.Text)
			if r.Page != nil {
				k.str(r.Page.URL).str(r.Page.Title)
			}
		}
	}
	for _, f := range p.Fields {
		switch v := f.Value.(type) {
		case []site.Reference:
			refs(v)
		case *site.Records:
			for _, row := range v.Rows {
				for _, c := range row {
					refs(c.Value)
				}
			}
		}
	}
	for _, g := range p.Backlinks {
		k.str(g.Section.Label).str(g.Label).str(g.Heading).int(len(g.Pages))
		for _, q := range g.Pages {
			k.str(q.URL).str(q.Title)
		}
	}
	return k
}
