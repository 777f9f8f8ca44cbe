package authoring

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// GuidePath is the authoring guide, relative to the project root.
const GuidePath = "docs/guida-autori.md"

// A guide region is the text between a line "<!-- NAME:inizio -->" and a
// line "<!-- NAME:fine -->"; UpdateGuide rewrites it, the rest of the
// guide is written by hand.
const (
	regionFields = "campi"  // the fields of every section, from schema.yaml
	regionCodes  = "codici" // the diagnostic codes, from diag.Codes
)

// UpdateGuide returns doc (the guide) with its generated regions
// rewritten from the schema and from diag.Codes.
func UpdateGuide(doc []byte, s *schema.Schema) ([]byte, error) {
	doc, err := replaceRegion(doc, regionFields, "schema.yaml", FieldsMarkdown(s))
	if err != nil {
		return nil, err
	}
	return replaceRegion(doc, regionCodes, "generator/diag/codes.go", CodesMarkdown())
}

// replaceRegion puts text between the markers of region in doc.
func replaceRegion(doc []byte, region, source string, text []byte) ([]byte, error) {
	start := []byte("<!-- " + region + ":inizio -->\n")
	end := []byte("<!-- " + region + ":fine -->")
	i := bytes.Index(doc, start)
	if i < 0 {
		return nil, fmt.Errorf("%s: manca la riga «%s»", GuidePath, bytes.TrimSpace(start))
	}
	j := bytes.Index(doc[i:], end)
	if j < 0 {
		return nil, fmt.Errorf("%s: manca la riga «%s»", GuidePath, end)
	}
	j += i
	var b bytes.Buffer
	b.Write(doc[:i+len(start)])
	fmt.Fprintf(&b, "<!-- Generato da «go run ./generator guida» a partire da %s: non modificare a mano. -->\n\n", source)
	b.Write(text)
	b.WriteString("\n")
	b.Write(doc[j:])
	return b.Bytes(), nil
}

// FieldsMarkdown describes, in Italian, the fields of every page, the
// taxonomies and the fields of each section, as Markdown tables.
func FieldsMarkdown(s *schema.Schema) []byte {
	var b bytes.Buffer
	b.WriteString("### Campi di ogni scheda\n\n")
	fieldTable(&b, s.Common)
	b.WriteString("\n### Classificazioni (in ogni sezione, tutte facoltative)\n\n")
	b.WriteString("| campo | nome | valori | a cosa serve |\n|---|---|---|---|\n")
	for _, t := range s.Taxonomies {
		var values string
		switch {
		case t.Pages != "":
			values = fmt.Sprintf("il nome del file di una scheda di `content/%s/`, senza `.md`", t.Pages)
		case len(t.Values) > 0:
			values = "uno o più tra: " + strings.Join(t.Values, ", ")
		default:
			values = "liberi"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", t.Key, cell(t.Label), cell(values), cell(t.Help))
	}
	for _, sec := range s.Sections {
		fmt.Fprintf(&b, "\n### %s (`content/%s/`)\n\n", sec.Label, sec.Key)
		if sec.Description != "" {
			b.WriteString(sec.Description + "\n\n")
		}
		if len(sec.Fields) == 0 {
			b.WriteString("Nessun campo oltre a quelli di ogni scheda.\n")
			continue
		}
		fieldTable(&b, sec.Fields)
	}
	return b.Bytes()
}

func fieldTable(b *bytes.Buffer, fields []*schema.Field) {
	b.WriteString("| campo | nome | obbligatorio | come si scrive | a cosa serve |\n|---|---|---|---|---|\n")
	for _, f := range fields {
		req := "no"
		switch {
		case f.Required:
			req = "**sì**"
		case f.Advanced:
			req = "no (nel pannello: *Opzioni avanzate*)"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", f.Key, cell(f.Label), req, cell(typeText(f)), cell(f.Help))
	}
}

// typeText says in Italian how a value of f is written.
func typeText(f *schema.Field) string {
	if len(f.Values) > 0 {
		if f.Type == schema.TypeList {
			return "uno o più tra: " + strings.Join(f.Values, ", ")
		}
		return "uno tra: " + strings.Join(f.Values, ", ")
	}
	switch f.Type {
	case schema.TypeText:
		return "testo (un paragrafo)"
	case schema.TypeURL:
		return "indirizzo web completo (https://…)"
	case schema.TypeEmail:
		return "un indirizzo e-mail (nome@dominio.it): diventa un collegamento per scrivere"
	case schema.TypePhone:
		return "un numero di telefono con il prefisso (051 6219201, +39 051 6219201, 338 123 4567): diventa un collegamento per chiamare"
	case schema.TypeContacts:
		return "testo (un paragrafo); indirizzi e-mail, numeri di telefono e siti diventano collegamenti"
	case schema.TypeDate:
		return "data, AAAA-MM-GG"
	case schema.TypeDateTime:
		return "data, AAAA-MM-GG, e se serve l'ora: AAAA-MM-GG HH:MM"
	case schema.TypeBool:
		return "true o false"
	case schema.TypeInt:
		return "numero intero"
	case schema.TypeList:
		return "lista: [\"…\", \"…\"]"
	case schema.TypeReference:
		return referenceText(f)
	case schema.TypeRecords:
		return recordsText(f)
	}
	return "testo su una riga"
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// CodesMarkdown documents every diagnostic code of diag.Codes in Italian:
// an index, then for each code what it means, an example and how to fix it.
func CodesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("| codice | problema |\n|---|---|\n")
	for _, c := range diag.Codes {
		fmt.Fprintf(&b, "| [%s](#%s) | %s |\n", c.Code, Anchor(codeHeading(c)), cell(c.Title))
	}
	for _, c := range diag.Codes {
		fmt.Fprintf(&b, "\n### %s\n\n", codeHeading(c))
		fmt.Fprintf(&b, "**Che cosa vuol dire.** %s\n\n", c.Meaning)
		fmt.Fprintf(&b, "**Un esempio.**\n\n%s\n", fence(c.Example))
		fmt.Fprintf(&b, "**Come correggere.** %s\n", c.Fix)
	}
	return b.Bytes()
}

func codeHeading(c diag.Info) string { return fmt.Sprintf("%s — %s", c.Code, c.Title) }

// fence puts text in a fenced code block, with a fence longer than any
// run of backticks inside it.
func fence(text string) string {
	n := 3
	for run, i := 0, 0; i < len(text); i++ {
		if text[i] == '`' {
			run++
			n = max(n, run+1)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", n)
	return f + "text\n" + text + "\n" + f + "\n"
}

// Anchor is the id GitHub gives a heading: lower case, letters, digits,
// spaces turned into hyphens, hyphens and underscores kept, the rest
// dropped ("B107 — Valore non ammesso" → "b107--valore-non-ammesso").
func Anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
