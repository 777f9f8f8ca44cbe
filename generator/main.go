// Command generator builds the Cantieri Comuni resource bank: it turns the
// Markdown in content/ into the static site in public/.
//
//	go run ./generator build [--content DIR] [--out DIR] [--broken-links=warn]
//	go run ./generator check [--content DIR] [--broken-links=warn]
//
// Run it from the project root (the folder with schema.yaml, layouts/ and
// static/), or pass --root. Messages for net weavers are in Italian.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/build"
	"cantiericomuni.it/banca/generator/diag"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors: fix the files
	exitUsage   = 2 // bad command line, or a failure not due to content
)

const usage = `Generatore della Banca delle risorse di Cantieri Comuni.

Uso:
  go run ./generator <comando> [opzioni]

Comandi:
  build   costruisce il sito da content/ in public/
  check   controlla tutti i contenuti senza scrivere nulla
  help    mostra questo aiuto

Opzioni di build e check:
  --content DIR        cartella dei file Markdown (predefinita: content)
  --out DIR            cartella del sito generato (predefinita: public; solo build)
  --broken-links=warn  i collegamenti interni rotti diventano avvisi invece di errori
  --drafts             include anche le bozze (draft: true)
  --max-warnings N     mostra al massimo N avvisi dello stesso tipo (predefinito: 20)
  --stages             mostra il tempo di ogni fase (per chi sviluppa il generatore)
  --cpuprofile FILE    scrive un profilo CPU pprof (per chi sviluppa il generatore)
  --root DIR           cartella del progetto, con schema.yaml, layouts/ e static/ (predefinita: .)

Codici di uscita: 0 tutto bene, 1 errori nei contenuti (niente viene scritto), 2 errore d'uso o di sistema.
`

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft ceiling: past it the collector runs more often instead of
		// letting the heap double. It keeps a 10,000-page build under
		// 600 MiB; a larger site still builds, only a little slower.
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// memoryLimit is the soft memory limit of a build (see runtime/debug).
const memoryLimit = 400 << 20

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "build", "check":
		return runBuild(cmd, rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "comando sconosciuto %q\n\n%s", cmd, usage)
	return exitUsage
}

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
		shown, hidden := diag.Limit(res.Diags.All(), *maxWarnings)
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
	if err != nil {
		var d diag.Diagnostic
		if errors.As(err, &d) {
			diag.Print(stderr, []diag.Diagnostic{d})
		} else {
			fmt.Fprintf(stderr, "errore: %v\n", err)
		}
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
	var parts []string
	total := 0
	for _, sec := range res.Site.Sections {
		parts = append(parts, fmt.Sprintf("%s %d", sec.Label, len(sec.Pages)))
		total += len(sec.Pages)
	}
	_, warns := res.Diags.Count()
	dur := strings.Replace(fmt.Sprintf("%.2f s", res.Duration.Seconds()), ".", ",", 1)
	if res.Duration < time.Second {
		dur = fmt.Sprintf("%d ms", res.Duration.Milliseconds())
	}
	out := cfg.Out
	if out == "" {
		out = "public"
	}
	if cmd == "check" {
		return fmt.Sprintf("Controllo completato in %s: %d pagine (%s), %d file da generare; %s.",
			dur, total, strings.Join(parts, ", "), res.Files, diag.Summary(0, warns))
	}
	same := ""
	if res.Unchanged > 0 {
		same = fmt.Sprintf(" (%d invariati)", res.Unchanged)
	}
	return fmt.Sprintf("Sito scritto in %s in %s: %d pagine (%s), %d file%s, %.1f MB; %s.",
		out, dur, total, strings.Join(parts, ", "), res.Files, same, float64(res.Bytes)/1e6, diag.Summary(0, warns))
}
