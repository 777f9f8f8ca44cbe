package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/pipeline"
	editor "cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/search"
)

// resolved is the part of netlify-config's output that the checks read.
type resolved struct {
	Context string `json:"context"`
	Config  struct {
		Build struct {
			Command     string            `json:"command"`
			Publish     string            `json:"publish"`
			Functions   string            `json:"functions"`
			Environment map[string]string `json:"environment"`
		} `json:"build"`
		Redirects []redirect `json:"redirects"`
		Headers   []header   `json:"headers"`
	} `json:"config"`
}

type redirect struct {
	From       string         `json:"from"`
	To         string         `json:"to"`
	Status     int            `json:"status"`
	Force      bool           `json:"force"`
	Query      map[string]any `json:"query"`
	Conditions map[string]any `json:"conditions"`
	Headers    map[string]any `json:"headers"`
	Signed     string         `json:"signed"`
}

func (r redirect) String() string {
	return fmt.Sprintf("%s → %s %d force=%v", r.From, r.To, r.Status, r.Force)
}

type header struct {
	For    string            `json:"for"`
	Values map[string]string `json:"values"`
}

// immutable is the Cache-Control of fingerprinted files.
const immutable = "public, max-age=31536000, immutable"

// functionPath is where Netlify serves the search function,
// previewFunctionPath the editing UI's preview function.
const (
	functionPath        = "/.netlify/functions/search"
	previewFunctionPath = "/.netlify/functions/anteprima"
)

// runConfig checks the resolved configuration of production and of deploy
// previews against the site built from the repository's content.
func runConfig(productionFile, previewFile string) error {
	prod, err := readResolved(productionFile)
	if err != nil {
		return err
	}
	preview, err := readResolved(previewFile)
	if err != nil {
		return err
	}
	want, err := expectedRedirects(".")
	if err != nil {
		return err
	}
	goVersion, err := goModVersion("go.mod")
	if err != nil {
		return err
	}
	c := &checks{}
	checkBuild(c, prod, goVersion)
	if !strings.HasPrefix(preview.Config.Build.Command, prod.Config.Build.Command+" && ") {
		c.errorf("%s: il comando %q non inizia con quello di produzione", preview.Context, preview.Config.Build.Command)
	}
	checkRedirects(c, prod, want)
	checkRedirects(c, preview, want)
	checkHeaders(c, prod, false)
	checkHeaders(c, preview, true)
	if err := c.err(); err != nil {
		return err
	}
	fmt.Printf("config: produzione e anteprime risolte come previsto: %d redirect (%d alias + 2 della ricerca + 1 dell'anteprima del pannello), %d regole di intestazioni (%d in anteprima)\n",
		len(want), len(want)-3, len(prod.Config.Headers), len(preview.Config.Headers))
	return nil
}

func readResolved(file string) (*resolved, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var r resolved
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &r, nil
}

// expectedRedirects are the rules Netlify must apply, in order: the
// aliases of the site built from root's content (public/_redirects, which
// Netlify reads before netlify.toml), then the search routes and the editing UI's preview.
func expectedRedirects(root string) ([]redirect, error) {
	res, err := pipeline.Run(pipeline.Config{Root: root, Check: true})
	if err != nil {
		return nil, err
	}
	if res.Diags.HasErrors() {
		return nil, fmt.Errorf("il sito non si costruisce: %v", res.Diags.All())
	}
	var out []redirect
	for _, r := range res.Site.Redirects {
		out = append(out, redirect{From: r.From, To: r.To, Status: 301})
	}
	return append(out,
		redirect{From: search.APIPath, To: functionPath, Status: 200},
		redirect{From: search.PagePath, To: functionPath, Status: 200, Force: true},
		redirect{From: editor.APIPath, To: previewFunctionPath, Status: 200}), nil
}

// goModVersion is the go directive of go.mod.
func goModVersion(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%s: nessuna direttiva go", file)
	}
	return string(m[1]), nil
}

// buildCommand is the build command of every context: the CMS bundle from
// npm when it is missing (only the site's own dependencies), then the
// generator. Previews append the noindex headers to it.
const buildCommand = "(test -f node_modules/decap-cms/dist/decap-cms.js || npm ci --omit=dev --ignore-scripts --no-audit --no-fund) && go run ./generator build"

// checkBuild checks the build settings of production and of deploy
// previews: the generator's build command, public/ published, the
// functions folder, and Netlify's Go pinned to go.mod's.
func checkBuild(c *checks, r *resolved, goVersion string) {
	b := r.Config.Build
	if b.Command != buildCommand && !strings.HasPrefix(b.Command, buildCommand+" && ") {
		c.errorf("%s: comando di build %q", r.Context, b.Command)
	}
	if filepath.Base(b.Publish) != "public" {
		c.errorf("%s: cartella pubblicata %q", r.Context, b.Publish)
	}
	if !strings.HasSuffix(filepath.ToSlash(b.Functions), "/generator/functions") {
		c.errorf("%s: cartella delle funzioni %q", r.Context, b.Functions)
	}
	if v := b.Environment["GO_VERSION"]; v != goVersion {
		c.errorf("%s: GO_VERSION %q, go.mod chiede %s", r.Context, v, goVersion)
	}
}

// checkRedirects checks that r has exactly the redirects want, in order,
// with nothing else attached (no query or header conditions, no
// signature).
func checkRedirects(c *checks, r *resolved, want []redirect) {
	got := r.Config.Redirects
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			c.errorf("%s: manca il redirect %v", r.Context, want[i])
		case i >= len(want):
			c.errorf("%s: redirect in più: %v", r.Context, got[i])
		default:
			g, w := got[i], want[i]
			if g.From != w.From || g.To != w.To || g.Status != w.Status || g.Force != w.Force {
				c.errorf("%s: redirect %d è %v, atteso %v", r.Context, i+1, g, w)
			}
			if len(g.Query) > 0 || len(g.Conditions) > 0 || len(g.Headers) > 0 || g.Signed != "" {
				c.errorf("%s: il redirect %v ha condizioni: query %v, conditions %v, headers %v, signed %q",
					r.Context, g, g.Query, g.Conditions, g.Headers, g.Signed)
			}
		}
	}
}

// The header rules netlify.toml must resolve to, in order.
var headerPaths = []string{"/*", "/css/*", "/js/*", "/admin/*", "/" + search.ArchiveDir + "/*"}

// checkHeaders checks the header rules. Production has those of
// netlify.toml only; a deploy preview also has, first, the /* rule of the
// _headers file its build command writes, which says noindex.
func checkHeaders(c *checks, r *resolved, preview bool) {
	rules := r.Config.Headers
	if preview {
		if len(rules) == 0 || rules[0].For != "/*" || len(rules[0].Values) != 1 || rules[0].Values["X-Robots-Tag"] != "noindex" {
			c.errorf("%s: manca la regola /* con solo X-Robots-Tag: noindex (da public/_headers): %v", r.Context, rules)
			return
		}
		rules = rules[1:]
	}
	var paths []string
	byPath := map[string]map[string]string{}
	for _, h := range rules {
		paths = append(paths, h.For)
		byPath[h.For] = h.Values
	}
	if !slices.Equal(paths, headerPaths) {
		c.errorf("%s: regole di intestazioni %v, attese %v", r.Context, paths, headerPaths)
		return
	}
	all := byPath["/*"]
	if !preview {
		if v, ok := all["X-Robots-Tag"]; ok {
			c.errorf("%s: X-Robots-Tag %q in produzione", r.Context, v)
		}
	}
	if v, ok := all["Cache-Control"]; ok {
		c.errorf("%s: Cache-Control %q su /*: si sommerebbe a quello di /css/* e /js/*", r.Context, v)
	}
	if m := regexp.MustCompile(`max-age=(\d+)`).FindStringSubmatch(all["Strict-Transport-Security"]); m == nil || atoi(m[1]) < 31536000 {
		c.errorf("%s: Strict-Transport-Security %q: serve max-age di almeno un anno", r.Context, all["Strict-Transport-Security"])
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Referrer-Policy": "strict-origin-when-cross-origin"} {
		if all[k] != v {
			c.errorf("%s: %s %q su /*, atteso %q", r.Context, k, all[k], v)
		}
	}
	for _, f := range []string{"camera=()", "microphone=()", "geolocation=()"} {
		if !strings.Contains(all["Permissions-Policy"], f) {
			c.errorf("%s: Permissions-Policy senza %s", r.Context, f)
		}
	}
	siteCSP := parseCSP(all["Content-Security-Policy"])
	if !slices.Equal(siteCSP["frame-ancestors"], []string{"'none'"}) {
		c.errorf("%s: la Content-Security-Policy di /* non vieta i frame: %q", r.Context, all["Content-Security-Policy"])
	}
	for _, p := range []string{"/css/*", "/js/*", "/" + search.ArchiveDir + "/*"} {
		if v := byPath[p]; len(v) != 1 || v["Cache-Control"] != immutable {
			c.errorf("%s: %s ha %v, atteso solo Cache-Control: %s", r.Context, p, v, immutable)
		}
	}
	admin := byPath["/admin/*"]
	adminCSP := parseCSP(admin["Content-Security-Policy"])
	script := adminCSP["script-src"]
	if !slices.Contains(script, "'self'") || slices.Contains(script, "'unsafe-inline'") {
		c.errorf("%s: script-src di /admin/* %v: solo file del sito, niente script in linea", r.Context, script)
	}
	for _, s := range script {
		if !strings.HasPrefix(s, "'") {
			c.errorf("%s: /admin/* carica script da %s: il CMS va servito dal sito", r.Context, s)
		}
	}
	if !slices.Contains(adminCSP["connect-src"], "https://api.github.com") {
		c.errorf("%s: connect-src di /admin/* senza https://api.github.com", r.Context)
	}
	if admin["X-Robots-Tag"] != "noindex" {
		c.errorf("%s: /admin/* senza X-Robots-Tag: noindex", r.Context)
	}
	// /* matches every path: a header it shares with another rule must
	// have the same value, so that the result does not depend on whether
	// the host keeps one value or joins them. The one exception is the
	// admin's Content-Security-Policy, which must then repeat every
	// directive of the one on /*: both policies applying, or only the
	// admin's, then give the same result.
	for _, p := range headerPaths[1:] {
		for k, v := range byPath[p] {
			w, ok := all[k]
			switch {
			case !ok || w == v:
			case p == "/admin/*" && k == "Content-Security-Policy":
				for d, sources := range siteCSP {
					if !slices.Equal(adminCSP[d], sources) {
						c.errorf("%s: la Content-Security-Policy di /admin/* deve ripetere %s %v di /*, ha %v",
							r.Context, d, sources, adminCSP[d])
					}
				}
			default:
				c.errorf("%s: %s è %q su /* e %q su %s", r.Context, k, w, v, p)
			}
		}
	}
}

// parseCSP splits a policy into its directives and their sources.
func parseCSP(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[strings.ToLower(f[0])] = f[1:]
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
