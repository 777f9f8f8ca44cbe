package main

import (
	"context"
	"fmt"
	"io"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/serve"
)

// runServe runs the serve command until ctx is done (Ctrl-C): it builds
// the site into memory, serves it with its search, and shuts down
// gracefully, removing its temporary folder.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, common := newFlags("serve", stderr)
	host := fs.String("host", "127.0.0.1", "")
	port := fs.Int("port", serve.DefaultPort, "")
	if code, ok := common.parse(fs, args, stderr); !ok {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "--port accetta un numero da 1 a 65535, non %d\n", *port)
		return exitUsage
	}

	// Listen first: a port already taken is said at once, not after the build.
	ln, err := serve.Listen(*host, *port)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	defer ln.Close()

	cfg := common.config()
	cfg.Progress = stderr
	snap, res, err := serve.Build(cfg)
	if code, ok := report(stderr, res, err, common.maxWarnings, "l'anteprima non è partita"); !ok {
		return code
	}
	srv := serve.New(snap)
	defer srv.Close()

	_, warns := res.Diags.Count()
	sections, total := pageCounts(res.Site)
	index := ""
	if res.Search != nil {
		index = fmt.Sprintf(", indice di ricerca di %d pagine", res.Search.Docs)
	}
	fmt.Fprintf(stdout, "Sito costruito in memoria in %s: %d pagine (%s), %d file%s; %s.\n",
		duration(res.Duration), total, sections, snap.Files(), index, diag.Summary(0, warns))
	fmt.Fprintf(stdout, "Anteprima su %s — Ctrl-C per fermare\n", serve.URL(ln))

	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	if err := srv.Close(); err != nil {
		fmt.Fprintf(stderr, "errore nella chiusura dell'anteprima: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, "Anteprima fermata.")
	return exitOK
}
