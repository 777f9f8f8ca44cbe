package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/build"
	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/site"
)

// runBuild runs the build and check commands.
func runBuild(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	root := fs.String("root", ".", "")
	contentDir := fs.String("content", "", "")
	out := fs.String("out", "", "")
	broken := fs.String("broken-links", "error", "")
	drafts := fs.Bool("drafts", false, "")
	maxWarnings := fs.Int("max-warnings", 20, "")
	cpuProfile := fs.String("cpuprofile", "", "")
	stages := fs.Bool("stages", false, "")
	bundle := fs.String("bundle", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "argomento inatteso %q\n\n%s", fs.Arg(0), usage)
		return exitUsage
	}
	if *broken != "error" && *broken != "warn" {
		fmt.Fprintf(stderr, "--broken-links accetta error o warn, non %q\n", *broken)
		return exitUsage
	}
	cfg := build.Config{Root: *root, Content: *contentDir, Out: *out, Check: cmd == "check",
		BrokenLinksWarn: *broken == "warn", Drafts: *drafts, Progress: stderr}
	switch {
	case *bundle == "-":
	case *bundle != "":
		cfg.Bundle = *bundle
	case cmd == "build":
		// The search index goes where the Netlify function embeds it.
		cfg.Bundle = filepath.Join(*root, build.DefaultBundle)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "errore: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "errore: %v\n", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	res, err := build.Run(cfg)
	if *stages && res != nil {
		for _, st := range res.Stages {
			fmt.Fprintf(stderr, "%-14s %6d ms\n", st.Name, st.Duration.Milliseconds())
		}
	}
	if res != nil {
		printDiags(stderr, res.Diags, *maxWarnings)
	}
	if err != nil {
		printError(stderr, err)
		return exitUsage
	}
	errs, warns := res.Diags.Count()
	if errs > 0 {
		fmt.Fprintf(stderr, "%s: il sito non è stato scritto (la cartella precedente è intatta). Correggi i file indicati e riprova.\n", diag.Summary(errs, warns))
		return exitContent
	}
	fmt.Fprintln(stdout, summary(cmd, cfg, res))
	return exitOK
}

// summary is the closing line: pages per section, files, time, warnings.
func summary(cmd string, cfg build.Config, res *build.Result) string {
	sections, total := pageCounts(res.Site)
	_, warns := res.Diags.Count()
	dur := duration(res.Duration)
	out := cfg.Out
	if out == "" {
		out = "public"
	}
	if cmd == "check" {
		return fmt.Sprintf("Controllo completato in %s: %d pagine (%s), %d file da generare; %s.",
			dur, total, sections, res.Files, diag.Summary(0, warns))
	}
	same := ""
	if res.Unchanged > 0 {
		same = fmt.Sprintf(" (%d invariati)", res.Unchanged)
	}
	index := ""
	if res.Search != nil {
		index = fmt.Sprintf(", indice di ricerca di %d pagine", res.Search.Docs)
	}
	return fmt.Sprintf("Sito scritto in %s in %s: %d pagine (%s), %d file%s, %.1f MB%s; %s.",
		out, dur, total, sections, res.Files, same, float64(res.Bytes)/1e6, index, diag.Summary(0, warns))
}

// pageCounts lists the pages of each section ("Opportunità 14,
// Protocolli 8, …") and counts them all.
func pageCounts(s *site.Site) (string, int) {
	var parts []string
	total := 0
	for _, sec := range s.Sections {
		parts = append(parts, fmt.Sprintf("%s %d", sec.Label, len(sec.Pages)))
		total += len(sec.Pages)
	}
	return strings.Join(parts, ", "), total
}

// printDiags prints the diagnostics of a build, at most maxWarnings
// warnings of each code, and a line for each code whose warnings were cut.
func printDiags(stderr io.Writer, l *diag.List, maxWarnings int) {
	shown, hidden := diag.Limit(l.All(), maxWarnings)
	diag.Print(stderr, shown)
	codes := make([]string, 0, len(hidden))
	for code := range hidden {
		codes = append(codes, string(code))
	}
	sort.Strings(codes)
	for _, c := range codes {
		code, n := diag.Code(c), hidden[diag.Code(c)]
		fmt.Fprintf(stderr, "… e altri %d avvisi %s (%s) non mostrati: usa --max-warnings per vederli.\n", n, code, code.Info().Title)
	}
}

// printError prints a failure that is not about the content: as a
// diagnostic when it is one (a broken layout), as a plain line otherwise.
func printError(stderr io.Writer, err error) {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		diag.Print(stderr, []diag.Diagnostic{d})
		return
	}
	fmt.Fprintf(stderr, "errore: %v\n", err)
}

// duration formats a build's time in Italian: "312 ms", "1,25 s".
func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return strings.Replace(fmt.Sprintf("%.2f s", d.Seconds()), ".", ",", 1)
}
