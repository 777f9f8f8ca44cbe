// Command search is the Netlify Function that answers the site's search:
// the same search.Handler as `go run ./generator serve`, behind AWS Lambda's
// API Gateway events.
//
// Netlify builds it from source (netlify.toml: [functions] directory =
// "generator/functions"; the folder's name, search, is the function's
// name) with CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags "-s -w"
// -tags lambda.norpc. Netlify ignores included_files for Go functions, so
// the search bundle that the site's build writes into ./bundle travels
// inside the binary: only its small parts (meta.json, layouts, schema,
// assets.json) and the manifest of the index's archive (archivio.json).
// The index itself, whose size grows with the bank, is a static file of
// the same deploy (/_ricerca/indice-<hash>.tar.sz), which the function
// fetches at cold start, verifies and unpacks into a temporary folder
// (remote.go): the function stays small whatever the bank's size. On a
// fresh clone the folder holds only its README: the function still
// compiles, and answers 503 until a build has written the bundle.
//
// A bundle written without a site folder keeps its index inside (a
// check, or a test): at cold start the index files are then copied out
// of the binary to a temporary folder (bleve opens files, not an fs.FS)
// and opened read-only. Either way the results page is prepared from the
// bundle's layouts and schema. Netlify compresses responses itself, so
// the handler does not.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"cantiericomuni.it/banca/generator/internal/lambdahttp"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/search"
)

// bundle is the search bundle written by the site's build (go:embed cannot
// reach outside this folder, so the build writes it here).
//
//go:embed all:bundle
var bundle embed.FS

func main() {
	sub, err := fs.Sub(bundle, "bundle")
	if err != nil {
		log.Fatal(err) // cannot happen: the folder is embedded
	}
	a := start(sub)
	lambda.Start(a.handle)
}

// app is the function once started: the handler and the temporary copy
// of the index it reads.
type app struct {
	handler http.Handler
	// dir is the temporary copy of the index, "" without one.
	dir string
	ix  *search.Index
}

// errNoIndex reports a bundle without an index: the site's build has not
// written one (a fresh clone has only the bundle's README).
var errNoIndex = errors.New("il pacchetto della ricerca non contiene l'indice: genera il sito con 'go run ./generator build'")

// start opens the bundle (fsys is the bundle's folder) and returns the
// app that answers searches. When the index travels as an archive, the
// app's handler is a remote, which starts fetching it at once and answers
// 503 until it has it. When the bundle has no index or cannot be opened,
// the app answers 503 with an Italian message: a function that crashes at
// every start helps no reader. It logs how long it took.
func start(fsys fs.FS) *app {
	t0 := time.Now()
	archive, err := search.ReadArchiveManifest(fsys)
	if err == nil && archive != nil {
		r := newRemote(fsys, archive, sources(archive), t0)
		r.prefetch()
		return &app{handler: r}
	}
	var a *app
	if err == nil {
		a, err = open(fsys, func(dir string) error { return copyIndex(fsys, dir) },
			func() (*search.HTMLPage, error) { return resultsPage(fsys) })
	}
	if err != nil {
		log.Printf("search: ricerca non disponibile: %v", err)
		return &app{handler: unavailable(noIndexRetry)}
	}
	log.Printf("search: cold start in %v (%d pagine indicizzate)", time.Since(t0).Round(time.Millisecond), a.ix.Meta.Docs)
	return a
}

// open makes a temporary folder, has fill put the index of the bundle
// fsys there (with its meta.json), opens it read-only and answers with it
// and the results page that page prepares.
func open(fsys fs.FS, fill func(dir string) error, page func() (*search.HTMLPage, error)) (*app, error) {
	if _, err := fs.Stat(fsys, "meta.json"); errors.Is(err, fs.ErrNotExist) {
		return nil, errNoIndex
	}
	dir, err := os.MkdirTemp("", "banca-search-")
	if err != nil {
		return nil, err
	}
	a := &app{dir: dir}
	if err := fill(dir); err != nil {
		a.close()
		return nil, err
	}
	ix, err := search.Open(dir)
	if err != nil {
		a.close()
		return nil, err
	}
	a.ix = ix
	p, err := page()
	if err != nil {
		a.close()
		return nil, err
	}
	a.handler = &search.Handler{Index: ix, Page: p}
	return a, nil
}

// resultsPage prepares the results page from the layouts and schema of
// the bundle fsys.
func resultsPage(fsys fs.FS) (*search.HTMLPage, error) {
	parts, err := search.LoadPageParts(fsys)
	if err != nil {
		return nil, err
	}
	page, err := render.NewSearchPage(parts.Layouts, parts.Assets, parts.Site)
	if err != nil {
		return nil, err
	}
	return search.NewHTMLPage(page), nil
}

// close closes the index and removes its temporary copy (for a remote
// index, the one fetched).
func (a *app) close() error {
	if r, ok := a.handler.(*remote); ok {
		return r.close()
	}
	var err error
	if a.ix != nil {
		err = a.ix.Close()
	}
	if a.dir != "" {
		err = errors.Join(err, os.RemoveAll(a.dir))
	}
	return err
}

// copyIndex copies what search.Open reads, meta.json, the vocabulary and
// the index folder, from the bundle fsys into dir.
func copyIndex(fsys fs.FS, dir string) error {
	if err := copyFile(fsys, "meta.json", filepath.Join(dir, "meta.json")); err != nil {
		return fmt.Errorf("copia dell'indice: %w", err)
	}
	if err := copyFile(fsys, search.VocabularyFile, filepath.Join(dir, search.VocabularyFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	err := fs.WalkDir(fsys, search.IndexDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return copyFile(fsys, name, dst)
	})
	if err != nil {
		return fmt.Errorf("copia dell'indice: %w", err)
	}
	return nil
}

func copyFile(fsys fs.FS, name, dst string) error {
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Retry-After, in seconds, of the answers without an index: a bundle
// that has none waits for the next deploy; an index being fetched, or
// whose fetch failed, is tried again at the next request.
const (
	noIndexRetry = "300"
	fetchRetry   = "10"
)

// unavailable answers every request with 503 while the function has no
// index, asking to come back after retryAfter seconds.
func unavailable(retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Retry-After", retryAfter)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(r.URL.Path, strings.TrimSuffix(search.PagePath, "/")) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, unavailablePage)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"error":"La ricerca non è disponibile in questo momento: riprova più tardi."}`)
	}
}

const unavailablePage = `<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ricerca non disponibile — Banca delle risorse</title></head>
<body>
<main>
<h1>Ricerca non disponibile</h1>
<p>La ricerca non è disponibile in questo momento: riprova più tardi.</p>
<p><a href="/">Torna alla pagina iniziale</a></p>
</main>
</body>
</html>
`

// handle answers one API Gateway event with the app's handler; every
// answer carries the headers netlify.toml gives the site's pages.
func (a *app) handle(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	h := http.Header{}
	setSiteHeaders(h)
	return lambdahttp.Serve(ctx, a.handler, ev, h), nil
}
