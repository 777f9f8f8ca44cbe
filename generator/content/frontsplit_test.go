package content

import (
	"bytes"
	"testing"

	"github.com/adrg/frontmatter"
)

// adrgCut is how split found the front matter before cutFront, through
// adrg/frontmatter: the reference cutFront must agree with.
func adrgCut(src []byte) (format string, data []byte, bodyOff int) {
	capture := func(f string) frontmatter.UnmarshalFunc {
		return func(d []byte, _ any) error {
			format, data = f, d
			return nil
		}
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil,
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")))
	if err != nil {
		panic(err) // a bytes.Reader does not fail, nor does capture
	}
	if format == "" {
		return "", nil, len(src) - len(rest)
	}
	return format, data, len(src) - len(rest)
}

// frontCases are files whose front matter is at the edges of what the
// delimiters allow.
var frontCases = []string{
	"",
	"---",
	"---\n",
	"---\n---",
	"---\n---\n",
	"---\n---\ntesto",
	"---\ntitle: a\n---\ntesto\n",
	"\n\n  ---  \ntitle: a\n  ---\t\ntesto",
	"+++\ntitle = 'a'\n+++\n",
	"+++\ntitle = 'a'\n---\n",
	"---\ntitle: a\n+++\n",
	"---\ntitle: a\n",
	"---\ntitle: a\n---",
	"---\r\ntitle: a\r\n---\r\ntesto",
	"testo\n---\ntitle: a\n---\n",
	"----\ntitle: a\n----\n",
	"\u00a0---\u00a0\ntitle: a\n---\u2028\ntesto",
	"---\n-\n---\n",
	"---\ntitle: a\n---\n---\nb\n",
	"\n",
	"\n\n",
	"   \n---",
}

// TestCutFrontAsAdrg: cutFront finds the same front matter and body as
// adrg/frontmatter on every edge case.
func TestCutFrontAsAdrg(t *testing.T) {
	for _, src := range frontCases {
		checkCut(t, []byte(src))
	}
}

func checkCut(t *testing.T, src []byte) {
	t.Helper()
	wf, wd, wo := adrgCut(src)
	gf, gd, gov := cutFront(src)
	if gf != wf || !bytes.Equal(gd, wd) || gov != wo || (gd == nil) != (gf == "") {
		t.Errorf("cutFront(%q) = %q, %q, %d; adrg/frontmatter %q, %q, %d", src, gf, gd, gov, wf, wd, wo)
	}
}

// FuzzCutFront compares cutFront with adrg/frontmatter on any input.
func FuzzCutFront(f *testing.F) {
	for _, src := range frontCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkCut(t, src) })
}
