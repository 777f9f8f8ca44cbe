package markdown

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"cantiericomuni.it/banca/generator/diag"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		dest   string
		kind   destKind
		scheme string
	}{
		{"", destLocal, ""},
		{"#contatti", destLocal, ""},
		{"?pagina=2", destLocal, ""},
		{"https://example.org", destExternal, "https"},
		{"HTTP://EXAMPLE.ORG", destExternal, "http"},
		{"mailto:a@b.it", destExternal, "mailto"},
		{"tel:+39051", destExternal, "tel"},
		{"//cdn.example.org/x", destExternal, ""},
		{`/\evil.example.org`, destExternal, ""},
		{"../pratiche/orti.md", destInternal, ""},
		{"/pratiche/orti/", destInternal, ""},
		{"foto.jpg", destInternal, ""},
		{"cartella/a:b.pdf", destInternal, ""},
		{"javascript:alert(1)", destUnsafe, "javascript"},
		{"JaVaScRiPt:alert(1)", destUnsafe, "javascript"},
		{" \x01javascript:alert(1)", destUnsafe, "javascript"},
		{"java\tscr\nipt:alert(1)", destUnsafe, "javascript"},
		{"&#106;avascript:alert(1)", destUnsafe, "javascript"},
		{"&#x6A;avascript&colon;alert(1)", destUnsafe, "javascript"},
		{`javascript\:alert(1)`, destUnsafe, "javascript"},
		{"vbscript:x", destUnsafe, "vbscript"},
		{"data:text/html,x", destUnsafe, "data"},
		{"file:///etc/passwd", destUnsafe, "file"},
		{"ftp://x.org", destUnsafe, "ftp"},
		{`C:\Users\a.doc`, destUnsafe, "c"},
		{":x", destUnsafe, ""},
	}
	for _, tt := range tests {
		kind, _, scheme := classify([]byte(tt.dest))
		if kind != tt.kind || scheme != tt.scheme {
			t.Errorf("classify(%q) = %v %q, want %v %q", tt.dest, kind, scheme, tt.kind, tt.scheme)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Perché è importante", "perche-e-importante"},
		{"  L'acqua  pubblica -- bene comune ", "l-acqua-pubblica-bene-comune"},
		{"Città e UNIVERSITÀ", "citta-e-universita"},
		{"Vedi [l'orto](../orti.md) qui", "vedi-l-orto-qui"},
		{"Ricerca &amp; sviluppo", "ricerca-sviluppo"},
		{"Perch&eacute;", "perche"},
		{"<b>Grassetto</b> a < b", "grassetto-a-b"},
		{`Uno\_due`, "uno-due"},
		{"2023: i risultati", "2023-i-risultati"},
		{"Straße", "strasse"},
		{"Ελλάδα", ""},
		{"???", ""},
	}
	for _, tt := range tests {
		if got := string(appendID(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("appendID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	ids := newHeadingIDs()
	var got []string
	for _, h := range []string{"Obiettivi", "Obiettivi", "???", "Obiettivi", "!!!"} {
		got = append(got, string(ids.Generate([]byte(h), 0)))
	}
	if want := "obiettivi obiettivi-1 sezione obiettivi-2 sezione-1"; strings.Join(got, " ") != want {
		t.Errorf("ids = %q, want %q", got, want)
	}
}

func TestPlain(t *testing.T) {
	body := `# Titolo

Primo **paragrafo** con [un link](https://example.org) e https://example.org/nascosto.

- voce *uno*
- voce due

| A | B |
|---|---|
| 1 | 2 |

> citazione

![Il cortile](foto.jpg)

` + "```\ncodice escluso\n```" + `

Nota[^1] <b>html</b> <!-- commento -->.

[^1]: Testo della nota.
`
	res := New().Convert([]byte(body), nil)
	want := "Titolo —\nPrimo paragrafo con un link e .\nvoce uno —\nvoce due —\nA —\nB —\n1 —\n2 —\ncitazione —\nIl cortile —\nNota html .\nTesto della nota."
	if res.Plain != want {
		t.Errorf("Plain =\n%q\nwant\n%q", res.Plain, want)
	}
}

// TestPlainBlocks checks that the plain text never runs one block into
// the next: a block that does not end a sentence is followed by " —", so
// that a snippet, which joins lines with a space, reads "Idea di fondo —
// Il consorzio", not "Idea di fondo Il consorzio".
func TestPlainBlocks(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"heading, paragraph", "## Idea di fondo\n\nIl consorzio vorrebbe aprire.", "Idea di fondo —\nIl consorzio vorrebbe aprire."},
		{"heading with a question mark", "## Chi può partecipare?\n\nTutti.", "Chi può partecipare?\nTutti."},
		{"heading with a colon", "### Come fare:\n\nScrivere.", "Come fare:\nScrivere."},
		{"setext heading", "Contesto\n========\nIl quartiere.", "Contesto —\nIl quartiere."},
		{"heading, list", "## Sedi\n\n- Navile\n- Bolognina", "Sedi —\nNavile —\nBolognina"},
		{"list items with punctuation", "- orti condivisi;\n- biblioteche.\n\nFine.", "orti condivisi;\nbiblioteche.\nFine."},
		{"loose list", "1. primo passo\n\n   con un dettaglio\n\n2. secondo", "primo passo —\ncon un dettaglio —\nsecondo"},
		{"table cells", "| Sede | Giorno |\n|---|---|\n| Navile | lunedì |", "Sede —\nGiorno —\nNavile —\nlunedì"},
		{"blockquote, paragraph", "> Il problema è l'autobus\n\nCosì dicono.", "Il problema è l’autobus —\nCosì dicono."},
		{"quotation closing a sentence", "> \"Non basta la buona volontà.\"\n\nTesto.", "“Non basta la buona volontà.”\nTesto."},
		{"parenthesis after a full stop", "Vedi sopra.)\n\n## Dopo", "Vedi sopra.)\nDopo"},
		{"paragraph ending with a parenthesis", "Il patto (2024)\n\n## Dopo", "Il patto (2024) —\nDopo"},
		{"a dash already there", "Prima parte —\n\nseconda.", "Prima parte —\nseconda."},
		{"code between paragraphs", "Il comando\n\n```\nmake\n```\n\nfunziona.", "Il comando —\nfunziona."},
		{"footnote", "Testo[^1]\n\n[^1]: Una nota", "Testo —\nUna nota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New().Convert([]byte(tt.body), nil)
			if res.Plain != tt.want {
				t.Errorf("Plain =\n%q\nwant\n%q", res.Plain, tt.want)
			}
		})
	}
}

func TestSummaryCut(t *testing.T) {
	words := make([]string, 100)
	for i := range words {
		words[i] = fmt.Sprintf("parola%d", i)
	}
	words[59] += ","
	res := New().Convert([]byte(strings.Join(words, " ")), nil)
	if want := strings.TrimSuffix(strings.Join(words[:60], " "), ",") + "…"; res.Summary != want {
		t.Errorf("Summary = %q, want %q", res.Summary, want)
	}
	for _, tc := range []struct{ in, want string }{
		{"breve", "breve"},
		{strings.Repeat("à", summaryChars), strings.Repeat("à", summaryChars)},
		{strings.Repeat("à", summaryChars+1), strings.Repeat("à", summaryChars) + "…"},
		{strings.Repeat("parola ", 200), strings.TrimSpace(strings.Repeat("parola ", summaryChars/7)) + "…"},
	} {
		if got := cutChars(tc.in, summaryChars); got != tc.want {
			t.Errorf("cutChars(%d bytes) = %q, want %q", len(tc.in), got, tc.want)
		}
	}
	long := New().Convert([]byte(strings.Repeat("parolalunghissima", 3500)+"\n\nAltro.\n"), nil)
	if n := len([]rune(long.Summary)); n > summaryChars+1 {
		t.Errorf("a paragraph of one 59 KB word makes a summary of %d characters", n)
	}
	if got := cutWords("uno due tre", 3); got != "uno due tre" {
		t.Errorf("cutWords kept %q", got)
	}
}

// TestProblemPositions checks that problems point at the link, image or
// HTML on the right line, also inside containers and after multi-byte text.
func TestProblemPositions(t *testing.T) {
	tests := []struct {
		name, body string
		code       diag.Code
		at         string // the text the problem must start with
		line       int
	}{
		{"line 7", "# T\n\nuno\n\ndue\n\nQui è [rotto](../pratiche/orti.md).\n", diag.LinkBroken, "[rotto](../pratiche/orti.md)", 7},
		{"image", "Città\n\nperché ![foto](mancante.jpg)\n", diag.FileLinkBroken, "![foto](mancante.jpg)", 3},
		{"no alt", "a\n\n> - ![](foto.jpg)\n", diag.ImageNoAlt, "![](foto.jpg)", 3},
		{"reference", "[x][r]\n\n[r]: rotto.md\n", diag.LinkBroken, "[x][r]", 1},
		{"unsafe", "a\nb [c](javascript:x)\n", diag.LinkUnsafe, "[c](javascript:x)", 2},
		{"autolink", "à\n\n<javascript:x>\n", diag.LinkUnsafe, "javascript:x", 3},
		{"raw inline", "à\n**<b>x</b>**\n", diag.RawHTML, "<b>", 2},
		{"raw block", "a\n\n  <div>\n  x\n  </div>\n", diag.RawHTML, "<div>", 3},
		{"table", "|a|b|\n|-|-|\n|è|[r](r.md)|\n", diag.LinkBroken, "[r](r.md)", 3},
		{"footnote", "a[^1]\n\n[^1]: b [r](r.md)\n", diag.LinkBroken, "[r](r.md)", 3},
	}
	conv := New()
	for _, tt := range tests {
		body := []byte(tt.body)
		res := conv.Convert(body, goldenResolver{})
		found := false
		for _, p := range res.Problems {
			if p.Code != tt.code {
				continue
			}
			found = true
			got := string(body[p.Offset : p.Offset+p.Len])
			line, _ := lineCol(body, p.Offset)
			if got != tt.at || line != tt.line {
				t.Errorf("%s: problem at line %d %q, want line %d %q", tt.name, line, got, tt.line, tt.at)
			}
		}
		if !found {
			t.Errorf("%s: no %s in %+v", tt.name, tt.code, res.Problems)
		}
	}
}

// recordingResolver records its calls and finds every destination.
type recordingResolver struct {
	mu    sync.Mutex
	calls []string
}

func (r *recordingResolver) Resolve(dest string, image bool) (string, Target) {
	r.mu.Lock()
	r.calls = append(r.calls, dest)
	r.mu.Unlock()
	return "/risolto/", TargetOK
}

func TestResolverSeesOnlyInternal(t *testing.T) {
	body := `[a](https://x.it) [b](mailto:a@b.it) [c](tel:1) [d](#x) [e](//cdn.x.it/y) [f](javascript:x)
<https://x.it> www.x.it a@b.it [g](../pratiche/a.md#b) ![h](foto.jpg) [i](<java	script:x>)`
	r := &recordingResolver{}
	res := New().Convert([]byte(body), r)
	if got := strings.Join(r.calls, " "); got != "../pratiche/a.md#b foto.jpg" {
		t.Errorf("Resolver called with %q", got)
	}
	if !strings.Contains(string(res.HTML), `<a href="/risolto/">g</a>`) {
		t.Errorf("internal link not rewritten: %s", res.HTML)
	}
}

func TestNilResolver(t *testing.T) {
	res := New().Convert([]byte("[a](../x.md) [b](javascript:x)"), nil)
	if len(res.Problems) != 1 || res.Problems[0].Code != diag.LinkUnsafe {
		t.Errorf("problems = %+v", res.Problems)
	}
	if !strings.Contains(string(res.HTML), `href="../x.md"`) {
		t.Errorf("HTML = %s", res.HTML)
	}
}

func TestBrokenLinkKeepsResolverURL(t *testing.T) {
	res := New().Convert([]byte("[a](../x.md)"), resolverFunc(func(string, bool) (string, Target) {
		return "/x/", TargetMissingPage
	}))
	if !strings.Contains(string(res.HTML), `href="/x/"`) || len(res.Problems) != 1 || res.Problems[0].Severity != diag.Error {
		t.Errorf("HTML = %s, problems = %+v", res.HTML, res.Problems)
	}
}

type resolverFunc func(string, bool) (string, Target)

func (f resolverFunc) Resolve(d string, image bool) (string, Target) { return f(d, image) }

// TestConcurrent converts in parallel with one Converter; run with -race.
func TestConcurrent(t *testing.T) {
	conv := New()
	body := []byte("## Perché\n\n## Perché\n\n[a](../pratiche/orti-condivisi.md) <b>x</b> [r](rotto.md)\n")
	want := conv.Convert(body, goldenResolver{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got := conv.Convert(body, goldenResolver{})
				if got.HTML != want.HTML || len(got.Problems) != len(want.Problems) || got.Headings[1].ID != "perche-1" {
					t.Errorf("concurrent Convert differs: %s", got.HTML)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestEchoedURLNotDecodedAgain: a destination that is an internal path once
// decoded must not become a script URL when goldmark decodes it again.
func TestEchoedURLNotDecodedAgain(t *testing.T) {
	echo := resolverFunc(func(d string, _ bool) (string, Target) { return d, TargetMissingPage })
	for _, body := range []string{"[a](javascript&amp;#58;alert(1))", `[a](javascript\\&#58;alert(1))`} {
		res := New().Convert([]byte(body), echo)
		checkSafeHTML(t, string(res.HTML))
		if len(res.Problems) != 1 || res.Problems[0].Code != diag.LinkBroken {
			t.Errorf("%s: problems = %+v", body, res.Problems)
		}
	}
}
