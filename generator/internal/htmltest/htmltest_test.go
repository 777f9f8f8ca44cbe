package htmltest

import "testing"

func TestSplitScripts(t *testing.T) {
	page := `<head><script type="application/ld+json">{"a":"\u003cb"}</script></head><main>x` + SearchScript + `</main>`
	rest, blocks := SplitScripts(page)
	if rest != `<head></head><main>x</main>` || len(blocks) != 1 || BadJSONLD(blocks[0]) != "" {
		t.Errorf("%q %q", rest, blocks)
	}
	if _, b := SplitScripts(`<script type="application/ld+json">{"a":"</b>"}</script>`); BadJSONLD(b[0]) == "" {
		t.Error("unescaped < accepted")
	}
	if rest, _ := SplitScripts(`<script type="application/ld+json">{`); rest == "" {
		t.Error("an unclosed block must stay in rest")
	}
	if rest, _ := SplitScripts(`<body><p>x</p>` + EditorScript + `</body>`); rest != `<body><p>x</p></body>` {
		t.Errorf("editing UI's script: %q", rest)
	}
}

func TestDangerousAttr(t *testing.T) {
	for page, bad := range map[string]bool{
		`<meta name="description" content="00 onA=0">`:  false,
		`<a href="/x" title="href=javascript:x">`:       false,
		`<p>onclick=x</p>`:                              false,
		`<img src=x onerror=alert(1)>`:                  true,
		`<a HREF = " JavaScript:alert(1)">`:             true,
		`<a href='java script:x'>`:                      true,
		`<iframe src="data:text/html,x">`:               true,
		`<div data-x="1" onmouseover='x'>`:              true,
		`<a href="https://example.org/?q=javascript:">`: false,
		`&lt;img src=x onerror=alert(1)&gt;`:            false,
	} {
		if got := DangerousAttr(page) != ""; got != bad {
			t.Errorf("%s: %v, want %v", page, got, bad)
		}
	}
}
