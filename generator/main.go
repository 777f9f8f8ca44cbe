// Command generator builds the Cantieri Comuni resource bank: it turns the
// Markdown in content/ into the static site in public/.
//
//	go run ./generator build [--content DIR] [--out DIR] [--broken-links=warn]
//	go run ./generator check [--content DIR] [--broken-links=warn]
//	go run ./generator serve [--content DIR] [--port N] [--host 127.0.0.1] [--drafts]
//	go run ./generator new <section> "Title"   (a draft page to fill in)
//	go run ./generator cms | guida             (regenerate static/admin/config.yml, docs/guida-autori.md)
//	go run ./generator stato --url https://SITE   (is a rebuild due? exit 0 yes, 3 no)
//
// Run it from the project root (the folder with schema.yaml, layouts/ and
// static/), or pass --root. Messages for net weavers are in Italian. The
// commands live in cmd_build.go (build, check), cmd_serve.go (serve) and
// cmd_authoring.go (new, cms, guida).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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
  serve   anteprima locale del sito, con la ricerca (non tocca public/)
  new     crea una scheda da compilare, in bozza: new <sezione> "Titolo" [--content DIR]
  cms     rigenera la configurazione del pannello /admin/ (static/admin/config.yml) da schema.yaml
  guida   rigenera le parti generate di docs/guida-autori.md (campi e codici dei messaggi)
  stato   dice se il sito pubblicato va ricostruito perché lo stato di una pagina è cambiato
          (--url INDIRIZZO del sito; codice 0 sì, 3 no; per il controllo quotidiano su GitHub)
  help    mostra questo aiuto

Opzioni di build e check:
  --content DIR        cartella dei file Markdown (predefinita: content, o $BANCA_CONTENT se c'è)
  --out DIR            cartella del sito generato (predefinita: public; solo build)
  --broken-links=warn  i collegamenti interni rotti diventano avvisi invece di errori
                       (predefinito: error, o $BANCA_BROKEN_LINKS se c'è)
  --drafts             include anche le bozze (draft: true)
  --max-warnings N     mostra al massimo N avvisi dello stesso tipo (predefinito: 20); di ogni file
                       si mostrano comunque al massimo 20 messaggi dello stesso tipo, e una riga per gli altri
  --stages             mostra il tempo di ogni fase (per chi sviluppa il generatore)
  --cpuprofile FILE    scrive un profilo CPU pprof (per chi sviluppa il generatore)
  --now ISTANTE        costruisce come se fosse quell'istante (2026-12-07T08:00:00+01:00): stati e
                       scadenze fissi, per confrontare due versioni del generatore
  --root DIR           cartella del progetto, con schema.yaml, layouts/ e static/ (predefinita: .)
  --bundle DIR         dove scrivere l'indice di ricerca (predefinita: generator/functions/search/bundle;
                       "-" per non costruirlo; solo build); l'indice vero e proprio va nel sito, in
                       _ricerca/indice-….tar.sz, da cui la funzione lo scarica (da $DEPLOY_URL o $URL)

Opzioni di serve (oltre a --content, --broken-links=warn, --drafts, --max-warnings e --root):
  --port N             porta su cui ascoltare (predefinita: 1313)
  --host HOST          indirizzo su cui ascoltare (predefinito: 127.0.0.1, solo questo computer)
  --drafts=false       nasconde le bozze (l'anteprima le mostra, segnate «Bozza»)
  --stages             mostra il tempo di ogni fase di ogni aggiornamento

Opzioni di build e check per GitHub Actions:
  --summary FILE       aggiunge a FILE un resoconto in Markdown (per $GITHUB_STEP_SUMMARY)
  --summary-links URL  nel resoconto i file diventano link a URL/percorso#Lriga
                       (per esempio https://github.com/PROPRIETARIO/REPO/blob/COMMIT)
  --annotations        stampa errori e avvisi come annotazioni di GitHub (::error file=…)

Codici di uscita: 0 tutto bene, 1 errori nei contenuti (niente viene scritto), 2 errore d'uso o di sistema.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

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
	case "new":
		return runNew(rest, stdout, stderr)
	case "cms":
		return runCMS(rest, stdout, stderr)
	case "guida":
		return runGuide(rest, stdout, stderr)
	case "stato":
		return runStato(rest, stdout, stderr)
	case "serve":
		// Ctrl-C or SIGTERM stops the preview gracefully; a second one,
		// once the default behaviour is back, stops it at once.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		context.AfterFunc(ctx, stop)
		return runServe(ctx, rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "comando sconosciuto %q\n\n%s", cmd, usage)
	return exitUsage
}
