package pipeline

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// stageSite writes files as a build does: into the folder recycled from
// out.prev, or a new one, then swapped in as out. It returns the output
// and how many old files were read to compare them.
func stageSite(t *testing.T, out string, files map[string]string) (*dirOutput, int64) {
	t.Helper()
	var reads atomic.Int64
	readSame = func(path string, data []byte) bool { reads.Add(1); return sameContent(path, data) }
	defer func() { readSame = sameContent }()
	st, err := newStaging(out)
	if err != nil {
		t.Fatal(err)
	}
	o := newDirOutput(st.tmp, st.old)
	o.prior = st.prior
	for name, data := range files {
		if err := o.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.commit(o); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(got) != data {
			t.Errorf("%s holds %q (%v), want %q", name, got, err, data)
		}
	}
	return o, reads.Load()
}

// TestSumsSpareReading: a folder recycled with its list of checksums has
// its unchanged files recognised without reading them; a file changed to
// other bytes of the same length is rewritten all the same.
func TestSumsSpareReading(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "casa", "a/index.html": "pagina a", "a/b/index.html": "pagina b"}
	stageSite(t, out, site)           // public
	stageSite(t, out, site)           // public.prev is the first, with its list
	site["a/index.html"] = "pagina A" // same length, other bytes
	o, reads := stageSite(t, out, site)
	if reads != 0 {
		t.Errorf("%d files read to compare them, want 0: the list says what they hold", reads)
	}
	if n := o.unchanged.Load(); n != 2 {
		t.Errorf("%d files left alone, want 2", n)
	}
}

// TestSumsDistrusted: an old file is read, as without a list, when the list
// is missing, another folder's, unreadable, or older than the file (an
// edit by hand, even to bytes of the same length).
func TestSumsDistrusted(t *testing.T) {
	site := map[string]string{"index.html": "casa", "a/index.html": "pagina a"}
	for _, c := range []struct {
		name  string
		spoil func(t *testing.T, out string)
		reads int64
	}{
		{"no list", func(t *testing.T, out string) { os.Remove(sumsPath(out + ".prev")) }, 2},
		{"another folder's list", func(t *testing.T, out string) {
			data, err := os.ReadFile(sumsPath(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sumsPath(out+".prev"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"a line that does not read", func(t *testing.T, out string) {
			f, err := os.OpenFile(sumsPath(out+".prev"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("x y\n")
			f.Close()
		}, 2},
		{"a file edited after the list", func(t *testing.T, out string) {
			p := filepath.Join(out+".prev", "index.html")
			if err := os.WriteFile(p, []byte("CASA"), 0o644); err != nil {
				t.Fatal(err)
			}
			later := time.Now().Add(time.Minute)
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
		}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			stageSite(t, out, site)
			stageSite(t, out, site)
			c.spoil(t, out)
			// stageSite checks that every file ends up with its bytes.
			if _, reads := stageSite(t, out, site); reads != c.reads {
				t.Errorf("%d files read to compare them, want %d", reads, c.reads)
			}
		})
	}
}
