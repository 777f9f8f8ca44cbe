package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/search"
)

// Live keeps a preview in step with the project on disk: Watch sees the
// saves, Rebuild builds again through a pipeline.Session (only what changed)
// and swaps the new site in, and the open pages, told through
// Server-Sent Events, reload themselves. A build that fails keeps the last
// good site up and shows its errors over every page instead.
type Live struct {
	srv     *Server
	session *pipeline.Session
	index   *search.Live
	tmp     string
	log     io.Writer
	cfg     pipeline.Config

	// mu serializes the session: changes and builds.
	mu sync.Mutex
	// version counts what the open pages must catch up with: every new
	// site and every change of the errors shown.
	version atomic.Int64
	problem atomic.Pointer[problem]
	events  broadcaster
	// stopped is closed when the preview stops: the event streams end.
	stopped  chan struct{}
	stopOnce sync.Once
	// closeOnce guards Close.
	closeOnce sync.Once
	closeErr  error
	// Stages, when set, logs the time of each stage of every rebuild.
	Stages bool
	// Builds counts the builds done after the first, good or not.
	Builds atomic.Int64
	// started is when the first build began reading the project: a file
	// saved after it, before Watch has its watches in place, is taken by
	// Watch as changed.
	started time.Time

	// previewSite is the last good build as the editing UI's preview
	// needs it (scheda.go).
	previewSite atomic.Pointer[preview.Site]
	// held is a failed build whose errors wait to be shown (rebuild's
	// hold), guarded by mu.
	held *pipeline.Result
}

// problem is a failed build shown over the pages.
type problem struct {
	diags []diag.Diagnostic
	err   error
	html  []byte // the overlay
}

// StartLive builds cfg (drafts as cfg says, into memory) and returns the
// preview of it, ready to serve with Server and to Watch. A first build
// with errors still starts: the pages show the errors until they are
// fixed. err is for failures not about the content. Logs go to log.
func StartLive(cfg pipeline.Config, log io.Writer) (*Live, *pipeline.Result, error) {
	tmp, err := os.MkdirTemp("", "banca-anteprima-")
	if err != nil {
		return nil, nil, fmt.Errorf("impossibile creare la cartella temporanea: %w", err)
	}
	index, err := search.NewLive(tmp)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, nil, err
	}
	l := &Live{session: pipeline.NewSession(cfg), index: index, tmp: tmp, log: log, cfg: cfg, stopped: make(chan struct{})}
	l.session.IndexWith(index)
	l.srv = &Server{live: l}
	l.started = fileClock(tmp)
	b, res, err := l.session.Build(time.Now())
	if err != nil {
		_ = l.Close()
		return nil, res, err
	}
	if b == nil {
		l.fail(res.Diags.All(), nil)
		l.previewFailed(res)
		return l, res, nil
	}
	if err := l.swap(b); err != nil {
		_ = l.Close()
		return nil, res, err
	}
	return l, res, nil
}

// fileClock is the time now by the clock that stamps files: the kernel's
// coarse clock, a few milliseconds behind time.Now, so that a file saved
// from now on has a time not before it. It stamps a file in dir; on
// failure it falls back to time.Now less a margin.
func fileClock(dir string) time.Time {
	stamp := filepath.Join(dir, "avvio")
	if err := os.WriteFile(stamp, nil, 0o644); err == nil {
		if st, err := os.Stat(stamp); err == nil {
			return st.ModTime()
		}
	}
	return time.Now().Add(-50 * time.Millisecond)
}

// Server returns the server of the preview.
func (l *Live) Server() *Server { return l.srv }

// Changed records changed paths for the next Rebuild.
func (l *Live) Changed(paths ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range paths {
		l.session.Changed(p)
	}
}

// Rebuild builds what changed since the last build and updates the
// preview: the new site, or the errors over the last good one.
func (l *Live) Rebuild() { l.rebuild(nil, nil) }

// rebuild is Rebuild. superseded, when set, is asked after a build with
// errors whether newer changes are waiting: the errors are then not shown,
// since they may come from a file read while an editor was rewriting it
// (truncated, not yet written); the next build, due in a moment, shows
// them if they remain. The session keeps the failed files for it. hold,
// when set, is asked next whether the errors must wait (the files changed
// a moment ago: planner.ShowFailure): the build is then kept, and
// ShowHeld shows it unless a newer build came first.
func (l *Live) rebuild(superseded, hold func() bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Builds.Add(1)
	l.held = nil
	start := time.Now()
	b, res, err := l.session.Build(time.Now())
	switch {
	case err != nil:
		l.fail(nil, err)
		fmt.Fprintf(l.log, "errore: %v\n", err)
	case b == nil && superseded != nil && superseded():
		// Shown, if they remain, by the build of the newer changes.
	case b == nil && hold != nil && hold():
		l.held = res
	case b == nil:
		l.showFailure(res)
	default:
		t := time.Now()
		if err := l.swap(b); err != nil {
			l.fail(nil, err)
			fmt.Fprintf(l.log, "errore: %v\n", err)
			return
		}
		how := "ricostruzione completa"
		if b.Incremental {
			how = "solo le modifiche"
		}
		fmt.Fprintf(l.log, "Aggiornato in %s (%s: %d file rigenerati, %d invariati).\n",
			time.Since(start).Round(time.Millisecond), how, b.Rendered, b.Reused)
		if l.Stages {
			for _, st := range b.Stages {
				fmt.Fprintf(l.log, "  %-14s %s\n", st.Name, st.Duration.Round(10*time.Microsecond))
			}
			fmt.Fprintf(l.log, "  %-14s %s\n", "servizio", time.Since(t).Round(10*time.Microsecond))
		}
	}
}

// showFailure shows the errors of the failed build res over the pages
// and in the terminal.
func (l *Live) showFailure(res *pipeline.Result) {
	ds := res.Diags.All()
	l.fail(ds, nil)
	l.previewFailed(res)
	e, w := res.Diags.Count()
	fmt.Fprintf(l.log, "\nLa modifica non è stata pubblicata nell'anteprima (%s); resta l'ultima versione buona:\n\n",
		diag.Summary(e, w))
	diag.Print(l.log, ds, res.Diags.Omitted()...)
}

// showHeld shows the failed build held back by rebuild, if no build came
// after it.
func (l *Live) showHeld() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held != nil {
		l.showFailure(l.held)
		l.held = nil
	}
}

// swap serves b, whose pages the build committed to the live index, and
// tells the pages.
func (l *Live) swap(b *pipeline.Built) error {
	idx := l.index.Current()
	if idx == nil {
		return errors.New("anteprima: la costruzione non ha prodotto l'indice di ricerca")
	}
	snap, err := newSnapshotOf(b.Result, b.Files, idx)
	if err != nil {
		return err
	}
	snap.inject = l.inject
	l.previewSite.Store(preview.FromBuild(b.Result))
	l.srv.Swap(snap)
	l.problem.Store(nil)
	l.announce()
	return nil
}

// fail shows the errors of a failed build over the pages.
func (l *Live) fail(ds []diag.Diagnostic, err error) {
	p := &problem{diags: ds, err: err}
	var buf bytes.Buffer
	if terr := overlayTemplate.Execute(&buf, overlayData(ds, err, l.cfg.Root, l.srv.Current() == nil)); terr != nil {
		buf.Reset()
		fmt.Fprintf(&buf, "<p>errore nell'anteprima: %v</p>", terr)
	}
	p.html = buf.Bytes()
	l.problem.Store(p)
	l.announce()
}

// announce moves to a new version and tells every open page.
func (l *Live) announce() {
	l.events.send(l.version.Add(1))
}

// done is closed when the preview stops.
func (l *Live) done() <-chan struct{} { return l.stopped }

// stop ends the event streams, so that a shutdown need not wait for them.
func (l *Live) stop() { l.stopOnce.Do(func() { close(l.stopped) }) }

// Close stops the preview's index and removes its temporary folder.
// Closing twice is harmless.
func (l *Live) Close() error {
	l.closeOnce.Do(func() { l.closeErr = l.close() })
	return l.closeErr
}

func (l *Live) close() error {
	l.stop()
	err := l.srv.Close()
	if ierr := l.index.Close(); err == nil {
		err = ierr
	}
	if rerr := os.RemoveAll(l.tmp); err == nil {
		err = rerr
	}
	return err
}
