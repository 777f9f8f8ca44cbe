// Package sitecheck checks a built site the way readers get it: a static
// server that behaves like the publishing host (folders serve their
// index.html, unknown paths the 404 page, text compressed with gzip), a
// check of every internal link and asset, the weight of a page as
// transferred, and a headless Chromium (Debian's /usr/bin/chromium, never a
// downloaded browser) driven with chromedp, where axe-core runs.
//
// The browser tests of this package walk the sample site at phone and
// desktop widths; the command generator/qa runs the same checks, with the
// Nu Html Checker and Lighthouse, over the sample site and a generated
// corpus (generator/qa/run).
package sitecheck

import (
	"compress/gzip"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"cantiericomuni.it/banca/generator/internal/mediatype"
)

// Handler serves the site built in root as the publishing host does: a
// path ending in / serves its index.html, a folder without the slash is
// redirected to it, anything missing gets 404.html with status 404, and
// HTML, CSS, JavaScript, JSON, XML, SVG and text are gzipped when the
// client accepts it.
func Handler(root string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "metodo non ammesso", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		name := filepath.Join(root, filepath.FromSlash(p))
		st, err := os.Stat(name)
		switch {
		case err == nil && st.IsDir() && !strings.HasSuffix(r.URL.Path, "/"):
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		case err == nil && st.IsDir():
			name = filepath.Join(name, "index.html")
			if _, err := os.Stat(name); err != nil {
				serveFile(w, r, filepath.Join(root, "404.html"), http.StatusNotFound)
				return
			}
		case err != nil:
			serveFile(w, r, filepath.Join(root, "404.html"), http.StatusNotFound)
			return
		}
		serveFile(w, r, name, http.StatusOK)
	})
}

// serveFile writes the file name with status, compressed when it is text
// and the client accepts gzip.
func serveFile(w http.ResponseWriter, r *http.Request, name string, status int) {
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "non trovato", http.StatusNotFound)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	ctype := ContentType(name)
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ctype, "text/html") {
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	if mediatype.Compressible(ctype) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		h.Set("Vary", "Accept-Encoding")
		w.WriteHeader(status)
		if r.Method == http.MethodHead {
			return
		}
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		_, _ = zw.Write(data)
		_ = zw.Close()
		return
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// ContentType is the media type the host sends for a file name.
func ContentType(name string) string { return mediatype.Of(name) }
