package content

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// Placeholder marks what a page created by `generator new` still needs:
// the text of required fields, the body, a comment beside a value that
// had to be filled with something valid (a date). A draft may keep it;
// a published page may not (checkPlaceholders).
const Placeholder = "DA COMPILARE"

// placeholderRe finds Placeholder, also written with a hyphen where a
// space is not allowed (in a web address).
var placeholderRe = regexp.MustCompile(`DA[ -]COMPILARE`)

// checkPlaceholders reports, once per line, the placeholders left in
// pages that are not drafts: such a page would go live half-written.
func checkPlaceholders(pages []*Page, diags *diag.List) {
	for _, p := range pages {
		if p.Draft || p.Source == nil || !placeholderRe.Match(p.Source) {
			continue
		}
		// One message per line, the lines counted as the matches go: a
		// file full of placeholders is read once, not once per match.
		src := p.Source
		line, lineAt, next := 1, 0, 0
		for _, loc := range placeholderRe.FindAllIndex(src, -1) {
			if loc[0] < next {
				continue // one message per line
			}
			line += bytes.Count(src[lineAt:loc[0]], []byte("\n"))
			lineAt = lineStart(src, loc[0])
			next = len(src)
			if end := bytes.IndexByte(src[loc[0]:], '\n'); end >= 0 {
				next = loc[0] + end
			}
			pos := diag.Pos{Line: line, Col: utf8.RuneCount(src[lineAt:loc[0]]) + 1}
			text := strings.TrimRight(string(src[lineAt:next]), "\r")
			diags.Add(p.Diag(diag.Diagnostic{Code: diag.PlaceholderLeft, Pos: pos, Span: len(Placeholder), Source: strings.ToValidUTF8(text, "\uFFFD"),
				Message: "la scheda non è una bozza ma contiene ancora «" + Placeholder + "», un segnaposto da sostituire",
				Fix: "Scrivi al posto di «" + Placeholder + "» il valore vero (e togli il commento che lo accompagna), " +
					"oppure lascia la scheda in bozza con «draft: true» finché non è pronta."}))
		}
	}
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// ReservedSlug says whether slug is an address the site uses for a list
// under section (page, aperte, a filter), and what for.
func ReservedSlug(sch *schema.Schema, section, slug string) (why string, reserved bool) {
	why, reserved = reservedSlugs(sch)[section][slug]
	return why, reserved
}
