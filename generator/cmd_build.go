package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/site"
)

// runBuild runs the build and check commands.
func runBuild(cmd string, args []string, stdout, stderr io.Writer) int {
	fs, common := newFlags(cmd, stderr)
	out := fs.String("out", "", "")
	cpuProfile := fs.String("cpuprofile", "", "")
	stages := fs.Bool("stages", false, "")
	bundle := fs.String("bundle", "", "")
	ci := addCIFlags(fs)
	if code, ok := common.parse(fs, args, stderr); !ok {
		return code
	}
	root, maxWarnings := &common.root, &common.maxWarnings
	cfg := common.config()
	cfg.Out, cfg.Check, cfg.Progress = *out, cmd == "check", stderr
	// What is published carries fingerprinted stylesheets and scripts;
	// the preview (serve) keeps their plain names.
	cfg.Fingerprint = true
	switch {
	case *bundle == "-":
	case *bundle != "":
		cfg.Bundle = *bundle
	case cmd == "build":
		// The search index goes where the Netlify function embeds it.
		cfg.Bundle = filepath.Join(*root, pipeline.DefaultBundle)
	}
	if cfg.Bundle != "" {
		cfg.IndexURLs = indexURLs()
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
	res, err := pipeline.Run(cfg)
	if *stages && res != nil {
		for _, st := range res.Stages {
			fmt.Fprintf(stderr, "%-14s %6d ms\n", st.Name, st.Duration.Milliseconds())
		}
	}
	if werr := ci.write(cmd, cfg, res, err, *maxWarnings, stdout); werr != nil {
		fmt.Fprintf(stderr, "errore: non riesco a scrivere il resoconto: %v\n", werr)
		return exitUsage
	}
	if code, ok := report(stderr, res, err, *maxWarnings, "il sito non è stato scritto (la cartella precedente è intatta)"); !ok {
		return code
	}
	if cmd == "build" && cfg.Bundle != "" {
		// What the editing UI's preview function needs, beside it.
		if err := writePreviewBundle(cfg, res); err != nil {
			fmt.Fprintf(stderr, "errore: %v\n", err)
			return exitUsage
		}
	}
	fmt.Fprintln(stdout, summary(cmd, cfg, res))
	return exitOK
}

// indexURLs are the addresses the search function fetches the index
// from, in order: the deploy's own (Netlify sets DEPLOY_URL during its
// builds, netlify deploy too), which holds the very archive this build
// writes even after later deploys, then the site's main address (URL).
// Values that are not http(s) addresses are left out.
func indexURLs() []string {
	var urls []string
	for _, name := range []string{"DEPLOY_URL", "URL"} {
		v := strings.TrimSuffix(os.Getenv(name), "/")
		if u, err := url.Parse(v); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
			u.RawQuery == "" && u.Fragment == "" && !slices.Contains(urls, v) {
			urls = append(urls, v)
		}
	}
	return urls
}

// summary is the closing line: pages per section, files, time, warnings.
func summary(cmd string, cfg pipeline.Config, res *pipeline.Result) string {
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
// commonFlags are the options build, check and serve share.
type commonFlags struct {
	root, content, broken string
	now                   string
	drafts                bool
	maxWarnings           int
}

// The environment variables that set the defaults of --content and
// --broken-links.
const (
	envContent     = "BANCA_CONTENT"
	envBrokenLinks = "BANCA_BROKEN_LINKS"
)

// newFlags returns the flag set of cmd with the shared options declared.
func newFlags(cmd string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	c := &commonFlags{}
	fs.StringVar(&c.root, "root", ".", "")
	// The environment may set the defaults of two options, so that a
	// build whose command line is fixed (netlify.toml's, under
	// generator/publish/run --content DIR) builds another content folder.
	fs.StringVar(&c.content, "content", os.Getenv(envContent), "")
	fs.StringVar(&c.broken, "broken-links", cmp.Or(os.Getenv(envBrokenLinks), "error"), "")
	fs.BoolVar(&c.drafts, "drafts", false, "")
	fs.IntVar(&c.maxWarnings, "max-warnings", 20, "")
	fs.StringVar(&c.now, "now", "", "")
	return fs, c
}

// parse parses args and checks the shared options; when it returns false
// the command must exit with code.
func (c *commonFlags) parse(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "argomento inatteso %q\n\n%s", fs.Arg(0), usage)
		return exitUsage, false
	}
	if c.now != "" {
		if _, err := time.Parse(time.RFC3339, c.now); err != nil {
			fmt.Fprintf(stderr, "--now vuole un istante come 2026-12-07T08:00:00+01:00, non %q\n", c.now)
			return exitUsage, false
		}
	}
	if c.broken != "error" && c.broken != "warn" {
		fmt.Fprintf(stderr, "--broken-links accetta error o warn, non %q\n", c.broken)
		return exitUsage, false
	}
	return exitOK, true
}

// config is the build configuration the shared options describe.
func (c *commonFlags) config() pipeline.Config {
	cfg := pipeline.Config{Root: c.root, Content: c.content, BrokenLinksWarn: c.broken == "warn", Drafts: c.drafts}
	cfg.MemoryBudget = true // serve's Session ignores it
	cfg.Extra = cmsBundle(cfg.Files())
	if c.now != "" {
		cfg.Now, _ = time.Parse(time.RFC3339, c.now) // checked by parse
	}
	return cfg
}

// report prints a build's diagnostics and failure; when it returns false
// the command must exit with code: 2 for a failure that is not about the
// content, 1 for content errors, after a line saying that notDone.
func report(stderr io.Writer, res *pipeline.Result, err error, maxWarnings int, notDone string) (code int, ok bool) {
	if res != nil {
		printDiags(stderr, res.Diags, maxWarnings)
	}
	extra := 0 // errors carried by err
	if err != nil {
		if printError(stderr, err) == exitUsage {
			return exitUsage, false
		}
		extra = len(diagnostics(err))
	}
	errs, warns := 0, 0
	if res != nil {
		errs, warns = res.Diags.Count()
	}
	if errs += extra; errs > 0 {
		fmt.Fprintf(stderr, "%s: %s. Correggi i file indicati e riprova.\n", diag.Summary(errs, warns), notDone)
		return exitContent, false
	}
	return exitOK, true
}

func printDiags(stderr io.Writer, l *diag.List, maxWarnings int) {
	shown, hidden := diag.Limit(l.All(), maxWarnings)
	diag.Print(stderr, shown, l.Omitted()...)
	codes := make([]string, 0, len(hidden))
	for code := range hidden {
		codes = append(codes, string(code))
	}
	sort.Strings(codes)
	for _, c := range codes {
		code, n := diag.Code(c), hidden[diag.Code(c)]
		fmt.Fprintf(stderr, "… e altri %s avvisi %s (%s) non mostrati: usa --max-warnings per vederli.\n", italian.Number(n), code, code.Info().Title)
	}
}

// printError prints a failure: as diagnostics when it carries some (a
// broken schema.yaml or layout), as a plain line otherwise. It returns
// the exit code: exitContent for diagnostics, exitUsage otherwise.
func printError(stderr io.Writer, err error) int {
	if ds := diagnostics(err); len(ds) > 0 {
		diag.Print(stderr, ds)
		return exitContent
	}
	fmt.Fprintf(stderr, "errore: %v\n", err)
	return exitUsage
}

// diagnostics returns the diagnostics err carries: one, or several joined
// with errors.Join.
func diagnostics(err error) []diag.Diagnostic {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []diag.Diagnostic
		for _, e := range joined.Unwrap() {
			out = append(out, diagnostics(e)...)
		}
		return out
	}
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return []diag.Diagnostic{d}
	}
	return nil
}

// duration formats a build's time in Italian: "312 ms", "1,25 s".
func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return strings.Replace(fmt.Sprintf("%.2f s", d.Seconds()), ".", ",", 1)
}
