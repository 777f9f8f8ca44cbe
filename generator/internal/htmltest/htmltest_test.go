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
}
