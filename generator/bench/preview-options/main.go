// Command preview-options measures the two ways the editing UI could show
// the page being edited as the site will show it, side by side in one
// Chromium (README, "The panel's preview"):
//
//   - the endpoint (chosen): the panel POSTs the entry to /api/anteprima and
//     the generator renders it on the server (`serve`, or the Netlify
//     function from its bundle);
//   - WebAssembly: the generator compiled for the browser (./wasm, a
//     prototype) renders it in the panel.
//
// Usage, from the repository root (Chromium at /usr/bin/chromium):
//
//	go run ./generator/bench/preview-options [--content DIR] [--runs N]
//
// It writes the bundle the function would embed for the site of --content
// (default: the repository's content), builds the WebAssembly module, and
// serves both with a page that measures, in the browser: the bytes each
// option downloads, the first preview's readiness (WebAssembly: fetch,
// compile, start and load the site, with an empty cache; endpoint: the
// function's cold start, its bundle loaded, measured here in-process), and
// the time of one update (median and p95 of --runs updates of an
// opportunity whose text changes, each answer complete). Prints Markdown.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/sitecheck"
)

func main() {
	contentDir := flag.String("content", "content", "the content folder of the site around the page")
	runs := flag.Int("runs", 30, "updates measured per option")
	rie := flag.String("rie", "", "the AWS Lambda Runtime Interface Emulator: also measure the function, built as Netlify builds it")
	flag.Parse()
	log.SetFlags(0)
	work, err := os.MkdirTemp("", "banca-preview-options-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)

	// The site and its bundle, as `go run ./generator build` writes it.
	res, err := pipeline.Run(pipeline.Config{Root: ".", Content: *contentDir, Output: &render.MemOutput{}, Fingerprint: true, BrokenLinksWarn: true})
	if err != nil || res.Diags.HasErrors() {
		log.Fatalf("build: %v", err)
	}
	bundle := filepath.Join(work, "bundle")
	if err := preview.WriteBundle(bundle, project.Dir(".", *contentDir), res); err != nil {
		log.Fatal(err)
	}
	var loads []time.Duration
	var site *preview.Site
	for range 5 {
		t0 := time.Now()
		if site, err = preview.LoadBundle(os.DirFS(bundle)); err != nil {
			log.Fatal(err)
		}
		loads = append(loads, time.Since(t0))
	}

	// The WebAssembly module and Go's loader for it.
	wasm := filepath.Join(work, "anteprima.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", wasm, "./generator/bench/preview-options/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("wasm: %v\n%s", err, out)
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")

	layouts := map[string]string{}
	_ = fs.WalkDir(os.DirFS(filepath.Join(bundle, "layouts")), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(filepath.Join(bundle, "layouts", p))
			layouts[p] = string(data)
		}
		return nil
	})
	layoutsJSON, _ := json.Marshal(layouts)
	opp := pickOpportunity(res)
	src, err := os.ReadFile(filepath.Join(*contentDir, filepath.FromSlash(opp)))
	if err != nil {
		log.Fatal(err)
	}
	req := requestOf(opp, src)

	mux := http.NewServeMux()
	files := map[string]string{
		"/wasm_exec.js":       execJS,
		"/anteprima.wasm":     wasm,
		"/sito.json":          filepath.Join(bundle, "sito.json"),
		"/schema.yaml":        filepath.Join(bundle, "schema.yaml"),
		"/admin/anteprima.js": filepath.Join("static", "admin", "anteprima.js"),
	}
	for p, f := range files {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { serveGzip(w, r, f) })
	}
	mux.HandleFunc("/layouts.json", func(w http.ResponseWriter, r *http.Request) { w.Write(layoutsJSON) })
	mux.HandleFunc("/richiesta.json", func(w http.ResponseWriter, r *http.Request) { json.NewEncoder(w).Encode(req) })
	mux.HandleFunc("/sorgente.md", func(w http.ResponseWriter, r *http.Request) { w.Write(src) })
	api := &preview.Handler{Site: func() *preview.Site { return site }}
	mux.Handle(preview.APIPath, gzipped(api))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, harness)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel, err := sitecheck.Browser(context.Background(), filepath.Join(work, "chromium"))
	if err != nil {
		log.Fatal(err)
	}
	defer cancel()
	measure := func(expr string) map[string]float64 {
		c, stop := context.WithTimeout(ctx, 5*time.Minute)
		defer stop()
		if err := chromedp.Do(c, chromedp.Navigate(srv.URL+"/")); err != nil {
			log.Fatal(err)
		}
		out, err := chromedp.Run(c, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			log.Fatal(err)
		}
		var m map[string]float64
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			log.Fatalf("%v: %s", err, out)
		}
		return m
	}
	// Each cold start in a fresh page with the cache cleared.
	var colds, compiles, siteLoads []float64
	var wasmRun map[string]float64
	for i := range 5 {
		if err := chromedp.Do(ctx, clearCache()); err != nil {
			log.Fatal(err)
		}
		m := measure(fmt.Sprintf("misuraWasm(%q, %d)", opp, *runs))
		colds, compiles, siteLoads = append(colds, m["cold"]), append(compiles, m["compile"]), append(siteLoads, m["load"])
		if i == 0 {
			wasmRun = m
		}
	}
	endpoint := measure(fmt.Sprintf("misuraEndpoint(%d)", *runs))

	var fn *functionFigures
	if *rie != "" {
		if fn, err = measureFunction(*rie, *contentDir, res, req, *runs); err != nil {
			log.Fatal(err)
		}
	}

	gz := func(f string) (int, int) {
		data, _ := os.ReadFile(f)
		return len(data), len(gzipBytes(data))
	}
	wRaw, wGz := gz(wasm)
	eRaw, eGz := gz(files["/admin/anteprima.js"])
	sRaw, sGz := gz(files["/sito.json"])
	fmt.Printf("Site: %s, %d pages; page previewed: %s; %d updates per option; Chromium, 127.0.0.1.\n\n", *contentDir, site.Pages(), opp, *runs)
	fmt.Println("| | endpoint (chosen) | WebAssembly |")
	fmt.Println("|---|---:|---:|")
	fmt.Printf("| code the panel downloads once | anteprima.js %.1f KB (%.1f KB gzip) | module %.1f MB (%.2f MB gzip) + wasm_exec.js |\n",
		kb(eRaw), kb(eGz), mb(wRaw), mb(wGz))
	fmt.Printf("| site data downloaded once | none | sito.json %.1f KB (%.1f KB gzip), schema, layouts |\n", kb(sRaw), kb(sGz))
	fmt.Printf("| bytes per update | request %.1f KB, answer %.1f KB (%.1f KB gzip) | none |\n",
		endpoint["reqKB"], endpoint["respKB"], endpoint["respGzKB"])
	fmt.Printf("| ready for the first preview (cold) | function: bundle loaded in %s (median of 5), plus the process start and the round trip | %s, median of 5 with an empty cache (of which compile and start %s, loading the site %s: medians) |\n",
		ms(median(durations(loads))), msf(median(colds)), msf(median(compiles)), msf(median(siteLoads)))
	fmt.Printf("| one update, median (p95) | %s (%s), round trip on 127.0.0.1 included; server %s | %s (%s) |\n",
		msf(endpoint["median"]), msf(endpoint["p95"]), msf(endpoint["server"]), msf(wasmRun["median"]), msf(wasmRun["p95"]))
	fmt.Printf("| memory in the tab | — | %.0f MB of WebAssembly memory |\n", wasmRun["memMB"])
	if fn != nil {
		fmt.Printf("\nThe function, built as Netlify builds it (%.1f MB, zip %.1f MB), under the Lambda emulator: first answer with the cold start %s (median of 5 starts), then %s per update (median of %d).\n",
			mb(fn.binary), mb(fn.zip), msf(fn.cold), msf(fn.warm), *runs)
	}
}

// pickOpportunity is the first opportunity with a deadline.
func pickOpportunity(res *pipeline.Result) string {
	for _, p := range res.Site.Pages {
		if p.Section.Key == "opportunita" && p.Deadline != nil && !p.Bundle {
			return p.File
		}
	}
	return res.Site.Pages[0].File
}

// requestOf is the panel's request for the page in src.
func requestOf(file string, src []byte) *preview.Request {
	front, body, _ := bytes.Cut(bytes.TrimPrefix(src, []byte("---\n")), []byte("\n---\n"))
	data := map[string]any{}
	_ = yamlUnmarshal(front, &data)
	data["body"] = string(body)
	return &preview.Request{Collection: strings.Split(file, "/")[0], Path: "content/" + file, Data: data}
}

func serveGzip(w http.ResponseWriter, r *http.Request, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch filepath.Ext(file) {
	case ".wasm":
		w.Header().Set("Content-Type", "application/wasm")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript")
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Write(gzipBytes(data))
}

// gzipped compresses the answers of h, as Netlify does.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(rec.Code)
		w.Write(gzipBytes(rec.Body.Bytes()))
	})
}

func gzipBytes(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// clearCache empties the browser's cache: every cold start downloads all.
func clearCache() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{})
		return err
	})
}

// yamlUnmarshal reads a front matter as the panel holds it: every value a
// string, lists of strings.
func yamlUnmarshal(front []byte, data *map[string]any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil || len(doc.Content) == 0 {
		return err
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		switch v.Kind {
		case yaml.SequenceNode:
			var list []any
			for _, it := range v.Content {
				list = append(list, it.Value)
			}
			(*data)[k] = list
		default:
			(*data)[k] = v.Value
		}
	}
	return nil
}

func durations(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = float64(d.Microseconds()) / 1000
	}
	return out
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func kb(n int) float64     { return float64(n) / 1024 }
func mb(n int) float64     { return float64(n) / (1 << 20) }
func ms(x float64) string  { return fmt.Sprintf("%.1f ms", x) }
func msf(x float64) string { return fmt.Sprintf("%.1f ms", x) }

// harness is the page that measures both options in the browser.
const harness = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Misura dell'anteprima</title>
<script src="/wasm_exec.js"></script>
<script>
function med(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function p95(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; }
async function misuraWasm(file, runs) {
	const t0 = performance.now();
	const go = new Go();
	const { instance } = await WebAssembly.instantiateStreaming(fetch("/anteprima.wasm"), go.importObject);
	go.run(instance);
	const compile = performance.now() - t0;
	const [sito, schema, layouts, src] = await Promise.all(["/sito.json", "/schema.yaml", "/layouts.json", "/sorgente.md"]
		.map(u => fetch(u).then(r => r.text())));
	const load = bancaCarica(sito, schema, layouts);
	if (typeof load !== "number") throw new Error(load);
	if (!JSON.parse(bancaAnteprima(file, src)).html) throw new Error("nessuna pagina");
	const cold = performance.now() - t0;
	const times = [];
	for (let i = 0; i < runs; i++) {
		const a = performance.now();
		const r = JSON.parse(bancaAnteprima(file, src + "\n\nParagrafo " + i + ".\n"));
		if (!r.html) throw new Error("nessuna pagina");
		times.push(performance.now() - a);
	}
	return JSON.stringify({ cold, compile, load, median: med(times), p95: p95(times),
		memMB: instance.exports.mem.buffer.byteLength / 1048576 });
}
async function misuraEndpoint(runs) {
	const req = await (await fetch("/richiesta.json")).json();
	const body0 = req.data.body;
	const times = [], server = [];
	let reqKB = 0, respKB = 0;
	for (let i = -3; i < runs; i++) {
		req.data.body = body0 + "\n\nParagrafo " + i + ".";
		const b = JSON.stringify(req);
		const a = performance.now();
		const r = await fetch("/api/anteprima", { method: "POST", headers: { "Content-Type": "application/json" }, body: b });
		const j = await r.json();
		if (!j.html) throw new Error(JSON.stringify(j));
		if (i < 0) continue; // warm-up
		times.push(performance.now() - a);
		server.push(j.ms);
		reqKB = b.length / 1024;
		respKB = JSON.stringify(j).length / 1024;
	}
	const e = performance.getEntriesByType("resource").filter(e => e.name.endsWith("/api/anteprima")).pop();
	return JSON.stringify({ median: med(times), p95: p95(times), server: med(server), reqKB, respKB,
		respGzKB: e ? e.encodedBodySize / 1024 : 0 });
}
</script></head><body><p>Misura in corso.</p></body></html>`
