package markdown

import (
	"html"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// headingIDs is the parser.IDs of one document: goldmark's auto heading id
// asks it for the id of every heading, passing the heading's source line.
// Ids are ASCII, lower-case, accents folded and unique in the document:
// "Perché è importante" → "perche-e-importante", then "perche-e-importante-1".
type headingIDs struct {
	used map[string]bool
	// next caches the last suffix tried for a base id, so that many
	// headings with the same text do not make Generate quadratic.
	next map[string]int
	buf  []byte
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: make(map[string]bool, 8)}
}

// fallbackID names a heading without a single letter or digit.
const fallbackID = "sezione"

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	h.buf = appendID(h.buf[:0], value)
	base := string(h.buf)
	if base == "" {
		base = fallbackID
	}
	id := base
	if h.used[id] {
		if h.next == nil {
			h.next = make(map[string]int)
		}
		for i := h.next[base] + 1; ; i++ {
			id = base + "-" + strconv.Itoa(i)
			if !h.used[id] {
				h.next[base] = i
				break
			}
		}
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// appendID appends to dst the id of a heading whose Markdown source is src:
// letters and digits folded to lower-case ASCII, every other run of
// characters a single hyphen, no hyphen at either end. Link destinations
// ("](…)") and tags in the source are skipped and character references
// decoded, so that "## Vedi [l'orto](../orti.md)" gives "vedi-l-orto".
func appendID(dst, src []byte) []byte {
	f := idFolder{dst: dst, start: len(dst)}
	f.fold(src, true)
	return f.dst
}

type idFolder struct {
	dst   []byte
	start int
	dash  bool
}

func (f *idFolder) letter(b byte) {
	if f.dash && len(f.dst) > f.start {
		f.dst = append(f.dst, '-')
	}
	f.dash = false
	f.dst = append(f.dst, b)
}

func (f *idFolder) fold(src []byte, markdown bool) {
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			f.letter(c)
			i++
			continue
		case 'A' <= c && c <= 'Z':
			f.letter(c + 'a' - 'A')
			i++
			continue
		case !markdown:
		case c == ']' && i+1 < len(src) && src[i+1] == '(':
			i = skipParens(src, i+1)
			f.dash = true
			continue
		case c == '<':
			if j := skipTag(src, i); j > i {
				i = j
				f.dash = true
				continue
			}
		case c == '&':
			if j := skipCharRef(src, i); j > i {
				f.fold([]byte(html.UnescapeString(string(src[i:j]))), false)
				i = j
				continue
			}
		case c == '\\' && i+1 < len(src):
			// a backslash escape: the escaped character is punctuation.
			i += 2
			f.dash = true
			continue
		}
		if c < utf8.RuneSelf {
			f.dash = true
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		i += n
		f.foldRune(r)
	}
}

func (f *idFolder) foldRune(r rune) {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		f.dash = true
		return
	}
	if s, ok := specialFolds[r]; ok {
		for j := 0; j < len(s); j++ {
			f.letter(s[j])
		}
		return
	}
	var rb [utf8.UTFMax]byte
	var db [4 * utf8.UTFMax]byte
	w := utf8.EncodeRune(rb[:], r)
	folded := false
	for _, b := range norm.NFKD.Append(db[:0], rb[:w]...) {
		switch {
		case 'a' <= b && b <= 'z', '0' <= b && b <= '9':
			f.letter(b)
			folded = true
		case 'A' <= b && b <= 'Z':
			f.letter(b + 'a' - 'A')
			folded = true
		}
	}
	if !folded {
		// a letter with no ASCII form (Greek, Cyrillic, …) separates words.
		f.dash = true
	}
}

// specialFolds folds the Latin letters that Unicode does not decompose.
var specialFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i", 'þ': "th", 'ð': "d",
}

// skipParens returns the index after the parenthesis that closes the one
// at src[i], or len(src).
func skipParens(src []byte, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(src)
}

// skipTag returns the index after a tag or autolink "<…>" starting at
// src[i], or i when src[i:] does not start one.
func skipTag(src []byte, i int) int {
	if i+1 >= len(src) {
		return i
	}
	if c := src[i+1]; !(c == '/' || c == '!' || 'a' <= c|0x20 && c|0x20 <= 'z') {
		return i
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '>':
			return j + 1
		case '<', '\n':
			return i
		}
	}
	return i
}

// skipCharRef returns the index after a character reference ("&amp;",
// "&#232;") starting at src[i], or i.
func skipCharRef(src []byte, i int) int {
	for j := i + 1; j < len(src) && j < i+32; j++ {
		c := src[j]
		switch {
		case c == ';':
			if j > i+1 {
				return j + 1
			}
			return i
		case c == '#' && j == i+1,
			'a' <= c|0x20 && c|0x20 <= 'z', '0' <= c && c <= '9':
		default:
			return i
		}
	}
	return i
}
