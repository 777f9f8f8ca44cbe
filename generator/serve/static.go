package serve

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"path"
	"strings"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/internal/mediatype"
)

// minGzip is the size under which a file is sent as it is: compressing
// it would save nothing worth the work.
const minGzip = 512

// serveStatic answers r from the snapshot's files as the publishing host
// does: a path ending in / serves its index.html, a folder without the
// slash is redirected to it, an alias is redirected to its page, and
// anything else missing gets the site's 404.html with status 404.
func (s *Snapshot) serveStatic(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if data, ok := s.files[name]; ok && !hidden(name) {
		s.writeFile(w, r, name, data, http.StatusOK)
		return
	}
	// Aliases match as on Netlify: whatever the case, the encoding and
	// the trailing slash.
	if key, ok := content.AddressKey(p); ok {
		if to, ok := s.redirects[key]; ok {
			redirect(w, r, to)
			return
		}
	}
	if !strings.HasSuffix(p, "/") {
		if _, ok := s.files[name+"/index.html"]; ok {
			redirect(w, r, p+"/")
			return
		}
	}
	if data, ok := s.files["404.html"]; ok {
		s.writeFile(w, r, "404.html", data, http.StatusNotFound)
		return
	}
	http.Error(w, "pagina non trovata", http.StatusNotFound)
}

// hidden reports whether name is a file the host reads but never serves.
func hidden(name string) bool { return name == "_redirects" }

// redirect sends the reader to the path to, keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// writeFile sends data, gzipped when it is text worth compressing and the
// client accepts it.
func (s *Snapshot) writeFile(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	h := w.Header()
	ctype := mediatype.Of(name)
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	// A preview must show the latest build at every reload.
	h.Set("Cache-Control", "no-cache")
	if s.inject != nil && strings.HasPrefix(ctype, "text/html") && !editorPage(name) {
		// The live preview's pages change with its state: sent whole.
		data = s.inject(data)
	} else if mediatype.Compressible(ctype) && len(data) >= minGzip {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			data = s.gzip(name, data)
			h.Set("Content-Encoding", "gzip")
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// gzip returns the compressed form of the file name, compressing it the
// first time only.
func (s *Snapshot) gzip(name string, data []byte) []byte {
	if z, ok := s.gzipped.Load(name); ok {
		return z.([]byte)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	z, _ := s.gzipped.LoadOrStore(name, buf.Bytes())
	return z.([]byte)
}

// acceptsGzip reports whether the client accepts gzip (and has not
// refused it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(coding) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
