package content

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// fastYAML decodes, without yaml.v3, the front matter that pages almost
// always write: top-level keys, each with a scalar on its line, a list of
// scalars in brackets on its line, or a list of scalars one per line
// ("  - valore"); scalars double-quoted (escaping only " and \),
// single-quoted, or
// plain and resolved as yaml.v3 resolves them (strings, true and false,
// null, whole numbers, dates). It gives exactly the Doc that decodeYAML
// makes from yaml.v3's nodes, or ok false for anything else, even valid
// (tabs, escapes, comments after values, nested maps, values on more
// than one line, numbers that are not plain integers...): decodeYAML then
// asks yaml.v3, which also reports every mistake. yaml.v3 builds a node
// tree through a general scanner and parser, and took a third of loading;
// TestFastYAMLAsYAMLv3 and FuzzFastYAML compare the two.
func fastYAML(data []byte, at func(line, col int) diag.Pos) (doc *schema.Doc, ok bool) {
	if !fastBytes(data) {
		return nil, false
	}
	lines := bytes.Split(data, []byte("\n"))
	doc = &schema.Doc{Format: "yaml"}
	for i := 0; i < len(lines); {
		l := lines[i]
		if blank(l) {
			i++
			continue
		}
		key, after, ok := cutKey(l)
		if !ok || doc.Get(key) != nil {
			return nil, false
		}
		e := schema.Entry{Key: key, KeyPos: at(i+1, 1)}
		start := len(l) - len(bytes.TrimLeft(l[after:], " ")) // the key and ": " are ASCII
		rest := bytes.TrimRight(l[start:], " ")
		switch {
		case len(rest) == 0:
			var next int
			if e.Value, next, ok = blockList(lines, i+1, at); !ok {
				return nil, false
			}
			i = next
		case rest[0] == '[':
			if e.Value, ok = flowList(l, start, i+1, at); !ok {
				return nil, false
			}
			i++
		default:
			if e.Value, ok = scalarValue(rest, l, i+1, start+1, at); !ok {
				return nil, false
			}
			i++
		}
		doc.Entries = append(doc.Entries, e)
	}
	return doc, len(doc.Entries) > 0
}

// fastBytes reports whether data holds only what fastYAML reads as plain
// characters: valid UTF-8 without tabs, carriage returns, other control
// characters, byte order marks, non-characters, or the line breaks that
// YAML knows besides "\n" (U+0085, U+2028, U+2029).
func fastBytes(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xfffe:
			// yaml.v3 refuses U+FFFE and beyond, emoji too
			// ("control characters are not allowed")
			return false
		}
		i += n
	}
	return true
}

// blank reports whether l holds only spaces, or a comment after them.
func blank(l []byte) bool {
	rest := bytes.TrimLeft(l, " ")
	return len(rest) == 0 || rest[0] == '#'
}

// cutKey reads a line "key:" or "key: value" at column 1, where key is a
// letter or "_" and then letters, digits, "_" or "-", at most 128 in all;
// after is the index
// of what follows the colon.
func cutKey(l []byte) (key string, after int, ok bool) {
	i := 0
	for i < len(l) {
		c := l[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-') {
			i++
			continue
		}
		break
	}
	// yaml.v3 takes a key of more than 1024 characters for a scalar:
	// longer ones are left to it.
	if i == 0 || i > 128 || i == len(l) || l[i] != ':' || i+1 < len(l) && l[i+1] != ' ' {
		return "", 0, false
	}
	return string(l[:i]), i + 1, true
}

// blockList reads the items of a list that starts on line index first,
// all at one indentation (none too), each "- " and a scalar; next is the
// index of the line after it.
func blockList(lines [][]byte, first int, at func(line, col int) diag.Pos) (v schema.Value, next int, ok bool) {
	indent := -1
	i := first
	for ; i < len(lines); i++ {
		l := lines[i]
		if blank(l) {
			continue
		}
		n := len(l) - len(bytes.TrimLeft(l, " "))
		if indent < 0 {
			indent = n
			v = schema.Value{Kind: schema.List, Pos: at(i+1, n+1), Span: 1}
		}
		item := l[n:]
		isItem := len(item) >= 2 && item[0] == '-' && item[1] == ' '
		if n == indent && isItem {
			rest := bytes.TrimLeft(item[2:], " ")
			rest = bytes.TrimRight(rest, " ")
			if len(rest) == 0 || rest[0] == '[' {
				return v, 0, false
			}
			col := len(l) - len(bytes.TrimLeft(item[2:], " ")) + 1 // spaces and "- " are ASCII
			it, ok := scalarValue(rest, l, i+1, col, at)
			if !ok {
				return v, 0, false
			}
			v.Items = append(v.Items, it)
			continue
		}
		if n == 0 && !isItem {
			break // the next key
		}
		return v, 0, false
	}
	if len(v.Items) == 0 {
		return v, 0, false
	}
	return v, i, true
}

// flowList reads a list in brackets that starts at byte start of line l
// (number line) and ends the line: "[a, "b", c]", items plain or
// double-quoted.
func flowList(l []byte, start, line int, at func(line, col int) diag.Pos) (schema.Value, bool) {
	v := schema.Value{Kind: schema.List, Pos: at(line, utf8.RuneCount(l[:start])+1), Span: 1}
	i := start + 1
	skip := func() {
		for i < len(l) && l[i] == ' ' {
			i++
		}
	}
	skip()
	if i < len(l) && l[i] == ']' {
		i++
		skip()
		return v, i == len(l)
	}
	for {
		skip()
		if i == len(l) {
			return v, false
		}
		begin := i
		var raw []byte
		if l[i] == '"' {
			end := quotedEnd(l[i:])
			if end < 0 {
				return v, false
			}
			i += end + 1
			raw = l[begin:i]
		} else {
			for i < len(l) && l[i] != ',' && l[i] != ']' && l[i] != '[' && l[i] != '{' && l[i] != '}' {
				i++
			}
			raw = bytes.TrimRight(l[begin:i], " ")
			if len(raw) == 0 {
				return v, false
			}
		}
		it, ok := scalarValue(raw, l, line, utf8.RuneCount(l[:begin])+1, at)
		if !ok {
			return v, false
		}
		v.Items = append(v.Items, it)
		skip()
		if i == len(l) {
			return v, false
		}
		switch l[i] {
		case ']':
			i++
			skip()
			return v, i == len(l)
		case ',':
			i++
			skip()
			if i < len(l) && l[i] == ']' {
				return v, false // a trailing comma
			}
		default:
			return v, false
		}
	}
}

// scalarValue reads the scalar s, which is all of what follows it on line
// l (number line) but spaces, at column col (in characters).
func scalarValue(s, l []byte, line, col int, at func(line, col int) diag.Pos) (schema.Value, bool) {
	v := schema.Value{Kind: schema.Scalar, Pos: at(line, col)}
	switch s[0] {
	case '"':
		text, ok := doubleQuoted(s)
		if !ok {
			return v, false
		}
		v.Text, v.Quoted, v.Native = text, true, "str"
	case '\'':
		text, ok := singleQuoted(s)
		if !ok {
			return v, false
		}
		v.Text, v.Quoted, v.Native = text, true, "str"
	default:
		text := string(s)
		native, ok := plainTag(text)
		if !ok {
			return v, false
		}
		if native == "null" {
			return schema.Value{Kind: schema.Null, Pos: v.Pos, Span: 1}, true
		}
		v.Text, v.Native = text, native
	}
	// As scalarSpan: the text and its quotes, at most to the end of the
	// line.
	w := utf8.RuneCountInString(v.Text)
	if v.Quoted {
		w += 2
	}
	if rest := utf8.RuneCount(l) - col + 1; w > rest && rest > 0 {
		w = rest
	}
	v.Span = max(w, 1)
	return v, true
}

// doubleQuoted returns the text of s, a double-quoted scalar and nothing
// after it, whose escapes are at most \" and \\ (any other is left to
// yaml.v3).
func doubleQuoted(s []byte) (string, bool) {
	end := quotedEnd(s)
	if end != len(s)-1 {
		return "", false
	}
	inner := s[1:end]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	b := make([]byte, 0, len(inner))
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' {
			i++ // quotedEnd saw that an escaped character follows
			if inner[i] != '"' && inner[i] != '\\' {
				return "", false
			}
		}
		b = append(b, inner[i])
	}
	return string(b), true
}

// quotedEnd returns the index of the quote that closes the double-quoted
// scalar at the start of s, or -1.
func quotedEnd(s []byte) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// singleQuoted returns the text of s, a single-quoted scalar and nothing
// after it (two quotes in a row stand for one).
func singleQuoted(s []byte) (string, bool) {
	var b []byte
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b = append(b, s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b = append(b, '\'')
			i++
			continue
		}
		return string(b), i == len(s)-1
	}
	return "", false
}

// plainTag returns the type that yaml.v3 resolves the plain scalar s to
// ("null" for a null), and false for the plain scalars fastYAML leaves to
// yaml.v3: those that start with an indicator or a character that may
// make a number or special value (but digits, for whole numbers and
// dates), and those that a colon or " #" would cut.
func plainTag(s string) (string, bool) {
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return "", false
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9':
		if date(s) {
			return "timestamp", true
		}
		if len(s) <= 18 && (c != '0' || len(s) == 1) && digits(s) {
			return "int", true
		}
		return "", false
	case strings.IndexByte("-?:,[]{}#&*!|>'\"%@`+.<=\\ ", c) >= 0:
		return "", false
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "bool", true
	case "~", "null", "Null", "NULL":
		return "null", true
	}
	return "str", true
}

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// date reports whether s is a date yyyy-mm-dd that yaml.v3 resolves to a
// timestamp (it parses it with the layout "2006-1-2").
func date(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[:4]) || !digits(s[5:7]) || !digits(s[8:]) {
		return false
	}
	_, err := time.Parse("2006-1-2", s)
	return err == nil
}
