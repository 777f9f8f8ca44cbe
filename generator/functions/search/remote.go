package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"cantiericomuni.it/banca/generator/search"
)

// envIndexURL names the environment variable that, when set, is the
// first address the archive of the index is fetched from: a site's base
// address (http://127.0.0.1:8080), to which the archive's path is added.
// The publishing checks set it to the site they serve on 127.0.0.1.
const envIndexURL = "BANCA_INDICE_URL"

// sources are the base addresses the archive a is fetched from, in order,
// each tried when the one before fails:
//   - $BANCA_INDICE_URL, an override (tests, the publishing checks);
//   - the addresses the build recorded (a.URLs): Netlify's DEPLOY_URL,
//     the address of this very deploy, which keeps serving the archive
//     this function was built with even after later deploys have
//     replaced the site, then the site's URL;
//   - the site's URL as Netlify gives it to functions at run time ($URL),
//     when the build knew none.
//
// Whatever the source, the archive is used only if its size and SHA-256
// are those of the manifest.
func sources(a *search.Archive) []string {
	var out []string
	add := func(v string) {
		v = strings.TrimSuffix(strings.TrimSpace(v), "/")
		u, err := url.Parse(v)
		if v == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			if v != "" {
				log.Printf("search: indirizzo dell'indice %q non valido, ignorato", v)
			}
			return
		}
		for _, s := range out {
			if s == v {
				return
			}
		}
		out = append(out, v)
	}
	add(os.Getenv(envIndexURL))
	for _, u := range a.URLs {
		add(u)
	}
	add(os.Getenv("URL"))
	return out
}

// remote answers searches with an index fetched, at cold start, from the
// archive its bundle's manifest names: once fetched, verified, unpacked
// and opened, every request goes to it. Until then a request waits for
// the fetch under way (one at a time: requests arriving meanwhile wait
// for the same one) at most wait, and is answered 503 in Italian if the
// index is still missing; a fetch that failed is tried again at the next
// request.
type remote struct {
	fsys    fs.FS
	archive *search.Archive
	sources []string
	client  *http.Client
	// wait bounds how long a request waits for the index; timeout bounds
	// one fetch from every source.
	wait, timeout time.Duration
	// started is when the function started, for the log of its cold
	// start.
	started time.Time
	// page is the results page, prepared once while the first fetch
	// downloads.
	page     *search.HTMLPage
	pageErr  error
	pageDone chan struct{}
	pageOnce sync.Once

	mu     sync.Mutex
	loaded *app
	flight *flight
}

// flight is one fetch of the index under way.
type flight struct {
	done chan struct{}
	app  *app
	err  error
}

// Netlify's synchronous functions have 10 s by default; a request keeps
// time to answer 503 and the fetch goes on meanwhile.
const (
	requestWait  = 8 * time.Second
	fetchTimeout = 2 * time.Minute
)

func newRemote(fsys fs.FS, a *search.Archive, sources []string, started time.Time) *remote {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 5 * time.Second}).DialContext
	tr.ResponseHeaderTimeout = 10 * time.Second
	// The bytes as published: their hash is what is verified.
	tr.DisableCompression = true
	return &remote{fsys: fsys, archive: a, sources: sources, client: &http.Client{Transport: tr},
		wait: requestWait, timeout: fetchTimeout, started: started, pageDone: make(chan struct{})}
}

// resultsPage returns the results page, preparing it on the first call.
func (r *remote) resultsPage() (*search.HTMLPage, error) {
	r.pageOnce.Do(func() {
		r.page, r.pageErr = resultsPage(r.fsys)
		close(r.pageDone)
	})
	<-r.pageDone
	return r.page, r.pageErr
}

// ServeHTTP answers with the index once it is there, 503 until then.
func (r *remote) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	a, err := r.index(req.Context())
	if err != nil {
		unavailable(fetchRetry)(w, req)
		return
	}
	a.handler.ServeHTTP(w, req)
}

// errStillFetching is the answer to a request that waited its turn while
// the index was still on its way.
var errStillFetching = errors.New("l'indice di ricerca è ancora in arrivo")

// index returns the app of the fetched index, starting a fetch when none
// is under way, and waiting at most r.wait for it.
func (r *remote) index(ctx context.Context) (*app, error) {
	f, a := r.start()
	if a != nil {
		return a, nil
	}
	timer := time.NewTimer(r.wait)
	defer timer.Stop()
	select {
	case <-f.done:
		return f.app, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, errStillFetching
	}
}

// prefetch starts fetching the index without waiting for a request.
func (r *remote) prefetch() { r.start() }

// start returns the app when the index is there, or else the fetch under
// way, started now if there was none.
func (r *remote) start() (*flight, *app) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded != nil {
		return nil, r.loaded
	}
	if r.flight == nil {
		r.flight = &flight{done: make(chan struct{})}
		go r.fetch(r.flight)
	}
	return r.flight, nil
}

// fetch runs one flight: every source in turn until one gives the index.
// It does not depend on the request that started it: a request that
// stops waiting leaves it going for the next one.
func (r *remote) fetch(f *flight) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	t0 := time.Now()
	// The page is prepared from the bundle while the index downloads.
	go r.resultsPage()
	var errs []error
	for _, base := range r.sources {
		a, err := open(r.fsys, func(dir string) error { return r.download(ctx, base, dir) }, r.resultsPage)
		if err == nil {
			f.app = a
			log.Printf("search: cold start in %v: indice di %.1f MB scaricato da %s in %v (%d pagine indicizzate)",
				time.Since(r.started).Round(time.Millisecond), float64(r.archive.Size)/1e6, base,
				time.Since(t0).Round(time.Millisecond), a.ix.Meta.Docs)
			break
		}
		log.Printf("search: indice non scaricato da %s: %v", base, err)
		errs = append(errs, err)
	}
	if f.app == nil {
		f.err = errors.Join(errs...)
		if len(r.sources) == 0 {
			f.err = fmt.Errorf("nessun indirizzo da cui scaricare %s: imposta %s", r.archive.Path, envIndexURL)
			log.Printf("search: ricerca non disponibile: %v", f.err)
		}
	}
	r.mu.Lock()
	r.loaded, r.flight = f.app, nil
	r.mu.Unlock()
	close(f.done)
}

// download fetches the archive from the site at base and unpacks it into
// dir beside a copy of the bundle's meta.json, streaming: the archive is
// never held whole in memory, and dir is used only if its size and hash
// match the manifest.
func (r *remote) download(ctx context.Context, base, dir string) error {
	if err := copyFile(r.fsys, "meta.json", filepath.Join(dir, "meta.json")); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+r.archive.Path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: stato %d", req.URL, resp.StatusCode)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != r.archive.Size {
		return fmt.Errorf("%s: %d byte annunciati invece di %d", req.URL, resp.ContentLength, r.archive.Size)
	}
	return search.UnpackArchive(resp.Body, r.archive, dir)
}

// close closes the fetched index, waiting for a fetch under way.
func (r *remote) close() error {
	r.mu.Lock()
	f := r.flight
	r.mu.Unlock()
	if f != nil {
		<-f.done
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded == nil {
		return nil
	}
	err := r.loaded.close()
	r.loaded = nil
	return err
}
