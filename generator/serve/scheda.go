package serve

import (
	"net/http"
	"strings"

	"cantiericomuni.it/banca/generator/preview"
)

// The editing UI (Decap CMS at /admin/) shows the page being edited as the
// site will show it, asking preview.APIPath at every pause in the typing;
// on Netlify a function answers, here the live preview does, from its last
// good build: the drafts and pages of the working copy are the site around
// the page.

// editorDir is the editing UI's folder in the site. Its page previews the
// entry being edited by itself, and must not reload when the site changes:
// the form would lose what the net weaver was typing.
const editorDir = "admin/"

// editorPage reports whether the site file name belongs to the editing UI.
func editorPage(name string) bool { return strings.HasPrefix(name, editorDir) }

// servePreview answers the editing UI's preview requests.
func (l *Live) servePreview(w http.ResponseWriter, r *http.Request) {
	h := preview.Handler{Site: l.previewSite.Load}
	h.ServeHTTP(w, r)
}
