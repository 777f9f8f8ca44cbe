package render

import (
	"bytes"
	"testing"
)

// TestRenderPageIsTheSiteFile: the page the editing UI previews is, for
// every page of the fixture (documents of each section, opportunities in
// every status, cantiere hubs with pages of their own), the very file the
// whole site's render writes at its address.
func TestRenderPageIsTheSiteFile(t *testing.T) {
	s := fixture(t).finish()
	files := renderSite(t, s)
	r := newRenderer(t)
	for _, p := range s.Pages {
		var buf bytes.Buffer
		if err := r.RenderPage(&buf, s, p); err != nil {
			t.Errorf("%s: %v", p.URL, err)
			continue
		}
		want, ok := files[fileOf(p.URL)]
		if !ok {
			t.Errorf("%s: the site has no %s", p.URL, fileOf(p.URL))
			continue
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: RenderPage differs from the site's file", p.URL)
		}
	}
	if err := r.RenderPage(&bytes.Buffer{}, s, nil); err == nil {
		t.Error("no page: no error")
	}
}
