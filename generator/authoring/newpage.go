package authoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/slug"
)

// commentWidth is the width at which the comments of a new page wrap.
const commentWidth = 100

// NewPage returns the content-relative path (opportunita/titolo.md) and
// the text of a new page of section titled title, dated now in the site's
// zone. Its front matter lists every field of the section, each with an
// Italian comment (label, help, allowed values, whether it is required);
// it starts as a draft, and the required fields and the body hold
// content.Placeholder, so that the file builds as it is and cannot be
// published before someone fills it in. pages lists, for a taxonomy bound
// to a section (cantieri), the slugs its values may take; the comment
// lists them.
func NewPage(s *schema.Schema, section, title string, now time.Time, pages map[string][]string) (string, []byte, error) {
	sec := s.Section(section)
	if sec == nil {
		return "", nil, UnknownSection(s, section)
	}
	title = strings.TrimSpace(title)
	if title == "" {
		return "", nil, fmt.Errorf("manca il titolo: scrivilo tra virgolette dopo la sezione, per esempio «go run ./generator new %s \"Bando estate 2027\"»", section)
	}
	name := slug.Make(title)
	if name == "" {
		return "", nil, fmt.Errorf("dal titolo «%s» non si ricava un nome di file: usa lettere o cifre", title)
	}
	if why, ok := content.ReservedSlug(s, section, name); ok {
		return "", nil, fmt.Errorf("l'indirizzo /%s/%s/ è riservato (il sito lo usa per %s): scegli un titolo diverso, o rinomina il file dopo averlo creato", section, name, why)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	comment(&b, fmt.Sprintf("Nuova scheda della sezione «%s», creata con «go run ./generator new». "+
		"Le righe che iniziano con # sono spiegazioni: non vengono pubblicate e si possono cancellare. "+
		"Sostituisci ogni segnaposto «da compilare», poi, quando la scheda è pronta, scrivi «draft: false». "+
		"I campi facoltativi che non servono si lasciano vuoti o si cancellano.", sec.Label))
	b.WriteString("\n")
	loc := s.Site.Location
	if loc == nil {
		loc = time.UTC
	}
	today := now.In(loc).Format("2006-01-02")
	// The fields in the order of the editing UI's form (FormOrder), the
	// rare ones last.
	writeCommon := func(f *schema.Field) {
		switch f.Key {
		case "title":
			writeField(&b, f, quote(title), "")
		case "date":
			writeField(&b, f, today, "")
		case "draft":
			writeField(&b, f, "true", "Lascia true finché la scheda non è pronta: le bozze non vengono pubblicate.")
		default:
			v, note := placeholderValue(f, today)
			writeField(&b, f, v, note)
		}
	}
	order := FormOrder(s, sec)
	for _, ff := range order.Fields {
		if t := ff.Taxonomy; t != nil {
			values := t.Values
			if t.Pages != "" {
				values = pages[t.Pages]
			}
			doc := t.Label + " — facoltativo. " + t.Help
			if len(values) > 0 {
				doc += " Valori ammessi (scritti esattamente così, accenti compresi): " + strings.Join(values, ", ") + "."
			}
			doc += " Una lista: [\"primo\", \"secondo\"]."
			comment(&b, doc)
			fmt.Fprintf(&b, "%s: []\n", t.Key)
			continue
		}
		writeCommon(ff.Field)
	}
	if len(order.Advanced) > 0 {
		b.WriteString("\n")
		comment(&b, "Opzioni avanzate: di solito non servono, si possono lasciare vuote o cancellare.")
		for _, f := range order.Advanced {
			writeCommon(f)
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(content.Placeholder + ": il testo della scheda, in Markdown. Un paragrafo per idea, separati da una riga vuota; " +
		"**grassetto**, *corsivo*, elenchi con «- », collegamenti con `[testo](/sezione/nome-file/)`.\n")
	return section + "/" + name + ".md", b.Bytes(), nil
}

// placeholderValue is the value a new page starts with for f: empty when
// the field is optional, content.Placeholder (or a valid value with the
// placeholder in a comment) when it is required. The second result is
// the comment to put on the value's line.
func placeholderValue(f *schema.Field, today string) (string, string) {
	if !f.Required {
		switch f.Type {
		case schema.TypeList, schema.TypeRecords:
			return "[]", ""
		case schema.TypeReference:
			if f.Multiple {
				return "[]", ""
			}
			return `""`, ""
		case schema.TypeString, schema.TypeText, schema.TypeURL, schema.TypeEmail, schema.TypePhone, schema.TypeContacts:
			return `""`, ""
		}
		return "", ""
	}
	fill := "# " + content.Placeholder
	switch {
	case len(f.Values) > 0 && f.Type == schema.TypeList:
		return "[" + quote(f.Values[0]) + "]", fill + ": scegli tra i valori ammessi"
	case len(f.Values) > 0:
		return quote(f.Values[0]), fill + ": scegli tra i valori ammessi"
	}
	switch f.Type {
	case schema.TypeList:
		return "[" + quote(content.Placeholder) + "]", ""
	case schema.TypeReference:
		if f.Multiple {
			return "[" + quote(content.Placeholder) + "]", ""
		}
	case schema.TypeRecords:
		// One record with its required sub-fields to fill in.
		var parts []string
		for _, sf := range f.Fields {
			if sf.Required {
				v, _ := placeholderValue(sf, today)
				parts = append(parts, sf.Key+": "+v)
			}
		}
		return "[{" + strings.Join(parts, ", ") + "}]", ""
	case schema.TypeURL:
		return quote("https://www.esempio.it/" + strings.ReplaceAll(content.Placeholder, " ", "-")), ""
	case schema.TypeDate, schema.TypeDateTime:
		return today, fill + ": la data giusta"
	case schema.TypeBool:
		return "false", fill
	case schema.TypeInt:
		return "0", fill
	}
	return quote(content.Placeholder), ""
}

// writeField writes the comment of f and its line.
func writeField(b *bytes.Buffer, f *schema.Field, value, note string) {
	doc := f.Label
	if f.Required {
		doc += " — obbligatorio."
	} else {
		doc += " — facoltativo."
	}
	if f.Help != "" {
		doc += " " + f.Help
	}
	if len(f.Values) > 0 {
		doc += " Valori ammessi (scritti esattamente così): " + strings.Join(f.Values, ", ") + "."
	}
	doc += typeNote(f)
	if note != "" && !strings.HasPrefix(note, "#") {
		doc += " " + note
		note = ""
	}
	comment(b, doc)
	line := f.Key + ":"
	if value != "" {
		line += " " + value
	}
	if note != "" {
		line += "   " + note
	}
	b.WriteString(line + "\n")
}

// typeNote says how to write a value of f's type, when the help does not.
func typeNote(f *schema.Field) string {
	switch f.Type {
	case schema.TypeList:
		return " Una lista: [\"primo\", \"secondo\"]."
	case schema.TypeReference:
		return " " + upperFirst(referenceText(f)) + "."
	case schema.TypeRecords:
		return " " + upperFirst(recordsText(f)) + "."
	case schema.TypeBool:
		return " Vale true (sì) o false (no)."
	case schema.TypeInt:
		return " Un numero intero."
	case schema.TypeURL:
		if !strings.Contains(f.Help, "https://") {
			return " Un indirizzo completo (https://…)."
		}
	case schema.TypeEmail:
		return " Un indirizzo e-mail: nome@dominio.it."
	case schema.TypePhone:
		return " Un numero di telefono con il prefisso: 051 6219201 o 338 123 4567."
	case schema.TypeDate:
		if !strings.Contains(f.Help, "AAAA-MM-GG") {
			return " Una data: AAAA-MM-GG."
		}
	case schema.TypeDateTime:
		if !strings.Contains(f.Help, "AAAA-MM-GG") {
			return " Una data: AAAA-MM-GG, oppure con l'ora (italiana): AAAA-MM-GG HH:MM."
		}
	}
	return ""
}

// comment writes text as YAML comment lines wrapped at commentWidth.
func comment(b *bytes.Buffer, text string) {
	line := "#"
	for _, w := range strings.Fields(text) {
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > commentWidth && line != "#" && line != "#  " {
			b.WriteString(line + "\n")
			line = "#  "
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
}

// quote writes s as a YAML double-quoted string (JSON's escapes are
// YAML's).
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// UnknownSection is the error for a section name the schema does not
// declare: it lists the valid ones and suggests the closest.
func UnknownSection(s *schema.Schema, name string) error {
	keys := make([]string, len(s.Sections))
	for i, sec := range s.Sections {
		keys[i] = sec.Key
	}
	msg := fmt.Sprintf("la sezione «%s» non esiste: le sezioni sono %s", name, strings.Join(keys, ", "))
	if near, ok := schema.Closest(name, keys); ok {
		msg += fmt.Sprintf(" (forse intendevi «%s»?)", near)
	}
	return fmt.Errorf("%s", msg)
}

// PageSlugs lists the slugs of the pages of section in the content folder
// (file names without .md, and page folders with an index.md), sorted: the
// values a taxonomy bound to that section (cantieri) may take.
func PageSlugs(contentDir, section string) []string {
	entries, err := os.ReadDir(filepath.Join(contentDir, section))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir():
			if _, err := os.Stat(filepath.Join(contentDir, section, name, "index.md")); err != nil {
				continue
			}
		case strings.EqualFold(path.Ext(name), ".md"):
			name = strings.TrimSuffix(name, path.Ext(name))
		default:
			continue
		}
		if sl := slug.Make(name); sl != "" && !strings.HasPrefix(name, ".") {
			out = append(out, sl)
		}
	}
	sort.Strings(out)
	return out
}

// Exists reports whether a page with the slug of rel (section/name.md)
// is already in the content folder, as a file or as a page folder, and
// returns its path.
func Exists(contentDir, rel string) (string, bool) {
	file := filepath.Join(contentDir, filepath.FromSlash(rel))
	folder := filepath.Join(strings.TrimSuffix(file, ".md"), "index.md")
	for _, p := range []string{file, folder} {
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}
