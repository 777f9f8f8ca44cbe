package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestMount: the mounted folder replaces the base's own, everywhere a
// reader may look (fstest.TestFS walks every name through every method).
func TestMount(t *testing.T) {
	base := fstest.MapFS{
		"schema.yaml":           {Data: []byte("sezioni")},
		"layouts/base.html":     {Data: []byte("<html>")},
		"content/pratiche/a.md": {Data: []byte("nascosta")},
	}
	sub := fstest.MapFS{"pratiche/b.md": {Data: []byte("montata")}}
	m := Mount(base, Content, sub)
	if err := fstest.TestFS(m, "schema.yaml", "layouts/base.html", "content/pratiche/b.md"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, want string
		missing    bool
	}{
		{"schema.yaml", "sezioni", false},
		{"content/pratiche/b.md", "montata", false},
		{"content/pratiche/a.md", "", true},
	} {
		data, err := fs.ReadFile(m, c.name)
		if c.missing {
			if err == nil {
				t.Errorf("%s: read %q, want it hidden", c.name, data)
			}
			continue
		}
		if err != nil || string(data) != c.want {
			t.Errorf("%s: %q %v, want %q", c.name, data, err, c.want)
		}
	}
	if s, err := fs.Sub(m, Content); err != nil || s.(fstest.MapFS) == nil {
		t.Errorf("Sub(content) is not the mounted folder: %T %v", s, err)
	}
	if _, err := fs.ReadFile(m, "content/../schema.yaml"); err == nil {
		t.Error("an invalid name was accepted")
	}
}

// TestDir: --content elsewhere is seen as content/; the project's own
// content folder, however it is written, is the project's folder.
func TestDir(t *testing.T) {
	root, other := t.TempDir(), t.TempDir()
	for name, dir := range map[string]string{"a.md": filepath.Join(root, "content"), "b.md": other} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		content, want string
	}{
		{"", "content/a.md"},
		{filepath.Join(root, "content"), "content/a.md"},
		{filepath.Join(root, ".", "content") + "/", "content/a.md"},
		{other, "content/b.md"},
	} {
		fsys := Dir(root, c.content)
		if _, err := fs.Stat(fsys, c.want); err != nil {
			t.Errorf("Dir(root, %q): %v", c.content, err)
		}
		if _, ok := fsys.(*mounted); ok != (c.content == other) {
			t.Errorf("Dir(root, %q) is %T", c.content, fsys)
		}
	}
}
