package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// Snapshot is one build of the site as the preview serves it: every file
// in memory, the search index opened from a temporary folder, and the
// search handler over both. It does not change once built; a new build
// is a new Snapshot (see Server.Swap).
type Snapshot struct {
	// Site is the assembled site the files were rendered from.
	Site *site.Site
	// files maps a slash-separated path without the leading slash
	// ("cerca/index.html") to its bytes.
	files map[string][]byte
	// redirects maps an old address (an alias) to the page it moved to,
	// read from the site's _redirects.
	redirects map[string]string
	// gzipped caches the compressed form of files, filled on demand.
	gzipped sync.Map // name → []byte
	search  *search.Handler
	index   *search.Index
	// live and tmp are the live index and the temporary folder holding
	// it, owned by a snapshot of Build (nil and "" for the snapshots of a
	// Live preview, whose index is shared).
	live *search.Live
	tmp  string
	// inject, when set, adds the live preview's script (and errors) to
	// every HTML page served.
	inject func([]byte) []byte

	// mu is held for reading while a request uses the snapshot, and for
	// writing by Close, which so waits for requests in flight.
	mu     sync.RWMutex
	closed bool
}

// Build runs the build described by cfg into memory, as the live
// preview's first build: one build of a pipeline.Session feeding a live
// search index in a new temporary folder (public/ and the function's
// bundle are never touched). When the content has errors it returns the
// result, whose Diags say what, and a nil Snapshot; err is for failures
// that are not about the content.
func Build(cfg pipeline.Config) (*Snapshot, *pipeline.Result, error) {
	tmp, err := os.MkdirTemp("", "banca-anteprima-")
	if err != nil {
		return nil, nil, fmt.Errorf("impossibile creare la cartella temporanea: %w", err)
	}
	index, err := search.NewLive(tmp)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, nil, err
	}
	fail := func() {
		_ = index.Close()
		_ = os.RemoveAll(tmp)
	}
	ss := pipeline.NewSession(cfg)
	ss.IndexWith(index)
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	b, res, err := ss.Build(now)
	if err != nil || b == nil {
		fail()
		return nil, res, err
	}
	snap, err := newSnapshotOf(b.Result, b.Files, index.Current())
	if err != nil {
		fail()
		return nil, res, err
	}
	snap.live, snap.tmp = index, tmp
	return snap, res, nil
}

// searches runs the searches of every snapshot: one queue for the
// machine, whichever build answers.
var searches = search.NewLimiter(0, 0)

// newSnapshotOf serves the files of res with the search index idx.
func newSnapshotOf(res *pipeline.Result, files map[string][]byte, idx *search.Index) (*Snapshot, error) {
	if res.Renderer == nil {
		return nil, errors.New("anteprima: la costruzione non ha prodotto i modelli di pagina")
	}
	snap := &Snapshot{
		Site:      res.Site,
		files:     files,
		redirects: parseRedirects(files["_redirects"]),
		index:     idx,
	}
	snap.search = &search.Handler{
		Index:    idx,
		Page:     search.NewHTMLPage(res.Renderer.SearchPage(res.Site)),
		Limiter:  searches,
		Compress: true,
	}
	return snap, nil
}

// parseRedirects reads Netlify's _redirects format as the build writes
// it, "from to status" per line, into a map from the address key of each
// old address (content.AddressKey) to its new one.
func parseRedirects(data []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			if key, ok := content.AddressKey(f[0]); ok {
				out[key] = f[1]
			}
		}
	}
	return out
}

// Files counts the files of the site.
func (s *Snapshot) Files() int { return len(s.files) }

// acquire marks the snapshot in use by one request; it reports false
// when the snapshot is already closed.
func (s *Snapshot) acquire() bool {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return false
	}
	return true
}

// release ends a use begun by acquire.
func (s *Snapshot) release() { s.mu.RUnlock() }

// Close waits for the requests using the snapshot, then closes the index
// and removes the temporary folder. Closing twice is harmless.
func (s *Snapshot) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.index.Close()
	if s.live != nil {
		if lerr := s.live.Close(); err == nil {
			err = lerr
		}
	}
	if s.tmp != "" {
		if rerr := os.RemoveAll(s.tmp); err == nil {
			err = rerr
		}
	}
	return err
}
