package serve

import (
	"context"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long the preview waits after a change for the
// next one before it rebuilds: an editor's save (a temporary file, a
// rename) or a `git checkout` of many files arrive as a burst of events
// within a few milliseconds of each other.
const DefaultDebounce = 20 * time.Millisecond

// Watch rebuilds the preview as the project's files change, until ctx is
// done: content/ (or the content folder of the build), layouts/, static/
// and schema.yaml, with every folder below them, also those created later.
// Changes are gathered as DefaultTiming says, with debounce instead of
// its Debounce when positive, then built at once (see planner).
func (l *Live) Watch(ctx context.Context, debounce time.Duration) error {
	timing := DefaultTiming
	if debounce > 0 {
		timing.Debounce = debounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("impossibile osservare i file: %w", err)
	}
	defer w.Close()
	root := l.cfg.Root
	if root == "" {
		root = "."
	}
	contentDir := l.cfg.Content
	if contentDir == "" {
		contentDir = filepath.Join(root, "content")
	}
	// Every file present once the watches are in place: those saved
	// since the first build began, whose events came before the watches,
	// are changes (caughtUp).
	var present []string
	for _, dir := range []string{contentDir, filepath.Join(root, "layouts"), filepath.Join(root, "static")} {
		if err := addTree(w, dir, &present); err != nil {
			return err
		}
	}
	// The root folder itself, for schema.yaml (and for content/,
	// layouts/ or static/ created or replaced as a whole).
	if err := w.Add(root); err != nil {
		return fmt.Errorf("impossibile osservare %s: %w", root, err)
	}
	schemaFile, _ := filepath.Abs(filepath.Join(root, "schema.yaml"))
	rootAbs, _ := filepath.Abs(root)
	watched := map[string]bool{}
	for _, dir := range []string{contentDir, filepath.Join(root, "layouts"), filepath.Join(root, "static")} {
		abs, _ := filepath.Abs(dir)
		watched[abs] = true
	}

	plan := newPlanner(timing)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	// showAt is when the errors of a failed build held back are due
	// (planner.ShowFailure), zero when none is held.
	var showAt time.Time
	arm := func(at time.Time) {
		// While changes wait, their build decides what is shown.
		if !showAt.IsZero() && !plan.Pending() && (at.IsZero() || showAt.Before(at)) {
			at = showAt
		}
		timer.Stop()
		if !at.IsZero() {
			timer.Reset(max(time.Until(at), 0))
		}
	}
	if !l.started.IsZero() {
		now := time.Now()
		for _, f := range caughtUp(append(present, schemaFile), l.started) {
			plan.Add(f, now)
		}
		arm(plan.Due())
	}
	hold := func() bool {
		now := time.Now()
		showAt = plan.ShowFailure(now)
		if !showAt.After(now) {
			showAt = time.Time{}
			return false
		}
		return true
	}
	// handle hands an event to the planner.
	handle := func(ev fsnotify.Event) {
		if ev.Op == fsnotify.Chmod || ignored(ev.Name) {
			return
		}
		abs, _ := filepath.Abs(ev.Name)
		if filepath.Dir(abs) == rootAbs && abs != schemaFile && !watched[abs] {
			return // another file of the project's root (README, go.mod…)
		}
		var created []string
		if ev.Has(fsnotify.Create) {
			if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
				// A new folder: watch it, and take the files that
				// were written in it before the watch began.
				if err := addTree(w, ev.Name, &created); err != nil {
					fmt.Fprintf(l.log, "avviso: %v\n", err)
				}
			}
		}
		now := time.Now()
		for _, name := range append(created, ev.Name) {
			plan.Add(name, now)
		}
	}
	// superseded is asked after a failed build of files, whose state
	// before the build was before: it takes the events that came during
	// the build, counts as changed again any of the files that is no
	// longer as it was (its event may still be on its way, or merged by
	// the kernel into one already taken) and, once, a file that reads
	// empty (an editor may not have written it yet), and says whether
	// changes are waiting.
	var built []string
	var before []fileState
	retried := map[string]bool{} // files that read empty, tried again once
	superseded := func() bool {
		for drained := false; !drained; {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					drained = true
					break
				}
				handle(ev)
			default:
				drained = true
			}
		}
		now := time.Now()
		for i, f := range built {
			switch st := statOf(f); {
			case st != before[i]:
				plan.Add(f, now)
			case st.exists && st.size == 0 && !retried[f]:
				retried[f] = true
				plan.Add(f, now)
			}
		}
		return plan.Pending()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events: build everything to be sure.
			fmt.Fprintf(l.log, "avviso: %v: ricostruisco tutto\n", err)
			plan.Add(root, time.Now())
			arm(plan.Due())
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			handle(ev)
			arm(plan.Due())
		case <-timer.C:
			if !showAt.IsZero() && !time.Now().Before(showAt) && !plan.Pending() {
				showAt = time.Time{}
				l.showHeld()
			}
			files, again := plan.Ready(time.Now(), emptyFile)
			if files != nil {
				showAt = time.Time{}
				built, before = files, before[:0]
				for _, f := range files {
					st := statOf(f)
					if st.size > 0 {
						delete(retried, f)
					}
					before = append(before, st)
				}
				l.Changed(files...)
				l.rebuild(superseded, hold)
				again = plan.Due()
			}
			arm(again)
		}
	}
}

// fileState tells a file's versions apart: its size and time, and a hash
// of its bytes, since an editor saving twice within a tick of the
// file system's clock leaves the same size and time.
type fileState struct {
	size    int64
	modTime time.Time
	sum     uint64
	exists  bool
}

// stateSeed keys the hashes of fileState.
var stateSeed = maphash.MakeSeed()

// statOf returns the state of the file (or folder) name.
func statOf(name string) fileState {
	st, err := os.Lstat(name)
	if err != nil {
		return fileState{}
	}
	fs := fileState{size: st.Size(), modTime: st.ModTime(), exists: true}
	if st.Mode().IsRegular() {
		if data, err := os.ReadFile(name); err == nil {
			fs.sum = maphash.Bytes(stateSeed, data)
		}
	}
	return fs
}

// emptyFile reports whether name is a regular file of no bytes: most
// likely one an editor has just truncated and is about to write.
func emptyFile(name string) bool {
	st, err := os.Lstat(name)
	return err == nil && st.Mode().IsRegular() && st.Size() == 0
}

// caughtUp returns the files of names modified at since or after (since
// read off the files' own clock, fileClock). A file saved in the same
// tick as since, just before the first build, is built once more, which
// changes nothing.
func caughtUp(names []string, since time.Time) []string {
	var out []string
	for _, f := range names {
		if st, err := os.Lstat(f); err == nil && st.Mode().IsRegular() && !ignored(f) && !st.ModTime().Before(since) {
			out = append(out, f)
		}
	}
	return out
}

// addTree watches dir and every folder below it, appending to files (when
// not nil) the files found. A missing dir is not an error: it may be
// created later.
func addTree(w *fsnotify.Watcher, dir string, files *[]string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p != dir && ignored(p) {
				return filepath.SkipDir
			}
			if err := w.Add(p); err != nil {
				return fmt.Errorf("impossibile osservare %s: %w", p, err)
			}
		} else if files != nil {
			*files = append(*files, p)
		}
		return nil
	})
}

// ignored reports whether name is an editor's or a system's scratch file,
// which the build ignores too: hidden files (vim's .x.swp, emacs's .#x,
// gedit's .goutputstream-…), backups (x~), emacs's #x#, vim's probe 4913.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") ||
		base == "4913"
}
