package pipeline

import (
	"testing"

	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/render"
)

// TestLinkIndexIsThePlan: a link reaches every file the render plans
// (lists and their pages, filtered lists, feeds, calendars, the search
// page) and nothing the render does not write.
func TestLinkIndexIsThePlan(t *testing.T) {
	res, err := Run(Config{Root: root, Check: true, Now: now})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	s := res.Site
	plan := render.Addresses(s)
	r := pageResolver{idx: newLinkIndex(plan, s, nil, nil), page: s.Pages[0]}
	planned := 0
	for _, a := range plan.Files {
		u := a.URL()
		if u == "" {
			continue
		}
		planned++
		if got, target := r.Resolve(u, false); target != markdown.TargetOK || got != u {
			t.Errorf("%s (%s): resolves to %q, %v", u, a.File, got, target)
		}
	}
	if planned < 300 {
		t.Errorf("only %d addresses planned for the sample site", planned)
	}
	for _, u := range []string{"/opportunita/page/99/", "/argomenti/giovani/page/99/", "/_redirects",
		"/pagine/", "/pagine/index.xml", "/opportunita/chiuse/", "/cantieri/ferrara/scadenza.ics"} {
		if got, target := r.Resolve(u, false); target == markdown.TargetOK {
			t.Errorf("%s resolves to %q, but the render writes no such file", u, got)
		}
	}
}

// TestLinksToGeneratedLists: links written in Markdown to the lists the
// render writes besides sections and terms are not broken.
func TestLinksToGeneratedLists(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"opportunita/a.md": "---\ntitle: A\ndate: 2026-01-01\ndeadline: 2027-01-10\ntipo: bando\nente: Comune\nargomenti: [giovani]\n---\nA\n",
		"pratiche/b.md": "---\ntitle: B\ndate: 2026-01-01\nargomenti: [giovani]\n---\n[1](/opportunita/aperte/) [2](/cerca/) [3](/opportunita/scadenze.ics) " +
			"[4](/opportunita/a/scadenza.ics) [5](/argomenti/giovani/opportunita/) [6](/opportunita/tipo/bando/)\n",
	})
	res, err := Run(Config{Root: root, Content: dir, Check: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags.All() {
		t.Errorf("%s", d.Error())
	}
}
