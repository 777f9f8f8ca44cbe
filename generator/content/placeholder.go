package content

import (
	"bytes"
	"regexp"

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
		for _, loc := range placeholderRe.FindAllIndex(p.Source, -1) {
			pos := diag.Locate(p.Source, loc[0])
			if line := lineStart(p.Source, loc[0]); placeholderRe.Match(p.Source[line:loc[0]]) {
				continue // one message per line
			}
			diags.Add(p.Diag(diag.Diagnostic{Code: diag.PlaceholderLeft, Pos: pos, Span: len(Placeholder),
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
