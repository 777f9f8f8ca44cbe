package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStato asks a real HTTP server on 127.0.0.1 for stato.json, as the
// daily job asks the published site.
func TestStato(t *testing.T) {
	statoWait = time.Millisecond
	var body atomic.Value
	var status, failures atomic.Int32
	var path atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path.Store(r.URL.Path)
		if failures.Load() > 0 {
			failures.Add(-1)
			http.Error(w, "momentaneamente non disponibile", http.StatusServiceUnavailable)
			return
		}
		if s := status.Load(); s != 0 {
			http.Error(w, "no", int(s))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("server not on 127.0.0.1: %s", srv.URL)
	}

	next := `{"prossimo_cambio": "2026-12-06T00:00:00+01:00"}`
	for _, c := range []struct {
		name, body, now  string
		status, failures int32
		code             int
		want             string
	}{
		{"before the change", next, "2026-12-05T23:59:00+01:00", 0, 0, exitNothing,
			"Niente da fare: il prossimo cambio di stato di una pagina è il 6 dicembre 2026 alle 00:00."},
		{"at the change", next, "2026-12-06T00:00:00+01:00", 0, 0, exitOK,
			"Da ricostruire: lo stato di almeno una pagina è cambiato il 6 dicembre 2026 alle 00:00."},
		{"after it, in UTC", next, "2026-12-05T23:30:00Z", 0, 0, exitOK, "Da ricostruire"},
		{"no change ahead", `{"prossimo_cambio": null}`, "2030-01-01T00:00:00Z", 0, 0, exitNothing,
			"Niente da fare: lo stato di nessuna pagina cambia"},
		{"no stato.json yet", "", "2026-12-01T00:00:00Z", http.StatusNotFound, 0, exitOK,
			"Da ricostruire: " + srv.URL + "/stato.json non c'è ancora sul sito pubblicato."},
		{"two hiccups, then the file", next, "2026-12-07T00:00:00Z", 0, 2, exitOK, "Da ricostruire"},
		{"the host is down", next, "2026-12-07T00:00:00Z", 0, 5, exitUsage, ""},
		{"forbidden", "", "2026-12-07T00:00:00Z", http.StatusForbidden, 0, exitUsage, ""},
		{"an HTML page instead", "<!doctype html><p>Pagina non trovata", "2026-12-07T00:00:00Z", 0, 0, exitUsage, ""},
		{"JSON without the field", `{"altro": 1}`, "2026-12-07T00:00:00Z", 0, 0, exitUsage, ""},
		{"not a date", `{"prossimo_cambio": "domani"}`, "2026-12-07T00:00:00Z", 0, 0, exitUsage, ""},
	} {
		body.Store(c.body)
		status.Store(c.status)
		failures.Store(c.failures)
		var out, errOut bytes.Buffer
		code := run([]string{"stato", "--url", srv.URL + "/", "--now", c.now}, &out, &errOut)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", c.name, code, c.code, out.String(), errOut.String())
		}
		if !strings.HasPrefix(out.String(), c.want) {
			t.Errorf("%s: stdout %q, want %q", c.name, out.String(), c.want)
		}
		if c.code == exitUsage && !strings.Contains(errOut.String(), "non riesco a leggere "+srv.URL+"/stato.json") {
			t.Errorf("%s: stderr %q", c.name, errOut.String())
		}
		if p := path.Load(); p != "/stato.json" {
			t.Errorf("%s: asked for %v", c.name, p)
		}
	}
}

func TestStatoUsage(t *testing.T) {
	for _, args := range [][]string{
		{"stato"},
		{"stato", "--url", "banca.example.org"},
		{"stato", "--url", "ftp://banca.example.org"},
		{"stato", "--url", "https://banca.example.org", "--now", "domani"},
		{"stato", "--url", "https://banca.example.org", "altro"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != exitUsage || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
	for site, want := range map[string]string{
		"https://banca.example.org":            "https://banca.example.org/stato.json",
		"https://banca.example.org/":           "https://banca.example.org/stato.json",
		"https://esempio.org/banca/":           "https://esempio.org/banca/stato.json",
		"https://banca.example.org/altro.json": "https://banca.example.org/altro.json",
		"http://127.0.0.1:8888":                "http://127.0.0.1:8888/stato.json",
	} {
		if got, err := statusURL(site); err != nil || got != want {
			t.Errorf("statusURL(%q) = %q, %v; want %q", site, got, err, want)
		}
	}
}
