package main

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/project"
	"cantiericomuni.it/banca/generator/render"
)

// root is the project folder.
var root = filepath.Join("..", "..", "..")

// TestFunction: API Gateway events, as Netlify sends them, through the
// function's handler over a bundle the build wrote from the repository's
// content; and a bundle never written.
func TestFunction(t *testing.T) {
	res, err := pipeline.Run(pipeline.Config{Root: root, Output: &render.MemOutput{}, Fingerprint: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags.All())
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	if err := preview.WriteBundle(dir, project.Dir(root, ""), res); err != nil {
		t.Fatal(err)
	}
	h := start(os.DirFS(dir))
	entry := `{"collection": "opportunita", "data": {"title": "Prova", "date": "2026-11-20", "ente": "Comune",
		"argomenti": ["poverta educativa"], "body": "Vedi [il patto](../protocolli/patto-educativo-di-comunita-navile.md)."}}`
	json := map[string]string{"Content-Type": "application/json"}
	for _, c := range []struct {
		name   string
		ev     events.APIGatewayProxyRequest
		status int
		want   []string
	}{
		{"preview", events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: preview.APIPath, Headers: json, Body: entry}, 200,
			[]string{`"url":"/opportunita/prova/"`, `\u003ch1\u003eProva\u003c/h1\u003e`, `href=\"/css/main.`,
				`href=\"/protocolli/patto-educativo-di-comunita-navile/\"`, `"code":"B107"`, `Forse intendevi «povertà educativa»?`}},
		{"base64 body", events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: preview.APIPath, Headers: json,
			Body: base64.StdEncoding.EncodeToString([]byte(entry)), IsBase64Encoded: true}, 200, []string{`"code":"B107"`}},
		{"get", events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: preview.APIPath}, 405, []string{"POST"}},
		{"not JSON", events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: preview.APIPath, Body: "a=b",
			Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, []string{"JSON"}},
		{"bad base64", events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: preview.APIPath, Body: "%%%", IsBase64Encoded: true}, 400, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := handle(context.Background(), h, c.ev)
			if got.StatusCode != c.status {
				t.Fatalf("%d, want %d: %.300s", got.StatusCode, c.status, got.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(got.Body, w) {
					t.Errorf("the answer lacks %s: %.300s", w, got.Body)
				}
			}
			if c.status != 400 && got.Headers["X-Content-Type-Options"] != "nosniff" {
				t.Errorf("headers %v", got.Headers)
			}
		})
	}

	// A fresh clone: the bundle holds only its README.
	empty := start(os.DirFS(filepath.Join("bundle")))
	if _, err := os.Stat(filepath.Join("bundle", "sito.json")); err == nil {
		empty = start(os.DirFS(t.TempDir()))
	}
	got := handle(context.Background(), empty, events.APIGatewayProxyRequest{HTTPMethod: "POST", Headers: json, Body: entry})
	if got.StatusCode != http.StatusServiceUnavailable || !strings.Contains(got.Body, "non è ancora pronta") {
		t.Errorf("without a bundle: %d %s", got.StatusCode, got.Body)
	}
}

// TestBundleReadme: the README committed in the bundle's folder is the one
// the build writes there, so a build leaves the working tree clean.
func TestBundleReadme(t *testing.T) {
	res, err := pipeline.Run(pipeline.Config{Root: root, Output: &render.MemOutput{}})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	if err := preview.WriteBundle(dir, project.Dir(root, ""), res); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	committed, err := os.ReadFile(filepath.Join("bundle", "README.md"))
	if err != nil || string(written) != string(committed) {
		t.Errorf("bundle/README.md differs from what the build writes (%v):\n%s", err, written)
	}
}
