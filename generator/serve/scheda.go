package serve

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"cantiericomuni.it/banca/generator/internal/mediatype"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/project"
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

// previewFailed lets the editing UI preview pages against a first build
// that failed: until a build succeeds, its site (pages with errors
// included) is the best there is, and one broken page must not take the
// preview of every other page down.
func (l *Live) previewFailed(res *pipeline.Result) {
	if res != nil && res.Site != nil && res.Renderer != nil && l.previewSite.Load() == nil {
		l.previewSite.Store(preview.FromBuild(res))
	}
}

// serveStatic answers, while no build has succeeded, a request for a file
// of static/ or one the build would add (the editing UI's script), from
// the project: the editing UI then works, and a net weaver can fix from
// it the page that broke the build. It reports whether it answered.
func (l *Live) serveStatic(w http.ResponseWriter, r *http.Request) bool {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if name == "" || name == "." || name == "index.html" {
		return false
	}
	var data []byte
	var err error
	if file, ok := l.cfg.Extra[name]; ok {
		data, err = fs.ReadFile(l.cfg.Files(), file)
	} else {
		data, err = fs.ReadFile(l.cfg.Files(), path.Join(project.Static, name))
	}
	if err != nil {
		return false
	}
	w.Header().Set("Content-Type", mediatype.Of(name))
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
	return true
}
