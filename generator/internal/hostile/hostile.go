// Package hostile makes Markdown bodies that stress a parser: every
// construct of CommonMark and of the extensions the bank uses, repeated
// until the body reaches a given size, in blocks that stay within the
// content limits (content.MaxBlockSize), so that each is a file a build
// would accept. The markdown package's tests bound the work each family
// costs, FuzzConvert is seeded with them, and generator/bench/hostile-markdown
// measures them against a normal page of the same size.
package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// BlockSize is the size of the blocks a family is cut into: under the
// 64 KiB a block may have without a blank line.
const BlockSize = 60 << 10

// Family is one kind of hostile body.
type Family struct {
	// Name is short and stable, for tables and test names.
	Name string
	// What says, in a few words, what the body repeats.
	What string
	// Make returns a body of about size bytes.
	Make func(size int) []byte
}

// Families lists every family.
func Families() []Family { return families }

// Normal returns a body of about size bytes made of the normal page given
// (a real page of the bank), repeated: what the hostile bodies are
// measured against.
func Normal(page []byte, size int) []byte {
	var b bytes.Buffer
	b.Grow(size + len(page))
	for b.Len() < size {
		b.Write(page)
		b.WriteString("\n\n")
	}
	return b.Bytes()
}

// repeat fills paragraphs of BlockSize with unit, blank lines between.
func repeat(unit string) func(int) []byte {
	return func(size int) []byte { return blocks(size, func(int) string { return unit }) }
}

// blocks fills blocks of at most BlockSize with the units next(i) gives,
// a blank line between blocks.
func blocks(size int, next func(i int) string) []byte {
	var b bytes.Buffer
	b.Grow(size + BlockSize)
	block := 0
	for i := 0; b.Len() < size; i++ {
		u := next(i)
		if block+len(u) > BlockSize {
			b.WriteString("\n\n")
			block = 0
		}
		b.WriteString(u)
		block += len(u)
	}
	return b.Bytes()
}

// lines joins units one per line in blocks of BlockSize.
func lines(next func(i int) string) func(int) []byte {
	return func(size int) []byte {
		return blocks(size, func(i int) string { return next(i) + "\n" })
	}
}

var families = []Family{
	{"link-aperto", "«[a](» senza chiusura", repeat("[a](")},
	{"link-annidato", "«[» aperte e mai chiuse", repeat("[a ")},
	{"quadre-aperte", "«[[a]»: una «[» in più a ogni «]»", repeat("[[a] ")},
	{"immagini-aperte", "«![[a]»: una «![» in più a ogni «]»", repeat("![[a] ")},
	{"immagine-aperta", "«![» senza chiusura", repeat("![a ")},
	{"immagine-link", "«![[» e «](» alternati", repeat("![[a](")},
	{"parentesi-destinazione", "«[a](b(c(d» annidate", repeat("[a](b(")},
	{"titolo-aperto", "«[a](b \"» titolo non chiuso", repeat("[a](b \"c ")},
	{"titolo-parentesi", "«[a](b (» titolo tra parentesi mai chiuso", repeat("[a](b (")},
	{"destinazione-angolare", "«[a](<b» senza «>»", repeat("[a](<b ")},
	{"minore", "«<» ripetuto", repeat("< ")},
	{"tag-a", "«<a » aperti", repeat("<a ")},
	{"tag-attributi", "«<a b=» attributi aperti", repeat("<a b='")},
	{"autolink-aperto", "«<http:» senza «>»", repeat("<http://a ")},
	{"autolink", "«<https://a.it>» chiusi", repeat("<https://a.it/x> ")},
	{"linkify", "indirizzi nudi www. e e-mail", repeat("www.a.it/b_(c) a@b.it ")},
	{"linkify-attaccati", "indirizzi senza spazi", repeat("www.a.it")},
	{"enfasi", "«*_*_» alternati", repeat("*_")},
	{"enfasi-aperta", "«**a» mai chiusi", repeat("**a ")},
	{"enfasi-mista", "«*a **b _c __d»", repeat("*a **b _c __d ")},
	{"barrato", "«~~a» mai chiusi", repeat("~~a ")},
	{"backtick", "backtick di lunghezze diverse", func(size int) []byte {
		return blocks(size, func(i int) string { return strings.Repeat("`", i%50+1) + " a " })
	}},
	{"backtick-uguali", "«`» dispari", repeat("` a ")},
	{"entita", "«&#» ed entità", repeat("&#1234567;&#x;&amp&#65; ")},
	{"escape", "«\\» davanti a ogni segno", repeat("\\*\\[\\`\\<\\&")},
	{"virgolette", "virgolette e apostrofi", repeat("\"'a' \"b\" l'c ")},
	{"citazione-elenco", "«> - » annidati su una riga", repeat("> - ")},
	{"citazione-profonda", "«>» annidati", repeat(">")},
	{"elenco-profondo", "elenchi rientrati sempre più", func(size int) []byte {
		return blocks(size, func(i int) string { return strings.Repeat("  ", i%200) + "- a\n" })
	}},
	{"elenco-lungo", "voci di elenco", lines(func(i int) string { return fmt.Sprintf("- voce %d", i) })},
	{"elenco-numeri", "«1. 1. 1.» annidati", repeat("1. ")},
	{"riferimenti", "definizioni di riferimento e loro uso", func(size int) []byte {
		var b bytes.Buffer
		half := size / 2
		defs := blocks(half, func(i int) string { return fmt.Sprintf("[r%d]: /u%d \"t\"\n", i, i) })
		n := bytes.Count(defs, []byte("\n["))
		b.Write(blocks(size-len(defs), func(i int) string { return fmt.Sprintf("[x][r%d] ", i%(n+1)) }))
		b.WriteString("\n\n")
		b.Write(defs)
		return b.Bytes()
	}},
	{"riferimenti-mancanti", "riferimenti a definizioni che non ci sono", repeat("[a][b] ")},
	{"note", "definizioni di note e loro richiami", func(size int) []byte {
		var b bytes.Buffer
		refs := blocks(size/2, func(i int) string { return fmt.Sprintf("testo[^n%d] ", i) })
		b.Write(refs)
		b.WriteString("\n\n")
		b.Write(blocks(size/2, func(i int) string { return fmt.Sprintf("[^n%d]: nota %d\n\n", i, i) }))
		return b.Bytes()
	}},
	{"note-richiami", "richiami di note senza definizione", repeat("[^a] ")},
	{"tabella-larga", "tabelle con migliaia di colonne", func(size int) []byte {
		row := strings.Repeat("| a ", 5000) + "|\n"
		sep := strings.Repeat("|---", 5000) + "|\n"
		return blocks(size, func(i int) string {
			if i%3 == 0 {
				return "\n" + row
			}
			if i%3 == 1 {
				return sep
			}
			return row
		})
	}},
	{"tabella-lunga", "tabelle con migliaia di righe", func(size int) []byte {
		return blocks(size, func(i int) string {
			if i%1000 == 0 {
				return "\n| a | b | c |\n|---|:-:|--:|\n"
			}
			return "| [x](y) | *a* | `c` |\n"
		})
	}},
	{"barre", "righe di sole «|»", repeat("|")},
	{"barre-righe", "righe «|-|» sotto a righe di «|»", lines(func(i int) string {
		if i%2 == 0 {
			return strings.Repeat("|a", 200)
		}
		return strings.Repeat("|-", 200)
	})},
	{"titoli", "titoli uguali (id da rendere unici)", lines(func(int) string { return "## Titolo\n" })},
	{"titoli-setext", "titoli sottolineati", lines(func(int) string { return "Titolo\n===" })},
	{"codice-aperto", "blocchi di codice mai chiusi", lines(func(i int) string { return strings.Repeat("`", 3+i%5) })},
	{"html-blocchi", "blocchi HTML", lines(func(int) string { return "<div>\n</div>" })},
	{"commenti", "commenti HTML aperti", repeat("<!-- a ")},
	{"righe-vuote", "righe di soli spazi", lines(func(int) string { return "    " })},
	{"interruzioni", "righe «***» e «---»", lines(func(i int) string { return []string{"***", "---", "a", "___"}[i%4] })},
	{"segnaposto", "«DA COMPILARE» lasciato ovunque", lines(func(i int) string { return strings.Repeat("DA COMPILARE ", 1+i%8) })},
	{"segnaposto-riga", "«DA COMPILARE» su righe lunghe", repeat("DA COMPILARE ")},
	{"compiti", "elenchi di compiti", lines(func(i int) string { return []string{"- [ ] a", "- [x] b", "  - [ ] c"}[i%3] })},
	// What a definition repeats at each use, and what a table fills in.
	{"riferimento-lungo", "una definizione di 60 KB usata migliaia di volte", reference("[r]: /"+strings.Repeat("x", BlockSize-8)+"\n", "[a][r] ")},
	{"riferimento-titolo", "una definizione con un titolo di 60 KB usata migliaia di volte", reference("[r]: /x \""+strings.Repeat("t ", BlockSize/2-8)+"\"\n", "[a][r] ")},
	{"immagine-riferimento", "un'immagine da una definizione di 60 KB usata migliaia di volte", reference("[r]: /"+strings.Repeat("x", BlockSize-8)+".png\n", "![a][r] ")},
	{"tabella-vuota", "intestazioni di migliaia di colonne su righe corte", func(size int) []byte {
		return blocks(size, emptyTable(""))
	}},
	{"tabella-in-citazione", "tabelle vuote in elenchi in citazioni", func(size int) []byte {
		return blocks(size, emptyTable("> - "))
	}},
	// Two families at once, each just within its bound.
	{"citazione-link", "«> - » su 16 livelli, poi «[a](»", repeat(strings.Repeat("> ", 16) + "[a](\n")},
	{"link-4k", "«[a](» e 4.000 caratteri senza spazi", repeat("[a](" + strings.Repeat("x", 4000) + " ")},
	{"inline-annidati", "«*[_[**[~~[» annidati e mai chiusi", repeat("*[_[**[~~[`")},
	{"note-al-limite", "1.400 note e 1.400 richiami", func(size int) []byte {
		var b bytes.Buffer
		for b.Len() < size/2 {
			for i := 0; i < 1400 && b.Len() < size/2; i++ {
				fmt.Fprintf(&b, "testo[^n%d] ", i)
			}
			b.WriteString("\n\n")
		}
		for i := 0; i < 1400; i++ {
			fmt.Fprintf(&b, "[^n%d]: nota\n\n", i)
		}
		return b.Bytes()
	}},
}

// reference returns a family of a definition def and uses of it.
func reference(def, use string) func(int) []byte {
	return func(size int) []byte {
		return append([]byte(def+"\n"), blocks(size-len(def), func(int) string { return use })...)
	}
}

// emptyTable returns the units of tables whose header has thousands of
// columns and whose rows are one letter each, every line after prefix.
func emptyTable(prefix string) func(int) string {
	head := prefix + strings.Repeat("|a", 4000) + "|\n"
	cont := strings.Repeat(" ", len(prefix))
	if strings.HasPrefix(prefix, ">") {
		cont = ">" + cont[1:]
	}
	sep := cont + strings.Repeat("|-", 4000) + "|\n"
	return func(i int) string {
		switch i % 3000 {
		case 0:
			return "\n" + head
		case 1:
			return sep
		}
		return cont + "a\n"
	}
}
