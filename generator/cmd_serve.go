package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/serve"
)

// listen opens the preview's listener (tests replace it).
var listen = serve.Listen

// runServe runs the serve command until ctx is done (Ctrl-C): it builds
// the site into memory, drafts included, serves it with its search, and
// rebuilds what changed at every save, reloading the open pages; errors
// are shown in the pages over the last good site. It shuts down
// gracefully, removing its temporary folder.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if os.Getenv("GOMEMLIMIT") == "" {
		// The preview keeps the whole site in memory (a 10,000-page site
		// is about 1 GiB with its index): the build's soft limit would
		// make the collector run without end. Left to GOGC instead.
		debug.SetMemoryLimit(math.MaxInt64)
	}
	fs, common := newFlags("serve", stderr)
	common.drafts = true // the preview shows drafts unless --drafts=false
	fs.Lookup("drafts").DefValue = "true"
	host := fs.String("host", "127.0.0.1", "")
	port := fs.Int("port", serve.DefaultPort, "")
	stages := fs.Bool("stages", false, "")
	if code, ok := common.parse(fs, args, stderr); !ok {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "--port accetta un numero da 1 a 65535, non %d\n", *port)
		return exitUsage
	}

	// Listen first: a port already taken is said at once, not after the build.
	ln, err := listen(*host, *port)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	defer ln.Close()

	cfg := common.config()
	cfg.Progress = stderr
	live, res, err := serve.StartLive(cfg, stderr)
	if err != nil {
		if res != nil {
			report(stderr, res, err, common.maxWarnings, "l'anteprima non è partita")
		} else {
			fmt.Fprintf(stderr, "errore: %v\n", err)
		}
		return exitUsage
	}
	defer live.Close()
	live.Stages = *stages

	errs, warns := res.Diags.Count()
	if errs > 0 {
		printDiags(stderr, res.Diags, common.maxWarnings)
		fmt.Fprintf(stdout, "Il sito ha errori (%s): l'anteprima li mostra finché non li correggi.\n", diag.Summary(errs, warns))
	} else {
		snap := live.Server().Current()
		sections, total := pageCounts(res.Site)
		fmt.Fprintf(stdout, "Sito costruito in memoria in %s: %d pagine (%s), %d file; %s.\n",
			duration(res.Duration), total, sections, snap.Files(), diag.Summary(0, warns))
	}
	fmt.Fprintf(stdout, "Anteprima su %s — si aggiorna a ogni salvataggio; Ctrl-C per fermare\n", serve.URL(ln))

	// The watcher stops with the server, whichever way the server stops:
	// Ctrl-C, or a failure of its own.
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		if err := live.Watch(watchCtx, 0); err != nil {
			fmt.Fprintf(stderr, "avviso: %v: l'anteprima non si aggiornerà da sola, riavviala dopo ogni modifica\n", err)
		}
	}()
	err = live.Server().Serve(ctx, ln)
	stopWatching()
	<-watched
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	if err := live.Close(); err != nil {
		fmt.Fprintf(stderr, "errore nella chiusura dell'anteprima: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, "Anteprima fermata.")
	return exitOK
}
