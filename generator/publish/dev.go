package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"cantiericomuni.it/banca/generator/search"
)

// runDev starts `netlify dev` (the CLI at netlify) offline on the built
// site and its function, as the CDN would serve them, and requests a page,
// an asset, an alias, the search API and the results page from it. The
// function fetches the archive of the index from netlify dev itself.
func runDev(netlify string) error {
	page, err := samplePage()
	if err != nil {
		return err
	}
	css, _, err := publishedAssets(public)
	if err != nil {
		return err
	}
	alias, aliasTo, err := firstAlias()
	if err != nil {
		return err
	}

	addrs := make([]string, 3)
	for i := range addrs {
		if addrs[i], err = freeAddr(); err != nil {
			return err
		}
	}
	port := func(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }
	logFile, err := os.CreateTemp("", "banca-netlify-dev-*.log")
	if err != nil {
		return err
	}
	defer os.Remove(logFile.Name())
	defer logFile.Close()
	// --dir serves public/ with the CLI's static server (no framework
	// detection); edge functions would need Deno, which the site does not use.
	cmd := exec.Command(netlify, "dev", "--offline", "--internal-disable-edge-functions",
		"--dir", "public", "--framework", "#static", "--no-open", "--skip-gitignore",
		"--port", port(addrs[0]), "--functions-port", port(addrs[1]), "--staticServerPort", port(addrs[2]))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "BROWSER=none", "BANCA_INDICE_URL=http://"+addrs[0])
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer stop(cmd)
	base := "http://" + addrs[0]
	if err := waitListening(addrs[0], 90*time.Second); err != nil {
		out, _ := os.ReadFile(logFile.Name())
		return fmt.Errorf("%w\n%s", err, out)
	}
	ready := time.Since(t0)

	client := &http.Client{Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string, error) {
		resp, err := client.Get(base + path)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, string(body), err
	}
	c := &checks{}
	expect := func(path string, status int, check func(*http.Response, string)) {
		resp, body, err := get(path)
		if err != nil {
			c.errorf("GET %s: %v", path, err)
			return
		}
		if resp.StatusCode != status {
			c.errorf("GET %s: stato %d, atteso %d", path, resp.StatusCode, status)
			return
		}
		if check != nil {
			check(resp, body)
		}
	}
	expect("/", http.StatusOK, func(r *http.Response, body string) {
		if !strings.Contains(body, `href="`+css+`"`) {
			c.errorf("/ non collega %s", css)
		}
		if r.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			c.errorf("/ senza le intestazioni di /*: %v", r.Header)
		}
	})
	expect(page.URL, http.StatusOK, nil)
	// The CLI's static server sets its own Cache-Control over the
	// configured one: the immutable caching of /css/* is checked on the
	// resolved configuration instead (config).
	expect(css, http.StatusOK, func(r *http.Response, _ string) {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			c.errorf("%s: Content-Type %q", css, ct)
		}
	})
	if alias != "" {
		expect(alias, http.StatusMovedPermanently, func(r *http.Response, _ string) {
			if loc, _ := r.Location(); loc == nil || loc.Path != aliasTo {
				c.errorf("%s porta a %v, non a %s", alias, loc, aliasTo)
			}
		})
	}
	q := url.Values{"q": {page.Title}}.Encode()
	expect(search.APIPath+"?"+q, http.StatusOK, func(_ *http.Response, body string) {
		var r search.Response
		if err := json.Unmarshal([]byte(body), &r); err != nil || r.Total == 0 || !strings.Contains(body, page.URL) {
			c.errorf("%s?%s: %v, %d risultati, %s assente", search.APIPath, q, err, r.Total, page.URL)
		}
	})
	expect(search.PagePath+"?"+q, http.StatusOK, func(r *http.Response, body string) {
		if !strings.Contains(body, `href="`+page.URL+`"`) {
			c.errorf("%s?%s: la pagina dei risultati non collega %s", search.PagePath, q, page.URL)
		}
	})
	expect("/non-esiste/", http.StatusNotFound, func(_ *http.Response, body string) {
		if !strings.Contains(body, `<html lang="it"`) {
			c.errorf("/non-esiste/: non è la pagina 404 del sito")
		}
	})
	if err := c.err(); err != nil {
		out, _ := os.ReadFile(logFile.Name())
		return fmt.Errorf("%w\nnetlify dev:\n%s", err, out)
	}
	fmt.Printf("dev: netlify dev pronto in %.1f s su %s; pagina con le intestazioni di /*, CSS, alias, API, pagina dei risultati e 404 come previsto\n",
		ready.Seconds(), addrs[0])
	return nil
}
