package schema

import (
	"strings"
	"testing"
	"time"
)

func TestLoadRepoSchema(t *testing.T) {
	s, err := Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sections) != 6 || s.Section("opportunita").Field("ente") == nil || !s.Section("opportunita").Field("ente").Required {
		t.Error("opportunita must declare ente as required")
	}
	if tax := s.Taxonomy("argomenti"); tax == nil || len(tax.Values) < 26 || tax.Related == nil {
		t.Errorf("argomenti: %+v", tax)
	}
	if s.Taxonomy("cantieri").Pages != "cantieri" {
		t.Error("cantieri values must be the pages of the cantieri section")
	}
	// The site's own pages: what makes them different is data.
	p := s.Section("pagine")
	if p == nil || !p.Root || p.Listed() || p.ShowsDates() || p.InFeeds() || p.PageLayout() != "pagina" ||
		p.Footer == nil || p.Footer.Field != "piede" || p.Footer.Order != "ordine" {
		t.Errorf("pagine: %+v", p)
	}
	if p.ListURL() != "" || p.PageURL("chi-siamo") != "/chi-siamo/" {
		t.Errorf("pagine URLs: %q %q", p.ListURL(), p.PageURL("chi-siamo"))
	}
	o := s.Section("opportunita")
	if !o.Listed() || !o.ShowsDates() || !o.InFeeds() || o.PageLayout() != "page" || o.ListURL() != "/opportunita/" || o.PageURL("x") != "/opportunita/x/" {
		t.Errorf("opportunita keeps the defaults: %+v", o)
	}
	for _, f := range []struct{ sec, key, typ string }{
		{"cantieri", "email", TypeEmail}, {"cantieri", "telefono", TypePhone},
		{"opportunita", "contatti", TypeContacts}, {"opportunita", "come_partecipare", TypeText},
		{"pratiche", "contatti", TypeContacts}, {"risorse", "contatti", TypeContacts},
	} {
		if d := s.Field(f.sec, f.key); d == nil || d.Type != f.typ {
			t.Errorf("%s.%s must be a field of type %s: %+v", f.sec, f.key, f.typ, d)
		}
	}
	if s.Section("cantieri").TitlePlace != "comune" {
		t.Error("cantieri: title_place must be comune")
	}
	if s.Site.Logo == nil || s.Site.Logo.Alt == "" || s.Site.Funder == nil || s.Site.Funder.Name == "" {
		t.Errorf("site: logo %+v, funder %+v", s.Site.Logo, s.Site.Funder)
	}
	for _, sec := range s.Sections {
		for _, f := range append(append([]*Field{}, s.Common...), sec.Fields...) {
			if f.Label == "" || f.Help == "" {
				t.Errorf("%s.%s needs an Italian label and help text", sec.Key, f.Key)
			}
		}
	}
}

func TestParseRejectsBadSchemas(t *testing.T) {
	for name, src := range map[string]string{
		"unknown key":       "sections:\n  - key: a\n    colour: red\n",
		"unknown type":      "sections:\n  - key: a\n    fields:\n      - {key: x, type: colour}\n",
		"duplicate field":   "common:\n  - {key: title, type: string}\nsections:\n  - key: a\n    fields:\n      - {key: title, type: string}\n",
		"duplicate section": "sections:\n  - key: a\n  - key: a\n",
		"bad pages":         "taxonomies:\n  - {key: t, pages: nessuna}\n",
		"bad zone":          "site: {time_zone: Marte/Olimpo}\n",
		"yaml syntax":       "sections: [\n",
		"footer field":      "sections:\n  - key: a\n    footer: {field: piede}\n",
		"footer type":       "sections:\n  - key: a\n    footer: {field: piede}\n    fields:\n      - {key: piede, type: string}\n",
		"footer order type": "sections:\n  - key: a\n    footer: {field: piede, order: ordine}\n    fields:\n      - {key: piede, type: bool}\n      - {key: ordine, type: string}\n",
		"footer no field":   "sections:\n  - key: a\n    footer: {order: ordine}\n",
		"title_place":       "sections:\n  - key: a\n    title_place: comune\n",
		"layout name":       "sections:\n  - key: a\n    layout: ../base\n",
		"list not bool":     "sections:\n  - key: a\n    list: forse\n",
	} {
		if _, err := Parse("schema.yaml", []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseDate(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	for _, tc := range []struct {
		in, want string
		hasTime  bool
		err      string
	}{
		{"2026-03-31", "2026-03-31T00:00:00+02:00", false, ""},
		{"2026-01-15T12:00:00+01:00", "2026-01-15T12:00:00+01:00", true, ""},
		{"2026-01-15T12:00:00Z", "2026-01-15T13:00:00+01:00", true, ""},
		{"2026-07-01 09:30", "2026-07-01T09:30:00+02:00", true, ""},
		{"2022-03-29 10:00:00 +0200", "2022-03-29T10:00:00+02:00", true, ""},
		{"31/03/2026", "", false, "2026-03-31"},
		{"2026-02-30", "", false, "non esiste"},
		{"domani", "", false, "AAAA-MM-GG"},
	} {
		d, msg := ParseDate(tc.in, rome)
		if tc.err != "" {
			if !strings.Contains(msg, tc.err) {
				t.Errorf("%q: message %q should mention %q", tc.in, msg, tc.err)
			}
			continue
		}
		if msg != "" || d.Format(time.RFC3339) != tc.want || d.HasTime != tc.hasTime {
			t.Errorf("%q: got %v %v %q", tc.in, d.Format(time.RFC3339), d.HasTime, msg)
		}
	}
}

func TestClosest(t *testing.T) {
	vals := []string{"povertà educativa", "genitorialità", "giovani", "bologna-navile", "ferrara"}
	for in, want := range map[string]string{
		"poverta educativa": "povertà educativa",
		"genitorialita":     "genitorialità",
		"giovanni":          "giovani",
		"bologna":           "bologna-navile",
		"Ferara":            "ferrara",
		"ricetta lasagne":   "",
	} {
		got, ok := Closest(in, vals)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}
