package render

import (
	"encoding/xml"
	"html"
	"strings"
	"testing"
)

// hostileTexts are values a net weaver could write in a title, a summary,
// an author or a term, each of which a feed or a calendar must carry as
// text.
var hostileTexts = []string{
	`<img src=x onerror=alert(1)>`,
	`&lt;script&gt;alert(2)&lt;/script&gt;`,
	`]]><script>alert(3)</script><![CDATA[`,
	"AT&T; «virgolette» \"doppie\" 'singole', C:\\cartella",
	"riga uno\r\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:falso\rtre",
	"controlli\x00\x01\x0b\x1b\x7f e separatori\u2028\u2029 fine",
	"controlli C1\u0080\u009b[31m rosso\u0085riga nuova\u009f fine",
}

// hostileSite is the fixture with one open opportunity whose every text
// is hostile.
func hostileSite(t *testing.T, text string) map[string][]byte {
	b := fixture(t)
	b.add(pageSpec{section: "opportunita", slug: "ostile", title: "Titolo " + text,
		date: "2026-11-26", summary: "Sommario " + text, authors: []string{"Autore " + text}, deadline: "2027-02-01",
		fields: map[string]any{"ente": "Ente"}, terms: map[string][]string{"argomenti": {"termine " + text}}})
	return renderSite(t, b.finish())
}

// withoutControls is s as a feed may carry it: no C0 controls but tab and
// newline, no DEL.
func withoutControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f {
			return -1
		}
		return r
	}, s)
}

// TestFeedFieldsAreText reads each feed as a feed reader does: the XML
// decoded, then every text field (title, description, author, category)
// read as HTML. No field may hold a tag, and each must give back the text
// that was written.
func TestFeedFieldsAreText(t *testing.T) {
	type item struct {
		Title       string   `xml:"title"`
		Description string   `xml:"description"`
		Creators    []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Categories  []string `xml:"category"`
	}
	type feed struct {
		Channel struct {
			Title       string `xml:"title"`
			Description string `xml:"description"`
			Items       []item `xml:"item"`
		} `xml:"channel"`
	}
	for _, text := range hostileTexts {
		files := hostileSite(t, text)
		for _, name := range []string{"index.xml", "opportunita/index.xml", "argomenti/index.xml"} {
			data, ok := files[name]
			if name == "argomenti/index.xml" && !ok {
				continue
			}
			var f feed
			if err := xml.Unmarshal(data, &f); err != nil {
				t.Fatalf("%s is not XML (%v):\n%s", name, err, data)
			}
			var found *item
			for i, it := range f.Channel.Items {
				if strings.HasPrefix(html.UnescapeString(it.Title), "Titolo ") {
					found = &f.Channel.Items[i]
				}
				for _, v := range append([]string{it.Title, it.Description, f.Channel.Title, f.Channel.Description}, append(it.Creators, it.Categories...)...) {
					if strings.ContainsAny(v, "<>") {
						t.Errorf("%s: a field reads as HTML with markup: %q", name, v)
					}
				}
			}
			if found == nil {
				t.Fatalf("%s: the hostile page is not in the feed", name)
			}
			want := withoutControls(text)
			for field, pair := range map[string][2]string{
				"title":       {found.Title, "Titolo " + want},
				"description": {found.Description, "Sommario " + want},
				"dc:creator":  {strings.Join(found.Creators, "|"), "Autore " + want},
			} {
				if got := html.UnescapeString(pair[0]); got != pair[1] {
					t.Errorf("%s: %s reads %q, want %q", name, field, got, pair[1])
				}
			}
			hasTerm := false
			for _, c := range found.Categories {
				hasTerm = hasTerm || html.UnescapeString(c) == "Termine "+want
			}
			if !hasTerm {
				t.Errorf("%s: no category carries the term: %q", name, found.Categories)
			}
		}
	}
}

// TestCalendarTextIsEscaped: a hostile title or summary stays inside its
// property in the page's .ics and the site's: one event each, no bare
// control character, and SUMMARY and DESCRIPTION give back the text.
func TestCalendarTextIsEscaped(t *testing.T) {
	for _, text := range hostileTexts {
		files := hostileSite(t, text)
		for _, name := range []string{"opportunita/ostile/scadenza.ics", "opportunita/scadenze.ics"} {
			data := string(files[name])
			if data == "" {
				t.Fatalf("%s missing", name)
			}
			for _, c := range data {
				if c < ' ' && c != '\r' && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f {
					t.Errorf("%s holds the control character %U", name, c)
				}
			}
			if strings.Contains(strings.ReplaceAll(data, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(data, "\r\n", ""), "\r") {
				t.Errorf("%s has a line break that is not CRLF", name)
			}
			unfolded := strings.ReplaceAll(data, "\r\n ", "")
			var props []string
			events, uids := 0, 0
			for _, line := range strings.Split(unfolded, "\r\n") {
				if strings.HasPrefix(line, "SUMMARY:Scadenza: Titolo ") || strings.HasPrefix(line, "DESCRIPTION:Sommario ") {
					props = append(props, line)
				}
				if strings.HasPrefix(line, "SUMMARY:falso") {
					t.Errorf("%s: the text broke out of its property", name)
				}
				switch {
				case line == "BEGIN:VEVENT":
					events++
				case strings.HasPrefix(line, "UID:"):
					uids++
				}
			}
			if events != uids {
				t.Errorf("%s: %d events for %d UIDs: the text made an event of its own", name, events, uids)
			}
			if len(props) != 2 {
				t.Fatalf("%s: want the SUMMARY and DESCRIPTION of the hostile page, found %q", name, props)
			}
			want := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n", "\x7f", "").Replace(text)
			want = withoutControls(want)
			if got := icsUnescape(strings.TrimPrefix(props[0], "SUMMARY:Scadenza: Titolo ")); got != want {
				t.Errorf("%s: SUMMARY reads %q, want %q", name, got, want)
			}
		}
	}
}

// icsUnescape reads a TEXT value as a calendar app does.
func icsUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' || s[i] == 'N' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
