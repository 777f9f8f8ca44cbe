package render

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
)

func TestISODateAndDeadlineText(t *testing.T) {
	if got := isoDate(day("2026-08-01")); got != "2026-08-01" {
		t.Errorf("isoDate = %q", got)
	}
	if got := isoDate(time.Time{}); got != "" {
		t.Errorf("isoDate dello zero = %q", got)
	}
	// The deadline is shown in the site's zone, whatever zone it carries.
	at := schema.Date{Time: time.Date(2026, 12, 15, 11, 0, 0, 0, time.UTC), HasTime: true}
	if got := DeadlineText(at, rome); got != "15 dicembre 2026, ore 12:00" {
		t.Errorf("con l'ora: %q", got)
	}
	if got := deadlineISO(at, rome); got != "2026-12-15T12:00+01:00" {
		t.Errorf("deadlineISO con l'ora: %q", got)
	}
	if got := DeadlineText(schema.Date{Time: day("2026-12-15")}, rome); got != "15 dicembre 2026" {
		t.Errorf("senza ora: %q", got)
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
