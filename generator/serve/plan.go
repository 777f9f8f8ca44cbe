package serve

import (
	"sort"
	"time"
)

// Timing says how the preview turns a stream of file changes into builds.
type Timing struct {
	// Debounce is how long to wait after a change for the next one
	// before building: an editor's save (a temporary file, a rename) or
	// a `git checkout` arrive as a burst of events.
	Debounce time.Duration
	// MaxDelay bounds how long a steady stream of changes can put a build
	// off, counted from the first change not built yet.
	MaxDelay time.Duration
	// Settle is how long a changed file that reads empty may keep the
	// build waiting: editors save by truncating the file and then writing
	// it, and a build in between would show the half-written page as an
	// error. A file still empty after Settle is built as it is. It is
	// also how long after its files' last change a failed build waits
	// before its errors are shown (ShowFailure).
	Settle time.Duration
}

// DefaultTiming is the preview's timing.
var DefaultTiming = Timing{Debounce: DefaultDebounce, MaxDelay: 400 * time.Millisecond, Settle: 500 * time.Millisecond}

// planner decides, from the changes seen and their times, when the
// preview builds and with which files. It holds no clock and touches no
// file: the watcher feeds it events with their time and asks it, at the
// instant it named, whether to build, telling it which files read empty.
// So the decisions are a pure function of events and times, and the
// tests drive it with times of their choosing.
type planner struct {
	timing Timing
	// changed maps each file changed since the last build to the time of
	// its last change.
	changed map[string]time.Time
	// first and last are the times of the first and the last change not
	// built yet.
	first, last time.Time
	// built is the time of the last change among the files Ready gave
	// last.
	built time.Time
}

func newPlanner(t Timing) *planner {
	return &planner{timing: t, changed: map[string]time.Time{}}
}

// Add records that path changed at t.
func (p *planner) Add(path string, t time.Time) {
	if len(p.changed) == 0 {
		p.first = t
	}
	p.changed[path] = t
	if t.After(p.last) {
		p.last = t
	}
}

// Pending reports whether changes are waiting to be built.
func (p *planner) Pending() bool { return len(p.changed) > 0 }

// Due returns when the pending changes are to be looked at, or the zero
// time when nothing is pending: Debounce after the last change, but never
// later than MaxDelay after the first.
func (p *planner) Due() time.Time {
	if len(p.changed) == 0 {
		return time.Time{}
	}
	due := p.last.Add(p.timing.Debounce)
	if limit := p.first.Add(p.timing.MaxDelay); limit.Before(due) {
		due = limit
	}
	return due
}

// Ready is asked at now, once Due has come: it returns the files to build
// (sorted) and forgets them, or nil and the instant to ask again when a
// changed file that reads empty (empty reports which) may still be being
// written: then the build waits until Settle after that file's change, or
// until the next change re-arms the debounce.
func (p *planner) Ready(now time.Time, empty func(path string) bool) (files []string, again time.Time) {
	if len(p.changed) == 0 {
		return nil, time.Time{}
	}
	if due := p.Due(); now.Before(due) {
		return nil, due
	}
	var wait time.Time
	for path, t := range p.changed {
		until := t.Add(p.timing.Settle)
		if now.Before(until) && empty(path) && until.After(wait) {
			wait = until
		}
	}
	if !wait.IsZero() {
		return nil, wait
	}
	files = make([]string, 0, len(p.changed))
	for path := range p.changed {
		files = append(files, path)
	}
	sort.Strings(files)
	p.built = p.last
	p.changed = map[string]time.Time{}
	p.first, p.last = time.Time{}, time.Time{}
	return files, time.Time{}
}

// ShowFailure is asked at now when the build of the files Ready gave
// last has failed: it returns when to show its errors. A file changed
// less than Settle ago may be one an editor is still writing: in two
// pieces, or deleted and written again, or written by a slow program; the
// half-written page then fails to build, and showing that would flash an
// error over the page for a moment. So the errors wait until Settle after
// the last change of those files; a change before then builds again, and
// the failure is forgotten (Watch). A good build is always shown at once.
func (p *planner) ShowFailure(now time.Time) time.Time {
	if at := p.built.Add(p.timing.Settle); now.Before(at) {
		return at
	}
	return now
}
