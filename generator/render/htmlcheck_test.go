package render

import (
	"strconv"
	"strings"
)

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// blockInP are elements that cannot appear inside a <p> (they would close it).
var blockInP = map[string]bool{"address": true, "article": true, "aside": true, "blockquote": true, "div": true,
	"dl": true, "fieldset": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hr": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "ul": true}

// checkHTML is a small, strict checker for the HTML the layouts produce
// (no scripts, no optional end tags omitted): a doctype, lang="it", tags
// properly nested and closed, no block inside a paragraph, no link inside a
// link, unique ids and attribute names, quoted attribute values, one title,
// one h1, one main, and the landmarks header, nav and footer.
func checkHTML(doc string) []string {
	var problems []string
	bad := func(at int, msg string) {
		line := strings.Count(doc[:at], "\n") + 1
		problems = append(problems, "riga "+strconv.Itoa(line)+": "+msg)
	}
	if !strings.HasPrefix(doc, "<!DOCTYPE html>\n") {
		bad(0, "manca <!DOCTYPE html> in cima")
	}
	var stack []string
	ids := map[string]bool{}
	count := map[string]int{}
	i := strings.Index(doc, ">") + 1
	for i < len(doc) {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			if strings.TrimSpace(doc[i:]) != "" {
				bad(i, "testo dopo </html>")
			}
			break
		}
		if text := doc[i : i+lt]; strings.Contains(text, ">") {
			bad(i, "carattere > non sfuggito nel testo")
		}
		i += lt
		if strings.HasPrefix(doc[i:], "<!--") {
			end := strings.Index(doc[i:], "-->")
			if end < 0 {
				bad(i, "commento non chiuso")
				break
			}
			i += end + 3
			continue
		}
		name, attrs, n, err := parseTag(doc[i:])
		if err != "" {
			bad(i, err)
			break
		}
		at := i
		i += n
		if strings.HasPrefix(name, "/") {
			name = name[1:]
			if len(stack) == 0 || stack[len(stack)-1] != name {
				bad(at, "</"+name+"> non chiude l'ultimo elemento aperto "+strings.Join(stack, ">"))
				return problems
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if name != "title" || !contains(stack, "svg") { // an SVG's titles name its parts
			count[name]++
		}
		if len(stack) > 0 && stack[len(stack)-1] == "p" && blockInP[name] {
			bad(at, "<"+name+"> dentro un <p>")
		}
		if name == "a" && contains(stack, "a") {
			bad(at, "un link dentro un link")
		}
		seen := map[string]bool{}
		for _, a := range attrs {
			if seen[a[0]] {
				bad(at, "attributo "+a[0]+" ripetuto")
			}
			seen[a[0]] = true
			if a[0] == "id" {
				if ids[a[1]] {
					bad(at, "id "+a[1]+" ripetuto")
				}
				ids[a[1]] = true
			}
			if a[0] == "lang" && name == "html" && a[1] != "it" {
				bad(at, `la lingua non è "it"`)
			}
		}
		if name == "html" && !seen["lang"] {
			bad(at, "<html> senza lang")
		}
		if !voidElements[name] {
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		bad(len(doc), "elementi non chiusi: "+strings.Join(stack, ">"))
	}
	for el, want := range map[string]int{"html": 1, "head": 1, "body": 1, "title": 1, "h1": 1, "main": 1} {
		if count[el] != want {
			problems = append(problems, "<"+el+"> compare "+strconv.Itoa(count[el])+" volte invece di "+strconv.Itoa(want))
		}
	}
	for _, el := range []string{"header", "nav", "footer"} {
		if count[el] == 0 {
			problems = append(problems, "manca <"+el+">")
		}
	}
	return problems
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseTag reads the tag at the start of s ("<name a="v" b>" or "</name>"):
// its name (with "/" for end tags), attributes as [name, value] and length.
func parseTag(s string) (name string, attrs [][2]string, n int, problem string) {
	i := 1
	for i < len(s) && (s[i] == '/' || isNameByte(s[i])) {
		i++
	}
	name = strings.ToLower(s[1:i])
	if name == "" || name == "/" {
		return "", nil, 0, "carattere < non sfuggito"
	}
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n') {
			i++
		}
		if i >= len(s) {
			return "", nil, 0, "tag non chiuso"
		}
		if s[i] == '>' {
			return name, attrs, i + 1, ""
		}
		if strings.HasPrefix(name, "/") {
			return "", nil, 0, "attributi in un tag di chiusura"
		}
		start := i
		for i < len(s) && isNameByte(s[i]) {
			i++
		}
		if start == i {
			return "", nil, 0, "attributo non valido"
		}
		an := s[start:i]
		if i < len(s) && s[i] == '=' {
			if i+1 >= len(s) || s[i+1] != '"' {
				return "", nil, 0, "valore dell'attributo " + an + " senza virgolette"
			}
			end := strings.IndexByte(s[i+2:], '"')
			if end < 0 {
				return "", nil, 0, "virgolette non chiuse"
			}
			v := s[i+2 : i+2+end]
			if strings.ContainsAny(v, "<>") {
				return "", nil, 0, "< o > non sfuggito nell'attributo " + an
			}
			attrs = append(attrs, [2]string{an, v})
			i += 2 + end + 1
		} else {
			attrs = append(attrs, [2]string{an, ""})
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':'
}
