package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"cantiericomuni.it/banca/generator/diag"
)

// The preview's own addresses, outside the site's (no content page can
// start with an underscore).
const (
	livePrefix = "/_anteprima/"
	eventsPath = livePrefix + "eventi"
	scriptPath = livePrefix + "anteprima.js"
	stylePath  = livePrefix + "anteprima.css"
)

// reloadScript reloads the page when the preview moves to a newer version
// (a new site, or errors shown or gone), keeping the scroll position.
//
//go:embed anteprima.js
var reloadScript []byte

// overlayStyle styles the error overlay.
//
//go:embed anteprima.css
var overlayStyle []byte

// broadcaster hands each new version to the open event streams.
type broadcaster struct {
	mu   sync.Mutex
	subs map[chan int64]bool
}

func (b *broadcaster) subscribe() chan int64 {
	ch := make(chan int64, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan int64]bool{}
	}
	b.subs[ch] = true
	b.mu.Unlock()
	return ch
}

func (b *broadcaster) unsubscribe(ch chan int64) {
	b.mu.Lock()
	delete(b.subs, ch)
	b.mu.Unlock()
}

// send tells every stream about version v; a stream that has not read
// the previous one gets only the latest.
func (b *broadcaster) send(v int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case <-ch:
		default:
		}
		ch <- v
	}
}

// serveLive answers the preview's own addresses.
func (l *Live) serveLive(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(reloadScript)
	case stylePath:
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(overlayStyle)
	case eventsPath:
		l.serveEvents(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveEvents streams the preview's version: at once, then at every
// change, with a comment every few seconds to keep the stream open.
func (l *Live) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming non supportato", http.StatusInternalServerError)
		return
	}
	ch := l.events.subscribe()
	defer l.events.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: 500\nevent: versione\ndata: %d\n\n", l.version.Load())
	flusher.Flush()
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-l.done():
			return
		case v := <-ch:
			fmt.Fprintf(w, "event: versione\ndata: %d\n\n", v)
		case <-tick.C:
			fmt.Fprint(w, ": attesa\n\n")
		}
		flusher.Flush()
	}
}

// inject adds the reload script, and the errors of a failed build, to an
// HTML page of the preview, before its </body>.
func (l *Live) inject(page []byte) []byte {
	var add bytes.Buffer
	if p := l.problem.Load(); p != nil {
		add.Write(p.html)
	}
	fmt.Fprintf(&add, `<script src="%s" data-versione="%d"></script>`, scriptPath, l.version.Load())
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// overlayItem is one diagnostic as the overlay shows it.
type overlayItem struct {
	Where, Severity, Code, Message, Snippet, Fix string
	Error                                        bool
}

// overlayData prepares the overlay of a failed build.
func overlayData(ds []diag.Diagnostic, err error, root string, noSite bool) map[string]any {
	var items []overlayItem
	errs := 0
	for _, d := range ds {
		if d.Severity != diag.Error {
			continue // warnings do not stop the preview: the terminal lists them
		}
		errs++
		where := d.Location()
		if rel, rerr := filepath.Rel(root, where); rerr == nil && !strings.HasPrefix(rel, "..") && root != "" {
			where = rel
		}
		items = append(items, overlayItem{Where: where, Severity: d.Severity.String(), Code: string(d.Code),
			Message: d.Message, Snippet: diag.Snippet(d), Fix: d.Fix, Error: true})
	}
	heading := "La modifica non è nell'anteprima: " + strconv.Itoa(errs) + " errori da correggere"
	if errs == 1 {
		heading = "La modifica non è nell'anteprima: c'è un errore da correggere"
	}
	data := map[string]any{"Heading": heading, "Items": items, "NoSite": noSite}
	if err != nil {
		data["Heading"] = "L'anteprima non è riuscita a ricostruire il sito"
		data["Failure"] = err.Error()
	}
	return data
}

// overlayTemplate is the box shown over the pages while the last save has
// errors, styled by its own stylesheet (the pages allow no inline style).
var overlayTemplate = template.Must(template.New("overlay").Parse(`<div id="anteprima-errori" role="alertdialog" aria-modal="false" aria-labelledby="anteprima-errori-titolo" lang="it">
<link rel="stylesheet" href="/_anteprima/anteprima.css">
<h2 id="anteprima-errori-titolo">{{.Heading}}</h2>
<p>{{if .NoSite}}Il sito non si è ancora potuto costruire.{{else}}Qui sotto vedi l'ultima versione che funzionava.{{end}} Correggi il file e salvalo: l'anteprima si aggiorna da sola.</p>
{{with .Failure}}<pre>{{.}}</pre>{{end}}
{{with .Items}}<ol>{{range .}}
<li><span class="dove">{{.Where}}</span> — {{.Severity}} {{.Code}}: {{.Message}}
{{with .Snippet}}<pre>{{.}}</pre>{{end}}{{with .Fix}}<p><strong>Come correggere:</strong> {{.}}</p>{{end}}</li>{{end}}
</ol>{{end}}
</div>`))

// errorPage is what the preview shows when no build has succeeded yet.
func (l *Live) errorPage() []byte {
	return l.inject([]byte(`<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Anteprima: errori da correggere</title></head><body><main><h1>Anteprima della banca</h1></main></body></html>`))
}
