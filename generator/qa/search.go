package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// searchPages renders results pages as the Netlify function does, from a
// search bundle written by the build of the site in siteDir (its layouts,
// schema and fingerprinted asset names, and the index, which the site
// holds as an archive), and saves each into siteDir/cerca/NAME/index.html,
// so that the checks of the built site cover them too. Each spec is
// NAME:QUERY, QUERY the URL query of /cerca/ ("q=bandi+giovani").
func searchPages(bundle, siteDir string, specs []string) error {
	out := filepath.Join(siteDir, filepath.FromSlash(strings.Trim(search.PagePath, "/")))
	ix, err := search.OpenBundle(bundle, siteDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	parts, err := search.LoadPageParts(os.DirFS(bundle))
	if err != nil {
		return err
	}
	page, err := render.NewSearchPage(parts.Layouts, parts.Assets, parts.Site)
	if err != nil {
		return err
	}
	h := &search.Handler{Index: ix, Page: search.NewHTMLPage(page)}
	for _, spec := range specs {
		name, query, ok := strings.Cut(spec, ":")
		if !ok || name == "" || strings.ContainsAny(name, `/\.`) {
			return fmt.Errorf("pagina di ricerca %q: serve NOME:QUERY", spec)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, search.PagePath+"?"+query, nil))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s?%s: stato %d", search.PagePath, query, rec.Code)
		}
		dir := filepath.Join(out, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), rec.Body.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
