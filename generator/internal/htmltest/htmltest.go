// Package htmltest helps tests look for injected markup in rendered pages:
// it sets aside the scripts the layouts write themselves, so that any other
// "<script" in a page is an injection.
package htmltest

import (
	"encoding/json"
	"regexp"
	"strings"
)

// jsonLDOpen starts the only inline script the layouts write: schema.org
// data, which html/template marshals as JSON.
const jsonLDOpen = `<script type="application/ld+json">`

// SearchScript is the search page's own script, the only other one in
// the site's pages.
const SearchScript = `<script src="/js/cerca.js" defer></script>`

// EditorScript loads the editing UI in static/admin/index.html, a static
// page no content reaches: its own additions, then Decap CMS.
const EditorScript = `<script src="anteprima.js"></script>
<script src="decap-cms.js"></script>`

// SplitScripts returns page without its JSON-LD blocks and without the
// search page's or the editing UI's script, and the JSON-LD blocks. An unclosed block stays in
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
	rest = strings.Replace(b.String(), SearchScript, "", 1)
	return strings.Replace(rest, EditorScript, "", 1), blocks
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

var (
	tagRe  = regexp.MustCompile(`<[a-zA-Z][^\s/>]*((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>`)
	attrRe = regexp.MustCompile(`([^\s=>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?`)
)

// DangerousAttr returns the first attribute of a tag in page that could run
// script: an event handler (on…=), or a URL attribute (href, src, action,
// formaction) whose value starts with a script or data scheme; "" when
// there is none. Attribute values are read as the browser reads them, so
// text inside a quoted value ("… onA=0 …") is not taken for an attribute.
func DangerousAttr(page string) string {
	for _, tag := range tagRe.FindAllStringSubmatch(page, -1) {
		for _, a := range attrRe.FindAllStringSubmatch(tag[1], -1) {
			name := strings.ToLower(a[1])
			value := strings.ToLower(strings.TrimSpace(strings.Trim(a[2], `"'`)))
			switch {
			case strings.HasPrefix(name, "on"):
				return a[0]
			case name == "href" || name == "src" || name == "action" || name == "formaction":
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(strings.Join(strings.Fields(value), ""), scheme) {
						return a[0]
					}
				}
			}
		}
	}
	return ""
}
