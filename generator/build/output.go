package build

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// dirOutput writes files under a root folder, refusing any name that would
// land outside it. It is safe for concurrent use.
type dirOutput struct {
	root  string
	mu    sync.Mutex
	dirs  map[string]bool
	files atomic.Int64
	bytes atomic.Int64
}

func newDirOutput(root string) *dirOutput { return &dirOutput{root: root, dirs: map[string]bool{}} }

// WriteFile writes data at the slash-separated name below the root.
func (o *dirOutput) WriteFile(name string, data []byte) error {
	clean, err := safeName(name)
	if err != nil {
		return err
	}
	full := filepath.Join(o.root, filepath.FromSlash(clean))
	dir := filepath.Dir(full)
	o.mu.Lock()
	known := o.dirs[dir]
	o.mu.Unlock()
	if !known {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		o.mu.Lock()
		o.dirs[dir] = true
		o.mu.Unlock()
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
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

// staging is a sibling folder of out where the build writes; commit swaps
// it in place of out, so that a failed build never leaves out half-written.
type staging struct {
	out, tmp string
}

func newStaging(out string) (*staging, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	tmp := abs + ".tmp-" + randomSuffix()
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, err
	}
	return &staging{out: abs, tmp: tmp}, nil
}

// commit replaces out with the staged folder.
func (s *staging) commit() error {
	old := ""
	if _, err := os.Lstat(s.out); err == nil {
		old = s.out + ".old-" + randomSuffix()
		if err := os.Rename(s.out, old); err != nil {
			return fmt.Errorf("impossibile sostituire %s: %w", s.out, err)
		}
	}
	if err := os.Rename(s.tmp, s.out); err != nil {
		if old != "" {
			_ = os.Rename(old, s.out)
		}
		return fmt.Errorf("impossibile sostituire %s: %w", s.out, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// abort removes the staged folder, leaving out as it was.
func (s *staging) abort() { _ = os.RemoveAll(s.tmp) }

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
