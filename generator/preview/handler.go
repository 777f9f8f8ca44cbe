package preview

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/authoring"
	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// APIPath is where the editing UI asks for previews: `serve` answers it,
// and on Netlify it is rewritten to the preview function (netlify.toml).
const APIPath = "/api/anteprima"

// maxRequest bounds a request's body: the largest page the build accepts,
// and room for its fields.
const maxRequest = content.MaxFileSize + 256<<10

// Handler answers the editing UI: a POST of a Request, as JSON, gets the
// preview of the page as a Response, as JSON. Nothing else is answered.
type Handler struct {
	// Site returns the site to preview against; nil while there is none
	// (the preview server's first build failed).
	Site func() *Site
	// Now returns the instant of the preview (default time.Now): the
	// status of an opportunity is computed against it, as the search
	// function computes it against the moment of the query.
	Now func() time.Time
}

// Response is the preview of a page as the editing UI receives it.
type Response struct {
	// File is the page's file ("content/opportunita/bando.md"), URL its
	// address on the site.
	File string `json:"file"`
	URL  string `json:"url"`
	// HTML is the whole page as the site will show it, "" when it cannot
	// be shown (Diagnostics say why).
	HTML string `json:"html"`
	// Errors and Warnings count the diagnostics; Summary says it in
	// Italian ("1 errore, 0 avvisi").
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Summary  string `json:"summary"`
	// Diagnostics are the problems the build would report.
	Diagnostics []Problem `json:"diagnostics"`
	// Millis is the time the preview took on the server.
	Millis float64 `json:"ms"`
}

// Problem is one diagnostic as the editing UI shows it: what the terminal
// prints (location, code, message, the source line with carets, the fix),
// and where it is in the form (the field's label, or the text's line).
type Problem struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	// Title is the code's short title, Guide the address of its
	// explanation in the authoring guide.
	Title string `json:"title"`
	Guide string `json:"guide,omitempty"`
	// Location is file:line:column, as the build prints it.
	Location string `json:"location"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	// Where says where in the form: a field's label ("Argomenti"), or
	// "Testo, riga 3" for the body.
	Where   string `json:"where,omitempty"`
	Message string `json:"message"`
	Snippet string `json:"snippet,omitempty"`
	Fix     string `json:"fix,omitempty"`
}

// apiError is the body of an answer that is not a preview.
type apiError struct {
	Error string `json:"error"`
}

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	// The answer is data: a browser that opens it shows it as text, and
	// it may never run anything.
	hdr.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox")
	if r.Method != http.MethodPost {
		hdr.Set("Allow", "POST")
		writeJSON(w, http.StatusMethodNotAllowed, apiError{"l'anteprima risponde solo a richieste POST dal pannello di modifica"})
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, apiError{"l'anteprima accetta solo JSON (Content-Type: application/json)"})
		return
	}
	var req Request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequest)).Decode(&req); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError{fmt.Sprintf("la scheda è troppo grande per l'anteprima (il massimo è %d MB)", content.MaxFileSize>>20)})
			return
		}
		writeJSON(w, http.StatusBadRequest, apiError{"richiesta non valida: " + err.Error()})
		return
	}
	s := h.Site()
	if s == nil || s.Schema == nil || s.Renderer == nil {
		hdr.Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, apiError{"l'anteprima non è ancora pronta: il sito ha errori da correggere, o si sta costruendo"})
		return
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	resp, err := s.Preview(&req, now())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// Preview previews the page of req at now.
func (s *Site) Preview(req *Request, now time.Time) (*Response, error) {
	start := time.Now()
	file, err := req.File(s.Schema)
	if err != nil {
		return nil, err
	}
	src, fields, bodyLine, err := req.Source(s.Schema)
	if err != nil {
		return nil, err
	}
	res := s.Render(file, src, now, req.Media...)
	out := &Response{File: contentPrefix + "/" + file, URL: res.URL, HTML: string(res.HTML),
		Diagnostics: make([]Problem, 0, len(res.Diags))}
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			out.Errors++
		} else {
			out.Warnings++
		}
		pr := Problem{Code: string(d.Code), Severity: d.Severity.String(), Title: d.Code.Info().Title,
			Guide: guideURL(s.Schema, d.Code), Location: d.Location(), Line: d.Pos.Line, Column: d.Pos.Col,
			Message: d.Message, Snippet: diag.Snippet(d), Fix: d.Fix}
		if d.File == out.File {
			pr.Where = where(s.Schema, req.Collection, fields, bodyLine, d.Pos.Line)
			if d.Code == diag.FieldRequired {
				// A missing field has no line of its own: the message
				// names it («ente»).
				if _, rest, ok := strings.Cut(d.Message, "«"); ok {
					if key, _, ok := strings.Cut(rest, "»"); ok {
						pr.Where = label(s.Schema, req.Collection, key)
					}
				}
			}
		}
		out.Diagnostics = append(out.Diagnostics, pr)
	}
	out.Summary = diag.Summary(out.Errors, out.Warnings)
	out.Millis = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// where names the place in the form of line of the page's file: the label
// of the field written there, or the line of the text.
func where(sch *schema.Schema, section string, fields map[int]string, bodyLine, line int) string {
	switch {
	case line <= 0:
		return ""
	case line >= bodyLine:
		return "Testo, riga " + strconv.Itoa(line-bodyLine+1)
	}
	key, ok := fields[line]
	if !ok {
		return ""
	}
	return label(sch, section, key)
}

// label is the label the form shows for key (the key itself when the
// schema does not declare it).
func label(sch *schema.Schema, section, key string) string {
	if f := sch.Field(section, key); f != nil {
		return f.Label
	}
	if t := sch.Taxonomy(key); t != nil {
		return t.Label
	}
	return key
}

// guideURL is the explanation of code in the authoring guide on GitHub,
// "" when the schema names no repository.
func guideURL(sch *schema.Schema, code diag.Code) string {
	info := code.Info()
	if sch.Site.Repository == "" || info.Code == "" {
		return ""
	}
	branch := sch.Site.Branch
	if branch == "" {
		branch = "main"
	}
	return "https://github.com/" + sch.Site.Repository + "/blob/" + branch + "/" + authoring.GuidePath + "#" +
		authoring.Anchor(string(info.Code)+" — "+info.Title)
}

// writeJSON writes v as the JSON answer with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"errore interno dell'anteprima"}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
