package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/internal/cputime"
)

// TestDirOutputOverOldSites writes a site into folders that an older site
// left in every shape: nothing, the same files, a file where a folder goes
// (at any depth) and a folder where a file goes. Every file must end up
// with its bytes, and a file whose bytes did not change must be left alone.
func TestDirOutputOverOldSites(t *testing.T) {
	cases := []struct {
		name string
		old  map[string]string // files of the older site; "" content makes a folder
		want map[string]string // what the new site writes
		// unchanged is how many files must be left alone.
		unchanged int64
	}{
		{"empty folder", nil,
			map[string]string{"index.html": "h", "a/b/c/index.html": "c", "a/b/index.html": "b", "a/x.ics": "x"}, 0},
		{"same files", map[string]string{"index.html": "h", "a/b/index.html": "b"},
			map[string]string{"index.html": "h", "a/b/index.html": "b", "a/c/index.html": "new"}, 2},
		{"changed files", map[string]string{"index.html": "old", "a/b/index.html": "b"},
			map[string]string{"index.html": "new", "a/b/index.html": "b2"}, 0},
		{"file where a folder goes", map[string]string{"a": "file", "b/c": "file"},
			map[string]string{"a/index.html": "a", "b/c/d/index.html": "d"}, 0},
		{"folder where a file goes", map[string]string{"a/": "", "a/old.html": "o"},
			map[string]string{"a": "now a file"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			old := map[string]bool{}
			for name, data := range c.old {
				full := filepath.Join(root, filepath.FromSlash(name))
				if data == "" {
					if err := os.MkdirAll(full, 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
				old[name] = true
			}
			o := newDirOutput(root, old)
			for name, data := range c.want {
				if err := o.WriteFile(name, []byte(data)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			for name, data := range c.want {
				got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
				if err != nil || string(got) != data {
					t.Errorf("%s holds %q (%v), want %q", name, got, err, data)
				}
			}
			if n := o.unchanged.Load(); n != c.unchanged {
				t.Errorf("%d files left alone, want %d", n, c.unchanged)
			}
		})
	}
}

// BenchmarkDirOutput writes a site's worth of files shaped like the
// bank's (a folder per page, an index.html of 15 KB in each, a few files
// beside), into an empty folder and over the same files (a recycled
// folder, where unchanged files are compared, not rewritten). It reports
// CPU time, user and system, per build, steadier than wall time on a
// shared machine.
func BenchmarkDirOutput(b *testing.B) {
	const pages = 5000
	page := bytes.Repeat([]byte("<p>Una scheda della banca.</p>\n"), 500)
	names := make([]string, 0, pages+pages/10)
	for i := range pages {
		names = append(names, fmt.Sprintf("sezione-%d/scheda-%d/index.html", i%5, i))
		if i%10 == 0 {
			names = append(names, fmt.Sprintf("sezione-%d/scheda-%d/scadenza.ics", i%5, i))
		}
	}
	write := func(b *testing.B, root string, old map[string]bool) {
		o := newDirOutput(root, old)
		for _, n := range names {
			if err := o.WriteFile(n, page); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("vuota", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			root := b.TempDir()
			b.StartTimer()
			c0 := cputime.Used()
			write(b, root, nil)
			cpu += cputime.Used() - c0
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("riciclata", func(b *testing.B) {
		root := b.TempDir()
		write(b, root, nil)
		old := make(map[string]bool, len(names))
		for _, n := range names {
			old[n] = true
		}
		var cpu time.Duration
		for b.Loop() {
			c0 := cputime.Used()
			write(b, root, old)
			cpu += cputime.Used() - c0
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}
