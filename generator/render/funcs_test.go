package render

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

func TestLongDate(t *testing.T) {
	cases := []struct {
		in       time.Time
		want, on string
	}{
		{day("2026-08-12"), "12 agosto 2026", "il 12 agosto 2026"},
		// Only the first of the month is an ordinal, and "primo" does not
		// elide: il 1º, never l’1; otto and undici do: l’8, l’11.
		{day("2026-08-01"), "1º agosto 2026", "il 1º agosto 2026"},
		{day("2026-07-31"), "31 luglio 2026", "il 31 luglio 2026"},
		{day("2026-03-08"), "8 marzo 2026", "l’8 marzo 2026"},
		{day("2026-11-11"), "11 novembre 2026", "l’11 novembre 2026"},
		{day("2026-12-31"), "31 dicembre 2026", "il 31 dicembre 2026"},
		{day("2027-01-01"), "1º gennaio 2027", "il 1º gennaio 2027"},
		{day("2026-08-18"), "18 agosto 2026", "il 18 agosto 2026"},
		{day("2026-08-21"), "21 agosto 2026", "il 21 agosto 2026"},
		{day("2028-02-29"), "29 febbraio 2028", "il 29 febbraio 2028"},
		// 23:30 UTC on 30 September is already 1 October in Rome.
		{time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC).In(rome), "1º ottobre 2026", "il 1º ottobre 2026"},
		{time.Time{}, "", ""},
	}
	for _, c := range cases {
		if got := LongDate(c.in); got != c.want {
			t.Errorf("LongDate(%v) = %q, voglio %q", c.in, got, c.want)
		}
		if got := OnDate(c.in); got != c.on {
			t.Errorf("OnDate(%v) = %q, voglio %q", c.in, got, c.on)
		}
	}
	if got := isoDate(day("2026-08-01")); got != "2026-08-01" {
		t.Errorf("isoDate = %q", got)
	}
}

func TestDeadlineText(t *testing.T) {
	at := schema.Date{Time: time.Date(2026, 12, 15, 11, 0, 0, 0, time.UTC), HasTime: true}
	if got := DeadlineText(at, rome); got != "15 dicembre 2026, ore 12:00" {
		t.Errorf("con l'ora: %q", got)
	}
	if got := DeadlineText(schema.Date{Time: day("2026-12-15")}, rome); got != "15 dicembre 2026" {
		t.Errorf("senza ora: %q", got)
	}
	first := schema.Date{Time: time.Date(2027, 7, 1, 9, 30, 0, 0, rome), HasTime: true}
	if got := DeadlineText(first, rome); got != "1º luglio 2027, ore 09:30" {
		t.Errorf("il primo del mese: %q", got)
	}
}

func TestStatusPhrase(t *testing.T) {
	now := testNow
	sch, err := schema.Load("../../schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lc := sch.Section("opportunita").Lifecycle
	status := func(d *schema.Date, now time.Time) *site.Status {
		return site.StatusAt(lc, site.Moments{Closes: d}, now)
	}
	at := func(days int) *schema.Date {
		d := schema.Date{Time: time.Date(2026, 11, 27+days, 0, 0, 0, 0, rome)}
		return &d
	}
	cases := []struct {
		days int
		want string
	}{
		{-3, "scaduta il 24 novembre 2026"},
		{-1, "scaduta il 26 novembre 2026"},
		{0, "in scadenza — scade oggi"},
		{1, "in scadenza — scade domani"},
		{5, "in scadenza — scade tra 5 giorni"},
		{30, "aperta — scade tra 30 giorni"},
		{-19, "scaduta l’8 novembre 2026"},
		{-16, "scaduta l’11 novembre 2026"},
		{-26, "scaduta il 1º novembre 2026"},
	}
	for _, c := range cases {
		d := at(c.days)
		st := status(d, now.In(rome))
		if got := StatusPhrase(st, d); got != c.want {
			t.Errorf("%d giorni: %q, voglio %q", c.days, got, c.want)
		}
	}
	today := schema.Date{Time: time.Date(2026, 11, 27, 18, 0, 0, 0, rome), HasTime: true}
	if got := StatusPhrase(status(&today, now.In(rome)), &today); got != "in scadenza — scade oggi alle 18:00" {
		t.Errorf("oggi con l'ora: %q", got)
	}
	past := schema.Date{Time: time.Date(2026, 11, 27, 9, 0, 0, 0, rome), HasTime: true}
	if got := StatusPhrase(status(&past, now.In(rome)), &past); got != "scaduta il 27 novembre 2026" {
		t.Errorf("scaduta stamattina: %q", got)
	}
	if got := StatusPhrase(status(nil, now.In(rome)), nil); got != "a sportello" {
		t.Errorf("a sportello: %q", got)
	}
	if got := StatusPhrase(nil, nil); got != "" {
		t.Errorf("nessuno stato: %q", got)
	}
}

func TestJoinAuthors(t *testing.T) {
	cases := map[string][]string{
		"":                           nil,
		"Anna":                       {"Anna"},
		"Anna e Luca":                {"Anna", "Luca"},
		"Anna, Luca e Sara":          {"Anna", "Luca", "Sara"},
		"Anna, Luca, Sara e Paolo":   {"Anna", "Luca", "Sara", "Paolo"},
		"Paolo Neri ed Elena Fabbri": {"Paolo Neri", "Elena Fabbri"},
		"Anna, Luca ed Ettore":       {"Anna", "Luca", "Ettore"},
		"Elena e Paolo":              {"Elena", "Paolo"},
	}
	for want, in := range cases {
		if got := JoinAuthors(in); got != want {
			t.Errorf("JoinAuthors(%q) = %q, voglio %q", in, got, want)
		}
	}
}

func TestPluralAndNumber(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0 schede"}, {1, "1 scheda"}, {2, "2 schede"}, {12, "12 schede"},
		{999, "999 schede"}, {1000, "1.000 schede"}, {12345, "12.345 schede"}, {1234567, "1.234.567 schede"},
	}
	for _, c := range cases {
		if got := Plural(c.n, "scheda", "schede"); got != c.want {
			t.Errorf("Plural(%d) = %q, voglio %q", c.n, got, c.want)
		}
	}
	if got := Number(-1234); got != "-1.234" {
		t.Errorf("Number(-1234) = %q", got)
	}
}

func TestAbsURLAndFirst(t *testing.T) {
	for _, c := range [][3]string{
		{"https://x.it", "/a/", "https://x.it/a/"},
		{"https://x.it/", "/a/", "https://x.it/a/"},
		{"https://x.it", "a/", "https://x.it/a/"},
		{"https://x.it", "https://y.it/b", "https://y.it/b"},
	} {
		if got := AbsURL(c[0], c[1]); got != c[2] {
			t.Errorf("AbsURL(%q, %q) = %q", c[0], c[1], got)
		}
	}
	got, err := first(2, []string{"a", "b", "c"})
	if err != nil || len(got.([]string)) != 2 {
		t.Errorf("first(2) = %v, %v", got, err)
	}
	if got, _ := first(5, []int{1}); len(got.([]int)) != 1 {
		t.Errorf("first(5) di uno = %v", got)
	}
	if _, err := first(1, "x"); err == nil {
		t.Error("first su un testo non dà errore")
	}
}

func TestSafeLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.it/a?b=1":  "https://x.it/a?b=1",
		"http://x.it":         "http://x.it",
		"javascript:alert(1)": "",
		"JavaScript:alert(1)": "",
		" javascript:x":       "",
		"data:text/html,x":    "",
		"/relativo/":          "",
		"mailto:a@b.it":       "",
	} {
		if got := safeLink(in); got != want {
			t.Errorf("safeLink(%q) = %q, voglio %q", in, got, want)
		}
	}
}

func TestICSText(t *testing.T) {
	for in, want := range map[string]string{
		"semplice":             "semplice",
		"a, b; c":              `a\, b\; c`,
		`C:\cartella`:          `C:\\cartella`,
		"riga uno\nriga due":   `riga uno\nriga due`,
		"riga uno\r\nriga due": `riga uno\nriga due`,
	} {
		if got := icsText(in); got != want {
			t.Errorf("icsText(%q) = %q, voglio %q", in, got, want)
		}
	}
}

func TestICSFolding(t *testing.T) {
	// 73 ASCII octets then "è" (2 octets): the first line can hold 75
	// octets, so "è" fits exactly; the same with 74 ASCII octets must move
	// "è" whole to the next line.
	for _, prefix := range []int{73, 74, 75} {
		line := "SUMMARY:" + strings.Repeat("a", prefix-8) + "èàù perché così è più difficile da piegare bene, ok"
		var buf bytes.Buffer
		icsLine(&buf, line)
		out := buf.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("%d: manca CRLF finale", prefix)
		}
		parts := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		var joined strings.Builder
		for i, p := range parts {
			if len(p) > 75 {
				t.Errorf("%d: riga %d di %d ottetti", prefix, i, len(p))
			}
			if !utf8.ValidString(p) {
				t.Errorf("%d: riga %d spezza un carattere: %q", prefix, i, p)
			}
			if i > 0 {
				if !strings.HasPrefix(p, " ") {
					t.Errorf("%d: la riga %d non inizia con uno spazio", prefix, i)
				}
				p = p[1:]
			}
			joined.WriteString(p)
		}
		if joined.String() != line {
			t.Errorf("%d: riunita non è uguale all'originale:\n%q\n%q", prefix, joined.String(), line)
		}
		if prefix == 73 && len(parts[0]) != 75 {
			t.Errorf("73: la prima riga dovrebbe riempire 75 ottetti, ne ha %d", len(parts[0]))
		}
		if prefix == 74 && len(parts[0]) != 74 {
			t.Errorf("74: la prima riga dovrebbe fermarsi a 74 ottetti prima di «è», ne ha %d", len(parts[0]))
		}
	}
	var buf bytes.Buffer
	icsLine(&buf, "BREVE:x")
	if buf.String() != "BREVE:x\r\n" {
		t.Errorf("riga breve: %q", buf.String())
	}
}
