package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

// TestDeadlineRuleIsTheSite checks that the index closes an opportunity
// exactly when the site's rule (site.StatusAt, Europe/Rome) does, around
// midnight and across both changes of daylight saving time, whatever the
// zone the page's other dates were read in: "aperte", the status of every
// hit and the deadline order all agree with the site, a minute before, at
// and after each closing instant, in a bundle and in the live index.
func TestDeadlineRuleIsTheSite(t *testing.T) {
	sch, err := schema.Load(filepath.Join("..", "..", "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rome := sch.Site.Location
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) *schema.Date {
		return &schema.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, rome)}
	}
	at := func(s string) *schema.Date {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &schema.Date{Time: tm.In(rome), HasTime: true}
	}
	deadlines := map[string]*schema.Date{
		"fine-ora-legale":       day(2026, 10, 25), // the night the clocks go back
		"vigilia-ora-legale":    day(2027, 3, 27),  // the night before they go forward
		"inizio-ora-legale":     day(2027, 3, 28),  // a day of 23 hours
		"capodanno":             day(2026, 12, 31),
		"ora-doppia":            at("2026-10-25T02:30:00+01:00"), // the second 02:30
		"mezzanotte-esplicita":  at("2027-01-15T00:00:00+01:00"),
		"senza-scadenza":        nil,
		"mezzogiorno-in-estate": at("2027-06-30T12:00:00+02:00"),
	}
	var pages []*content.Page
	for slug, d := range deadlines {
		// The publication date in a zone other than the site's: the
		// closing instant must not depend on it.
		date := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		if len(slug)%2 == 0 {
			date = time.Date(2026, 9, 1, 0, 0, 0, 0, newYork)
		}
		pages = append(pages, &content.Page{File: "opportunita/" + slug + ".md", Section: "opportunita",
			Slug: slug, URL: "/opportunita/" + slug + "/", Title: "Opportunità " + slug, Date: date,
			Deadline: d, Params: schema.Values{"ente": "Comune"}, Plain: "Un bando per le scuole."})
	}
	s := site.Assemble(pages, sch, site.Options{Now: time.Date(2026, 9, 2, 12, 0, 0, 0, rome)})

	bundle := filepath.Join(t.TempDir(), "bundle")
	if _, err := Build(bundle, s); err != nil {
		t.Fatal(err)
	}
	built, err := Open(bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()
	live, err := NewLive(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	synced, err := syncLive(live, s)
	if err != nil {
		t.Fatal(err)
	}

	var instants []time.Time
	for _, d := range deadlines {
		if d == nil {
			continue
		}
		end := site.DeadlineEnd(d, rome)
		for _, off := range []time.Duration{-time.Hour, -time.Minute, -time.Second, 0, time.Second, time.Minute, 30 * time.Minute, 90 * time.Minute} {
			instants = append(instants, end.Add(off))
		}
	}
	for name, ix := range map[string]*Index{"bundle": built, "live": synced} {
		for _, now := range instants {
			var want []string
			status := map[string]string{}
			for _, p := range s.Pages {
				st := site.StatusAt(p.Section.Lifecycle(), site.MomentsOf(p.Page), now.In(rome))
				status[p.URL] = st.Key
				if !st.Closed() {
					want = append(want, p.URL)
				}
			}
			open, err := ix.Search(context.Background(), Request{Open: true, Page: 1}, now)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range open.Hits {
				got = append(got, h.URL)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s at %s (Rome): aperte gives %q, the site says %q", name, now.In(rome).Format(time.RFC3339), got, want)
			}
			if c := open.Facets[OpenKey][0].Count; c != len(want) {
				t.Errorf("%s at %s: aperte counts %d, the site %d", name, now.In(rome).Format(time.RFC3339), c, len(want))
			}
			all, err := ix.Search(context.Background(), Request{Sort: SortDeadline, Page: 1}, now)
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range all.Hits {
				if h.Status != status[h.URL] {
					t.Errorf("%s at %s: %s is %s, the site says %s", name, now.In(rome).Format(time.RFC3339), h.URL, h.Status, status[h.URL])
				}
				// The deadline order puts every open opportunity first.
				if i > 0 && h.Status != "scaduta" && all.Hits[i-1].Status == "scaduta" {
					t.Errorf("%s at %s: open %s after a closed one", name, now.In(rome).Format(time.RFC3339), h.URL)
				}
			}
		}
	}
}
