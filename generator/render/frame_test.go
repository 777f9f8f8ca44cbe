package render

import (
	"html/template"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/site"
)

// TestCachedRendersOncePerData checks View.Cached: the same data renders
// once per build (a change made after the first rendering does not show),
// other data of the same type renders on its own, the Filters of one list
// are one piece of data on each of its pages but equal Filters of another
// list are not, and what cannot be cached (empty Filters, a nil pointer) is
// rendered every time.
func TestCachedRendersOncePerData(t *testing.T) {
	layouts := template.Must(template.New("x").Parse(
		`{{define "voce"}}<b>{{.Title}}</b>{{end}}` +
			`{{define "filtri"}}{{range .}}<i>{{.Label}}</i>{{end}}{{end}}` +
			`{{define "testata"}}<h>{{.Kind}}</h>{{end}}` +
			`{{define "piede"}}<f>{{.Here}}</f>{{end}}`))
	rn := &run{s: &site.Site{}}
	rn.buildFooters()
	page := func() *View { return &View{rn: rn, t: layouts} }

	type call struct {
		name string
		data any
		// change runs between the first rendering and the second.
		change func()
	}
	a, b := &Entry{Title: "A"}, &Entry{Title: "B"}
	list := Filters{{Label: "Tipo"}}
	other := Filters{{Label: "Tipo"}}
	m := rn.masthead("page", nil)
	cases := []struct {
		name        string
		first, then call
		want        [2]string
	}{
		{"an entry renders once",
			call{"voce", a, func() { a.Title = "A cambiata" }}, call{"voce", a, nil},
			[2]string{"<b>A</b>", "<b>A</b>"}},
		{"another entry renders on its own",
			call{"voce", a, nil}, call{"voce", b, nil},
			[2]string{"<b>A</b>", "<b>B</b>"}},
		{"the filters of a list, on its next page",
			call{"filtri", list, func() { list[0].Label = "Stato" }}, call{"filtri", list[:1], nil},
			[2]string{"<i>Tipo</i>", "<i>Tipo</i>"}},
		{"equal filters of another list",
			call{"filtri", list, func() { other[0].Label = "Sezione" }}, call{"filtri", other, nil},
			[2]string{"<i>Tipo</i>", "<i>Sezione</i>"}},
		{"empty filters",
			call{"filtri", Filters(nil), nil}, call{"filtri", Filters{}, nil},
			[2]string{"", ""}},
		{"one header per kind and place",
			call{"testata", m, nil}, call{"testata", rn.masthead("page", nil), nil},
			[2]string{"<h>page</h>", "<h>page</h>"}},
		{"the footer of a page it does not link",
			call{"piede", rn.footer("/opportunita/x/"), nil}, call{"piede", rn.footer("/pratiche/y/"), nil},
			[2]string{"<f></f>", "<f></f>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for i, cl := range []call{c.first, c.then} {
				got, err := page().Cached(cl.name, cl.data)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != c.want[i] {
					t.Errorf("rendering %d: %q, want %q", i+1, got, c.want[i])
				}
				if cl.change != nil {
					cl.change()
				}
			}
		})
	}
	if rn.masthead("page", nil) != m || rn.masthead("list", nil) == m {
		t.Error("pages of one kind in one place must share one header, and no other")
	}

	// Data that does not stand for what it shows is refused; a nil
	// pointer is rendered as it is (here, an error of the layout).
	if _, err := page().Cached("voce", &Link{}); err == nil || !strings.Contains(err.Error(), "Cached: i dati") {
		t.Errorf("a value of another type: %v", err)
	}
	if _, err := page().Cached("voce", (*Entry)(nil)); err == nil || strings.Contains(err.Error(), "Cached: i dati") {
		t.Errorf("a nil *Entry: %v", err)
	}
}

// TestCachedEach checks View.CachedEach: a list renders as its elements
// one after the other, each once per build (a change made after the first
// rendering does not show, on its own or in another list), and what is
// not a list it takes is refused.
func TestCachedEach(t *testing.T) {
	layouts := template.Must(template.New("x").Parse(`{{define "voce"}}<b>{{.Title}}</b>{{end}}` +
		`{{define "motivo"}}<i>{{.Title}}: {{.Reason}}</i>{{end}}{{define "gruppo"}}<u>{{.Label}}</u>{{end}}`))
	rn := &run{s: &site.Site{}}
	page := &View{rn: rn, t: layouts}
	a, b := &Entry{Title: "A"}, &Entry{Title: "B & C"}
	ra, rb := rn.relatedEntry(a, "stesso tema"), rn.relatedEntry(b, "stesso tema")
	cases := []struct {
		name string
		list any
		// change runs after the list is rendered the first time.
		change func()
		want   string
	}{
		{"entries, in order", []*Entry{a, b}, func() { a.Title = "A cambiata" }, "<b>A</b><b>B &amp; C</b>"},
		{"an entry again, in another list", []*Entry{b, a}, nil, "<b>B &amp; C</b><b>A</b>"},
		{"one entry", []*Entry{b}, nil, "<b>B &amp; C</b>"},
		{"no entry", []*Entry{}, nil, ""},
		{"no list", nil, nil, ""},
		{"suggestions", []*RelatedEntry{rb, ra}, nil, "<i>B &amp; C: stesso tema</i><i>A: stesso tema</i>"},
		{"groups of terms", []*TermLinks{{Label: "Argomenti"}, {Label: "Per chi"}}, nil, "<u>Argomenti</u><u>Per chi</u>"},
	}
	name := map[string]string{"suggestions": "motivo", "groups of terms": "gruppo"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tmpl := name[c.name]
			if tmpl == "" {
				tmpl = "voce"
			}
			for i := range 2 {
				got, err := page.CachedEach(tmpl, c.list)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != c.want {
					t.Errorf("rendering %d: %q, want %q", i+1, got, c.want)
				}
				if c.change != nil && i == 0 {
					c.change()
				}
			}
		})
	}
	if rn.relatedEntry(a, "stesso tema") != ra || rn.relatedEntry(a, "altro tema") == ra {
		t.Error("one suggestion per page and reason, and no other")
	}
	if _, err := page.CachedEach("voce", []Link{{Name: "x"}}); err == nil || !strings.Contains(err.Error(), "CachedEach: la lista") {
		t.Errorf("a list of another type: %v", err)
	}
}
