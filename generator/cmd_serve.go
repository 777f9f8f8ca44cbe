package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"cantiericomuni.it/banca/generator/build"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/serve"
)

// runServe runs the serve command until ctx is done (Ctrl-C): it builds
// the site into memory, serves it with its search, and shuts down
// gracefully, removing its temporary folder.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	root := fs.String("root", ".", "")
	contentDir := fs.String("content", "", "")
	broken := fs.String("broken-links", "error", "")
	drafts := fs.Bool("drafts", false, "")
	maxWarnings := fs.Int("max-warnings", 20, "")
	host := fs.String("host", "127.0.0.1", "")
	port := fs.Int("port", serve.DefaultPort, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "argomento inatteso %q\n\n%s", fs.Arg(0), usage)
		return exitUsage
	case *broken != "error" && *broken != "warn":
		fmt.Fprintf(stderr, "--broken-links accetta error o warn, non %q\n", *broken)
		return exitUsage
	case *port < 0 || *port > 65535:
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

	cfg := build.Config{Root: *root, Content: *contentDir, BrokenLinksWarn: *broken == "warn",
		Drafts: *drafts, Progress: stderr}
	snap, res, err := serve.Build(cfg)
	if res != nil {
		printDiags(stderr, res.Diags, *maxWarnings)
	}
	if err != nil {
		printError(stderr, err)
		return exitUsage
	}
	errs, warns := res.Diags.Count()
	if errs > 0 {
		fmt.Fprintf(stderr, "%s: l'anteprima non è partita. Correggi i file indicati e riprova.\n", diag.Summary(errs, warns))
		return exitContent
	}
	srv := serve.New(snap)
	defer srv.Close()

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
