package site

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// actions is a small network written inline for the records with a
// lifecycle of schema.yaml (verbali.azioni): two enti, two cantieri, and
// minutes whose actions are late, due, done, undated, owned by an ente,
// by a person, or by nobody.
var actions = map[string]string{
	"cantieri/imola.md":    "---\ntitle: Cantiere Imola\ndate: 2026-01-01\ncomune: Imola\n---\n",
	"cantieri/ferrara.md":  "---\ntitle: Cantiere Ferrara\ndate: 2026-01-01\ncomune: Ferrara\n---\n",
	"enti/cadiai.md":       "---\ntitle: Cooperativa sociale CADIAI\ndate: 2026-01-01\ntipo: cooperativa sociale\nsigla: CADIAI\n---\n",
	"enti/comune-imola.md": "---\ntitle: Comune di Imola\ndate: 2026-01-01\ntipo: comune\n---\n",
	"verbali/regia.md": `---
title: Tavolo di regia di marzo
date: 2026-03-10
cantieri: [imola, ferrara]
data_incontro: 2026-03-09T17:00:00+01:00
tavolo: tavolo di regia
azioni:
  - {cosa: Scrivere il protocollo, chi: CADIAI, entro: 2026-03-20}
  - {cosa: Chiamare la scuola, chi: Mario Rossi, entro: 2026-03-28}
  - {cosa: Prenotare la sala, chi: Comune di Imola, entro: 2026-03-01, fatto: true}
  - {cosa: Cercare un fotografo}
---
`,
	"verbali/equipe.md": `---
title: Équipe di febbraio
date: 2026-02-10
data_incontro: 2026-02-09T17:00:00+01:00
tavolo: équipe
azioni:
  - {cosa: Aggiornare la mappa, chi: cadiai, entro: 2026-03-05}
  - {cosa: Mandare il verbale, chi: mario rossi, entro: 2026-03-29}
---
`,
}

// assembleActions loads and assembles the actions site at now.
func assembleActions(t *testing.T, now time.Time) *Site {
	t.Helper()
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, src := range actions {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var load, diags diag.List
	set := content.Load(fsys, sch, content.Options{Prefix: "content/"}, &load)
	published := set.Published(false)
	content.CheckSet(published, sch, &load)
	if load.Len() > 0 {
		t.Fatalf("loading: %v", load.All())
	}
	return Assemble(published, sch, Options{Now: now, Diags: &diags})
}

// shownItems prints items as "what:status".
func shownItems(items []*Item) string {
	parts := make([]string, len(items))
	for i, it := range items {
		key := "-"
		if it.Status != nil {
			key = it.Status.Key
		}
		parts[i] = fmt.Sprintf("%s:%s", it.Value("cosa"), key)
	}
	return strings.Join(parts, " | ")
}

func TestItemsListOrderGroupsAndOwners(t *testing.T) {
	s := assembleActions(t, time.Date(2026, 3, 21, 10, 0, 0, 0, rome(t)))
	if len(s.ItemLists) != 1 {
		t.Fatalf("item lists: %d", len(s.ItemLists))
	}
	l := s.ItemLists[0]
	if l.URL != "/verbali/azioni/" || l.OwnerURL != "/verbali/azioni/per-responsabile/" {
		t.Errorf("addresses: %q %q", l.URL, l.OwnerURL)
	}
	// Late ones first, the oldest due first; then the others from the
	// nearest; then those without a date. The done one is not open.
	want := "Aggiornare la mappa:in-ritardo | Scrivere il protocollo:in-ritardo | Chiamare la scuola:da-fare | " +
		"Mandare il verbale:da-fare | Cercare un fotografo:da-fare"
	if got := shownItems(l.Open); got != want {
		t.Errorf("open:\n got %s\nwant %s", got, want)
	}
	groups := func(gs []ItemGroup) string {
		var b strings.Builder
		for _, g := range gs {
			fmt.Fprintf(&b, "%s (%s, none %v): %s\n", g.Name, g.URL, g.None, shownItems(g.Items))
		}
		return b.String()
	}
	// By cantiere, in the order of their names; the minutes without one
	// last.
	wantGroups := "Cantiere di Ferrara (/cantieri/ferrara/, none false): Scrivere il protocollo:in-ritardo | Chiamare la scuola:da-fare | Cercare un fotografo:da-fare\n" +
		"Cantiere di Imola (/cantieri/imola/, none false): Scrivere il protocollo:in-ritardo | Chiamare la scuola:da-fare | Cercare un fotografo:da-fare\n" +
		"Senza cantiere (, none true): Aggiornare la mappa:in-ritardo | Mandare il verbale:da-fare\n"
	if got := groups(l.Groups); got != wantGroups {
		t.Errorf("groups:\n%s\nwant\n%s", got, wantGroups)
	}
	// By owner: an ente by its title (matched by sigla or slug), a person
	// by the name as first written (folded alike), nobody last.
	wantOwners := "Cooperativa sociale CADIAI (/enti/cadiai/, none false): Aggiornare la mappa:in-ritardo | Scrivere il protocollo:in-ritardo\n" +
		"Mario Rossi (, none false): Chiamare la scuola:da-fare | Mandare il verbale:da-fare\n" +
		"Senza responsabile (, none true): Cercare un fotografo:da-fare\n"
	if got := groups(l.Owners); got != wantOwners {
		t.Errorf("owners:\n%s\nwant\n%s", got, wantOwners)
	}
	// An ente owns its actions, open ones first, done ones last.
	cadiai, imola := s.Page("/enti/cadiai/"), s.Page("/enti/comune-imola/")
	if len(cadiai.Owned) != 1 || shownItems(cadiai.Owned[0].Items) != "Aggiornare la mappa:in-ritardo | Scrivere il protocollo:in-ritardo" {
		t.Errorf("cadiai owns %+v", cadiai.Owned)
	}
	if len(imola.Owned) != 1 || shownItems(imola.Owned[0].Items) != "Prenotare la sala:fatta" {
		t.Errorf("comune di imola owns %+v", imola.Owned)
	}
	// The minutes' records carry their statuses, in the records' order.
	regia := s.Page("/verbali/regia/")
	for _, f := range regia.Fields {
		if r, ok := f.Value.(*Records); ok {
			if got := shownItems(r.Items); got != "Scrivere il protocollo:in-ritardo | Chiamare la scuola:da-fare | Prenotare la sala:fatta | Cercare un fotografo:da-fare" {
				t.Errorf("minutes' items: %s", got)
			}
		}
	}
	// The list is among the footer's open lists.
	found := false
	for _, ol := range s.OpenLists() {
		found = found || (ol.URL == "/verbali/azioni/" && ol.Title == "Azioni aperte")
	}
	if !found {
		t.Errorf("open lists: %+v", s.OpenLists())
	}
}

// TestItemStatusAt checks an action's status around its due date, in the
// site's zone: open until the midnight that ends its day, late from then,
// also on the days the clocks change; done whatever its date; undated,
// da fare with no date.
func TestItemStatusAt(t *testing.T) {
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lc := sch.Section("verbali").Field("azioni").Lifecycle
	loc := rome(t)
	due := func(y int, m time.Month, d int) *schema.Date {
		return &schema.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, loc)}
	}
	for _, tc := range []struct {
		name   string
		m      Moments
		now    time.Time
		key    string
		phrase string
	}{
		{"the evening before", Moments{Closes: due(2026, 3, 20)}, time.Date(2026, 3, 19, 23, 59, 0, 0, loc), "da-fare", "da fare — scade domani"},
		{"the day itself", Moments{Closes: due(2026, 3, 20)}, time.Date(2026, 3, 20, 0, 0, 0, 0, loc), "da-fare", "da fare — scade oggi"},
		{"its last minute", Moments{Closes: due(2026, 3, 20)}, time.Date(2026, 3, 20, 23, 59, 59, 0, loc), "da-fare", "da fare — scade oggi"},
		{"its midnight in Rome", Moments{Closes: due(2026, 3, 20)}, time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC), "in-ritardo", "in ritardo il 20 marzo 2026"},
		{"an hour before, in UTC", Moments{Closes: due(2026, 3, 20)}, time.Date(2026, 3, 20, 22, 59, 0, 0, time.UTC), "da-fare", "da fare — scade oggi"},
		// 29 March 2026: clocks go forward at 02:00; the day has 23 hours.
		{"DST day, its end", Moments{Closes: due(2026, 3, 29)}, time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), "in-ritardo", "in ritardo il 29 marzo 2026"},
		{"DST day, a minute before", Moments{Closes: due(2026, 3, 29)}, time.Date(2026, 3, 29, 21, 59, 0, 0, time.UTC), "da-fare", "da fare — scade oggi"},
		{"the day before the DST day", Moments{Closes: due(2026, 3, 29)}, time.Date(2026, 3, 28, 12, 0, 0, 0, loc), "da-fare", "da fare — scade domani"},
		// 25 October 2026: clocks go back; the day has 25 hours.
		{"DST end day, late evening", Moments{Closes: due(2026, 10, 25)}, time.Date(2026, 10, 25, 22, 30, 0, 0, time.UTC), "da-fare", "da fare — scade oggi"},
		{"DST end day, its end", Moments{Closes: due(2026, 10, 25)}, time.Date(2026, 10, 25, 23, 0, 0, 0, time.UTC), "in-ritardo", "in ritardo il 25 ottobre 2026"},
		{"done before its date", Moments{Closes: due(2026, 3, 20), Done: true}, time.Date(2026, 3, 1, 12, 0, 0, 0, loc), "fatta", "fatta"},
		{"done long after", Moments{Closes: due(2026, 3, 20), Done: true}, time.Date(2027, 3, 1, 12, 0, 0, 0, loc), "fatta", "fatta"},
		{"no date", Moments{}, time.Date(2026, 3, 1, 12, 0, 0, 0, loc), "da-fare", "da fare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := StatusAt(lc, tc.m, tc.now.In(loc))
			if st == nil || st.Key != tc.key || st.Phrase(nil) != tc.phrase {
				t.Errorf("got %+v %q, want %s %q", st, st.Phrase(nil), tc.key, tc.phrase)
			}
			if tc.m.Closes == nil && st.At != nil {
				t.Errorf("an undated action has a date: %v", st.At)
			}
		})
	}
}

// TestItemsNextStatusChange checks that the actions count for the nightly
// rebuild: the next change is when one turns late (or, while one counts
// its days, the next midnight), none once all are done or undated.
func TestItemsNextStatusChange(t *testing.T) {
	loc := rome(t)
	// On 21 March at 10:00, the earliest open date ahead is 28 March; the
	// badges of the open ones count days: the next midnight.
	s := assembleActions(t, time.Date(2026, 3, 21, 10, 0, 0, 0, loc))
	if want := time.Date(2026, 3, 22, 0, 0, 0, 0, loc); !s.NextStatusChange.Equal(want) {
		t.Errorf("next change %v, want %v", s.NextStatusChange, want)
	}
	l := s.ItemLists[0]
	if got := itemsNextChange(s.ItemLists, s.Now); !got.Equal(time.Date(2026, 3, 22, 0, 0, 0, 0, loc)) {
		t.Errorf("items' next change %v", got)
	}
	// Only the actions: at 28 March 23:30 the next is "Chiamare la
	// scuola" turning late at midnight, the start of the DST day.
	late := itemsNextChange(s.ItemLists, time.Date(2026, 3, 28, 23, 30, 0, 0, loc))
	if want := time.Date(2026, 3, 29, 0, 0, 0, 0, loc); !late.Equal(want) {
		t.Errorf("turns late at %v, want %v", late, want)
	}
	// Once every dated one is past, nothing but undated ones: no change.
	if got := itemsNextChange(s.ItemLists, time.Date(2026, 4, 30, 12, 0, 0, 0, loc)); !got.IsZero() {
		t.Errorf("after every date: %v (%d items)", got, len(l.Items))
	}
}

// TestItemsReplace checks that the preview's copy of a site computes the
// statuses again at its instant, on the copies of the pages.
func TestItemsReplace(t *testing.T) {
	loc := rome(t)
	s := assembleActions(t, time.Date(2026, 3, 19, 10, 0, 0, 0, loc))
	if got := shownItems(s.ItemLists[0].Open); !strings.HasPrefix(got, "Aggiornare la mappa:in-ritardo | Scrivere il protocollo:da-fare") {
		t.Fatalf("before: %s", got)
	}
	ns := s.Replace(nil, time.Date(2026, 3, 21, 10, 0, 0, 0, loc))
	l := ns.ItemLists[0]
	if got := shownItems(l.Open); !strings.HasPrefix(got, "Aggiornare la mappa:in-ritardo | Scrivere il protocollo:in-ritardo") {
		t.Errorf("after: %s", got)
	}
	for _, it := range l.Items {
		if ns.Page(it.Page.URL) != it.Page {
			t.Errorf("item %v is on the old page", it.Value("cosa"))
		}
	}
	if cadiai := ns.Page("/enti/cadiai/"); len(cadiai.Owned) != 1 || cadiai.Owned[0].Items[1].Status.Key != "in-ritardo" {
		t.Errorf("owned after replace: %+v", cadiai.Owned)
	}
	// The old site is left as it was.
	if got := shownItems(s.ItemLists[0].Open); !strings.HasPrefix(got, "Aggiornare la mappa:in-ritardo | Scrivere il protocollo:da-fare") {
		t.Errorf("old site changed: %s", got)
	}
}
