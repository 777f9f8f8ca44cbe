// Package project is the generator's one view of its inputs: the files of
// a project (schema.yaml, layouts/, static/, content/, and the editing
// UI's files under node_modules/) as a single fs.FS rooted at the
// project, whether they lie in folders on disk or, in tests, in memory.
package project

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// The paths of the inputs inside a project's file system.
const (
	// Schema is the content model.
	Schema = "schema.yaml"
	// Layouts holds the html/template layouts.
	Layouts = "layouts"
	// Static holds the files published as they are.
	Static = "static"
	// Content holds the Markdown and its attachments.
	Content = "content"
)

// Dir returns the files of the project in the folder root, with its
// content in the folder contentDir: when that is not root/content (the
// command line's --content), contentDir is seen as content/ and the
// project's own content/ is hidden. root "" is the working folder;
// contentDir "" is root/content.
func Dir(root, contentDir string) fs.FS {
	if root == "" {
		root = "."
	}
	base := os.DirFS(root)
	own := filepath.Join(root, Content)
	if contentDir == "" || filepath.Clean(contentDir) == own {
		return base
	}
	if a, err := filepath.Abs(contentDir); err == nil {
		if b, err := filepath.Abs(own); err == nil && a == b {
			return base
		}
	}
	return Mount(base, Content, os.DirFS(contentDir))
}

// Mount returns fsys with the folder dir (a single name, such as
// "content") replaced by sub: what fsys holds there is hidden.
func Mount(fsys fs.FS, dir string, sub fs.FS) fs.FS {
	return &mounted{base: fsys, dir: dir, sub: sub}
}

// mounted is the file system Mount returns. Besides Open it passes on
// ReadFile, ReadDir and Stat, so that the folders on disk are read as
// fast as os.DirFS reads them, and Sub of the mounted folder is sub
// itself.
type mounted struct {
	base fs.FS
	dir  string
	sub  fs.FS
}

var (
	_ fs.ReadFileFS = (*mounted)(nil)
	_ fs.ReadDirFS  = (*mounted)(nil)
	_ fs.StatFS     = (*mounted)(nil)
	_ fs.SubFS      = (*mounted)(nil)
)

// route returns the file system that holds name and the name there.
func (m *mounted) route(name string) (fs.FS, string) {
	switch {
	case name == m.dir:
		return m.sub, "."
	case strings.HasPrefix(name, m.dir+"/"):
		return m.sub, name[len(m.dir)+1:]
	}
	return m.base, name
}

// check refuses names that fs.ValidPath refuses, as every fs.FS must.
func check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

// rename puts back the full name into the errors of the mounted folder.
func (m *mounted) rename(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return err
}

// Open opens name.
func (m *mounted) Open(name string) (fs.File, error) {
	if err := check("open", name); err != nil {
		return nil, err
	}
	if name == "." {
		f, err := m.base.Open(name)
		if err != nil {
			return nil, err
		}
		return &rootDir{File: f, m: m}, nil
	}
	fsys, rel := m.route(name)
	f, err := fsys.Open(rel)
	if err != nil {
		return nil, m.rename(name, err)
	}
	if rel == "." {
		return &mountPoint{File: f, name: name}, nil
	}
	return f, nil
}

// ReadFile reads the file name.
func (m *mounted) ReadFile(name string) ([]byte, error) {
	if err := check("readfile", name); err != nil {
		return nil, err
	}
	fsys, rel := m.route(name)
	data, err := fs.ReadFile(fsys, rel)
	return data, m.rename(name, err)
}

// ReadDir lists the folder name; the root lists the mounted folder too.
func (m *mounted) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := check("readdir", name); err != nil {
		return nil, err
	}
	if name == "." {
		entries, err := fs.ReadDir(m.base, ".")
		if err != nil {
			return nil, err
		}
		return m.withMount(entries)
	}
	fsys, rel := m.route(name)
	entries, err := fs.ReadDir(fsys, rel)
	return entries, m.rename(name, err)
}

// withMount returns the root's entries with the mounted folder in place
// of the base's own, sorted by name.
func (m *mounted) withMount(entries []fs.DirEntry) ([]fs.DirEntry, error) {
	out := slices.DeleteFunc(slices.Clone(entries), func(e fs.DirEntry) bool { return e.Name() == m.dir })
	info, err := fs.Stat(m.sub, ".")
	if err == nil {
		out = append(out, fs.FileInfoToDirEntry(renamed{info, m.dir}))
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// Stat describes the file name.
func (m *mounted) Stat(name string) (fs.FileInfo, error) {
	if err := check("stat", name); err != nil {
		return nil, err
	}
	fsys, rel := m.route(name)
	info, err := fs.Stat(fsys, rel)
	if err != nil {
		return nil, m.rename(name, err)
	}
	if rel == "." && name != "." {
		return renamed{info, path.Base(name)}, nil
	}
	return info, nil
}

// Sub returns the file system of the folder dir.
func (m *mounted) Sub(dir string) (fs.FS, error) {
	if err := check("sub", dir); err != nil {
		return nil, err
	}
	if dir == "." {
		return m, nil
	}
	fsys, rel := m.route(dir)
	if rel == "." {
		return fsys, nil
	}
	return fs.Sub(fsys, rel)
}

// rootDir is the root folder of a mounted file system, opened: it lists
// the mounted folder too.
type rootDir struct {
	fs.File
	m    *mounted
	list []fs.DirEntry
	read bool
}

// ReadDir lists the root as fs.ReadDirFile says.
func (d *rootDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.m.ReadDir(".")
		if err != nil {
			return nil, err
		}
		d.list, d.read = entries, true
	}
	if n <= 0 {
		out := d.list
		d.list = nil
		return out, nil
	}
	if len(d.list) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(d.list))
	out := d.list[:k]
	d.list = d.list[k:]
	return out, nil
}

// mountPoint is the mounted folder, opened: its Stat names it as the
// base names it.
type mountPoint struct {
	fs.File
	name string
}

// Stat describes the folder under its name in the base.
func (d *mountPoint) Stat() (fs.FileInfo, error) {
	info, err := d.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{info, path.Base(d.name)}, nil
}

// ReadDir lists the folder as fs.ReadDirFile says.
func (d *mountPoint) ReadDir(n int) ([]fs.DirEntry, error) {
	dir, ok := d.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: errors.New("not a directory")}
	}
	return dir.ReadDir(n)
}

// renamed is a FileInfo under another name (the mount point's).
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }
