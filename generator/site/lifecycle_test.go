package site

import (
	"strings"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

func TestListOrder(t *testing.T) {
	sch := testSchema(t)
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, loc) }
	opp := func(slug string, published time.Time, deadline *schema.Date) *content.Page {
		p := page("opportunita", slug, published, nil)
		p.Deadline = deadline
		return p
	}
	on := func(m time.Month, d int) *schema.Date { return &schema.Date{Time: day(m, d)} }
	at := func(m time.Month, d, h int) *schema.Date {
		return &schema.Date{Time: time.Date(2026, m, d, h, 0, 0, 0, loc), HasTime: true}
	}
	pages := []*content.Page{
		opp("lontana", day(11, 20), on(12, 30)),
		opp("vicina-sera", day(11, 1), on(12, 2)),       // lasts until midnight
		opp("vicina-mattina", day(10, 1), at(12, 2, 9)), // same day, closes first
		opp("sportello-nuovo", day(11, 25), nil),
		opp("sportello-vecchio", day(3, 1), nil),
		opp("scaduta-da-poco", day(9, 1), on(11, 20)),
		opp("scaduta-oggi", day(8, 1), at(11, 27, 9)),
		opp("scaduta-da-tanto", day(11, 26), on(2, 1)),
		page("pratiche", "b", day(5, 1), nil),
		page("pratiche", "a", day(6, 1), nil),
	}
	s := Assemble(pages, sch, Options{Now: now})
	for _, c := range []struct {
		section, want string
	}{
		{"opportunita", "vicina-mattina vicina-sera lontana sportello-nuovo sportello-vecchio scaduta-oggi scaduta-da-poco scaduta-da-tanto"},
		{"pratiche", "a b"},
	} {
		sec := s.Section(c.section)
		var got []string
		for _, p := range sec.ListOrder(sec.Pages) {
			got = append(got, p.Slug)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.section, strings.Join(got, " "), c.want)
		}
	}
	var open []string
	for _, p := range s.Open() {
		open = append(open, p.Slug)
	}
	if got := strings.Join(open, " "); got != "vicina-mattina vicina-sera lontana sportello-nuovo sportello-vecchio" {
		t.Errorf("Open: %s", got)
	}
}
