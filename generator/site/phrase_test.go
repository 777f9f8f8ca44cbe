package site

import (
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/schema"
)

// TestStatusPhrase: the badges of the opportunities' lifecycle, as
// schema.yaml declares it.
func TestStatusPhrase(t *testing.T) {
	loc := rome(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lc := sch.Section("opportunita").Lifecycle
	status := func(d *schema.Date) *Status { return StatusAt(lc, Moments{Closes: d}, now) }
	at := func(days int) *schema.Date {
		d := schema.Date{Time: time.Date(2026, 11, 27+days, 0, 0, 0, 0, loc)}
		return &d
	}
	cases := []struct {
		days int
		want string
	}{
		{-3, "scaduta il 24 novembre 2026"},
		{-1, "scaduta il 26 novembre 2026"},
		{0, "in scadenza — scade oggi"},
		{1, "in scadenza — scade domani"},
		{5, "in scadenza — scade tra 5 giorni"},
		{30, "aperta — scade tra 30 giorni"},
		{-19, "scaduta l’8 novembre 2026"},
		{-16, "scaduta l’11 novembre 2026"},
		{-26, "scaduta il 1º novembre 2026"},
	}
	for _, c := range cases {
		d := at(c.days)
		if got := status(d).Phrase(d); got != c.want {
			t.Errorf("%d giorni: %q, voglio %q", c.days, got, c.want)
		}
	}
	today := schema.Date{Time: time.Date(2026, 11, 27, 18, 0, 0, 0, loc), HasTime: true}
	if got := status(&today).Phrase(&today); got != "in scadenza — scade oggi alle 18:00" {
		t.Errorf("oggi con l'ora: %q", got)
	}
	past := schema.Date{Time: time.Date(2026, 11, 27, 9, 0, 0, 0, loc), HasTime: true}
	if got := status(&past).Phrase(&past); got != "scaduta il 27 novembre 2026" {
		t.Errorf("scaduta stamattina: %q", got)
	}
	if got := status(nil).Phrase(nil); got != "a sportello" {
		t.Errorf("a sportello: %q", got)
	}
	var none *Status
	if got := none.Phrase(nil); got != "" {
		t.Errorf("nessuno stato: %q", got)
	}
}
