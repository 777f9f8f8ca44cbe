package pipeline

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"cantiericomuni.it/banca/generator/render"
)

// dirOutput writes files under a root folder, refusing any name that would
// land outside it. It remembers what it wrote, so that files left from an
// earlier site can be swept afterwards. It is safe for concurrent use.
type dirOutput struct {
	root string
	// old holds the regular files already in root (a recycled site); a
	// file whose bytes have not changed is left alone, not rewritten.
	old     map[string]bool
	mu      sync.Mutex
	dirs    map[string]bool
	written map[string]bool
	files   atomic.Int64
	bytes   atomic.Int64
	// unchanged counts the files left alone.
	unchanged atomic.Int64
	// prior is the list of checksums of the recycled folder, nil when
	// it has none; listed is that of what this build wrote or kept, for
	// the next one (sums.go).
	prior  *sums
	listed map[string]fileSum
}

func newDirOutput(root string, old map[string]bool) *dirOutput {
	return &dirOutput{root: root, old: old, dirs: map[string]bool{}, written: map[string]bool{}, listed: map[string]fileSum{}}
}

// WriteFile writes data at the slash-separated name below the root,
// replacing whatever the recycled folder had there.
func (o *dirOutput) WriteFile(name string, data []byte) error {
	clean, err := safeName(name)
	if err != nil {
		return err
	}
	full := filepath.Join(o.root, filepath.FromSlash(clean))
	cs := fileSum{size: int64(len(data)), sum: checksum(data)}
	if o.old[clean] && o.same(clean, full, cs, data) {
		// Reading a cached file costs far less than rewriting it, and
		// unchanged files keep their modification time; the list of
		// checksums spares most of the reading.
		o.mu.Lock()
		o.written[clean] = true
		o.listed[clean] = cs
		o.mu.Unlock()
		o.files.Add(1)
		o.bytes.Add(int64(len(data)))
		o.unchanged.Add(1)
		return nil
	}
	// A file the recycled folder had lies in a folder that exists.
	if !o.old[clean] {
		if err := o.mkdir(filepath.Dir(full)); err != nil {
			return err
		}
	}
	err = os.WriteFile(full, data, 0o644)
	if err != nil && errors.Is(err, syscall.EISDIR) {
		// An old site had a folder where this site has a file.
		if err = os.RemoveAll(full); err == nil {
			err = os.WriteFile(full, data, 0o644)
		}
	}
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.written[clean] = true
	o.listed[clean] = cs
	o.mu.Unlock()
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// same reports whether the recycled file full, at the clean name, holds
// data, whose size and checksum are cs: by the recycled folder's list of
// checksums when it can tell, else by reading the file.
func (o *dirOutput) same(clean, full string, cs fileSum, data []byte) bool {
	if same, known := o.prior.compare(clean, full, cs.size, cs.sum); known {
		return same
	}
	return readSame(full, data)
}

// createTemp creates a temporary file in the folder dir below the root,
// for a file too large to hold in memory: written in pieces, then named
// by place. A temporary file left behind is swept like any file the
// build did not write.
func (o *dirOutput) createTemp(dir string) (*os.File, error) {
	clean, err := safeName(dir)
	if err != nil {
		return nil, err
	}
	full := filepath.Join(o.root, filepath.FromSlash(clean))
	if err := o.mkdir(full); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(full, ".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil { // as every file of the site, not CreateTemp's 0600
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// place gives the file tmp, made by createTemp, the slash-separated name
// below the root. A recycled file of that name and length is kept
// instead: place is for names that change with the bytes.
func (o *dirOutput) place(tmp, name string) error {
	clean, err := safeName(name)
	if err != nil {
		return err
	}
	full := filepath.Join(o.root, filepath.FromSlash(clean))
	st, err := os.Stat(tmp)
	if err != nil {
		return err
	}
	if old, err := os.Lstat(full); err == nil && o.old[clean] && old.Mode().IsRegular() && old.Size() == st.Size() {
		o.unchanged.Add(1)
	} else {
		if err := o.mkdir(filepath.Dir(full)); err != nil {
			return err
		}
		if err := os.Rename(tmp, full); err != nil {
			return err
		}
	}
	o.mu.Lock()
	o.written[clean] = true
	o.mu.Unlock()
	o.files.Add(1)
	o.bytes.Add(st.Size())
	return nil
}

// readSame is sameContent; tests count its calls.
var readSame = sameContent

// sameContent reports whether the file at path holds exactly data.
func sameContent(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1]
	n, _ := io.ReadFull(f, buf)
	return n == len(data) && bytes.Equal(buf[:n], data)
}

// readBufs are the buffers sameContent reads old files into, one per
// worker at a time: most files of a site weigh a few kilobytes.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// mkdir creates dir and its parents once, removing files that an old site
// had where this one needs folders. A folder whose parent is known to
// exist costs one mkdir call, where os.MkdirAll would first stat it and
// its parent: three system calls for each of the site's thousands of
// folders.
func (o *dirOutput) mkdir(dir string) error {
	o.mu.Lock()
	known := o.dirs[dir]
	o.mu.Unlock()
	if known || len(dir) <= len(o.root) {
		return nil // the root exists: the staging folder
	}
	if err := o.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrExist) {
		// A folder of the recycled site, or made by another worker;
		// or a file of the old site in the way: remove it and retry.
		if st, e := os.Lstat(dir); e == nil && st.IsDir() {
			err = nil
		} else if e == nil {
			if err = os.Remove(dir); err == nil {
				err = os.Mkdir(dir, 0o755)
			}
		}
	}
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.dirs[dir] = true
	o.mu.Unlock()
	return nil
}

// keep writes data under name, sharing the bytes when out is a Keeper.
func keep(out render.Output, name string, data []byte) error {
	if k, ok := out.(render.Keeper); ok {
		return k.Keep(name, data)
	}
	return out.WriteFile(name, data)
}

// safeName checks that an output name stays inside the output folder.
func safeName(name string) (string, error) {
	if name == "" || strings.ContainsRune(name, 0) || strings.Contains(name, "\\") {
		return "", fmt.Errorf("nome di file non valido nel sito: %q", name)
	}
	clean := path.Clean("/" + name)[1:]
	if clean == "" || clean != strings.TrimPrefix(name, "/") || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("il file %q uscirebbe dalla cartella del sito", name)
	}
	return clean, nil
}

// discard counts what would be written (for check).
type discard struct{ files atomic.Int64 }

func (d *discard) WriteFile(name string, data []byte) error {
	if _, err := safeName(name); err != nil {
		return err
	}
	d.files.Add(1)
	return nil
}

// staging is where a build writes before its result replaces out.
//
// Creating tens of thousands of files and folders, and deleting as many,
// is what costs most on real disks; overwriting existing files is several
// times cheaper. So the site before the current one is kept beside out as
// out.prev and recycled: the build renames it to a staging folder, rewrites
// every file in place, sweeps what the new site no longer has, and then
// swaps: out becomes out.prev, staging becomes out. A failed build leaves
// out untouched and puts the staging folder back as out.prev.
type staging struct {
	out, prev, tmp string
	// old holds the regular files the recycled folder held before writing.
	old map[string]bool
	// prior is the recycled folder's list of checksums, nil when none.
	prior *sums
}

func newStaging(out string) (*staging, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	s := &staging{out: abs, prev: abs + ".prev", tmp: abs + ".tmp-" + randomSuffix(), old: map[string]bool{}}
	if st, err := os.Lstat(s.prev); err == nil && st.IsDir() {
		// The list is read before the folder changes, and dropped.
		prior := readSums(s.prev)
		removeSums(s.prev)
		if os.Rename(s.prev, s.tmp) == nil {
			if err := s.scan(); err == nil {
				s.prior = prior
				return s, nil
			}
			s.old = map[string]bool{}
			_ = os.RemoveAll(s.tmp)
		}
	}
	if err := os.Mkdir(s.tmp, 0o755); err != nil {
		return nil, err
	}
	return s, nil
}

// scan lists the files of the recycled folder and removes anything that is
// neither a regular file nor a folder (a symbolic link must never be
// written through).
func (s *staging) scan() error {
	return filepath.WalkDir(s.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
		case d.Type().IsRegular():
			rel, _ := filepath.Rel(s.tmp, p)
			s.old[filepath.ToSlash(rel)] = true
		default:
			return os.Remove(p)
		}
		return nil
	})
}

// sweep removes the files of the recycled folder that this build did not
// write, and the folders left empty.
func (s *staging) sweep(o *dirOutput) error {
	dirs := map[string]bool{}
	for f := range s.old {
		if o.written[f] {
			continue
		}
		if err := os.Remove(filepath.Join(s.tmp, filepath.FromSlash(f))); err != nil && !os.IsNotExist(err) {
			return err
		}
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) }) // deepest first
	for _, d := range list {
		_ = os.Remove(filepath.Join(s.tmp, filepath.FromSlash(d))) // fails, as it should, when not empty
	}
	return nil
}

// commit makes the staged folder the output and keeps the old output as
// out.prev for the next build.
func (s *staging) commit(o *dirOutput) error {
	if err := s.sweep(o); err != nil {
		return err
	}
	_ = os.RemoveAll(s.prev) // only left by an interrupted build
	removeSums(s.prev)
	moved := false
	if _, err := os.Lstat(s.out); err == nil {
		if err := os.Rename(s.out, s.prev); err != nil {
			return fmt.Errorf("impossibile sostituire %s: %w", s.out, err)
		}
		moveSums(s.out, s.prev)
		moved = true
	}
	removeSums(s.out)
	if err := os.Rename(s.tmp, s.out); err != nil {
		if moved {
			_ = os.Rename(s.prev, s.out)
			moveSums(s.prev, s.out)
		}
		return fmt.Errorf("impossibile sostituire %s: %w", s.out, err)
	}
	// Without its list the folder is only read again when recycled.
	if err := writeSums(s.out, o.listed); err != nil {
		removeSums(s.out)
	}
	return nil
}

// abort leaves out as it was; the staged folder goes back to being the
// folder the next build recycles.
func (s *staging) abort() {
	if _, err := os.Lstat(s.prev); err == nil || os.Rename(s.tmp, s.prev) != nil {
		_ = os.RemoveAll(s.tmp)
	}
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
