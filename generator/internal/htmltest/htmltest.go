// Package htmltest helps tests look for injected markup in rendered pages:
// it sets aside the scripts the layouts write themselves, so that any other
// "<script" in a page is an injection.
package htmltest

import (
	"encoding/json"
	"strings"
)

// jsonLDOpen starts the only inline script the layouts write: schema.org
// data, which html/template marshals as JSON.
const jsonLDOpen = `<script type="application/ld+json">`

// SearchScript is the search page's own script, the only other one.
const SearchScript = `<script src="/js/cerca.js" defer></script>`

// SplitScripts returns page without its JSON-LD blocks and without the
// search page's script, and the JSON-LD blocks. An unclosed block stays in
// rest, where a check for "<script" finds it.
func SplitScripts(page string) (rest string, blocks []string) {
	var b strings.Builder
	for {
		i := strings.Index(page, jsonLDOpen)
		if i < 0 {
			break
		}
		j := strings.Index(page[i:], "</script>")
		if j < 0 {
			break
		}
		blocks = append(blocks, page[i+len(jsonLDOpen):i+j])
		b.WriteString(page[:i])
		page = page[i+j+len("</script>"):]
	}
	b.WriteString(page)
	return strings.Replace(b.String(), SearchScript, "", 1), blocks
}

// BadJSONLD says what is wrong with a JSON-LD block, or "": it must be
// valid JSON in which no text could end the element (<, > and & escaped).
func BadJSONLD(block string) string {
	switch {
	case !json.Valid([]byte(block)):
		return "JSON-LD non valido: " + block
	case strings.ContainsAny(block, "<>&"):
		return "JSON-LD con <, > o & non sfuggiti: " + block
	}
	return ""
}
