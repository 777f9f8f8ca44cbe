package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
)

// TestEditorPreview: the live preview answers the editing UI's previews
// from its last good build (a page saved meanwhile is part of the site the
// preview links against), and never reloads the editing UI's own page.
func TestEditorPreview(t *testing.T) {
	lp := startLive(t)
	ask := func(body string) (int, preview.Response) {
		t.Helper()
		resp, err := http.Post(lp.url+preview.APIPath, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out preview.Response
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, out
	}
	const entry = `{"collection": "pratiche", "path": "", "data": {"title": "Prova dal pannello", "date": "2026-11-20",
		"argomenti": ["scuola"], "body": "Vedi [la nuova](/pratiche/nuova-del-terminale/)."}}`
	status, got := ask(entry)
	if status != http.StatusOK || got.URL != "/pratiche/prova-dal-pannello/" || !strings.Contains(got.HTML, "<h1>Prova dal pannello</h1>") {
		t.Fatalf("%d %+v", status, got)
	}
	if len(got.Diagnostics) != 1 || got.Diagnostics[0].Code != "B201" {
		t.Fatalf("a link to a page not written yet: %+v", got.Diagnostics)
	}
	// Once the page exists (saved from a terminal), the link is good.
	lp.write("pratiche/nuova-del-terminale.md", "---\ntitle: Nuova\ndate: 2026-11-21\n---\n\nTesto.\n")
	lp.waitUntil("new page served", "/pratiche/nuova-del-terminale/", func(s int, _ string) bool { return s == 200 })
	if _, got = ask(entry); len(got.Diagnostics) != 0 {
		t.Errorf("after the save: %+v", got.Diagnostics)
	}
	if resp, err := http.Get(lp.url + preview.APIPath); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", resp, err)
	}

	// The editing UI's page gets no reload script, even while the site
	// has errors (no overlay either).
	lp.write("pratiche/rotta.md", "---\ntitle: Rotta\ndate: 2026-13-45\n---\n")
	lp.waitUntil("overlay", "/", func(_ int, b string) bool { return strings.Contains(b, overlayMark) })
	_, admin := lp.get("/admin/")
	if strings.Contains(admin, livePrefix) || strings.Contains(admin, overlayMark) {
		t.Errorf("the editing UI's page was changed:\n%s", admin)
	}
	// Meanwhile previews still answer, against the last good site.
	if status, _ := ask(entry); status != http.StatusOK {
		t.Errorf("preview while the site has errors: %d", status)
	}
}

// TestEditorPreviewFirstBuildFails: a working copy with a broken page
// still previews the pages of the panel (the broken one with its error).
func TestEditorPreviewFirstBuildFails(t *testing.T) {
	files := sitefiles.Project(t)
	sitefiles.Add(t, files, `-- content/pratiche/rotta.md --
---
title: Rotta
date: 2026-11-20
argomenti: [poverta educativa]
---

Testo.
`)
	live, res, err := StartLive(pipeline.Config{Root: ".", FS: files, Drafts: true}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if !res.Diags.HasErrors() {
		t.Fatal("the broken page built")
	}
	srv := httptest.NewServer(live.Server())
	defer srv.Close()
	// The editing UI is served, to fix the page from it; the site is not.
	for path, want := range map[string]int{"/admin/": 200, "/admin/config.yml": 200, "/admin/anteprima.js": 200,
		"/logo-cantieri-comuni.svg": 200, "/": 500, "/pratiche/": 500, "/admin/../../schema.yaml": 500} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Post(srv.URL+preview.APIPath, "application/json", strings.NewReader(
		`{"collection": "pratiche", "path": "content/pratiche/rotta.md", "data": {"title": "Rotta", "date": "2026-11-20", "argomenti": ["poverta educativa"], "body": "Testo."}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got preview.Response
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if len(got.Diagnostics) != 1 || got.Diagnostics[0].Code != "B107" || !strings.Contains(got.HTML, "<h1>Rotta</h1>") {
		t.Errorf("%+v", got)
	}
}
