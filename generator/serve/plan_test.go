package serve

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// change is a file event at a time (in ms from the start), and whether
// the file reads empty from then on (an editor's truncation).
type change struct {
	at    float64
	path  string
	empty bool
}

// planned is a build the planner decided: when, and with which files.
type planned struct {
	at    float64
	files []string
}

func (b planned) String() string { return fmt.Sprintf("%gms:%s", b.at, strings.Join(b.files, ",")) }

var epoch = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func ms(v float64) time.Time { return epoch.Add(time.Duration(v * float64(time.Millisecond))) }

// simulate runs the planner on changes in virtual time, as Watch runs it
// on the clock: every change is added when it happens, the planner is
// asked at the instant it named, and builds take no time.
func simulate(timing Timing, changes []change) []planned {
	plan := newPlanner(timing)
	empty := map[string]bool{}
	var wake, now time.Time
	var out []planned
	for i := 0; i < len(changes) || !wake.IsZero(); {
		if i < len(changes) && (wake.IsZero() || !ms(changes[i].at).After(wake)) {
			c := changes[i]
			i++
			now = ms(c.at)
			empty[c.path] = c.empty
			plan.Add(c.path, now)
			wake = plan.Due()
			continue
		}
		// A wake-up already past (MaxDelay) happens at once.
		now = later(now, wake)
		files, again := plan.Ready(now, func(p string) bool { return empty[p] })
		if files != nil {
			out = append(out, planned{float64(now.Sub(epoch)) / float64(time.Millisecond), files})
			again = plan.Due()
		}
		wake = again
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// saves is n changes of path, every gap ms from start.
func saves(path string, n int, start, gap float64) []change {
	out := make([]change, n)
	for i := range out {
		out[i] = change{at: start + float64(i)*gap, path: path}
	}
	return out
}

// checkout is n different files written every gap ms.
func checkout(n int, gap float64) []change {
	out := make([]change, n)
	for i := range out {
		out[i] = change{at: float64(i) * gap, path: fmt.Sprintf("content/p%03d.md", i)}
	}
	return out
}

func TestPlanner(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []change
		want    []planned
	}{
		{"one save", []change{{0, "a.md", false}}, []planned{{20, []string{"a.md"}}}},
		{"an editor's burst: temporary file, rename, write", []change{{0, ".a.md.swp", false}, {1, "a.md", false}, {2, "a.md", false}},
			[]planned{{22, []string{".a.md.swp", "a.md"}}}},
		{"1000 saves 0.1 ms apart: one build, the last", saves("a.md", 1000, 0, 0.1), []planned{{119.9, []string{"a.md"}}}},
		{"a checkout of 200 files 1 ms apart: one build", checkout(200, 1), []planned{{219, filesOf(checkout(200, 1))}}},
		{"truncated, written 100 ms later (over the debounce): one build, after the write",
			[]change{{0, "a.md", true}, {100, "a.md", false}}, []planned{{120, []string{"a.md"}}}},
		{"truncated then written by a slow machine, 450 ms later: built at the write (MaxDelay is past)",
			[]change{{0, "a.md", true}, {450, "a.md", false}}, []planned{{450, []string{"a.md"}}}},
		{"an empty file stays empty: built after Settle", []change{{0, "vuoto.md", true}}, []planned{{500, []string{"vuoto.md"}}}},
		{"an empty file waits, the other files with it", []change{{0, "a.md", false}, {5, "b.md", true}},
			[]planned{{505, []string{"a.md", "b.md"}}}},
		{"two saves far apart: two builds", []change{{0, "a.md", false}, {1000, "a.md", false}},
			[]planned{{20, []string{"a.md"}}, {1020, []string{"a.md"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := simulate(DefaultTiming, tc.changes)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("builds %v, want %v", got, tc.want)
			}
		})
	}
}

// TestPlannerSteadyStream: changes that never pause (a checkout on a
// loaded machine, 15 ms apart) are still built every MaxDelay, and every
// file is built once, in the first build after its change.
func TestPlannerSteadyStream(t *testing.T) {
	changes := checkout(200, 15) // 3 s of changes, each within the debounce of the last
	got := simulate(DefaultTiming, changes)
	seen := map[string]float64{}
	for _, b := range got {
		for _, f := range b.files {
			if _, ok := seen[f]; ok {
				t.Errorf("%s built twice", f)
			}
			seen[f] = b.at
		}
	}
	for _, c := range changes {
		at, ok := seen[c.path]
		if !ok || at < c.at || at > c.at+400 {
			t.Errorf("%s changed at %g ms, built at %g (%v)", c.path, c.at, at, ok)
		}
	}
	if n := len(got); n != 8 {
		t.Errorf("%d builds for 3 s of changes, want 8 (one per 400 ms or so, and the last): %v", n, got)
	}
}

// filesOf lists the paths of changes, sorted as the planner gives them.
func filesOf(changes []change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.path)
	}
	return out
}

// simulateFailures runs the planner as Watch does, with builds that fail
// when broken says so (at the time of the build, in ms): it returns the
// builds and the times at which a failure was shown.
func simulateFailures(timing Timing, changes []change, broken func(at float64) bool) (builds []planned, shown []float64) {
	plan := newPlanner(timing)
	var wake, now, showAt time.Time
	next := func(at time.Time) time.Time { // as Watch's arm
		if !showAt.IsZero() && !plan.Pending() && (at.IsZero() || showAt.Before(at)) {
			return showAt
		}
		return at
	}
	msOf := func(t time.Time) float64 { return float64(t.Sub(epoch)) / float64(time.Millisecond) }
	for i := 0; i < len(changes) || !wake.IsZero(); {
		if i < len(changes) && (wake.IsZero() || !ms(changes[i].at).After(wake)) {
			now = ms(changes[i].at)
			plan.Add(changes[i].path, now)
			i++
			wake = next(plan.Due())
			continue
		}
		now = later(now, wake)
		if !showAt.IsZero() && !now.Before(showAt) && !plan.Pending() {
			shown = append(shown, msOf(now))
			showAt = time.Time{}
		}
		files, again := plan.Ready(now, func(string) bool { return false })
		if files != nil {
			builds = append(builds, planned{msOf(now), files})
			showAt = time.Time{}
			if broken(msOf(now)) {
				if at := plan.ShowFailure(now); at.After(now) {
					showAt = at
				} else {
					shown = append(shown, msOf(now))
				}
			}
			again = plan.Due()
		}
		wake = next(again)
	}
	return builds, shown
}

// TestPlannerHoldsFailures: the errors of a build of files changed a
// moment ago wait Settle after that change, and are never shown if a
// newer build comes first: a file written in two pieces, or deleted and
// written again, fails to build in between, and must not flash an error.
// A real mistake is shown, Settle after it was saved.
func TestPlannerHoldsFailures(t *testing.T) {
	always := func(float64) bool { return true }
	before := func(ms float64) func(float64) bool { return func(at float64) bool { return at < ms } }
	for _, tc := range []struct {
		name    string
		changes []change
		broken  func(at float64) bool
		builds  []float64
		shown   []float64
	}{
		{"written in two pieces 100 ms apart", []change{{0, "a.md", false}, {100, "a.md", false}}, before(100), []float64{20, 120}, nil},
		{"deleted, written again 100 ms later", []change{{0, "a.md", false}, {100, "a.md", false}}, before(100), []float64{20, 120}, nil},
		{"written by a slow program, 450 ms apart", []change{{0, "a.md", false}, {450, "a.md", false}}, before(450), []float64{20, 470}, nil},
		{"a mistake, saved: shown Settle later", []change{{0, "a.md", false}}, always, []float64{20}, []float64{500}},
		{"a mistake, fixed 300 ms later: never shown", []change{{0, "a.md", false}, {300, "a.md", false}}, before(300), []float64{20, 320}, nil},
		{"a mistake, then another file: shown after the last change", []change{{0, "a.md", false}, {200, "b.md", false}}, always,
			[]float64{20, 220}, []float64{700}},
		{"a good build is shown at once", []change{{0, "a.md", false}}, func(float64) bool { return false }, []float64{20}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			builds, shown := simulateFailures(DefaultTiming, tc.changes, tc.broken)
			var at []float64
			for _, b := range builds {
				at = append(at, b.at)
			}
			if !reflect.DeepEqual(at, tc.builds) || !reflect.DeepEqual(shown, tc.shown) {
				t.Errorf("builds at %v, failures shown at %v; want %v and %v", at, shown, tc.builds, tc.shown)
			}
		})
	}
}
