// Command anteprima is the Netlify Function behind the editing UI's
// preview (/admin/): the panel POSTs the entry being edited to
// /api/anteprima (netlify.toml rewrites it here) and gets the page as the
// site will show it, rendered by the generator itself with the site's
// layouts, and the diagnostics the build would give (generator/preview).
//
// Netlify builds it from source as it builds the search function (the
// folder's name is the function's). The site's build writes what it needs
// into ./bundle (preview.WriteBundle): the schema, the layouts, the
// fingerprinted asset names and the site's pages and addresses; the bundle
// travels inside the binary. At cold start the pages' front matter is
// loaded again; a bundle never written (a fresh clone) answers 503.
package main

import (
	"context"
	"embed"
	"io/fs"
	"log"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"cantiericomuni.it/banca/generator/internal/lambdahttp"
	"cantiericomuni.it/banca/generator/preview"
)

// bundle is the preview bundle written by the site's build.
//
//go:embed all:bundle
var bundle embed.FS

func main() {
	sub, err := fs.Sub(bundle, "bundle")
	if err != nil {
		log.Fatal(err) // cannot happen: the folder is embedded
	}
	h := start(sub)
	lambda.Start(func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return handle(ctx, h, ev), nil
	})
}

// start loads the site of the bundle fsys and returns the handler of the
// previews; without a site, every request gets 503 (a function that
// crashes at every start helps no one). It logs how long it took.
func start(fsys fs.FS) http.Handler {
	t0 := time.Now()
	site, err := preview.LoadBundle(fsys)
	if err != nil {
		log.Printf("anteprima: non disponibile: %v", err)
		return &preview.Handler{Site: func() *preview.Site { return nil }}
	}
	log.Printf("anteprima: cold start in %v (%d pagine)", time.Since(t0).Round(time.Millisecond), site.Pages())
	return &preview.Handler{Site: func() *preview.Site { return site }}
}

// handle answers one API Gateway event with h.
func handle(ctx context.Context, h http.Handler, ev events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	return lambdahttp.Serve(ctx, h, ev, nil)
}
