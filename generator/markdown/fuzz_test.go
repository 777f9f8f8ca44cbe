package markdown

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/internal/hostile"
)

// realPosts is a corpus of real Italian posts shared beside the project; it
// seeds the fuzzer when present.
const realPosts = "/work/shared/corpora/developers-italia/posts"

func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"",
		"[a](javascript:alert(1)) ![b](data:image/png;base64,x) <javascript:x>",
		"[a](<java\tscript:x>) [b](&#106;avascript:x) [c](javascript&amp;#58;x) [d](\\\\evil.org)",
		"<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> <!-- c -->",
		"<!-- aperto\n\n# Titolo\n",
		"## Perché è importante\n\n## Perché è importante\n",
		"| a | b |\n|---|---|\n| [x](a.md) | ![](b.png) |\n",
		"- [ ] uno\n- [x] due\n\nTesto[^1].\n\n[^1]: nota [r](r.md)\n",
		"L'acqua dell'80% -- anni '90... \"sì\" *dell*'anno",
		"[x][r] [r]\n\n[r]: ../a.md \"t\"\n",
		"www.example.org https://x.it/a_(b) a@b.it",
		"![![a](b.png)](c.png) [[a]](b) ![a](<b c.png>)",
	} {
		f.Add(s)
	}
	// Every family of hostile Markdown, large enough to reach the bounds
	// (bounds.go): a cut construct must still give safe HTML and problems
	// inside the body.
	for _, fam := range hostile.Families() {
		f.Add(string(fam.Make(12 << 10)))
	}
	if entries, err := os.ReadDir(realPosts); err == nil {
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(realPosts, e.Name())); err == nil {
				f.Add(string(b))
			}
		}
	}
	if files, err := filepath.Glob(filepath.Join("testdata", "*.txt")); err == nil {
		for _, file := range files {
			cases, _ := readGolden(file)
			for _, c := range cases {
				f.Add(c.markdown)
			}
		}
	}
	conv := New()
	f.Fuzz(func(t *testing.T, body string) {
		r := &fuzzResolver{t: t}
		res := conv.Convert([]byte(body), r)
		checkSafeHTML(t, string(res.HTML))
		for _, p := range res.Problems {
			if p.Offset < 0 || p.Len < 1 || p.Offset+p.Len > len(body) {
				t.Errorf("problem %s at %d+%d outside a body of %d bytes", p.Code, p.Offset, p.Len, len(body))
			}
			if p.Message == "" {
				t.Errorf("problem %s without a message", p.Code)
			}
		}
	})
}

// fuzzResolver fails the test if it is asked about an external or unsafe
// destination; it finds some destinations and not others, and echoes them.
type fuzzResolver struct{ t *testing.T }

func (r *fuzzResolver) Resolve(dest string, image bool) (string, Target) {
	lower := strings.ToLower(dest)
	if strings.HasPrefix(lower, "//") || strings.HasPrefix(lower, `\\`) ||
		strings.HasPrefix(lower, `/\`) || strings.HasPrefix(lower, `\/`) {
		r.t.Errorf("Resolver called with the external %q", dest)
	}
	if i := strings.IndexAny(lower, ":/?#\\"); i >= 0 && lower[i] == ':' {
		r.t.Errorf("Resolver called with %q, which has a scheme", dest)
	}
	switch len(dest) % 3 {
	case 0:
		return "/pagina/", TargetOK
	case 1:
		return dest, TargetMissingPage
	}
	return dest, TargetMissingFile
}

// checkSafeHTML fails the test if html has a script element, an event
// handler attribute, or a link or image whose URL a browser would run.
func checkSafeHTML(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Errorf("HTML has a script element:\n%s", out)
	}
	for rest := out; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			return
		}
		rest = rest[i+1:]
		j := strings.IndexByte(rest, '>')
		if j < 0 {
			t.Errorf("unterminated tag in HTML:\n%s", out)
			return
		}
		for name, value := range tagAttributes(rest[:j]) {
			if strings.HasPrefix(name, "on") {
				t.Errorf("HTML has an event attribute %s=%q:\n%s", name, value, out)
			}
			if (name == "href" || name == "src") && !safeURL(html.UnescapeString(value)) {
				t.Errorf("HTML has the unsafe URL %s=%q:\n%s", name, value, out)
			}
		}
		rest = rest[j+1:]
	}
}

// tagAttributes parses the inside of a tag as goldmark writes it: a name,
// then name="value" or bare names.
func tagAttributes(tag string) map[string]string {
	attrs := map[string]string{}
	i := strings.IndexAny(tag, " \n/")
	if i < 0 {
		return attrs
	}
	for s := tag[i:]; ; {
		s = strings.TrimLeft(s, " \n/")
		if s == "" {
			return attrs
		}
		k := strings.IndexAny(s, "= \n")
		if k < 0 {
			attrs[strings.ToLower(s)] = ""
			return attrs
		}
		name := strings.ToLower(s[:k])
		if s[k] != '=' {
			attrs[name] = ""
			s = s[k:]
			continue
		}
		s = s[k+1:]
		if !strings.HasPrefix(s, `"`) {
			attrs[name] = s
			return attrs
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			attrs[name] = s[1:]
			return attrs
		}
		attrs[name] = s[1 : 1+end]
		s = s[end+2:]
	}
}

// safeURL reports whether a browser would treat u as a page, a fragment or
// an http(s), mailto or tel URL, after dropping what the WHATWG URL parser
// drops, and reading the scheme as it does.
func safeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(strings.Trim(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	// A scheme is a letter, then letters, digits, "+", "-" or ".", then ":".
	i := 0
	for i < len(u) && ('a' <= u[i] && u[i] <= 'z' || i > 0 && ('0' <= u[i] && u[i] <= '9' || strings.IndexByte("+-.", u[i]) >= 0)) {
		i++
	}
	if i == 0 || i == len(u) || u[i] != ':' {
		return true
	}
	switch u[:i] {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// FuzzSmarten: any plain text is typeset without panicking, keeps its
// lines, and stays valid UTF-8.
func FuzzSmarten(f *testing.F) {
	for _, s := range []string{`Il "bando" dell'8 marzo -- 30.000 €`, "'''' \"\"\"\" << >> ... ---", "a\n\n  'b'  \n", `\"x\"`, "o'neil@x.it l'orto"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Smarten(s)
		if strings.Count(got, "\n") != strings.Count(s, "\n") {
			t.Fatalf("lines changed: %q → %q", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8: %q → %q", s, got)
		}
		// The shortcut for elisions gives what the parser gives.
		if core := strings.TrimSpace(s); !strings.Contains(s, "\n") && onlyElisions(core) && typographic(core) {
			if fast, slow := typeset(s), parsed(s, core); fast != slow {
				t.Fatalf("%q: shortcut %q, parser %q", s, fast, slow)
			}
		}
	})
}
