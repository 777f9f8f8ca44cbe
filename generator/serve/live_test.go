package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/internal/sitefiles"
	"cantiericomuni.it/banca/generator/pipeline"
)

// liveProject is a running live preview of a copy of the project that the
// test edits on disk.
type liveProject struct {
	t       *testing.T
	dir     string // the project's copy
	url     string // http://127.0.0.1:port
	live    *Live
	log     *syncBuffer
	stopped chan struct{}
}

// syncBuffer is a log safe for the watcher and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startLive copies the project, starts its live preview on 127.0.0.1 and
// watches it, as `go run ./generator serve` does.
func startLive(t *testing.T) *liveProject { return startLiveThen(t, nil) }

// startLiveThen is startLive, calling beforeWatch (when not nil) after the
// first build and before the watching begins: the moment a save may fall
// in while `serve` starts.
func startLiveThen(t *testing.T, beforeWatch func(*liveProject)) *liveProject {
	t.Helper()
	// On disk: the preview watches real folders.
	dir := t.TempDir()
	sitefiles.Write(t, sitefiles.Project(t), dir)
	lp := &liveProject{t: t, dir: dir, log: &syncBuffer{}, stopped: make(chan struct{})}
	live, res, err := StartLive(pipeline.Config{Root: dir, Drafts: true}, lp.log)
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("first build: %v", res.Diags.All())
	}
	lp.live = live
	if beforeWatch != nil {
		beforeWatch(lp)
	}
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	lp.url = "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := live.Watch(ctx, 0); err != nil {
			t.Errorf("watch: %v", err)
		}
	})
	wg.Go(func() {
		if err := live.Server().Serve(ctx, ln); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	t.Cleanup(func() {
		stop()
		wg.Wait()
		if err := live.Close(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("preview log:\n%s", lp.log.String())
		}
	})
	return lp
}

// path is a file of the project's content.
func (lp *liveProject) path(name string) string {
	return filepath.Join(lp.dir, "content", filepath.FromSlash(name))
}

func (lp *liveProject) read(name string) string {
	data, err := os.ReadFile(lp.path(name))
	if err != nil {
		lp.t.Fatal(err)
	}
	return string(data)
}

func (lp *liveProject) write(name, text string) {
	if err := os.MkdirAll(filepath.Dir(lp.path(name)), 0o755); err != nil {
		lp.t.Fatal(err)
	}
	if err := os.WriteFile(lp.path(name), []byte(text), 0o644); err != nil {
		lp.t.Fatal(err)
	}
}

// get fetches a path of the preview: status and body.
func (lp *liveProject) get(path string) (int, string) {
	resp, err := plainClient.Get(lp.url + path)
	if err != nil {
		lp.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		lp.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitUntil polls path until ok accepts the answer, for up to 10 s.
func (lp *liveProject) waitUntil(what, path string, ok func(status int, body string) bool) string {
	lp.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, body := lp.get(path)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			lp.t.Fatalf("%s: not after 10 s (GET %s: %d)\n%.600s", what, path, status, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const overlayMark = `id="anteprima-errori"`

// TestLivePreview drives the real server through the edits of a net
// weaver's afternoon, mistakes included.
func TestLivePreview(t *testing.T) {
	lp := startLive(t)
	const page = "/opportunita/bando-comunita-educanti-2025/"
	const file = "opportunita/bando-comunita-educanti-2025.md"
	original := lp.read(file)

	// The page carries the reload script; the version stream answers.
	_, body := lp.get(page)
	if !strings.Contains(body, `<script src="/_anteprima/anteprima.js"`) {
		t.Fatal("the preview's pages must load the reload script")
	}
	events := lp.openEvents()
	first := events.next()

	// An edit shows up, in the page and in search.
	lp.write(file, original+"\nParagrafo con la parola zanzibarese, aggiunto ora.\n")
	lp.waitUntil("edit served", page, func(_ int, b string) bool { return strings.Contains(b, "zanzibarese") })
	original = lp.read(file)
	if v := events.next(); v <= first {
		t.Errorf("the event stream did not move on: %d after %d", v, first)
	}
	lp.waitUntil("search sees the edit", "/api/search?q=zanzibarese", func(_ int, b string) bool {
		return strings.Contains(b, page)
	})

	// Editors that save through a temporary file and a rename (gedit,
	// VS Code with some settings), or that move the old file aside first
	// (vim), and the scratch files of emacs and vim, which are ignored.
	tmp := lp.path("opportunita/.goutputstream-ABC123")
	if err := os.WriteFile(tmp, []byte(original+"\nSalvato come fa gedit.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, lp.path(file)); err != nil {
		t.Fatal(err)
	}
	lp.waitUntil("save by rename", page, func(_ int, b string) bool { return strings.Contains(b, "Salvato come fa gedit") })
	if err := os.Rename(lp.path(file), lp.path(file)+"~"); err != nil {
		t.Fatal(err)
	}
	lp.write(file, original+"\nSalvato come fa vim.\n")
	lp.write("opportunita/#bando-comunita-educanti-2025.md#", "autosalvataggio di emacs")
	lp.write("opportunita/.bando-comunita-educanti-2025.md.swp", "file di scambio di vim")
	lp.waitUntil("save by moving the old file aside", page, func(_ int, b string) bool {
		return strings.Contains(b, "Salvato come fa vim") && !strings.Contains(b, overlayMark)
	})
	for _, f := range []string{file + "~", "opportunita/#bando-comunita-educanti-2025.md#", "opportunita/.bando-comunita-educanti-2025.md.swp"} {
		if err := os.Remove(lp.path(f)); err != nil {
			t.Fatal(err)
		}
	}

	// A `git checkout` that rewrites 200 files at once. How many builds
	// that makes depends on the machine's load: TestPlanner checks the
	// decisions, in virtual time; here, that the result is served.
	before := lp.live.Builds.Load()
	var all []string
	for _, sec := range []string{"opportunita", "pratiche", "protocolli", "risorse"} {
		entries, err := os.ReadDir(lp.path(sec))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".md") {
				all = append(all, sec+"/"+e.Name())
			}
		}
	}
	saved := map[string]string{}
	for i := 0; i < 200; i++ {
		f := all[i%len(all)]
		if _, ok := saved[f]; !ok {
			saved[f] = lp.read(f)
		}
		lp.write(f, saved[f]+fmt.Sprintf("\nRiga del checkout %d.\n", i))
	}
	lastOfPage := -1 // the last write of the page's own file
	for i := range 200 {
		if all[i%len(all)] == file {
			lastOfPage = i
		}
	}
	if lastOfPage < 0 {
		t.Fatalf("%s is not among the files of the checkout", file)
	}
	marker := fmt.Sprintf("Riga del checkout %d.", lastOfPage)
	lp.waitUntil("checkout of 200 files", page, func(_ int, b string) bool { return strings.Contains(b, marker) })
	t.Logf("checkout of 200 files: %d builds", lp.live.Builds.Load()-before)
	for f, text := range saved {
		lp.write(f, text)
	}

	// A broken save: the overlay, over the last good page.
	lp.write(file, strings.Replace(lp.read(file), "deadline: 2025-03-31", "deadline: 31 marzo", 1))
	body = lp.waitUntil("overlay shown", page, func(_ int, b string) bool { return strings.Contains(b, overlayMark) })
	for _, want := range []string{"zanzibarese", "bando-comunita-educanti-2025.md:", "B106", "deadline: 31 marzo", "Come correggere"} {
		if !strings.Contains(body, want) {
			t.Errorf("overlay page lacks %q", want)
		}
	}
	if _, b := lp.get("/"); !strings.Contains(b, overlayMark) {
		t.Error("every page shows the overlay while the error lasts")
	}
	// Fixed: the overlay goes.
	lp.write(file, original+"\nParagrafo corretto: tutto a posto.\n")
	lp.waitUntil("overlay gone", page, func(_ int, b string) bool {
		return !strings.Contains(b, overlayMark) && strings.Contains(b, "tutto a posto")
	})

	// A new folder with a page (a bundle): served, and in its section.
	lp.write("pratiche/nuova-cartella/index.md", "---\ntitle: Pratica nella cartella nuova\ndate: 2026-11-26\nsummary: Una pratica appena scritta.\n---\n\nTesto.\n")
	lp.waitUntil("new page", "/pratiche/nuova-cartella/", func(s int, _ string) bool { return s == 200 })
	lp.waitUntil("new page listed", "/pratiche/", func(_ int, b string) bool { return strings.Contains(b, "Pratica nella cartella nuova") })

	// Renamed: the old address is gone, the new one is there.
	if err := os.Rename(lp.path("pratiche/nuova-cartella"), lp.path("pratiche/cartella-rinominata")); err != nil {
		t.Fatal(err)
	}
	lp.waitUntil("renamed page", "/pratiche/cartella-rinominata/", func(s int, _ string) bool { return s == 200 })
	lp.waitUntil("old address gone", "/pratiche/nuova-cartella/", func(s int, _ string) bool { return s == 404 })

	// Deleted: 404, and gone from the lists and from search.
	if err := os.RemoveAll(lp.path("pratiche/cartella-rinominata")); err != nil {
		t.Fatal(err)
	}
	lp.waitUntil("deleted page", "/pratiche/cartella-rinominata/", func(s int, _ string) bool { return s == 404 })
	if _, b := lp.get("/pratiche/"); strings.Contains(b, "Pratica nella cartella nuova") {
		t.Error("a deleted page is still listed")
	}
	if _, b := lp.get("/api/search?q=cartella+nuova"); strings.Contains(b, "cartella-rinominata") {
		t.Error("a deleted page is still found")
	}

	// A burst of 1000 saves: the last one wins (how many builds it
	// makes is TestPlanner's business).
	before = lp.live.Builds.Load()
	for i := range 1000 {
		lp.write(file, fmt.Sprintf("%s\nSalvataggio numero %d.\n", original, i))
	}
	lp.waitUntil("last of 1000 saves", page, func(_ int, b string) bool { return strings.Contains(b, "Salvataggio numero 999.") })
	t.Logf("1000 saves: %d builds", lp.live.Builds.Load()-before)

	// A layout edit rebuilds everything.
	layout := filepath.Join(lp.dir, "layouts", "page.html")
	data, err := os.ReadFile(layout)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(layout, []byte(strings.Replace(string(data), "</article>", "<p>segno-del-modello</p></article>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	lp.waitUntil("layout edit", page, func(_ int, b string) bool { return strings.Contains(b, "segno-del-modello") })

	// Every save above truncates the file and then writes it: no build
	// may have read one in between (B101, no front matter, at 1:1).
	if strings.Contains(lp.log.String(), "B101") {
		t.Error("a half-written file was built and its error shown")
	}
}

// eventStream reads the preview's version events.
type eventStream struct {
	t        *testing.T
	versions chan int64
}

func (lp *liveProject) openEvents() *eventStream {
	lp.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, lp.url+eventsPath, nil)
	ctx, cancel := context.WithCancel(context.Background())
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		lp.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		lp.t.Fatalf("events: Content-Type %q", ct)
	}
	es := &eventStream{t: lp.t, versions: make(chan int64, 100)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var n int64
				if json.Unmarshal([]byte(v), &n) == nil {
					es.versions <- n
				}
			}
		}
	}()
	lp.t.Cleanup(func() { cancel(); resp.Body.Close() })
	return es
}

// next returns the next version announced, waiting up to 10 s.
func (es *eventStream) next() int64 {
	es.t.Helper()
	select {
	case v := <-es.versions:
		return v
	case <-time.After(10 * time.Second):
		es.t.Fatal("no event from the preview in 10 s")
		return 0
	}
}

// TestPublishedSiteHasNoReloadScript: the script belongs to serve only.
func TestPublishedSiteHasNoReloadScript(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(pipeline.Config{Root: repoRoot, Out: out}); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(data), livePrefix) {
			t.Errorf("%s mentions %s", p, livePrefix)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSupersededFailureNotShown: a build that fails while newer changes
// are waiting (a file read between an editor's truncation and its write)
// shows no error: the next build decides. Without newer changes, the
// errors show.
func TestSupersededFailureNotShown(t *testing.T) {
	good := "---\ntitle: A\ndate: 2026-01-01\n---\nTesto.\n"
	files := sitefiles.Files(t, "-- content/pratiche/a.md --\n"+good)
	page := filepath.Join("content", "pratiche", "a.md")
	write := func(text string) { files["content/pratiche/a.md"] = &fstest.MapFile{Data: []byte(text)} }
	live, res, err := StartLive(pipeline.Config{Root: ".", FS: files, Drafts: true}, io.Discard)
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	defer live.Close()
	version := live.version.Load()

	// Truncated: read empty, but a change is waiting.
	write("")
	live.Changed(page)
	asked := false
	live.rebuild(func() bool { asked = true; return true }, nil)
	if !asked {
		t.Fatal("superseded was not asked after a failed build")
	}
	if live.problem.Load() != nil || live.version.Load() != version {
		t.Error("a superseded failure was shown")
	}
	// The same failure with nothing newer: shown.
	live.rebuild(func() bool { return false }, nil)
	if p := live.problem.Load(); p == nil || len(p.diags) == 0 || p.diags[0].Code != "B101" {
		t.Errorf("the failure was not shown: %+v", p)
	}
	// Written: the file the session kept as changed builds.
	write(good + "Altro.\n")
	live.rebuild(func() bool { t.Error("superseded asked after a good build"); return false }, nil)
	if live.problem.Load() != nil {
		t.Error("the fixed file still shows errors")
	}
}

// TestHeldFailure: a failed build that must wait (its files changed a
// moment ago) shows nothing until showHeld, and nothing at all when a
// newer build came first.
func TestHeldFailure(t *testing.T) {
	good := "---\ntitle: A\ndate: 2026-01-01\n---\nTesto.\n"
	half := "---\ntitle: A\nda"
	files := sitefiles.Files(t, "-- content/pratiche/a.md --\n"+good)
	page := filepath.Join("content", "pratiche", "a.md")
	write := func(text string) { files["content/pratiche/a.md"] = &fstest.MapFile{Data: []byte(text)} }
	live, res, err := StartLive(pipeline.Config{Root: ".", FS: files, Drafts: true}, io.Discard)
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("%v %v", err, res.Diags.All())
	}
	defer live.Close()
	hold := func() bool { return true }

	// Half-written, then written: the failure is never shown.
	write(half)
	live.Changed(page)
	version := live.version.Load()
	live.rebuild(nil, hold)
	if live.problem.Load() != nil || live.version.Load() != version {
		t.Fatal("a held failure was shown")
	}
	write(good + "Altro.\n")
	live.Changed(page)
	live.rebuild(nil, hold)
	live.showHeld()
	if live.problem.Load() != nil {
		t.Error("the failure held before a good build was shown")
	}

	// Half-written and left so: shown when its time comes.
	write(half)
	live.Changed(page)
	live.rebuild(nil, hold)
	if live.problem.Load() != nil {
		t.Fatal("a held failure was shown")
	}
	live.showHeld()
	if p := live.problem.Load(); p == nil || len(p.diags) == 0 {
		t.Errorf("the held failure was not shown: %+v", p)
	}
}

// TestSaveWhileStarting: a page saved after the first build began and
// before the watches were in place (a net weaver saving while `serve`
// starts, or a test writing right after it) is built all the same.
func TestSaveWhileStarting(t *testing.T) {
	const file = "opportunita/bando-comunita-educanti-2025.md"
	lp := startLiveThen(t, func(lp *liveProject) {
		lp.write("pratiche/salvata-presto.md", "---\ntitle: Salvata mentre partiva\ndate: 2026-11-21\n---\n\nTesto.\n")
		lp.write(file, lp.read(file)+"\nModificata mentre partiva.\n")
	})
	lp.waitUntil("new page saved while starting", "/pratiche/salvata-presto/", func(s int, _ string) bool { return s == 200 })
	lp.waitUntil("edit saved while starting", "/opportunita/bando-comunita-educanti-2025/", func(_ int, b string) bool {
		return strings.Contains(b, "Modificata mentre partiva.")
	})
}
