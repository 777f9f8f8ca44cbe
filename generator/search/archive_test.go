package search

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/golang/snappy"
)

// fakeBundle writes a bundle's packed parts into a new folder: the
// vocabulary and an index folder with a file of size n, of bytes that do
// not compress to nothing.
func fakeBundle(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	big := make([]byte, n)
	for i := range big {
		big[i] = byte(i*7 + i/13)
	}
	files := map[string][]byte{
		VocabularyFile:                   []byte("arte\tart\nsport\tsport\n"),
		"index/index_meta.json":          []byte(`{"storage":"scorch","index_type":"scorch"}`),
		"index/store/000000000002.zap":   big,
		"index/store/root.bolt":          make([]byte, 4096),
		"meta.json":                      []byte("{}"), // stays in the bundle
		"layouts/search.html":            []byte("<p>"),
		"index/store/empty-segment.json": nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// pack packs the bundle in dir and returns the archive and its manifest.
func pack(t *testing.T, dir string) ([]byte, *Archive) {
	t.Helper()
	var buf bytes.Buffer
	unpacked, err := PackIndex(dir, &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), manifestOf(buf.Bytes(), unpacked)
}

// manifestOf describes the archive data.
func manifestOf(data []byte, unpacked int64) *Archive {
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	return &Archive{Path: "/" + ArchiveDir + "/" + ArchiveName(hexSum), Size: int64(len(data)), SHA256: hexSum, Unpacked: unpacked}
}

// tree lists the files below dir with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[filepath.ToSlash(rel)+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPackRoundTrip: what PackIndex packs, UnpackArchive gives back, and
// only the index and the vocabulary; the same files give the same bytes.
func TestPackRoundTrip(t *testing.T) {
	const big = 3<<20 + 12345
	dir := fakeBundle(t, big)
	data, a := pack(t, dir)
	again, _ := pack(t, dir)
	if !bytes.Equal(data, again) {
		t.Error("two packs of the same files differ")
	}
	out := t.TempDir()
	if err := UnpackArchive(bytes.NewReader(data), a, out); err != nil {
		t.Fatal(err)
	}
	want := tree(t, dir)
	delete(want, "meta.json")
	delete(want, "layouts/")
	delete(want, "layouts/search.html")
	if got := tree(t, out); !maps.Equal(got, want) {
		t.Errorf("unpacked %v, want %v", keys(got), keys(want))
	}
	if a.Unpacked != int64(big+4096+len(want[VocabularyFile])+len(want["index/index_meta.json"])) {
		t.Errorf("unpacked size %d", a.Unpacked)
	}
	if a.Size >= a.Unpacked {
		t.Errorf("%d bytes packed into %d", a.Unpacked, a.Size)
	}
	if err := RemovePacked(dir); err != nil {
		t.Fatal(err)
	}
	if got := keys(tree(t, dir)); !slices.Equal(got, []string{"layouts/", "layouts/search.html", "meta.json"}) {
		t.Errorf("left in the bundle: %v", got)
	}
}

// entry is one entry of a hand-made archive.
type entry struct {
	name     string
	typ      byte
	body     string
	size     int64 // when not len(body)
	linkname string
}

// craft makes an archive of entries, as an attacker could.
func craft(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := snappy.NewBufferedWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: 0o644, Size: int64(len(e.body)), Linkname: e.linkname}
		if e.typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		if e.typ == tar.TypeReg {
			io.WriteString(tw, e.body)
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// TestUnpackRefusesHostileArchives: an archive that is not what PackIndex
// writes is refused, with a hash that matches (the archive was replaced on
// the host and the manifest with it) or not, and nothing is written
// outside the folder.
func TestUnpackRefusesHostileArchives(t *testing.T) {
	dir := fakeBundle(t, 1000)
	good, goodManifest := pack(t, dir)
	reg := func(name, body string) entry { return entry{name: name, typ: tar.TypeReg, body: body} }
	index := entry{name: "index/", typ: tar.TypeDir}
	cases := []struct {
		name string
		// data and manifest: a crafted archive described by its own
		// manifest, unless manifest changes it.
		data     []byte
		manifest func(a *Archive)
		want     string
	}{
		{"parent folder", craft(t, index, reg("index/../../evil", "x")), nil, "non ammesso"},
		{"parent at the start", craft(t, reg("../evil", "x")), nil, "non ammesso"},
		{"absolute name", craft(t, reg("/tmp/evil", "x")), nil, "non ammesso"},
		{"dot segment", craft(t, index, reg("index/./a", "x")), nil, "non ammesso"},
		{"double slash", craft(t, index, reg("index//a", "x")), nil, "non ammesso"},
		{"backslash", craft(t, index, reg(`index\..\..\evil`, "x")), nil, "non ammesso"},
		{"a name the bundle keeps", craft(t, reg("meta.json", "{}")), nil, "non ammesso"},
		{"another name", craft(t, reg("evil.sh", "x")), nil, "non ammesso"},
		{"symbolic link", craft(t, index, entry{name: "index/link", typ: tar.TypeSymlink, linkname: "/etc/passwd"}), nil, "non è un file"},
		{"hard link", craft(t, index, entry{name: "index/link", typ: tar.TypeLink, linkname: "/etc/passwd"}), nil, "non è un file"},
		{"device", craft(t, index, entry{name: "index/dev", typ: tar.TypeChar}), nil, "non è un file"},
		{"fifo", craft(t, index, entry{name: "index/fifo", typ: tar.TypeFifo}), nil, "non è un file"},
		{"twice the same file", craft(t, index, reg("index/a", "x"), reg("index/a", "y")), nil, "due volte"},
		{"file before its folder", craft(t, reg("index/store/a", "x")), nil, "no such file"},
		{"files larger than declared", craft(t, index, reg("index/a", strings.Repeat("x", 2000))),
			func(a *Archive) { a.Unpacked = 1000 }, "supera"},
		{"not snappy", []byte("PK\x03\x04 a zip file"), nil, "snappy"},
		{"gzip", gzipped(t, good), nil, "snappy"},
		{"truncated", good[:len(good)/2], nil, "snappy"},
		{"a chunk changed, hash and all", flip(good, len(good)/2), nil, "snappy: corrupt input"},
		{"wrong hash", good, func(a *Archive) {
			a.SHA256 = strings.Repeat("0", 64)
		}, "impronta"},
		{"more bytes than declared", append(slices.Clone(good), 0), func(a *Archive) {
			a.Size, a.SHA256 = goodManifest.Size, goodManifest.SHA256
		}, "byte invece di"},
		{"fewer bytes than declared", good, func(a *Archive) { a.Size++ }, "byte invece di"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := manifestOf(tc.data, 1<<20)
			if tc.manifest != nil {
				tc.manifest(a)
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			err := UnpackArchive(bytes.NewReader(tc.data), a, out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			if got := keys(tree(t, parent)); slices.ContainsFunc(got, func(n string) bool { return !strings.HasPrefix(n, "out/") && n != "out/" }) {
				t.Errorf("written outside the folder: %v", got)
			}
		})
	}
	// And the good archive passes with its own manifest.
	if err := UnpackArchive(bytes.NewReader(good), goodManifest, t.TempDir()); err != nil {
		t.Errorf("good archive: %v", err)
	}
}

// TestUnpackReadsNoMoreThanDeclared: a host that sends without end is
// read up to one byte past the declared size.
func TestUnpackReadsNoMoreThanDeclared(t *testing.T) {
	dir := fakeBundle(t, 1000)
	good, a := pack(t, dir)
	endless := &countingReader{r: io.MultiReader(bytes.NewReader(good), zeros{})}
	err := UnpackArchive(endless, a, t.TempDir())
	if err == nil || endless.n != a.Size+1 {
		t.Errorf("error %v after %d bytes, archive of %d", err, endless.n, a.Size)
	}
}

// gzipped is data compressed with gzip.
func gzipped(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// flip returns data with the byte at i changed.
func flip(data []byte, i int) []byte {
	out := slices.Clone(data)
	out[i] ^= 0x40
	return out
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestArchiveManifest: the manifest is read back as written, and one that
// does not describe an archive of ours is refused.
func TestArchiveManifest(t *testing.T) {
	dir := t.TempDir()
	sum := strings.Repeat("ab", 32)
	a := &Archive{Path: "/_ricerca/indice-abababababababab.tar.sz", Size: 10, SHA256: sum, Unpacked: 20, URLs: []string{"https://x.example"}}
	if err := WriteArchiveManifest(dir, a); err != nil {
		t.Fatal(err)
	}
	back, err := ReadArchiveManifest(os.DirFS(dir))
	if err != nil || back.Path != a.Path || back.SHA256 != sum || !slices.Equal(back.URLs, a.URLs) {
		t.Errorf("%+v %v", back, err)
	}
	if none, err := ReadArchiveManifest(fstest.MapFS{}); none != nil || err != nil {
		t.Errorf("no manifest: %v %v", none, err)
	}
	for name, change := range map[string]func(a *Archive){
		"path elsewhere":      func(a *Archive) { a.Path = "/../etc/indice-abababababababab.tar.sz" },
		"name not the hash":   func(a *Archive) { a.Path = "/_ricerca/indice-0000000000000000.tar.sz" },
		"short hash":          func(a *Archive) { a.SHA256 = "abab" },
		"hash not hex":        func(a *Archive) { a.SHA256 = strings.Repeat("zz", 32) },
		"no size":             func(a *Archive) { a.Size = 0 },
		"no unpacked size":    func(a *Archive) { a.Unpacked = -1 },
		"path in a subfolder": func(a *Archive) { a.Path = "/_ricerca/x/indice-abababababababab.tar.sz" },
	} {
		bad := *a
		change(&bad)
		if err := WriteArchiveManifest(dir, &bad); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadArchiveManifest(os.DirFS(dir)); err == nil {
			t.Errorf("%s: accepted %+v", name, got)
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
