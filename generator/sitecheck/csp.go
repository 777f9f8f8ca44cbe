package sitecheck

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// cspRecorder is installed in every document before its own scripts run
// (through DevTools, which no Content-Security-Policy governs) and keeps
// the violations the browser reports.
const cspRecorder = `window.__violazioni = [];
document.addEventListener("securitypolicyviolation", e =>
	window.__violazioni.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));`

// RecordCSPViolations makes the browser of ctx record, in every page it
// loads from now on, the Content-Security-Policy violations it reports;
// CSPViolations reads them.
func RecordCSPViolations(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder})
		return err
	}))
}

// CSPViolations returns the violations reported so far by the page loaded
// in ctx ("script-src inline http://…/x.html:12").
func CSPViolations(ctx context.Context) ([]string, error) {
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__violazioni || [])`))
	if err != nil {
		return nil, err
	}
	var v []string
	err = json.Unmarshal([]byte(out), &v)
	return v, err
}

// HeaderRule is one [[headers]] table of netlify.toml.
type HeaderRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// NetlifyHeaders reads the header rules of a netlify.toml.
func NetlifyHeaders(file string) ([]HeaderRule, error) {
	var cfg struct {
		Headers []HeaderRule `toml:"headers"`
	}
	_, err := toml.DecodeFile(file, &cfg)
	return cfg.Headers, err
}

// WithHeaders serves next with the headers of every rule whose path
// matches the request's, as a host that applies all matching rules does:
// they replace what next set under the same names (its defaults, such as
// Cache-Control). A header set by several matching rules is sent once per
// rule: for Content-Security-Policy, every policy then applies (the
// strictest way a host can combine them). Paths are Netlify's: "/*"
// matches everything, "/admin/*" everything under /admin/, anything else
// itself.
func WithHeaders(rules []HeaderRule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var matched []HeaderRule
		for _, rule := range rules {
			if matchPath(rule.For, r.URL.Path) {
				matched = append(matched, rule)
			}
		}
		next.ServeHTTP(&ruleWriter{ResponseWriter: w, rules: matched}, r)
	})
}

// ruleWriter applies rules to the header just before it is sent.
type ruleWriter struct {
	http.ResponseWriter
	rules []HeaderRule
	done  bool
}

func (w *ruleWriter) apply() {
	if w.done {
		return
	}
	w.done = true
	h := w.Header()
	for _, rule := range w.rules {
		for k := range rule.Values {
			h.Del(k)
		}
	}
	for _, rule := range w.rules {
		for k, v := range rule.Values {
			h.Add(k, v)
		}
	}
}

func (w *ruleWriter) WriteHeader(status int) {
	w.apply()
	w.ResponseWriter.WriteHeader(status)
}

func (w *ruleWriter) Write(p []byte) (int, error) {
	w.apply()
	return w.ResponseWriter.Write(p)
}

func matchPath(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(path, prefix) || path+"/" == prefix
	}
	return pattern == path
}
