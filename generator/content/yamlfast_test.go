package content

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
)

// yamlCases are front matters at the edges of what fastYAML reads, and
// just past them.
var yamlCases = []string{
	"title: \"Bando estate\"\ndate: 2025-06-01\ndraft: false\n",
	"title: Bando estate\nsummary: L'acqua è di tutti, [davvero] {sì} a:b c#d\nweight: 3\nzero: 0\n",
	"argomenti:\n  - povertà educativa\n  - \"scuola\"\n  -   'l''orto'\nb: x\n",
	"argomenti:\n- a\n- b\n\n# commento\nc: [\"x\", y , z]\nd: []\ne: [ ]\n",
	"a: [\"è\", \"ü\"]  \nb:    \"q\"   \n",
	"a: true\nb: True\nc: TRUE\nd: yes\ne: no\nf: on\ng: ~\nh: null\ni: Null\nj: NULL\nk: y\n",
	"a: 2025-02-30\n", "a: 2025-2-3\n", "a: 2025-02-03T10:00\n", "a: 2025-02-03 10:00\n",
	"a: 007\n", "a: -1\n", "a: +1\n", "a: 1.5\n", "a: 1_000\n", "a: 123456789012345678\n", "a: 1234567890123456789\n",
	"a: .inf\n", "a: <<\n", "<<: x\n", "a: x # c\n", "a: x #c\n", "a: \"x\" # c\n", "a: 'x' y\n", "a: \"x\\ty\"\n",
	"a: \"x\n  y\"\n", "a: x\n  y\n", "a: x\n\n  y\n", "a:\n  b: c\n", "a:\n", "a:\nb: c\n", "a:\n  -\n", "a:\n  - b: c\n",
	"a:\n  - b\n   - c\n", "a:\n  - b\n - c\n", "a:\n  - b\n    c\n", "a:\n  - [b]\n", "a:\n  - b\n# c\n  - d\n",
	"a:\n  - b\n\n  - c\n", "a: x\na: y\n", "a : x\n", "a:x\n", " a: x\n", "---\na: x\n", "...\n", "# solo commento\n",
	"a: [b, c,]\n", "a: [b, [c]]\n", "a: [b] x\n", "a: [\"b\" c]\n", "a: [b: c]\n", "a: [b:, c]\n", "a: [, b]\n",
	"a: |\n  x\n", "a: >\n  x\n", "a: &x b\n", "a: *x\n", "a: !!str 3\n", "a: %x\n", "a: @x\n", "a: `x\n",
	"a: x\tb\n", "a: x\r\nb: y\r\n", "a: x\u0085y\n", "a: x\u2028y\n", "a: \ufeffx\n", "a: 😀\n", "a: x\u00a0y\n",
	"a: é\nb: [é, \"è\"]\n", "a: 'it''s'\n", "a: 'x'''\n", "a: ''\n", "a: \"\"\n", "a: 'x\n", "a: x:\n", "a: x: y\n",
	"a-b: x\n_c: y\nD9: z\n", "a: \"x \\\"y\\\" \\\\ z\"\n", "a: [\"x\\\"\", \"\\\\\"]\n", "a: \"x\\\n", "a: \"x\\\"\n",
	"a: \"\\u00e8\"\n", "a: \"\\/\"\n", "a: \"x\\\" y\"\n", "9a: x\n", "a.b: x\n", "a: ?x\n", "a: -x\n", "a: :x\n", "a: x\n...\n", "a: x\n--- \n",
}

// fastAt is decodeYAML's position function for a front matter of data
// starting at line 2.
func fastAt(data []byte) func(line, col int) diag.Pos {
	line0 := 2
	last := line0 + bytes.Count(data, []byte("\n"))
	return func(line, col int) diag.Pos {
		return diag.Pos{Line: min(max(line0+line-1, line0), last), Col: max(col, 0)}
	}
}

// checkFastYAML fails when fastYAML reads data otherwise than yaml.v3, and
// returns whether it read it.
func checkFastYAML(t *testing.T, data []byte) bool {
	t.Helper()
	at := fastAt(data)
	fast, ok := fastYAML(data, at)
	if !ok {
		return false
	}
	slow, d := yamlv3(data, at, 2, 2+bytes.Count(data, []byte("\n")))
	if d != nil {
		t.Errorf("fastYAML reads %q, which yaml.v3 refuses: %s", data, d.Message)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("fastYAML reads %q as\n%#v\nyaml.v3 as\n%#v", data, fast, slow)
	}
	return true
}

// TestFastYAMLAsYAMLv3: fastYAML reads every case above, every front matter
// of the repository's content and of BANCA_BENCH_CORPUS (a gen-corpus
// folder, when set) exactly as yaml.v3 does, or leaves it to yaml.v3; and
// it reads the common forms itself.
func TestFastYAMLAsYAMLv3(t *testing.T) {
	read := 0
	for _, c := range yamlCases {
		if checkFastYAML(t, []byte(c)) {
			read++
		}
	}
	if read < 10 {
		t.Errorf("fastYAML reads only %d cases", read)
	}
	for _, c := range []string{yamlCases[0], yamlCases[1], yamlCases[2], yamlCases[3], yamlCases[4]} {
		if _, ok := fastYAML([]byte(c), fastAt([]byte(c))); !ok {
			t.Errorf("fastYAML leaves %q to yaml.v3", c)
		}
	}
	dirs := []string{filepath.Join("..", "..", "content")}
	if c := os.Getenv("BANCA_BENCH_CORPUS"); c != "" {
		dirs = append(dirs, filepath.Join(c, "content"))
	}
	files, fast := 0, 0
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if format, data, _ := cutFront(src); format == "yaml" {
				files++
				if checkFastYAML(t, data) {
					fast++
				}
			}
			return nil
		})
	}
	t.Logf("%d front matter YAML, %d lette senza yaml.v3", files, fast)
}

// FuzzFastYAML compares fastYAML with yaml.v3 on any front matter.
func FuzzFastYAML(f *testing.F) {
	for _, c := range yamlCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFastYAML(t, data) })
}
