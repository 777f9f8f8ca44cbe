package pipeline

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/search"
	"cantiericomuni.it/banca/generator/site"
)

// DefaultBundle is where the build writes the search bundle, relative to
// the project root: inside the Netlify function's package, which embeds it
// (go:embed cannot reach outside the package's folder).
const DefaultBundle = "generator/functions/search/bundle"

// bundleReadme is written into every bundle: the folder is committed with
// this file only, so that the function compiles on a fresh clone.
const bundleReadme = `# Search bundle (generated)

Written by ` + "`go run ./generator build`" + `: the description of the site's
search index (meta.json), the layouts, schema and fingerprinted asset names
(assets.json) that the search results page is rendered with, and
archivio.json, which names the archive of the index itself (index/ and
parole.txt), a file of the site (public/_ricerca/indice-<hash>.tar.sz)
that the function fetches at cold start. A build that writes no site
folder keeps index/ and parole.txt here instead. The Netlify function
embeds this folder. Only this README is committed; everything else is
rebuilt on every build.
`

// bundle is a search bundle being built beside its destination, swapped
// in by commit only when the whole build succeeded. Its index is written
// by a search.Writer, the Indexer of a full build (see feed).
type bundle struct {
	// files are the project's files (layouts and schema are copied).
	files    fs.FS
	dst, tmp string
	// assets are the fingerprinted names of static files (nil for none),
	// written as assets.json for the results page.
	assets map[string]string
	// urls are the site's addresses the archive of the index may be
	// fetched from (Config.IndexURLs).
	urls []string
}

// newBundle prepares a bundle to be written beside dst, copying the
// layouts and schema from the project's files.
func newBundle(files fs.FS, dst string, assets map[string]string, urls []string) (*bundle, error) {
	abs, err := filepath.Abs(dst)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	return &bundle{files: files, dst: abs, tmp: abs + ".tmp-" + randomSuffix(), assets: assets, urls: urls}, nil
}

// writer starts the index of s in the new bundle.
func (b *bundle) writer(s *site.Site) (search.Indexer, error) {
	w, err := search.NewWriter(b.tmp, s)
	if err != nil {
		return nil, fmt.Errorf("indice di ricerca: %w", err)
	}
	return w, nil
}

// complete adds to the indexed bundle the layouts and schema the results
// page is rendered with. When the build writes a site folder (out; nil
// otherwise), the index leaves the bundle for an archive in the site
// (pack).
func (b *bundle) complete(out *dirOutput) error {
	err := os.CopyFS(filepath.Join(b.tmp, project.Layouts), folder(b.files, project.Layouts))
	if err == nil {
		err = copyFile(b.files, project.Schema, filepath.Join(b.tmp, project.Schema))
	}
	if err == nil && b.assets != nil {
		err = writeAssets(b.tmp, b.assets)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(b.tmp, "README.md"), []byte(bundleReadme), 0o644)
	}
	if err == nil && out != nil {
		err = b.pack(out)
	}
	if err != nil {
		return fmt.Errorf("indice di ricerca: %w", err)
	}
	return nil
}

// pack moves the index and the vocabulary of the bundle into one archive
// (search.PackIndex) written into the site's staging folder out, as
// _ricerca/indice-<first 16 hex digits of its SHA-256>.tar.sz, and leaves
// in their place the manifest naming it (search.ArchiveFile). The function
// embeds the bundle, which stays small whatever the site's size, and
// fetches the archive at cold start; the name changes with the bytes, so
// the file may be cached for good. Like every file of the site, it appears
// only when the whole build succeeded.
func (b *bundle) pack(out *dirOutput) error {
	f, err := out.createTemp(search.ArchiveDir)
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // when it was not placed
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	unpacked, err := search.PackIndex(b.tmp, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		return err
	}
	st, err := os.Stat(f.Name())
	if err != nil {
		return err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	name := search.ArchiveDir + "/" + search.ArchiveName(sum)
	if err := out.place(f.Name(), name); err != nil {
		return err
	}
	if err := search.RemovePacked(b.tmp); err != nil {
		return err
	}
	return search.WriteArchiveManifest(b.tmp, &search.Archive{Path: "/" + name, Size: st.Size(),
		SHA256: sum, Unpacked: unpacked, URLs: b.urls})
}

// commit replaces the destination with the new bundle.
func (b *bundle) commit() error {
	old := b.dst + ".old-" + randomSuffix()
	moved := false
	if _, err := os.Lstat(b.dst); err == nil {
		if err := os.Rename(b.dst, old); err != nil {
			return fmt.Errorf("impossibile sostituire %s: %w", b.dst, err)
		}
		moved = true
	}
	if err := os.Rename(b.tmp, b.dst); err != nil {
		if moved {
			_ = os.Rename(old, b.dst)
		}
		return fmt.Errorf("impossibile sostituire %s: %w", b.dst, err)
	}
	if moved {
		return os.RemoveAll(old)
	}
	return nil
}

// abort removes the new bundle, leaving the destination as it was.
func (b *bundle) abort() { _ = os.RemoveAll(b.tmp) }

// copyFile copies the file src of fsys to the file dst on disk.
func copyFile(fsys fs.FS, src, dst string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
