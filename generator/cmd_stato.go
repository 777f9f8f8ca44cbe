package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/render"
)

// exitNothing is the exit code of stato when the published site is still
// right: no rebuild is due.
const exitNothing = 3

// statoTries and statoWait: a failed fetch (network, 5xx) is tried again,
// so that a passing hiccup of the host does not fail the daily job.
var (
	statoTries = 3
	statoWait  = 5 * time.Second
)

// runStato reads stato.json from the published site and says whether a
// rebuild is due, that is whether the next status change the last build
// recorded has come:
//
//	go run ./generator stato --url https://banca.example.org [--now 2026-12-06T00:30:00+01:00]
//
// It exits 0 when a rebuild is due (also when the site has no stato.json
// yet), 3 when it is not, 2 when the file cannot be read. The daily job
// of .github/workflows/publish.yml deploys only on 0. The answer, in
// Italian, goes to stdout.
func runStato(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stato", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	site := fs.String("url", "", "")
	nowFlag := fs.String("now", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "argomento inatteso %q\n\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	target, err := statusURL(*site)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	now := time.Now()
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			fmt.Fprintf(stderr, "errore: --now vuole una data RFC 3339 (2026-12-06T00:30:00+01:00), non %q\n", *nowFlag)
			return exitUsage
		}
	}
	f, found, err := fetchStatus(target)
	if err != nil {
		fmt.Fprintf(stderr, "errore: non riesco a leggere %s: %v\n", target, err)
		return exitUsage
	}
	switch {
	case !found:
		fmt.Fprintf(stdout, "Da ricostruire: %s non c'è ancora sul sito pubblicato.\n", target)
		return exitOK
	case f.NextChange == nil:
		fmt.Fprintln(stdout, "Niente da fare: lo stato di nessuna pagina cambia finché i contenuti restano questi.")
		return exitNothing
	}
	at := italianInstant(*f.NextChange)
	if now.Before(*f.NextChange) {
		fmt.Fprintf(stdout, "Niente da fare: il prossimo cambio di stato di una pagina è %s.\n", at)
		return exitNothing
	}
	fmt.Fprintf(stdout, "Da ricostruire: lo stato di almeno una pagina è cambiato %s.\n", at)
	return exitOK
}

// statusURL is the address of stato.json on the site at site (or site
// itself when it names a .json file).
func statusURL(site string) (string, error) {
	if site == "" {
		return "", errors.New("manca --url, l'indirizzo del sito pubblicato (per esempio https://banca.example.org)")
	}
	u, err := url.Parse(site)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("--url vuole un indirizzo http(s) completo, non %q", site)
	}
	if !strings.HasSuffix(u.Path, ".json") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/" + render.StatusFileName
	}
	return u.String(), nil
}

// fetchStatus reads stato.json at target; found is false when the site
// answers 404 (a site published before the file existed).
func fetchStatus(target string) (f render.StatusFile, found bool, err error) {
	client := &http.Client{Timeout: 30 * time.Second}
	for try := 1; ; try++ {
		var retry bool
		f, found, retry, err = fetchStatusOnce(client, target)
		if err == nil || !retry || try >= statoTries {
			return f, found, err
		}
		time.Sleep(statoWait)
	}
}

func fetchStatusOnce(client *http.Client, target string) (f render.StatusFile, found, retry bool, err error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return f, false, false, err
	}
	// The live file, not a copy cached on the way.
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := client.Do(req)
	if err != nil {
		return f, false, true, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return f, false, false, nil
	case resp.StatusCode >= 500:
		return f, false, true, fmt.Errorf("il sito risponde %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return f, false, false, fmt.Errorf("il sito risponde %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return f, false, true, err
	}
	// Strict: a page served in place of the file (an HTML error page, a
	// redirect to the home) must not read as "no change ahead".
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return f, false, false, fmt.Errorf("non è JSON valido: %v", err)
	}
	if _, ok := raw["prossimo_cambio"]; !ok {
		return f, false, false, errors.New(`manca il campo "prossimo_cambio"`)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, false, false, fmt.Errorf(`"prossimo_cambio" non è una data RFC 3339: %v`, err)
	}
	return f, true, false, nil
}

// italianInstant is "il 6 dicembre 2026 alle 00:00", in the instant's own
// zone (the site's, as the build wrote it).
func italianInstant(t time.Time) string {
	return italian.OnDate(t) + " alle " + t.Format("15:04")
}
