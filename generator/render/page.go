package render

import (
	"bytes"
	"errors"
	"io"

	"cantiericomuni.it/banca/generator/site"
)

// RenderPage writes the HTML file of one page of s, byte for byte the file
// Render writes at the page's address: a page of any section, or for a
// cantiere the first page of its hub. The editing UI's preview shows a page
// being edited with it, without rendering the rest of the site.
func (r *Renderer) RenderPage(w io.Writer, s *site.Site, p *site.Page) error {
	if s == nil || p == nil {
		return errors.New("render: nessuna pagina da generare")
	}
	rn := newRun(r, s)
	want := fileOf(p.URL)
	var jobs []job
	if tax := rn.hubSections[sectionKey(p)]; tax != nil {
		jobs = rn.hub(p, p.Section, tax)
	} else {
		jobs = []job{rn.document(p)}
	}
	for _, j := range jobs {
		if j.file != want {
			continue
		}
		var buf bytes.Buffer
		if err := j.write(&buf); err != nil {
			return &Error{File: j.file, Err: err}
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	return errors.New("render: la pagina " + p.URL + " non ha un file suo")
}

// sectionKey is the key of p's section, "" without one.
func sectionKey(p *site.Page) string {
	if p.Section == nil {
		return ""
	}
	return p.Section.Key
}
