package content

import (
	"net/url"
	"path"
	"strings"
	"testing"
)

func TestNormaliseAlias(t *testing.T) {
	for _, tc := range []struct {
		in, path, key string // path "" when refused
	}{
		{"/vecchio-sito/bando/", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/vecchio-sito/bando", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"  /Vecchio-Sito/BANDO/  ", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"//vecchio-sito///bando//", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/vecchio-sito/./bando/.", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/vecchio-sito/bando/index.html", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/vecchio-sito/bando/INDEX.HTM", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/%76ecchio-sito/%62ando", "/vecchio-sito/bando/", "/vecchio-sito/bando"},
		{"/doc/Bando.PDF", "/doc/bando.pdf", "/doc/bando.pdf"},
		{"/v1.2/", "/v1.2/", "/v1.2"},
		{"/attività/", "/attivit%C3%A0/", "/attività"},
		{"/attivit%C3%A0/", "/attivit%C3%A0/", "/attività"},
		{"/a b/c!/", "/a%20b/c%21/", "/a b/c!"},
		{"/100%25/", "/100%25/", "/100%"},
		{"/api/search", "/api/search/", "/api/search"},
		{"/sitemap.xml", "/sitemap.xml", "/sitemap.xml"},
		{"/attivita\u0300/", "/attivita%CC%80/", "/attività"},
		{"/ＡＰＩ/search", "/%EF%BD%81%EF%BD%90%EF%BD%89/search/", "/api/search"},
		{"/ﬁle/", "/%EF%AC%81le/", "/file"},
		{"/Cerca/", "/cerca/", "/cerca"},
		// Refused.
		{"/%252e%252e/fuori/", "", ""},
		{"/%2541pi/", "", ""},
		{"/‥/fuori/", "", ""},
		{"/a/\uff0e\uff0e/fuori/", "", ""},
		{"/api\u200b/search/", "", ""},
		{"/a\u2028b/", "", ""},
		{"/\ufeffvecchio/", "", ""},
		{"", "", ""},
		{"/", "", ""},
		{"/index.html", "", ""},
		{"vecchio/", "", ""},
		{"../vecchio/", "", ""},
		{"https://vecchio.example/bando/", "", ""},
		{"/bando?id=3", "", ""},
		{"/bando#sezione", "", ""},
		{"/../fuori/", "", ""},
		{"/a/../../fuori/", "", ""},
		{"/%2e%2e/fuori/", "", ""},
		{"/%2E%2E/fuori/", "", ""},
		{"/a%2f..%2f..%2ffuori/", "", ""},
		{"/%zz/", "", ""},
		{"/a%0Ab/", "", ""},
		{"/a\tb/", "", ""},
		{"/a\\b/", "", ""},
		{"/news/:anno/", "", ""},
		{"/tutto/*", "", ""},
		{"/%ff/", "", ""},
		{"/" + strings.Repeat("a", 301), "", ""},
	} {
		a, problem, fix := NormaliseAlias(tc.in)
		if tc.path == "" {
			if problem == "" || fix == "" {
				t.Errorf("%q accepted as %+v", tc.in, a)
			}
			continue
		}
		if problem != "" || a.Path != tc.path || a.Key != tc.key {
			t.Errorf("%q: got %+v %q, want %q %q", tc.in, a, problem, tc.path, tc.key)
		}
	}
}

// FuzzNormaliseAlias: whatever a net weaver writes, an accepted alias is
// a path inside the site, a _redirects line cannot break on it, and it
// normalises to itself.
func FuzzNormaliseAlias(f *testing.F) {
	for _, s := range []string{"/vecchio/", "/%2e%2e/x", "/a b/c#d", "/A/./b//index.html", "/attività", "/x!y", "/%25/", "/%2f/", "/a\nb",
		"/%252e%252e/x", "/ＡＰＩ/x", "/‥/x", "/ﬁ/İ/K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, problem, _ := NormaliseAlias(in)
		if problem != "" {
			return
		}
		if !strings.HasPrefix(a.Path, "/") || a.Path == "/" || strings.Contains(a.Path, "//") {
			t.Fatalf("%q: path %q", in, a.Path)
		}
		for _, c := range a.Path {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || strings.ContainsRune("-._~/%", c)) {
				t.Fatalf("%q: %q holds %q, unsafe in _redirects", in, a.Path, c)
			}
		}
		dec, err := url.PathUnescape(a.Path)
		if err != nil {
			t.Fatalf("%q: %q does not decode: %v", in, a.Path, err)
		}
		// Never out of the site, however the host resolves it.
		for _, seg := range strings.Split(dec, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("%q: %q has a %q segment", in, a.Path, seg)
			}
		}
		if joined := path.Join("/public", dec); !strings.HasPrefix(joined, "/public/") {
			t.Fatalf("%q: %q escapes the output folder", in, a.Path)
		}
		again, problem, _ := NormaliseAlias(a.Path)
		if problem != "" || again != a {
			t.Fatalf("%q: %+v normalises again to %+v %q", in, a, again, problem)
		}
		if k, ok := AddressKey(a.Path); !ok || k != a.Key {
			t.Fatalf("%q: AddressKey %q, Key %q", in, k, a.Key)
		}
	})
}
