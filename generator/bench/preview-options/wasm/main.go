//go:build js && wasm

// Command wasm is the alternative measured for the editing UI's preview
// (README, "The panel's preview"): the generator compiled to WebAssembly
// and run in the panel itself, instead of asking /api/anteprima. It is a
// prototype kept to reproduce the figures, not a way the site works.
//
// It does for one page what preview.Site.Render does, with one difference:
// links are not resolved against the site's addresses (that code lives in
// generator/pipeline, which also holds the search index writer, and bleve
// does not compile to WebAssembly). Everything else is the generator's
// own code: loading and checking the front matter, the checks across
// pages, the assembly with the whole site (status, terms, related pages),
// the Markdown conversion and the layouts.
//
// JavaScript API, once the module runs:
//
//	bancaCarica(sitoJSON, schemaYAML, layoutsJSON) → milliseconds taken
//	bancaAnteprima(file, source) → JSON {"html": length, "diags": n, "ms": t}
package main

import (
	"bytes"
	"encoding/json"
	"syscall/js"
	"testing/fstest"
	"time"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/render"
	"cantiericomuni.it/banca/generator/schema"
	"cantiericomuni.it/banca/generator/site"
)

var (
	sch      *schema.Schema
	renderer *render.Renderer
	pages    []*content.Page
)

// anyTarget accepts every link: the prototype has no address index.
type anyTarget struct{}

func (anyTarget) Resolve(dest string, image bool) (string, markdown.Target) {
	return dest, markdown.TargetOK
}

func load(_ js.Value, args []js.Value) any {
	t0 := time.Now()
	var bundle struct {
		Pages []struct{ File, Front, Summary string } `json:"pages"`
	}
	if err := json.Unmarshal([]byte(args[0].String()), &bundle); err != nil {
		return err.Error()
	}
	var err error
	if sch, err = schema.Parse("schema.yaml", []byte(args[1].String())); err != nil {
		return err.Error()
	}
	var layouts map[string]string
	if err := json.Unmarshal([]byte(args[2].String()), &layouts); err != nil {
		return err.Error()
	}
	fsys := fstest.MapFS{}
	for name, text := range layouts {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	if renderer, err = render.New(fsys); err != nil {
		return err.Error()
	}
	var ignored diag.List
	pages = pages[:0]
	for _, bp := range bundle.Pages {
		p := content.LoadPage(fstest.MapFS{bp.File: {Data: []byte(bp.Front)}}, bp.File, sch, content.Options{}, &ignored)
		if p == nil {
			continue
		}
		if p.Summary == "" {
			p.Summary, p.SummaryFromBody = bp.Summary, bp.Summary != ""
		}
		pages = append(pages, p)
	}
	return float64(time.Since(t0).Microseconds()) / 1000
}

func preview(_ js.Value, args []js.Value) any {
	t0 := time.Now()
	file, src := args[0].String(), []byte(args[1].String())
	diags := &diag.List{}
	page := content.LoadPage(fstest.MapFS{file: {Data: src}}, file, sch, content.Options{}, diags)
	if page == nil {
		return `{"html":0}`
	}
	all := make([]*content.Page, 0, len(pages)+1)
	for _, p := range pages {
		if p.File != file && p.URL != page.URL {
			all = append(all, p)
		}
	}
	all = append(all, page)
	content.CheckSet(all, sch, diags)
	st := site.Assemble(all, sch, site.Options{Now: time.Now()})
	sp := st.Page(page.URL)
	r := markdown.New().Convert(sp.Body, anyTarget{})
	sp.Content, sp.Plain = r.HTML, r.Plain
	if sp.Summary == "" {
		sp.Summary, sp.SummaryFromBody = r.Summary, true
	}
	var buf bytes.Buffer
	if err := renderer.RenderPage(&buf, st, sp); err != nil {
		return `{"html":0}`
	}
	out, _ := json.Marshal(map[string]any{"html": buf.Len(), "diags": diags.Len() + len(r.Problems),
		"ms": float64(time.Since(t0).Microseconds()) / 1000})
	return string(out)
}

func main() {
	js.Global().Set("bancaCarica", js.FuncOf(load))
	js.Global().Set("bancaAnteprima", js.FuncOf(preview))
	select {}
}
