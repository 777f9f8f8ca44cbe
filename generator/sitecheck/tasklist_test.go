package sitecheck

import (
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
)

// taskPage has task lists of every shape an author writes: mixed with
// plain items, nested, loose (paragraphs), ordered.
const taskPage = `---
title: "Liste di compiti"
date: 2026-11-20
tipo: "documento"
---

Mista:

- [x] fatto
- [ ] da fare
- voce normale
- [x] altra fatta

Annidata:

1. Primo passo
   - [x] sotto fatto
   - [ ] sotto da fare
     - [ ] sotto sotto
2. [ ] Secondo passo da fare

Sciolta:

- [x] primo paragrafo

  secondo paragrafo

- [ ] altro

Ordinata:

1. [x] uno
2. [ ] due
3. tre
`

// taskItem is what the browser shows of one item of a list with tasks.
type taskItem struct {
	Text    string  `json:"text"`
	Ordered bool    `json:"ordered"`
	Marker  string  `json:"marker"` // list-style-type
	Box     bool    `json:"box"`
	Done    bool    `json:"done"`
	BoxTop  float64 `json:"boxTop"` // from the top of the item's first line of text
	BoxLeft float64 `json:"boxLeft"`
	Left    float64 `json:"left"` // the item's content box
}

// TestTaskListsLook opens a page of task lists at 360 px, JavaScript off:
// every item of an ordered list keeps its number (a box does not take
// its place), a box in an ordered list sits after the number, and the
// boxes, ticked or not, sit the same way on their line.
func TestTaskListsLook(t *testing.T) {
	needChromium(t)
	sources := fstest.MapFS{}
	err := fs.WalkDir(sampleContent(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sampleContent(), p)
		sources[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sources["risorse/liste-di-compiti.md"] = &fstest.MapFile{Data: []byte(taskPage)}
	_, _, out := surveyed(t, sources)
	srv := httptest.NewServer(Handler(out))
	defer srv.Close()
	ctx := phone(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/risorse/liste-di-compiti/")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll(".contenuto li")].map(li => {
		const box = li.querySelector(":scope > .compito-segno, :scope > p:first-child > .compito-segno");
		const first = [...(box ? box.parentElement.childNodes : li.childNodes)].find(n => n.nodeType === 3 && n.textContent.trim());
		const r = document.createRange();
		if (first) r.selectNodeContents(first);
		const line = first ? r.getClientRects()[0] : li.getBoundingClientRect();
		const b = box ? box.getBoundingClientRect() : {top: 0, left: 0};
		const s = getComputedStyle(li);
		return {text: first ? first.textContent.trim() : "", ordered: li.parentElement.tagName === "OL",
			marker: s.listStyleType, box: !!box, done: li.classList.contains("compito-fatto"),
			boxTop: box ? b.top + b.height / 2 - (line.top + line.height / 2) : 0, boxLeft: b.left,
			left: li.getBoundingClientRect().left + parseFloat(s.paddingLeft)};
	}))`))
	if err != nil {
		t.Fatal(err)
	}
	var items []taskItem
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) < 13 {
		t.Fatalf("solo %d voci: %s", len(items), raw)
	}
	var done, todo []float64
	for _, it := range items {
		if it.Ordered && it.Marker == "none" {
			t.Errorf("«%s»: in un elenco numerato la voce ha perso il numero", it.Text)
		}
		if it.Ordered && it.Box && it.BoxLeft < it.Left-0.5 {
			t.Errorf("«%s»: la casella sta al posto del numero (%.1f px, il testo inizia a %.1f)", it.Text, it.BoxLeft, it.Left)
		}
		if !it.Box {
			continue
		}
		if it.Done {
			done = append(done, it.BoxTop)
		} else {
			todo = append(todo, it.BoxTop)
		}
	}
	if len(done) == 0 || len(todo) == 0 {
		t.Fatalf("caselle: %d fatte, %d da fare", len(done), len(todo))
	}
	for _, d := range done {
		for _, o := range todo {
			if d-o > 1 || o-d > 1 {
				t.Fatalf("la casella spuntata sta %.1f px dal centro della riga, quella vuota %.1f px", d, o)
			}
		}
	}
}
