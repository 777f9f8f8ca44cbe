package search

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang/snappy"
)

// The heavy part of a search bundle, the bleve index and the vocabulary,
// can travel apart from the rest: packed into one archive, a static file
// of the site whose name carries a hash of its bytes, which the search
// function fetches at cold start (functions/search). The bundle then keeps
// what is small (meta.json, layouts, schema, assets.json) and a manifest,
// ArchiveFile, naming the archive, its size and its SHA-256.

// Compression: snappy's framing format (with a CRC of every chunk), which
// bleve's segments already use for their stored fields. Measured on the
// index of 10,000 pages (28 MB), against gzip of the standard library:
// snappy keeps 74% of the bytes and decodes them in 23 ms; gzip keeps 57%
// (level 1) or 51.5% (level 6) and takes 260–280 ms to decode, on a
// function whose CPU is a fraction of a core (Lambda gives 1,024 MB of
// memory about 0.6 of one). The cold start pays the decoding on every
// start; the download, a quarter larger, runs beside it.

// ArchiveFile is the manifest of a bundle whose index travels in an
// archive (see Archive).
const ArchiveFile = "archivio.json"

// ArchiveDir is the folder of the site, below its root, that holds the
// archive: a reserved address, not a page.
const ArchiveDir = "_ricerca"

// Archive describes the archive of a bundle's index, as its manifest
// (ArchiveFile) records it.
type Archive struct {
	// Path is the archive's address in the site
	// ("/_ricerca/indice-0123456789abcdef.tar.sz").
	Path string `json:"path"`
	// Size is its length in bytes, SHA256 the hex digest of its bytes.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Unpacked is the length of the files it holds: unpacking writes no
	// more.
	Unpacked int64 `json:"unpacked"`
	// URLs are the addresses the build knew the site by, in order of
	// preference (the deploy's own first): the archive is fetched from
	// the first that serves it. Empty when the build knew none.
	URLs []string `json:"urls,omitempty"`
}

// packed are the entries of a bundle that its archive holds.
var packed = []string{VocabularyFile, IndexDir}

// maxEntries bounds the entries of an archive (a bleve index has a few).
const maxEntries = 10000

// PackIndex writes the archive of the bundle in dir (its index and
// vocabulary) to w: a tar stream, compressed with snappy. The same files
// give the same bytes (names in order, no times, owners or modes of the
// machine). It returns the length of the files packed.
func PackIndex(dir string, w io.Writer) (unpacked int64, err error) {
	zw := snappy.NewBufferedWriter(w)
	tw := tar.NewWriter(zw)
	for _, top := range packed {
		err = walkSorted(filepath.Join(dir, top), top, func(name string, info fs.FileInfo, file string) error {
			h := &tar.Header{Name: name, ModTime: time.Unix(0, 0)}
			if info.IsDir() {
				h.Typeflag, h.Name, h.Mode = tar.TypeDir, name+"/", 0o755
				return tw.WriteHeader(h)
			}
			if !info.Mode().IsRegular() {
				return fmt.Errorf("%s: non è un file", file)
			}
			h.Typeflag, h.Mode, h.Size = tar.TypeReg, 0o644, info.Size()
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			f, err := os.Open(file)
			if err != nil {
				return err
			}
			defer f.Close()
			n, err := io.Copy(tw, f)
			unpacked += n
			return err
		})
		if errors.Is(err, fs.ErrNotExist) && top == VocabularyFile {
			err = nil // an index written before the vocabulary existed
		}
		if err != nil {
			return 0, err
		}
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	return unpacked, zw.Close()
}

// walkSorted calls fn for file (named name in the archive) and, for a
// folder, everything below it, in the order of their names.
func walkSorted(file, name string, fn func(name string, info fs.FileInfo, file string) error) error {
	info, err := os.Lstat(file)
	if err != nil {
		return err
	}
	if err := fn(name, info, file); err != nil || !info.IsDir() {
		return err
	}
	entries, err := os.ReadDir(file)
	if err != nil {
		return err
	}
	for _, e := range entries { // ReadDir sorts by name
		if err := walkSorted(filepath.Join(file, e.Name()), name+"/"+e.Name(), fn); err != nil {
			return err
		}
	}
	return nil
}

// RemovePacked removes from the bundle in dir what its archive holds.
func RemovePacked(dir string) error {
	for _, top := range packed {
		if err := os.RemoveAll(filepath.Join(dir, top)); err != nil {
			return err
		}
	}
	return nil
}

// ArchiveName is the name of the archive whose bytes have the SHA-256
// digest sum (hex): "indice-" and its first 16 hex digits, ".tar.sz".
func ArchiveName(sum string) string {
	return "indice-" + sum[:16] + ".tar.sz"
}

// WriteArchiveManifest writes a's manifest into the bundle in dir.
func WriteArchiveManifest(dir string, a *Archive) error {
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ArchiveFile), append(data, '\n'), 0o644)
}

// ReadArchiveManifest reads the manifest of the bundle fsys; it returns
// nil and no error when the bundle has none (its index is inside it).
func ReadArchiveManifest(fsys fs.FS) (*Archive, error) {
	data, err := fs.ReadFile(fsys, ArchiveFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var a Archive
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("%s: %w", ArchiveFile, err)
	}
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", ArchiveFile, err)
	}
	return &a, nil
}

// check refuses a manifest that does not describe an archive of ours.
func (a *Archive) check() error {
	name, ok := strings.CutPrefix(a.Path, "/"+ArchiveDir+"/")
	_, err := hex.DecodeString(a.SHA256)
	switch {
	case !ok || len(a.SHA256) != sha256.Size*2 || err != nil || name != ArchiveName(a.SHA256):
		return fmt.Errorf("archivio %q con impronta %q non valido", a.Path, a.SHA256)
	case a.Size <= 0 || a.Unpacked <= 0:
		return fmt.Errorf("archivio %s: dimensioni %d e %d non valide", a.Path, a.Size, a.Unpacked)
	}
	return nil
}

// UnpackArchive reads the archive a describes from r and unpacks it into
// dir, an empty folder: the index and the vocabulary of the bundle. The
// files are written as they arrive, and the folder may be used only when
// it returns nil: every byte read, exactly a.Size of them, with a.SHA256
// as digest. On error the caller removes what it wrote. It refuses what
// an archive of ours never holds: names outside the index and the
// vocabulary, absolute or with "..", links and devices, two entries of
// one name, more than a.Unpacked bytes of files, or a.Size bytes of
// archive; it reads at most a.Size+1 bytes from r.
func UnpackArchive(r io.Reader, a *Archive, dir string) error {
	h := sha256.New()
	counted := &countingReader{r: io.LimitReader(r, a.Size+1)}
	src := io.TeeReader(counted, h)
	if err := unpack(src, dir, a.Unpacked); err != nil {
		return err
	}
	// The tar stream ends before its padding, and what follows the
	// last entry must be hashed too.
	if _, err := io.Copy(io.Discard, src); err != nil {
		return err
	}
	if counted.n != a.Size {
		return fmt.Errorf("archivio %s: %d byte invece di %d", a.Path, counted.n, a.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.SHA256 {
		return fmt.Errorf("archivio %s: impronta SHA-256 %s invece di %s", a.Path, got, a.SHA256)
	}
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// unpack extracts the snappy-compressed tar stream r into dir, writing at
// most limit bytes of files (see UnpackArchive).
func unpack(r io.Reader, dir string, limit int64) error {
	tr := tar.NewReader(snappy.NewReader(r))
	var total int64
	seen := map[string]bool{}
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("archivio dell'indice: %w", err)
		}
		name := strings.TrimSuffix(h.Name, "/")
		switch {
		case n >= maxEntries:
			return fmt.Errorf("archivio dell'indice: più di %d voci", maxEntries)
		case !packedName(name):
			return fmt.Errorf("archivio dell'indice: nome %q non ammesso", h.Name)
		case seen[name]:
			return fmt.Errorf("archivio dell'indice: %q compare due volte", h.Name)
		}
		seen[name] = true
		dst := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.Mkdir(dst, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		case tar.TypeReg:
			if h.Size < 0 || h.Size > limit-total {
				return fmt.Errorf("archivio dell'indice: %q supera i %d byte dichiarati", h.Name, limit)
			}
			total += h.Size
			if err := writeEntry(tr, dst, h.Size); err != nil {
				return err
			}
		default:
			return fmt.Errorf("archivio dell'indice: %q non è un file né una cartella (tipo %q)", h.Name, h.Typeflag)
		}
	}
}

// packedName reports whether name, from an archive, is one PackIndex
// writes: the vocabulary, the index folder or a path below it, clean and
// relative.
func packedName(name string) bool {
	if !fs.ValidPath(name) || strings.Contains(name, `\`) || name != path.Clean(name) {
		return false
	}
	return name == VocabularyFile || name == IndexDir || strings.HasPrefix(name, IndexDir+"/")
}

// writeEntry writes the next size bytes of r into a new file dst; its
// folder must exist already (the archive lists folders before their
// files), and nothing may be there yet.
func writeEntry(r io.Reader, dst string, size int64) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("archivio dell'indice: %w", err)
	}
	if _, err := io.CopyN(f, r, size); err != nil {
		f.Close()
		return fmt.Errorf("archivio dell'indice: %w", err)
	}
	return f.Close()
}

// OpenBundle opens the index of the bundle in dir, written by a build of
// the site into site (the output folder): inside the bundle, or, when its
// index travels apart, from the archive its manifest names in site,
// verified and unpacked into a temporary folder that Close removes.
func OpenBundle(dir, site string) (*Index, error) {
	a, err := ReadArchiveManifest(os.DirFS(dir))
	if err != nil || a == nil {
		if err != nil {
			return nil, fmt.Errorf("indice di ricerca: %w", err)
		}
		return Open(dir)
	}
	tmp, err := os.MkdirTemp("", "banca-indice-")
	if err != nil {
		return nil, err
	}
	ix, err := openArchived(dir, site, a, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	ix.tmp = tmp
	return ix, nil
}

// openArchived unpacks the archive a from site into tmp beside the
// bundle's meta.json, and opens it.
func openArchived(dir, site string, a *Archive, tmp string) (*Index, error) {
	f, err := os.Open(filepath.Join(site, filepath.FromSlash(a.Path)))
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	defer f.Close()
	if err := UnpackArchive(f, a, tmp); err != nil {
		return nil, err
	}
	meta, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "meta.json"), meta, 0o644); err != nil {
		return nil, err
	}
	return Open(tmp)
}
